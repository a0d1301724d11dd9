"""Lesson 10 in the browser: the simulator reacts to the route, a prompt is committed before
its answer appears; a wrong blank of the faded worked example names its misconception."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.lessons._faded import wrong_blank
from tests.browser.lessons._prompts import commit_choice_prompt
from tests.browser.pages import ARTIFACTS


def _shot(page: Page, selector: str, name: str) -> None:
    view = "voila" if "/voila/" in page.url else "lab"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(selector).screenshot(path=str(ARTIFACTS / f"10-{name}-{view}.png"))


def _lesson10(page: Page) -> None:
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
    # The faded worked example of the trough: a likely wrong answer names its misconception.
    wrong_blank(page, "10")
    # A prompt asks before it tells.
    commit_choice_prompt(
        page.locator(".higm-prompt").first,
        "It stays about the same",
        "about 292 mg/dL",
        exact=False,
    )


EXPECT = LessonExpectations(widgets=5, plots=1, interact=_lesson10)
