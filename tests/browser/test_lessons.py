"""Each lesson in real JupyterLab and in Voilà, in Chromium.

JupyterLab: open, Run All, wait for the kernel, then assert no error output,
every widget rendered, every plotly figure drawn, and the lesson's interaction
hook changes what is shown. Voilà: the lesson renders with its widgets and
figures and no error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.lessons import expectations

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [pytest.mark.browser]

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


def _expectations(name: str):
    lesson = expectations().get(name[:2])
    assert lesson is not None, f"add tests/browser/lessons/lesson{name[:2]}.py for {name}"
    return lesson


def _wait_idle(page, timeout=120_000):
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=timeout)


def _run_all(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(
        """() => {
          const prompts = [...document.querySelectorAll(
              '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
          return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=120_000,
    )
    _wait_idle(page)


def _wait_rendered(page, root, lesson, timeout=60_000):
    page.wait_for_function(
        """([root, widgets, plots]) => {
          const scope = document.querySelector(root);
          if (!scope) return false;
          const drawn = scope.querySelectorAll('.js-plotly-plot .main-svg').length;
          const views = scope.querySelectorAll('.higm-panel').length;
          return drawn >= plots && views >= widgets;
        }""",
        arg=[root, lesson.widgets, lesson.plots],
        timeout=timeout,
    )


def _assert_clean(state, lesson):
    assert state["stderr"] == [], f"error output: {state['stderr']}"
    assert "Traceback" not in state["text"]
    assert state["messages"] == [], f"error messages shown: {state['messages']}"
    assert state["widgets"] >= lesson.widgets, state
    assert state["brokenWidgets"] == 0, state
    assert state["plots"] >= lesson.plots and state["drawnPlots"] == state["plots"], state


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_lesson_runs_in_jupyterlab(page, jupyter_server, name):
    lesson = _expectations(name)
    page.goto(f"{jupyter_server['url']}/lab/tree/notebooks/{name}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
    _wait_idle(page)
    _run_all(page)
    root = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    _wait_rendered(page, root, lesson)
    _assert_clean(page.evaluate(STATE_JS, root), lesson)
    lesson.interact(page)
    _assert_clean(page.evaluate(STATE_JS, root), lesson)
    assert page.page_errors == [], page.page_errors
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{Path(name).stem}-lab.png"), full_page=False)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_lesson_renders_in_voila(page, jupyter_server, name):
    lesson = _expectations(name)
    page.goto(f"{jupyter_server['url']}/voila/render/notebooks/{name}")
    _wait_rendered(page, "body", lesson, timeout=90_000)
    state = page.evaluate(STATE_JS, "body")
    assert "There was an error when executing cell" not in state["text"]
    _assert_clean(state, lesson)
    lesson.interact(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{Path(name).stem}-voila.png"), full_page=True)
