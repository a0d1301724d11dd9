"""Lesson 06 in the browser: the isolated-case sliders recompute the mother's risk, and the
flow cytometry histogram redraws when the blood comes from another person."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations

WAIT = 30_000  # ms; the shared test machine can be slow to redraw


def _lesson06(page: Page) -> None:
    isolated = page.locator(".higm-isolated-case")
    takeaway = isolated.locator(".higm-takeaway")
    expect(takeaway).not_to_be_empty(timeout=WAIT)
    before = takeaway.inner_text()
    isolated.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")  # one unaffected brother more
    expect(takeaway).not_to_have_text(before, timeout=WAIT)
    flow = page.locator(".higm-flow")
    title = flow.locator(".js-plotly-plot .gtitle")
    expect(title).not_to_be_empty(timeout=WAIT)
    shown = title.text_content() or ""
    flow.get_by_role("button", name="Healthy control").click()  # from the carrier woman
    expect(title).not_to_have_text(shown, timeout=WAIT)


EXPECT = LessonExpectations(widgets=5, plots=2, interact=_lesson06)
