"""The course home in the browser: a new learner gets a first round of generated problems;
answering the first one (the way a learner would: type, say how sure, check) shows the
feedback and worked steps, and the mastery figure and its takeaway change."""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect

from higm_lessons import home
from higm_lessons.progress import ProgressStore
from higm_lessons.review import MIN_ATTEMPTS
from tests.browser.lessons import LessonExpectations


def _first_answer() -> str:
    """The answer to the first item a new learner is served (every browser test starts with
    no saved progress, and the first round's seeds follow from the store)."""
    with tempfile.TemporaryDirectory() as folder:
        problem = home.today(ProgressStore(Path(folder) / "progress.sqlite"))[0].problem
    return problem.answer if isinstance(problem.answer, str) else repr(float(problem.answer))


def _course_home(page: Page) -> None:
    panel = page.locator(".higm-course-home")
    mastery = panel.locator(".js-plotly-plot").nth(1)
    takeaway = panel.locator(".higm-takeaway").nth(1)
    one = f"1 of {MIN_ATTEMPTS} answers"
    expect(mastery).to_contain_text(f"0 of {MIN_ATTEMPTS} answers")
    expect(mastery).not_to_contain_text(one)
    before = takeaway.inner_text()
    item = panel.locator(".higm-review-item")
    expect(panel).to_contain_text("Item 1 of 6")
    expect(item.locator(".higm-worked-steps")).to_have_count(0)
    item.locator("input[type=text]").fill(_first_answer())
    item.locator(".higm-confidence").get_by_role("button", name="sure", exact=True).click()
    item.get_by_role("button", name="Check answer").click()
    expect(item.locator(".higm-worked-steps")).to_be_visible()
    expect(item).to_contain_text("Right.")
    expect(mastery).to_contain_text(one)
    expect(takeaway).not_to_have_text(before)
    panel.get_by_role("button", name="Next item").click()
    expect(panel).to_contain_text("Item 2 of 6")


EXPECT = LessonExpectations(widgets=2, plots=3, interact=_course_home)
