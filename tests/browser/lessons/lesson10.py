"""Lesson 10 in the browser: a prompt asks before it tells; in the clinic a learner orders a
test, waits for it, diagnoses and sees the debrief (and a restored work-up starts again)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.lessons._prompts import commit_choice_prompt


def _lesson10(page: Page) -> None:
    commit_choice_prompt(
        page.locator(".higm-prompt").first, "Little: at this age", "still the mother", exact=False
    )
    board = page.locator(".higm-clinic-board").first
    if "Day 0" not in board.locator(".higm-clinic-counters").inner_text():  # an earlier kernel
        board.get_by_role("button", name="Start this patient again").click()
        expect(board.locator(".higm-clinic-counters")).to_contain_text("Day 0")
    expect(board.locator(".higm-clinic-debrief")).not_to_contain_text("Debrief")
    # the order menu starts on serum immunoglobulins, the usual first test
    board.get_by_role("button", name="Order").click()
    expect(board.locator(".higm-clinic-results-box")).to_contain_text("pending")
    board.get_by_role("button", name="Skip to the next result").click()
    expect(board.locator(".higm-clinic-counters")).to_contain_text("Day 2")
    expect(board.locator(".higm-clinic-results-box")).to_contain_text("IgM")
    board.locator("select").nth(1).select_option(index=1)  # HIGM_CD40L, first in the list
    board.get_by_role("button", name="Diagnose and see the debrief").click()
    # the debrief runs the reference work-up: allow for a cold kernel on a busy machine
    expect(board.locator(".higm-clinic-debrief")).to_contain_text(
        "Debrief: the patient had", timeout=20_000
    )
    expect(board.locator(".higm-clinic-debrief")).to_contain_text("Premature closure")
    # the lesson's first figure: the page loads plotly.js for it (seconds on a busy machine)
    expect(board.locator(".js-plotly-plot .gtitle")).to_contain_text(
        "How the differential changed as results arrived", timeout=20_000
    )


EXPECT = LessonExpectations(widgets=4, plots=0, interact=_lesson10)
