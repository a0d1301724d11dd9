"""Lesson 07 in the browser: a case advances through its stages after each commitment."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations


def _lesson07(page: Page) -> None:
    player = page.locator(".higm-caseplayer")
    progress = player.locator(".higm-stage-progress")
    expect(progress).to_contain_text("Stage 1 of 5")
    choice = player.locator("select").nth(1)
    commit = player.get_by_role("button", name="Commit and reveal the next stage")
    choice.select_option(index=5)  # XLA
    commit.click()
    expect(progress).to_contain_text("Stage 2 of 5")
    expect(player.locator(".higm-stage-examination")).to_be_visible()
    expect(player.locator(".higm-differential")).to_contain_text("HIGM_CD40L")
    expect(player.locator(".js-plotly-plot .gtitle")).to_contain_text("Differential after stage 1")
    choice.select_option(index=1)  # HIGM_CD40L
    commit.click()
    expect(progress).to_contain_text("Stage 3 of 5")
    expect(player.locator(".higm-stage-labs .higm-results")).to_contain_text("60 mg/dL")
    expect(player.locator(".higm-log")).to_contain_text("Stage 2: you chose HIGM_CD40L")
    # The feature chart reacts too.
    chart = page.locator(".higm-features")
    chart.locator("select").select_option(index=3)
    expect(chart.locator(".higm-takeaway")).to_contain_text("Normal serum IgM")


EXPECT = LessonExpectations(widgets=3, plots=2, interact=_lesson07)
