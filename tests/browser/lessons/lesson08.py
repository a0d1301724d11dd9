"""Lesson 08 in the browser: a prompt asks before it tells, and the feature chart reacts."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.lessons._prompts import commit_choice_prompt


def _lesson08(page: Page) -> None:
    commit_choice_prompt(
        page.locator(".higm-prompt").first, "A normal IgM", "USIDNET registry", exact=True
    )
    chart = page.locator(".higm-features")
    chart.locator("select").select_option(index=3)
    expect(chart.locator(".higm-takeaway")).to_contain_text("Normal serum IgM")


EXPECT = LessonExpectations(widgets=3, plots=1, interact=_lesson08)
