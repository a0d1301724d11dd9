"""The instructors' class summary in the browser: a made-up class is summarised, another
seed gives another class, and a prompt shows its model answer only after a commit."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.pages import ARTIFACTS


def _class_summary(page: Page) -> None:
    summary = page.locator(".higm-class-summary")
    expect(summary.locator(".higm-msg-warn").first).to_contain_text("Read 12 learners")
    summary.get_by_role("button", name="Prepare the class report").click()
    expect(summary.locator(".higm-class-report")).to_have_attribute("download", "class_report.html")
    before = summary.locator(".higm-takeaway").inner_text()
    seed = summary.locator("input[type=number]")
    seed.fill("7")
    seed.press("Enter")
    expect(summary.locator(".higm-takeaway")).not_to_have_text(before)
    expect(summary.locator(".higm-class-questions .higm-bar").first).to_be_visible()
    view = "voila" if "/voila/" in page.url else "lab"
    ARTIFACTS.mkdir(exist_ok=True)
    summary.screenshot(path=str(ARTIFACTS / f"instructor-class-summary-{view}.png"))
    duplicate = page.locator(".higm-prompt").nth(2)
    # A run earlier in this session (JupyterLab before Voila) committed it: it comes back
    # restored, with its model answer; "Try again" hides the answer for a new commitment.
    if duplicate.locator(".higm-model-answer").count():
        expect(duplicate.locator(".higm-commit-bar")).to_contain_text("Restored your answer")
        duplicate.get_by_role("button", name="Try again").click()
    expect(duplicate.locator(".higm-model-answer")).to_have_count(0)
    duplicate.get_by_label("Counts the answers once and reports the repeated file").check()
    duplicate.locator(".higm-confidence").get_by_role("button", name="sure", exact=True).click()
    duplicate.get_by_role("button", name="Commit my answer").click()
    expect(duplicate.locator(".higm-model-answer")).to_contain_text("counts them once")


EXPECT = LessonExpectations(widgets=4, plots=1, interact=_class_summary)
