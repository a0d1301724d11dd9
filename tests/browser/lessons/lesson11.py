"""Lesson 11 in the browser: the least-drug exercise is committed before its answer appears
(and comes back in a new kernel), and the transplant explorer marks the chosen figure."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.pages import ARTIFACTS


def _shot(page: Page, selector: str, name: str) -> None:
    view = "voila" if "/voila/" in page.url else "lab"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(selector).screenshot(path=str(ARTIFACTS / f"11-{name}-{view}.png"))


def _lesson11(page: Page) -> None:
    # The exercise: no verdict or least-drug table until the schedule is committed.
    challenge = page.locator(".higm-schedule-challenge")
    again = challenge.get_by_role("button", name="Try again")
    if again.is_enabled():  # committed in an earlier kernel: it comes back
        expect(challenge.locator(".higm-answer")).to_contain_text("every 7 days")
        expect(challenge).to_contain_text("Restored your answer")
        again.click()
    expect(challenge.locator(".higm-answer")).to_have_count(0)
    # Keyboard: the interval list of the exercise.
    challenge.locator("select").nth(1).focus()
    page.keyboard.press("Home")
    expect(challenge.locator(".js-plotly-plot .gtitle")).to_contain_text("target trough of 600")
    expect(challenge.locator(".higm-takeaway")).to_contain_text("mg/kg of immunoglobulin per 4")
    expect(challenge.locator(".higm-msg-warn")).to_have_count(0)
    confidence = challenge.locator(".higm-confidence")
    confidence.get_by_role("button", name="guessing", exact=True).click()
    challenge.get_by_role("button", name="Commit my schedule").click()
    expect(challenge.locator(".higm-msg-warn")).to_contain_text("target is reached")
    expect(challenge.locator(".higm-answer")).to_contain_text("every 7 days")
    _shot(page, ".higm-schedule-challenge", "challenge")
    hsct = page.locator(".higm-hsct")
    hsct.locator("select").select_option(index=3)
    expect(hsct.locator(".higm-takeaway")).to_contain_text("28.2%")
    expect(hsct.locator(".higm-msg-ok")).to_contain_text("marks the figure")
    _shot(page, ".higm-hsct", "hsct")


EXPECT = LessonExpectations(widgets=6, plots=2, interact=_lesson11)
