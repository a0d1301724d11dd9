"""Lesson 08 in the browser: the simulator reacts to the route, the exercise checks a schedule,
and the transplant explorer marks a figure."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.pages import ARTIFACTS


def _shot(page: Page, selector: str, name: str) -> None:
    view = "voila" if "/voila/" in page.url else "lab"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(selector).screenshot(path=str(ARTIFACTS / f"08-{name}-{view}.png"))


def _lesson08(page: Page) -> None:
    sim = page.locator(".higm-ig-simulator")
    title = sim.locator(".js-plotly-plot .gtitle")
    takeaway = sim.locator(".higm-takeaway")
    expect(title).to_contain_text("400 mg/kg every 28 days")
    expect(takeaway).to_contain_text("below the target band")
    _shot(page, ".higm-ig-simulator", "simulator-iv")
    sim.get_by_role("button", name="SC (subcutaneous)").click()
    expect(title).to_contain_text("100 mg/kg every 7 days")
    expect(takeaway).to_contain_text("100 mg/kg every 7 days")
    _shot(page, ".higm-ig-simulator", "simulator-sc")
    # Keyboard: the interval list of the exercise, then check the schedule.
    challenge = page.locator(".higm-schedule-challenge")
    challenge.locator("select").nth(1).focus()
    page.keyboard.press("Home")
    expect(challenge.locator(".js-plotly-plot .gtitle")).to_contain_text("target trough of 600")
    expect(challenge.locator(".higm-takeaway")).to_contain_text("mg/kg of immunoglobulin per 4")
    challenge.get_by_role("button", name="Check my schedule").click()
    expect(challenge.locator(".higm-msg-warn")).to_contain_text("target is reached")
    challenge.get_by_role("button", name="Show the least-drug schedules").click()
    expect(challenge.locator(".higm-answer")).to_contain_text("every 7 days")
    _shot(page, ".higm-schedule-challenge", "challenge")
    hsct = page.locator(".higm-hsct")
    hsct.locator("select").select_option(index=3)
    expect(hsct.locator(".higm-takeaway")).to_contain_text("28.2%")
    expect(hsct.locator(".higm-msg-ok")).to_contain_text("marks the figure")
    _shot(page, ".higm-hsct", "hsct")


EXPECT = LessonExpectations(widgets=4, plots=3, interact=_lesson08)
