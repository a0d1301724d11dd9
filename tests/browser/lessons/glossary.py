"""The glossary page in the browser: the table is drawn, one anchored row per entry."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from higm_lessons.glossary import glossary
from tests.browser.lessons import LessonExpectations


def _glossary(page: Page) -> None:
    table = page.locator("table.higm-glossary")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(len(glossary()))
    expect(table.locator("#glossary-CD40L")).to_contain_text("CD40 ligand")


EXPECT = LessonExpectations(widgets=0, plots=0, interact=_glossary)
