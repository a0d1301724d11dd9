"""Lesson 06 in the browser: entering a value updates the flags, the table and the figure."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations


def _lesson06(page: Page) -> None:
    panel = page.locator(".higm-labpanel")
    table = panel.locator(".higm-results")
    figure = panel.locator(".js-plotly-plot").first
    expect(table).to_contain_text("60 mg/dL (0.6 g/L)")
    expect(figure).to_contain_text("IgG 60 mg/dL: L")
    box = panel.locator(".higm-value-IgG input")
    box.fill("900")
    box.press("Enter")
    expect(table).to_contain_text("900 mg/dL (9 g/L)")
    expect(panel.locator("tr.higm-flag-N").first).to_contain_text("IgG")
    expect(figure).to_contain_text("IgG 900 mg/dL: N")
    expect(panel.locator(".higm-takeaway").first).to_contain_text("3 of 8 results")
    # A value in the wrong unit shows a warning beside the controls, not a traceback.
    box.fill("8")
    box.press("Enter")
    expect(table).to_contain_text("8 mg/dL")
    age = panel.locator("input[type=number]").first
    age.fill("30")  # 30 months (the example case set the unit to months): IgG band 295-1156
    age.press("Enter")
    expect(panel.locator(".higm-results")).to_contain_text("2 to <4 years")
    expect(panel.locator(".higm-msg-warn").first).to_contain_text("Was it written in g/L?")


EXPECT = LessonExpectations(widgets=2, plots=2, interact=_lesson06)
