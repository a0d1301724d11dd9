"""What the browser tests share: the lessons to test, page state and waiting helpers."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from tests.browser.lessons import expectations
from tests.browser.server import shut_down_kernels

__all__ = ["shut_down_kernels"]  # re-exported: the tests end kernels through this module

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
"""Every notebook: the lessons, the instructors' notebooks and the glossary page."""
ARTIFACTS = ROOT / "test-artifacts"

STATE_JS = """(root) => {
  const scope = document.querySelector(root) || document.body;
  const outs = [...scope.querySelectorAll('.jp-OutputArea-output')];
  const mime = (o) => o.getAttribute('data-mime-type') || '';
  const top = outs.filter(o => !o.parentElement.closest('.jupyter-widgets'));
  const widgetOuts = top.filter(o => o.querySelector('.jupyter-widgets')
      || /Error displaying widget|Loading widget|model not found/i.test(o.innerText));
  const plots = [...scope.querySelectorAll('.jp-RenderedPlotly')];
  return {
    stderr: outs.filter(o => /stderr|error/.test(mime(o))).map(o => o.innerText),
    widgets: widgetOuts.length,
    brokenWidgets: widgetOuts.filter(o => !o.querySelector('.jupyter-widgets')
        || /Error displaying widget|Loading widget|model not found/i.test(o.innerText)).length,
    plots: plots.length,
    drawnPlots: plots.filter(o => o.querySelector('.main-svg')).length,
    messages: [...scope.querySelectorAll('.higm-msg-error')].map(e => e.innerText),
    text: scope.innerText,
  };
}"""


def lesson_expectations(name: str):
    key = name[:2] if name[:2].isdigit() else Path(name).stem
    lesson = expectations().get(key)
    module = f"lesson{key}" if key.isdigit() else key
    assert lesson is not None, f"add tests/browser/lessons/{module}.py for {name}"
    return lesson


VISIBLE_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def wait_idle(page, timeout=120_000):
    page.wait_for_selector(
        f'{VISIBLE_PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=timeout
    )


def open_in_lab(page, base_url: str, name: str) -> None:
    """Open one lesson alone in JupyterLab (a reset workspace: no tabs of earlier tests)."""
    shut_down_kernels(base_url)
    page.goto(f"{base_url}/lab/tree/notebooks/{name}?reset")
    page.wait_for_selector(f"{VISIBLE_PANEL} .jp-Cell", timeout=60_000)
    page.wait_for_function(
        """(name) => [...document.querySelectorAll('.lm-TabBar-tab.lm-mod-current')]
              .some(t => t.innerText.trim() === name)""",
        arg=name,
        timeout=60_000,
    )
    wait_idle(page)
    # When the old kernel is still shutting down, JupyterLab can ask which kernel to start
    # instead of starting the notebook's own; the dialog would take every key a test sends.
    dialog = page.locator(".jp-Dialog").filter(has_text="Select Kernel")
    if dialog.count() or page.wait_for_timeout(1_000) or dialog.count():
        dialog.locator(".jp-mod-accept").click()
        wait_idle(page)


ALL_RAN_JS = """() => {
  const prompts = [...document.querySelectorAll(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""
STARTED_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
    .some(p => /\\[(\\d+|\\*)\\]/.test(p.textContent))"""


def run_all(page, attempts: int = 3):
    """Run All Cells through the Run menu, as a learner would, and wait until every cell ran.

    The notebook is activated first and the menu item must be enabled; on a busy
    machine the first click can come before the notebook is ready, so it is retried.
    """
    panel = page.locator(VISIBLE_PANEL)
    for attempt in range(attempts):
        try:
            # JupyterLab may still re-render the first cell just after opening the notebook
            # (the element is then detached): that too is retried.
            prompt = panel.locator(".jp-Cell .jp-InputPrompt").first
            prompt.scroll_into_view_if_needed()
            prompt.click()
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            item = page.locator(
                ".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel", has_text="Run All Cells"
            ).first
            item.wait_for(state="visible", timeout=30_000)
            item.click()
            page.wait_for_function(STARTED_JS, timeout=30_000)
            break
        except PlaywrightError:
            page.keyboard.press("Escape")
            if attempt == attempts - 1:
                raise
            page.wait_for_timeout(1_000)
    page.wait_for_function(ALL_RAN_JS, timeout=180_000)
    wait_idle(page)


RENDERED_JS = """([root, widgets, plots]) => {
  const scope = document.querySelector(root);
  if (!scope) return null;
  const drawn = scope.querySelectorAll('.js-plotly-plot .main-svg').length;
  const views = scope.querySelectorAll('.higm-panel').length;
  const panels = [...scope.querySelectorAll('.higm-panel')]
      .map(e => [...e.classList].filter(c => /^higm-/.test(c) && c !== 'higm-panel').join(' '));
  const pending = [...scope.querySelectorAll('.jp-OutputArea-output')]
      .map(o => o.innerText)
      .filter(t => /Loading widget|Error displaying widget|model not found/i.test(t))
      .map(t => t.slice(0, 300));
  return {drawn, views, panels, pending, done: drawn >= plots && views >= widgets,
          errors: [...scope.querySelectorAll('.jp-OutputArea-output[data-mime-type*=error]')]
                  .map(e => e.innerText.slice(0, 500))};
}"""


def wait_rendered(page, root, lesson, timeout=60_000):
    """Wait until the lesson's widgets and figures are drawn; on timeout, say what was."""
    try:
        page.wait_for_function(
            f"(args) => {{ const r = ({RENDERED_JS})(args); return r && r.done; }}",
            arg=[root, lesson.widgets, lesson.plots],
            timeout=timeout,
        )
    except Exception as error:
        state = page.evaluate(RENDERED_JS, [root, lesson.widgets, lesson.plots])
        raise AssertionError(
            f"not rendered in {timeout / 1000:.0f} s: expected {lesson.widgets} widgets and "
            f"{lesson.plots} figures, found {state}"
        ) from error


def assert_clean(state, lesson):
    assert state["stderr"] == [], f"error output: {state['stderr']}"
    assert "Traceback" not in state["text"]
    assert state["messages"] == [], f"error messages shown: {state['messages']}"
    assert state["widgets"] >= lesson.widgets, state
    assert state["brokenWidgets"] == 0, state
    assert state["plots"] >= lesson.plots and state["drawnPlots"] == state["plots"], state
