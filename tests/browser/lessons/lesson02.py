"""Lesson 02 in the browser: the IgG curve reacts to class switching; predict, commit, reveal."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.pages import ARTIFACTS


def _shot(page: Page, selector: str, name: str) -> None:
    view = "voila" if "/voila/" in page.url else "lab"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(selector).screenshot(path=str(ARTIFACTS / f"02-{name}-{view}.png"))


def _lesson02(page: Page) -> None:
    curve = page.locator(".higm-igg-curve")
    title = curve.locator(".js-plotly-plot .gtitle")
    expect(title).to_contain_text("healthy infant")
    expect(curve.locator(".higm-takeaway")).to_contain_text("then recovers")
    _shot(page, ".higm-igg-curve", "curve-healthy")
    curve.get_by_label("Class switching works (healthy)").uncheck()
    expect(title).to_contain_text("no class switching (HIGM)")
    expect(curve.locator(".higm-takeaway")).to_contain_text("no recovery")
    _shot(page, ".higm-igg-curve", "curve-higm")
    predict = page.locator(".higm-predict")
    expect(predict.locator(".js-plotly-plot")).to_have_count(0)
    predict.locator(".higm-confidence").get_by_role("button", name="guessing", exact=True).click()
    predict.get_by_role("button", name="Commit my prediction").click()
    expect(predict.locator(".js-plotly-plot .gtitle")).to_contain_text("A boy with X-linked HIGM")
    expect(predict.locator(".higm-takeaway")).to_contain_text("2.5 months")
    expect(predict).to_contain_text("more than 90% by age 4")
    _shot(page, ".higm-predict", "predict")


EXPECT = LessonExpectations(widgets=5, plots=1, interact=_lesson02)
