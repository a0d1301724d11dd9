"""Keyboard alone and reflow, for every notebook in Voilà and in JupyterLab.

The page is 640 CSS pixels wide, as a 1280-pixel screen at 200% zoom (WCAG 2.1, 1.4.10
reflow). After Run All, the notebook's main interaction (tests/browser/keyboard.py, keyed
by slug) is worked through with Tab, arrow keys, Enter, Space and typing only: each control
is reached with Tab and shows a visible focus ring, and the output changes. Then nothing in
the lesson needs sideways scrolling, except a data table inside its own scroller (a
scroller that overflows only because of a table in it).
In JupyterLab only the notebook's content is checked; JupyterLab's own chrome (and the code
editors) is out of scope.
"""

from __future__ import annotations

import pytest

from tests.browser.keyboard import walk_for, work_through
from tests.browser.pages import (
    NOTEBOOKS,
    VISIBLE_PANEL,
    lesson_expectations,
    open_in_lab,
    run_all,
    shut_down_kernels,
    wait_rendered,
)

pytestmark = [pytest.mark.browser]

NARROW = {"width": 640, "height": 900}

SIDEWAYS_JS = """(scopeSelector) => {
  const scope = document.querySelector(scopeSelector);
  const root = scopeSelector === 'body'
      ? document.scrollingElement : scope.querySelector('.jp-WindowedPanel-outer') || scope;
  const wider = (el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
  const name = (el) => el.tagName.toLowerCase()
      + [...el.classList].slice(0, 3).map(c => '.' + c).join('');
  const found = [];
  if (wider(root)) found.push(`the page: ${root.scrollWidth} px wide in ${root.clientWidth}`);
  const allowed = '.higm-table-scroll, .jp-InputArea, .cm-editor, .jp-Toolbar, .jp-cell-toolbar';
  // What sticks out of a scroller; a data table scrolling in its own box is allowed (with
  // the boxes around it that it widens).
  const sticking = (el) => {
    const right = el.getBoundingClientRect().right + 1;
    return [...el.querySelectorAll('*')]
        .filter(c => c.getBoundingClientRect().right > right)
        .filter(c => !c.closest('table') && !c.querySelector('table'))
        .filter(c => getComputedStyle(c).visibility !== 'hidden');
  };
  for (const el of scope.querySelectorAll('*')) {
    if (el.closest(allowed)) continue;
    const overflow = getComputedStyle(el).overflowX;
    if ((overflow === 'auto' || overflow === 'scroll') && wider(el)) {
      const out = sticking(el);
      if (out.length) {
        found.push(`${name(el)}: ${el.scrollWidth} px wide in ${el.clientWidth}, by `
                   + out.slice(0, 3).map(name).join(', '));
      }
    }
  }
  return found;
}"""


def assert_reflows(page, scope: str) -> None:
    sideways = page.evaluate(SIDEWAYS_JS, scope)
    assert sideways == [], f"sideways scrolling at {NARROW['width']} px: {sideways}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_keyboard_and_reflow_in_voila(page, jupyter_server, name):
    lesson = lesson_expectations(name)
    walk = walk_for(name)
    shut_down_kernels(jupyter_server["url"])
    page.set_viewport_size(NARROW)
    page.goto(f"{jupyter_server['url']}/voila/render/notebooks/{name}")
    wait_rendered(page, "body", lesson, timeout=180_000)
    work_through(page, walk)
    assert_reflows(page, "body")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_keyboard_and_reflow_in_jupyterlab(page, jupyter_server, name):
    lesson = lesson_expectations(name)
    walk = walk_for(name)
    open_in_lab(page, jupyter_server["url"], name)
    run_all(page)
    wait_rendered(page, VISIBLE_PANEL, lesson)
    # Narrowed after Run All: at 640 px JupyterLab folds its toolbar, kernel state included.
    # The file browser is closed, as a learner reading at 200% zoom would (JupyterLab's
    # side bars are its own chrome).
    open_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if open_tab.count():
        open_tab.first.click()
    page.set_viewport_size(NARROW)
    page.wait_for_timeout(1_500)  # JupyterLab lays the notebook out again
    work_through(page, walk)
    assert_reflows(page, VISIBLE_PANEL)
