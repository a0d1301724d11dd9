"""Each lesson rendered in Voilà (the presenting view) in Chromium: widgets and figures
render with no error, the lesson's interaction hook works there too, and axe-core finds
no serious or critical WCAG 2.1 A/AA violation on the page after the lesson ran and again
after the interaction (see tests/browser/axe.py; lesser findings go to build/a11y/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.axe import audit
from tests.browser.pages import (
    ARTIFACTS,
    NOTEBOOKS,
    STATE_JS,
    assert_clean,
    lesson_expectations,
    shut_down_kernels,
    wait_rendered,
)

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_lesson_renders_in_voila(page, jupyter_server, name):
    lesson = lesson_expectations(name)
    shut_down_kernels(jupyter_server["url"])
    page.goto(f"{jupyter_server['url']}/voila/render/notebooks/{name}")
    wait_rendered(page, "body", lesson, timeout=180_000)
    state = page.evaluate(STATE_JS, "body")
    assert "There was an error when executing cell" not in state["text"]
    assert_clean(state, lesson)
    audit(page, name, "after-run")
    lesson.interact(page)
    audit(page, name, "after-interaction")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{Path(name).stem}-voila.png"), full_page=True)
