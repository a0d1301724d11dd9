"""Lesson 07 in the browser: entering a value updates the flags, the table and the figure;
an exercise patient is named by age and sex only; a prompt's answer waits for a commit and
comes back after a restart."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.lessons import LessonExpectations
from tests.browser.lessons.lesson05 import RERUN, WAIT, fresh, restart_and_rerun


def _panel(page: Page) -> None:
    panel = page.locator(".higm-labpanel")
    table = panel.locator(".higm-results")
    figure = panel.locator(".js-plotly-plot").first
    expect(table).to_contain_text("60 mg/dL (0.6 g/L)")
    expect(figure).to_contain_text("IgG 60 mg/dL: L")
    # The patient list gives age and sex, never a diagnosis or a case title.
    menu = panel.locator("select").filter(has_text="Boy, 9 weeks")
    expect(menu).to_have_count(1)
    assert "HIGM" not in menu.inner_text() and "Trap" not in menu.inner_text()
    box = panel.locator(".higm-value-IgG input")
    box.fill("900")
    box.press("Enter")
    expect(table).to_contain_text("900 mg/dL (9 g/L)")
    expect(panel.locator("tr.higm-flag-N").first).to_contain_text("IgG")
    expect(figure).to_contain_text("IgG 900 mg/dL: N")
    expect(panel.locator(".higm-takeaway").first).to_contain_text("3 of 8 results")
    # The zlog strip is a deep dive: drawn when its fold is opened, then kept up to date.
    plots = panel.locator(".js-plotly-plot")
    expect(plots).to_have_count(1)
    panel.get_by_text("Deep dive (optional): every result on one scale").click()
    expect(plots).to_have_count(2)
    expect(plots.nth(1)).to_contain_text("zlog")
    # A value in the wrong unit shows a warning beside the controls, not a traceback.
    box.fill("8")
    box.press("Enter")
    expect(table).to_contain_text("8 mg/dL")
    age = panel.locator("input[type=number]").first
    age.fill("30")  # 30 months (the example case set the unit to months): IgG band 295-1156
    age.press("Enter")
    expect(panel.locator(".higm-results")).to_contain_text("2 to <4 years")
    expect(panel.locator(".higm-msg-warn").first).to_contain_text("Was it written in g/L?")


def _lesson07(page: Page) -> None:
    _panel(page)
    trap = page.locator(".higm-prompt").filter(has_text="Boy, 9 weeks")
    fresh(trap)
    expect(trap.locator(".higm-model-answer")).to_have_count(0)
    expect(trap).not_to_contain_text("about an eighth of his mother")
    trap.get_by_label("it is mostly his mother's", exact=False).check()
    trap.locator(".higm-confidence").get_by_role("button", name="guessing", exact=True).click()
    trap.get_by_role("button", name="Commit my answer").click()
    expect(trap.locator(".higm-model-answer")).to_contain_text("about an eighth of his mother")
    expect(trap).to_contain_text("says little about his own antibody production")
    restart_and_rerun(page, "07_reading_immunology_labs.ipynb")
    trap = page.locator(".higm-prompt").filter(has_text="Boy, 9 weeks")
    expect(trap).to_contain_text("Restored your answer", timeout=RERUN)
    expect(trap.locator(".higm-model-answer")).to_contain_text(
        "about an eighth of his mother", timeout=WAIT
    )


EXPECT = LessonExpectations(widgets=8, plots=1, interact=_lesson07)
