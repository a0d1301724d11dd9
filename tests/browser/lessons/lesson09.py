"""Lesson 09 in the browser: a case advances through its stages after each commitment
(diagnosis and confidence) and comes back after a restart."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.browser.lessons import LessonExpectations


def _commit_stage(player: Locator, index: int, confidence: str) -> None:
    player.locator("select").nth(1).select_option(index=index)
    player.locator(".higm-confidence").get_by_role("button", name=confidence, exact=True).click()
    player.get_by_role("button", name="Commit and reveal the next stage").click()


def _lesson09(page: Page) -> None:
    player = page.locator(".higm-caseplayer")
    progress = player.locator(".higm-stage-progress")
    if "Stage 1 of 5" not in progress.inner_text():  # restored from an earlier kernel
        expect(player.locator(".higm-log")).to_contain_text("Stage 1: you chose XLA (guessing)")
        expect(player).to_contain_text("Restored your commitments")
        player.get_by_role("button", name="Start this case again").click()
    expect(progress).to_contain_text("A 10-month-old boy")
    expect(progress).to_contain_text("Stage 1 of 5")
    expect(player.locator(".higm-differential")).to_have_count(0)  # nothing before a commit
    _commit_stage(player, 5, "guessing")  # XLA
    expect(progress).to_contain_text("Stage 2 of 5")
    expect(player.locator(".higm-stage-examination")).to_be_visible()
    expect(player.locator(".higm-differential")).to_contain_text("HIGM_CD40L")
    expect(player.locator(".js-plotly-plot .gtitle")).to_contain_text("Differential after stage 1")
    _commit_stage(player, 1, "think so")  # HIGM_CD40L
    expect(progress).to_contain_text("Stage 3 of 5")
    expect(player.locator(".higm-stage-labs .higm-results")).to_contain_text("60 mg/dL")
    expect(player.locator(".higm-log")).to_contain_text("Stage 2: you chose HIGM_CD40L (think so)")


EXPECT = LessonExpectations(widgets=6, plots=1, interact=_lesson09)
