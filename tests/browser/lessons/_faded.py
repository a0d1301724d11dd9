"""The faded worked example in the browser, shared by the hooks of lessons 04, 05 and 11:
a blank filled with a likely wrong value (a distractor of the generated problem, computed
here by the course's own practice module) names its misconception, and the keyboard focus
stays on the Check button that was pressed."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from higm_lessons import faded, practice

WAIT = 30_000  # ms


def stage(box: Locator) -> int:
    """The stage the widget shows, from its heading's class."""
    heading = box.locator(".higm-faded-stage")
    expect(heading).to_be_visible(timeout=WAIT)
    found = re.search(r"higm-faded-stage-(\d)", heading.get_attribute("class") or "")
    assert found, "the faded widget's heading names its stage"
    return int(found.group(1))


def _to_a_blank(box: Locator) -> int:
    """Move on to a stage whose answer step is still blank (an earlier run may have left
    the widget at any stage); returns that stage."""
    for _ in range(4):
        now = stage(box)
        blank = box.locator(".higm-faded-row").last.locator("input")
        if now in (2, 3):
            try:  # the steps are drawn before the heading changes; allow the page a moment
                expect(blank).to_have_count(1, timeout=5_000)
                return now
            except AssertionError:
                pass  # this stage is already done: go on
        button = "Start again" if now == 4 else "Next stage"
        box.get_by_role("button", name=button).click()
        expect(box.locator(".higm-faded-stage")).not_to_have_class(
            re.compile(f"higm-faded-stage-{now}"), timeout=WAIT
        )
    raise AssertionError("the faded widget never showed a blank")


def wrong_blank(page: Page, lesson: str) -> int:
    """Fill the answer blank with a distractor and see its misconception named; then show
    the step. Returns the stage worked on."""
    box = page.locator(".higm-faded")
    expect(box.locator(".higm-faded-steps")).to_be_visible(timeout=WAIT)
    now = _to_a_blank(box)
    problem = faded.problem(lesson, now)
    label, value = problem.steps[-1]
    row = box.locator(".higm-faded-row").last
    expect(row).to_contain_text(label)
    expect(row.locator(".higm-faded-value")).to_have_count(0)  # the answer is not in the page
    wrong = problem.distractors[0]
    row.locator("input").fill(repr(float(wrong.value)))
    check = row.get_by_role("button", name="Check")  # the icon joins the name
    check.press("Enter")  # by keyboard, as a learner without a mouse does
    name = practice.misconception(wrong.misconception).name
    expect(row.locator(".higm-faded-feedback")).to_contain_text(name[1:], timeout=WAIT)
    expect(row.locator(".higm-faded-feedback")).to_contain_text(wrong.step)
    # the row stays as it was: the focus is still on Check and the wrong entry is there to edit
    expect(check).to_be_focused()
    expect(row.locator("input")).to_have_value(repr(float(wrong.value)))
    row.get_by_role("button", name="Show this step").click()
    expect(box.locator(".higm-faded-row").last.locator(".higm-faded-value")).to_have_text(
        faded.formatted(value), timeout=WAIT
    )
    expect(box.get_by_role("button", name="Next stage")).to_be_enabled()
    return now
