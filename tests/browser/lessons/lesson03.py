"""Lesson 03 in the browser: knock out a step, filter the types table, commit a type."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from higm_lessons import higm_types
from tests.browser.lessons import LessonExpectations
from tests.browser.pages import ARTIFACTS


def _shot(page: Page, selector: str, name: str) -> None:
    view = "voila" if "/voila/" in page.url else "lab"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(selector).screenshot(path=str(ARTIFACTS / f"03-{name}-{view}.png"))


def _lesson03(page: Page) -> None:
    knockout = page.locator(".higm-knockout-panel")
    title = knockout.locator(".js-plotly-plot .gtitle")
    expect(title).to_contain_text("every step working")
    _shot(page, ".higm-knockout-panel", "pathway-healthy")
    knockout.get_by_role("button", name="CD40 ligand (CD40LG)").click()
    expect(title).to_contain_text("CD40LG knocked out (HIGM1)")
    expect(knockout.locator(".higm-takeaway")).to_contain_text("opportunistic infections")
    _shot(page, ".higm-knockout-panel", "pathway-cd40lg")
    knockout.get_by_role("button", name="AID (AICDA)").click()
    expect(title).to_contain_text("AICDA knocked out (HIGM2)")
    _shot(page, ".higm-knockout-panel", "pathway-aicda")
    types = page.locator(".higm-types-panel")
    total = len(higm_types.types_table())
    x_linked = len(higm_types.filter_types(inheritance="X-linked"))
    expect(types).to_contain_text(f"{total} of {total}")
    types.locator("select").first.select_option("X-linked")
    expect(types).to_contain_text(f"{x_linked} of {total}")
    _shot(page, ".higm-types-panel", "types")
    which = page.locator(".higm-which-type")
    # A fresh set starts blank (a set kept from an earlier run may hold committed answers).
    which.get_by_role("button", name="Draw a fresh set").click()
    expect(which.locator(".higm-set-status")).to_contain_text("fresh set")
    case = which.locator(".higm-which-case").first
    feedback = case.locator(".higm-type-feedback .higm-msg")
    expect(feedback).to_have_count(0)
    case.get_by_label("HIGM1", exact=True).check()
    case.get_by_role("button", name="Commit my answer").click()
    expect(case.locator(".higm-status")).to_contain_text("how sure")
    expect(feedback).to_have_count(0)  # no feedback before a committed answer
    case.locator(".higm-confidence").get_by_role("button", name="guessing", exact=True).click()
    case.get_by_role("button", name="Commit my answer").click()
    expect(feedback).to_contain_text(re.compile(r"Correct\.|Not quite: this is"))
    expect(case.locator(".higm-status")).to_contain_text("Committed (guessing)")
    _shot(page, ".higm-which-type", "which-type")


EXPECT = LessonExpectations(widgets=7, plots=1, interact=_lesson03)
