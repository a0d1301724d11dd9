"""Each lesson in real JupyterLab in Chromium: open, Run All, wait for the kernel, then
no error output, every widget rendered, every plotly figure drawn, and the lesson's
interaction hook changes what is shown. axe-core audits the notebook's content (rendered
Markdown and outputs) after Run All and after the interaction: no serious or critical WCAG
2.1 A/AA violation. JupyterLab's own chrome (menus, side bars, toolbars, code editors) is
out of scope: it is JupyterLab's to fix (see tests/browser/axe.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.axe import audit
from tests.browser.pages import (
    ARTIFACTS,
    NOTEBOOKS,
    STATE_JS,
    VISIBLE_PANEL,
    assert_clean,
    lesson_expectations,
    open_in_lab,
    run_all,
    wait_rendered,
)

pytestmark = [pytest.mark.browser]

@pytest.mark.parametrize("name", NOTEBOOKS)
def test_lesson_runs_in_jupyterlab(page, jupyter_server, name):
    lesson = lesson_expectations(name)
    open_in_lab(page, jupyter_server["url"], name)
    run_all(page)
    root = VISIBLE_PANEL
    wait_rendered(page, root, lesson)
    assert_clean(page.evaluate(STATE_JS, root), lesson)
    audit(page, name, "after-run")
    lesson.interact(page)
    assert_clean(page.evaluate(STATE_JS, root), lesson)
    audit(page, name, "after-interaction")
    assert page.page_errors == [], page.page_errors  # (anywidget's slow start is left out)
    if page.locator(f"{root} .higm-panel").count():  # the accessibility layer is running
        assert page.evaluate("() => Boolean(window.__higmAccessibility)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{Path(name).stem}-lab.png"), full_page=False)
