"""Lesson 04 in the browser: the Punnett square and the family simulator react; a risk is
committed with a confidence before its model answer shows; a wrong blank of the faded
worked example names its misconception."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.lessons._faded import wrong_blank

WAIT = 30_000  # ms; the shared test machine can be slow to redraw


def _lesson04(page: Page) -> None:
    punnett = page.locator(".higm-punnett-widget")
    takeaway = punnett.locator(".higm-takeaway")
    expect(takeaway).to_contain_text(
        "With a carrier mother and a non-carrier father (x-linked)", timeout=WAIT
    )
    expect(punnett.locator(".higm-punnett")).to_contain_text("Sons (sperm with Y)", timeout=WAIT)
    # The father becomes affected: every daughter now gets his X with the variant.
    punnett.locator("select").nth(1).select_option("affected")
    expect(takeaway).to_contain_text("father (x-linked), each son is affected", timeout=WAIT)
    expect(takeaway).to_contain_text(
        "each daughter is affected with chance 1/2 (50%)", timeout=WAIT
    )
    expect(punnett.locator(".js-plotly-plot .gtitle")).to_contain_text(
        "father affected", timeout=WAIT
    )
    # Switch to autosomal inheritance with the keyboard-operable toggle buttons.
    punnett.get_by_role("button", name="Autosomal (AICDA, CD40, UNG)").click()
    expect(takeaway).to_contain_text("(autosomal)", timeout=WAIT)
    # The simulator: a new seed gives new families.
    sim = page.locator(".higm-family-simulator")
    before = sim.locator(".higm-sim-summary").inner_text()
    seed = sim.locator("input[type='number']")
    seed.fill("7")
    seed.press("Enter")
    expect(sim.locator(".higm-msg-ok")).to_contain_text(
        "Simulated 1,000 new families", timeout=WAIT
    )
    assert sim.locator(".higm-sim-summary").inner_text() != before
    # The Punnett prompt: a number and a confidence first, then the model answer.
    box = page.locator(".higm-prompt-box").filter(has_text="each daughter is affected")
    again = box.get_by_role("button", name="Try again")
    if again.is_enabled():  # committed in an earlier run (the other view): answer again
        again.click()
    answer = box.locator(".higm-model-answer")
    expect(answer).to_have_count(0)
    number = box.locator("input[type='number']")
    number.fill("0.5")
    number.press("Enter")
    box.locator(".higm-confidence").get_by_role("button", name="think so", exact=True).click()
    box.get_by_role("button", name="Commit my answer").click()
    expect(box).to_contain_text("Correct: within the tolerance", timeout=WAIT)
    expect(answer).to_contain_text("One half", timeout=WAIT)
    # The faded worked example: a likely wrong answer names its misconception.
    wrong_blank(page, "04")


EXPECT = LessonExpectations(widgets=6, plots=2, interact=_lesson04)
