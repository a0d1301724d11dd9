"""Lesson 09 in the browser: answer and navigate the final assessment, see the score react,
and change the example class of the instructors' summary."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.pages import ARTIFACTS


def _shot(page: Page, selector: str, name: str) -> None:
    view = "voila" if "/voila/" in page.url else "lab"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(selector).screenshot(path=str(ARTIFACTS / f"09-{name}-{view}.png"))


def _lesson09(page: Page) -> None:
    final = page.locator(".higm-final")
    takeaway = final.locator(".higm-takeaway")
    answered = re.compile(r"You have answered \d+ of 19 questions")
    # Answers persist (a second run of this page resumes), so start from question 1 explicitly.
    final.locator("select").select_option(index=0)
    expect(final).to_contain_text("Question 1 of 19")
    # Question 1 (seed 2025) is numeric: type the answer and check it.
    question = final.locator(".higm-question")
    question.locator("input[type=text]").fill("480")
    question.locator(".higm-confidence").get_by_role("button", name="sure", exact=True).click()
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator(".higm-msg-ok")).to_contain_text("Correct")
    expect(takeaway).to_contain_text(answered)
    final.get_by_role("button", name="Next").click()
    expect(final).to_contain_text("Question 2 of 19")
    question = final.locator(".higm-question")
    question.get_by_label(
        "Test CD40L expression on activated T cells and arrange genetic testing"
    ).check()
    question.locator(".higm-confidence").get_by_role("button", name="sure", exact=True).click()
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator(".higm-msg-ok")).to_contain_text("Correct")
    question.get_by_role("button", name="Show explanation").click()
    expect(question.locator(".higm-explanation")).to_be_visible()
    expect(final.locator(".js-plotly-plot .gtitle")).to_contain_text("final assessment by lesson")
    final.get_by_role("button", name="Resume where I left off").click()
    expect(final).to_contain_text("Question 3 of 19")
    _shot(page, ".higm-final", "final")
    # Instructors: another seed gives another example class.
    summary = page.locator(".higm-class-summary")
    title = summary.locator(".js-plotly-plot .gtitle").nth(1)
    expect(summary.locator(".higm-msg-warn")).to_contain_text("Read 12 learners")
    before = summary.locator(".higm-takeaway").inner_text()
    seed = summary.locator("input[type=number]")
    seed.fill("7")
    seed.press("Enter")
    expect(summary.locator(".higm-takeaway")).not_to_have_text(before)
    expect(title).to_contain_text("hardest questions")
    _shot(page, ".higm-class-summary", "class-summary")


EXPECT = LessonExpectations(widgets=4, plots=3, interact=_lesson09)
