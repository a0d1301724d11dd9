"""Lesson 11 in the browser: the transplant explorer marks the chosen figure."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.pages import ARTIFACTS


def _lesson11(page: Page) -> None:
    hsct = page.locator(".higm-hsct")
    hsct.locator("select").select_option(index=3)
    expect(hsct.locator(".higm-takeaway")).to_contain_text("28.2%")
    expect(hsct.locator(".higm-msg-ok")).to_contain_text("marks the figure")
    view = "voila" if "/voila/" in page.url else "lab"
    ARTIFACTS.mkdir(exist_ok=True)
    hsct.screenshot(path=str(ARTIFACTS / f"11-hsct-{view}.png"))


EXPECT = LessonExpectations(widgets=3, plots=1, interact=_lesson11)
