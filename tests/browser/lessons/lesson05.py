"""Lesson 05 in the browser: the pedigree builder recomputes risks; the mystery verdict is
committed with a confidence before the answer appears, and comes back after a restart; a
wrong blank of the faded Bayes table names its misconception, and its stage comes back."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from higm_lessons import faded
from tests.browser.lessons import LessonExpectations
from tests.browser.lessons._faded import stage, wrong_blank
from tests.browser.pages import open_in_lab, run_all

WAIT = 30_000  # ms; the shared test machine can be slow to redraw
RERUN = 240_000  # ms; a restarted kernel runs the whole lesson again


def fresh(widget: Locator) -> None:
    """Open a widget for a new try if an earlier test's attempt was restored into it."""
    again = widget.get_by_role("button", name="Try again")
    if again.is_enabled():
        again.click()
        expect(widget.locator(".higm-commit-bar .higm-status")).to_contain_text("Answer again")


def restart_and_rerun(page: Page, name: str) -> None:
    """A new kernel runs lesson ``name`` again. In JupyterLab the server's kernels are shut
    down and the notebook is opened afresh and run (Run All); in Voila, reloading the page
    starts a new kernel that runs it."""
    if "/voila/" in page.url:
        page.reload()
        return
    base = page.url.split("/lab/", 1)[0]
    open_in_lab(page, base, name)  # shuts down every kernel first
    run_all(page)


def _builder(page: Page) -> None:
    builder = page.locator(".higm-pedigree-builder")
    table = builder.locator(".higm-women-risks")
    expect(table).to_contain_text("II-3", timeout=WAIT)
    expect(builder.locator(".higm-bayes")).to_contain_text(
        "Bayesian carrier risk for II-3", timeout=WAIT
    )
    before = table.inner_text()
    builder.get_by_role("button", name="Add son").click()
    expect(builder.locator(".higm-msg-ok")).to_contain_text("Added a son", timeout=WAIT)
    assert table.inner_text() != before
    # Select the new son (id 8) and mark him affected: his mother becomes an obligate carrier.
    person = builder.locator("select").first
    person.select_option(label=person.locator("option", has_text="id 8)").inner_text())
    builder.get_by_role("button", name="affected", exact=True).click()
    expect(table).to_contain_text(">99.9%", timeout=WAIT)


def _lesson05(page: Page) -> None:
    # The faded Bayes table: a likely wrong posterior names its misconception.
    worked = wrong_blank(page, "05")
    _builder(page)
    # The mystery: the text version states the family; the answer waits for a commit.
    mystery = page.locator(".higm-mystery")
    fresh(mystery)
    expect(mystery.locator(".higm-text-version")).to_contain_text("Generation I:")
    expect(mystery.locator(".higm-answer")).to_have_count(0)
    expect(mystery).not_to_contain_text("the hidden mode was")
    mystery.get_by_label("X-linked recessive").check()
    mystery.get_by_label("Only boys and men are affected").check()
    mystery.locator(".higm-confidence").get_by_role("button", name="think so", exact=True).click()
    mystery.get_by_role("button", name="Commit my verdict").click()
    expect(mystery.locator(".higm-answer")).to_contain_text("the hidden mode was", timeout=WAIT)
    expect(mystery.locator(".higm-commit-bar")).to_contain_text("Committed (think so)")
    # A prompt: answer a number, commit, then the model answer.
    builder_prompt = page.locator(".higm-prompt").first
    fresh(builder_prompt)
    expect(builder_prompt.locator(".higm-model-answer")).to_have_count(0)
    builder_prompt.locator("input[type=number]").fill("3")
    builder_prompt.locator("input[type=number]").press("Enter")
    builder_prompt.locator(".higm-confidence").get_by_role(
        "button", name="sure", exact=True
    ).click()
    builder_prompt.get_by_role("button", name="Commit my answer").click()
    expect(builder_prompt.locator(".higm-model-answer")).to_contain_text("About 3%")
    # A new kernel runs the lesson again: the verdict and the answer come back.
    restart_and_rerun(page, "05_pedigrees_and_carrier_risk.ipynb")
    mystery = page.locator(".higm-mystery")
    expect(mystery.locator(".higm-commit-bar")).to_contain_text(
        "Restored your answer", timeout=RERUN
    )
    expect(mystery.locator(".higm-answer")).to_contain_text("the hidden mode was", timeout=WAIT)
    expect(mystery.get_by_label("Only boys and men are affected")).to_be_checked()
    expect(page.locator(".higm-prompt").first.locator(".higm-model-answer")).to_contain_text(
        "About 3%", timeout=WAIT
    )
    # The faded example comes back at the learner's stage, the shown step with it.
    box = page.locator(".higm-faded")
    assert stage(box) == worked
    shown = faded.formatted(faded.problem("05", worked).answer)
    expect(box.locator(".higm-faded-row").last).to_contain_text(shown, timeout=WAIT)
    expect(box.get_by_role("button", name="Next stage")).to_be_enabled(timeout=WAIT)


EXPECT = LessonExpectations(widgets=6, plots=4, interact=_lesson05)
