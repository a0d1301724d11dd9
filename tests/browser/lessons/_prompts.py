"""Shared browser steps for the lessons' Try it prompts."""

from __future__ import annotations

from playwright.sync_api import Locator, expect


def commit_choice_prompt(box: Locator, option: str, answer_words: str, *, exact: bool) -> None:
    """Commit a choice prompt and see its model answer appear only then. If an earlier run
    (another kernel) committed it, it comes back restored first. ``exact``: whether ``option``
    is the option's whole label or a part of it."""
    again = box.get_by_role("button", name="Try again")
    if again.is_enabled():
        expect(box.locator(".higm-model-answer")).to_contain_text(answer_words)
        expect(box).to_contain_text("Restored your answer")
        again.click()
    expect(box.locator(".higm-model-answer")).to_have_count(0)
    box.get_by_label(option, exact=exact).check()
    box.locator(".higm-confidence").get_by_role("button", name="think so", exact=True).click()
    box.get_by_role("button", name="Commit my answer").click()
    expect(box.locator(".higm-model-answer")).to_contain_text(answer_words)
