"""Lesson 05 in the browser: the pedigree builder recomputes risks; the mystery reveals."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations

WAIT = 30_000  # ms; the shared test machine can be slow to redraw


def _lesson05(page: Page) -> None:
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
    # The mystery: answer and reveal.
    mystery = page.locator(".higm-mystery")
    mystery.get_by_label("X-linked recessive").check()
    mystery.get_by_role("button", name="Reveal the answer").click()
    expect(mystery.locator(".higm-answer")).to_contain_text("the hidden mode was", timeout=WAIT)


EXPECT = LessonExpectations(widgets=5, plots=6, interact=_lesson05)
