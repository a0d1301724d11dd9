"""Lesson 12 in the browser: the final test shows no feedback while it is answered, keeps
every answer, and gives the score and the review only after the whole test is submitted;
a new attempt is a fresh, blank set."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.pages import ARTIFACTS


def _shot(page: Page, selector: str, name: str) -> None:
    view = "voila" if "/voila/" in page.url else "lab"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(selector).screenshot(path=str(ARTIFACTS / f"12-{name}-{view}.png"))


def _answer_shown_question(final) -> None:
    """Answer the question on screen with its first option (or a number) and a confidence."""
    question = final.locator(".higm-test-question")
    text_box = question.locator("input[type=text]")
    if text_box.count():
        text_box.fill("1")
        text_box.press("Enter")
    elif question.locator("input[type=radio]").count():
        question.locator("input[type=radio]").first.check()
    else:
        question.locator("input[type=checkbox]").first.check()
    question.locator(".higm-confidence").get_by_role("button", name="guessing", exact=True).click()


def _lesson09(page: Page) -> None:
    final = page.locator(".higm-final")
    # The progress file is shared by the JupyterLab and Voila runs: start from a fresh attempt.
    if final.get_by_role("button", name="Start a new attempt").count():
        final.get_by_role("button", name="Start a new attempt").click()
    expect(final).to_contain_text("24 questions drawn for you")
    final.locator("select").select_option(index=0)
    expect(final).to_contain_text("Question 1 of 24")
    _answer_shown_question(final)
    expect(final).to_contain_text("1 of 24 answered")
    final.get_by_role("button", name="Next").click()
    expect(final).to_contain_text("Question 2 of 24")
    _answer_shown_question(final)
    expect(final).to_contain_text("2 of 24 answered")
    # Nothing is revealed while the test is answered.
    expect(final.locator(".higm-explanation")).to_have_count(0)
    expect(final.locator(".higm-review")).to_have_count(0)
    expect(final.locator(".js-plotly-plot")).to_have_count(0)
    first_set = final.locator(".higm-test-question b").first.inner_text()
    final.get_by_role("button", name="Submit the whole test").click()
    expect(final.locator(".higm-msg-warn")).to_contain_text("22 questions are not answered yet")
    expect(final.locator(".higm-explanation")).to_have_count(0)
    final.get_by_role("button", name="Submit anyway").click()
    expect(final.locator(".higm-review")).to_be_visible(timeout=30_000)
    expect(final.locator(".higm-explanation")).to_have_count(24)
    expect(final.locator(".higm-review")).to_contain_text("Not answered: counted as not right.")
    expect(final.locator(".js-plotly-plot .gtitle")).to_contain_text("final assessment by lesson")
    expect(final.locator(".higm-history")).to_contain_text("of 24 right")
    _shot(page, ".higm-final", "final-submitted")
    final.get_by_role("button", name="Start a new attempt").click()
    expect(final).to_contain_text("with a fresh set of questions")
    expect(final.locator(".higm-review")).to_have_count(0)
    expect(final).to_contain_text("0 of 24 answered")
    assert first_set  # the question heading was shown before the submit
    # A prompt: the model answer appears only after a commit.
    think = page.locator(".higm-prompt").first
    # A run earlier in this session (JupyterLab before Voila) committed it: it comes back
    # restored, with its model answer; "Try again" hides the answer for a new commitment.
    if think.locator(".higm-model-answer").count():
        expect(think.locator(".higm-commit-bar")).to_contain_text("Restored your answer")
        think.get_by_role("button", name="Try again").click()
    expect(think.locator(".higm-model-answer")).to_have_count(0)
    think.locator("textarea").fill("Revisit the weakest lesson; two questions are few.")
    think.locator(".higm-confidence").get_by_role("button", name="think so", exact=True).click()
    think.get_by_role("button", name="Commit my answer").click()
    expect(think.locator(".higm-model-answer")).to_contain_text("Go back to that lesson")


EXPECT = LessonExpectations(widgets=5, plots=0, interact=_lesson09)
