"""Lesson 01 in the browser: the class explorer, the comparison chart and the HIGM toggle react."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.pages import ARTIFACTS


def _shot(page: Page, selector: str, name: str) -> None:
    view = "voila" if "/voila/" in page.url else "lab"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(selector).screenshot(path=str(ARTIFACTS / f"01-{name}-{view}.png"))


def _lesson01(page: Page) -> None:
    explorer = page.locator(".higm-explorer")
    takeaway = explorer.locator(".higm-takeaway")
    title = explorer.locator(".js-plotly-plot .gtitle")
    expect(takeaway).to_contain_text("IgG is a monomer")
    explorer.get_by_role("button", name="IgM", exact=True).click()
    expect(takeaway).to_contain_text("IgM is a pentamer")
    expect(title).to_contain_text("IgM: pentamer")
    _shot(page, ".higm-explorer", "explorer-igm")
    explorer.get_by_role("button", name="IgA", exact=True).click()
    expect(title).to_contain_text("IgA: monomer in serum, dimer in secretions")
    _shot(page, ".higm-explorer", "explorer-iga")
    # Keyboard: choose the marked class in the comparison chart from the list.
    compare = page.locator(".higm-compare")
    compare.locator("select").focus()
    page.keyboard.press("ArrowDown")
    expect(compare.locator(".js-plotly-plot .gtitle")).to_contain_text("IgA marked")
    _shot(page, ".higm-compare", "compare")
    toggle = page.locator(".higm-pattern-toggle")
    toggle.get_by_role("button", name="HIGM", exact=True).click()
    expect(toggle.locator(".js-plotly-plot .gtitle")).to_contain_text("HIGM pattern")
    expect(toggle.locator(".higm-takeaway")).to_contain_text("IgM is normal or high")
    _shot(page, ".higm-pattern-toggle", "pattern")


EXPECT = LessonExpectations(widgets=7, plots=3, interact=_lesson01)
