"""Lesson 00 in the browser: the check widget reacts (mouse and keyboard) and a self-check works."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations


def _lesson00(page: Page) -> None:
    check = page.locator(".higm-check")
    takeaway = check.locator(".higm-takeaway")
    title = check.locator(".js-plotly-plot .gtitle")
    expect(takeaway).to_contain_text("IgG makes up")
    expect(title).to_contain_text("IgG marked")
    check.locator("select").select_option("IgE")
    expect(takeaway).to_contain_text("IgE makes up")
    expect(title).to_contain_text("IgE marked")
    expect(check.locator(".higm-msg-ok")).to_contain_text("widgets and plots work")
    # Keyboard only: focus the list and step up one class (IgE -> IgM).
    check.locator("select").focus()
    page.keyboard.press("ArrowUp")
    expect(takeaway).to_contain_text("IgM makes up")
    # A prompt: the model answer is not on the page until the learner commits.
    ige = page.locator(".higm-prompt").first
    expect(ige.locator(".higm-model-answer")).to_have_count(0)
    ige.get_by_label("IgE is a few parts in a million", exact=False).check()
    ige.locator(".higm-confidence").get_by_role("button", name="think so", exact=True).click()
    ige.get_by_role("button", name="Commit my answer").click()
    expect(ige.locator(".higm-model-answer")).to_contain_text("a few parts in a million")
    # A self-check: choose an answer, say how sure, check it, read the feedback, explanation.
    question = page.locator(".higm-question").nth(2)
    question.get_by_label("IgG", exact=True).check()
    question.locator(".higm-confidence").get_by_role("button", name="sure", exact=True).click()
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator(".higm-msg-ok")).to_contain_text("Correct")
    question.get_by_role("button", name="Show explanation").click()
    expect(question.locator(".higm-explanation")).to_be_visible()


EXPECT = LessonExpectations(widgets=5, plots=1, interact=_lesson00)
