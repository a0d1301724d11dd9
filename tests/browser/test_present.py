"""Presenter mode in Chromium at a projector's 1280x720: ``make present`` (tools/present.py)
serves the lessons folder in the projector theme; every lesson of the course map is
measured (text size, no code, nothing sideways, controls that fit their text, figure
fonts, folded references, the section bar), the keys move between sections and lessons,
preset addresses open widgets in their named state (a case at a stage among them), and
JupyterLab with the course's installed settings shows no news toast.

A screenshot of each lesson's first interactive, as the room sees it, is saved to
test-artifacts/present-<notebook>.png.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from higm_lessons.course import lessons
from higm_lessons.progress import PROGRESS_ENV, ProgressStore
from tests.browser.conftest import (
    CHROMIUM_ARGS,
    chromium_path,
    free_port,
    own_jupyter_folders,
    require_or_skip,
    running_jupyterlab,
    running_server,
)
from tests.browser.pages import ARTIFACTS, lesson_expectations, wait_rendered
from tools import install_jupyter_settings, present

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
PROJECTOR = {"width": 1280, "height": 720}
MIN_TEXT_PX = 24
WAIT = 30_000
COURSE = lessons()
LESSONS = list(COURSE[COURSE["available"]]["notebook"])


@pytest.fixture(autouse=True)
def fresh_progress():
    """These tests start their own servers (never the shared JupyterLab) and save nothing."""
    return None


@pytest.fixture(scope="module")
def present_server(tmp_path_factory):
    """``make present``'s Voilà (tools/present.py) serving a copy of the notebooks folder."""
    if chromium_path() is None:
        require_or_skip("Chromium was not found (install Debian's 'chromium' package)")
    base = tmp_path_factory.mktemp("present")
    root = base / "root"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    env = present.environment(dict(os.environ))
    own_jupyter_folders(base, env)
    env[PROGRESS_ENV] = str(base / "progress.sqlite")
    port = free_port()
    command = present.command("127.0.0.1", port, root / "notebooks")
    with running_server(command, base / "voila.log", root, env, f"http://127.0.0.1:{port}", "/"):
        yield {
            "url": f"http://127.0.0.1:{port}",
            "log": base / "voila.log",
            "progress": base / "progress.sqlite",
        }


@pytest.fixture(scope="module")
def projector(present_server, playwright_driver):
    """A Chromium tab of a projector's size."""
    browser = playwright_driver.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    context = browser.new_context(viewport=PROJECTOR)
    context.set_default_timeout(WAIT)
    yield context
    context.close()
    browser.close()


@pytest.fixture
def tab(projector, request):
    page = projector.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    page.close()


MEASURE_JS = """() => {
  const cells = document.getElementById('rendered_cells');
  const shown = (e) => e.offsetParent !== null && e.getClientRects().length > 0;
  const px = (e) => parseFloat(getComputedStyle(e).fontSize);
  const width = document.documentElement.clientWidth;
  const text = [...cells.querySelectorAll(
      '.jp-RenderedMarkdown p, .jp-RenderedMarkdown li, .widget-html-content p, '
      + '.widget-label, td, th, .widget-button, .widget-toggle-button, .widget-radio-box label, '
      + '.widget-checkbox label')]
    .filter(e => shown(e) && e.innerText.trim() && !e.closest('.js-plotly-plot'));
  const small = text.filter(e => px(e) < MIN_TEXT_PX)
    .map(e => `${e.tagName}.${e.className} ${px(e)}px: ${e.innerText.slice(0, 60)}`);
  const code = [...cells.querySelectorAll('.jp-CodeCell .jp-InputArea, .cm-editor, .CodeMirror')]
    .filter(e => shown(e) && e.offsetHeight > 0).length;
  const boxes = [...cells.querySelectorAll(
      'table, pre, .jupyter-widgets, .js-plotly-plot, .jp-OutputArea-output')].filter(shown);
  const sideways = boxes.filter(e => {
      const r = e.getBoundingClientRect();
      const scrolls = ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
          && e.scrollWidth > e.clientWidth + 1;
      return r.right > width + 1 || r.left < -1 || scrolls;
    }).map(e => `${e.tagName}.${String(e.className).slice(0, 80)} right=${
      Math.round(e.getBoundingClientRect().right)} scroll=${e.scrollWidth}/${e.clientWidth}`);
  // the parts of a figure that must not cover one another: its title, axis titles, tick
  // labels and legend (each a box on the screen; a group of tick labels is one box)
  const box = (els) => {
    const rs = els.map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
    if (!rs.length) return null;
    return {left: Math.min(...rs.map(r => r.left)), right: Math.max(...rs.map(r => r.right)),
            top: Math.min(...rs.map(r => r.top)), bottom: Math.max(...rs.map(r => r.bottom))};
  };
  const overlaps = (p) => {
    const parts = {
      title: box([...p.querySelectorAll('.gtitle')]),
      'x-axis title': box([...p.querySelectorAll('.g-xtitle text')]),
      'y-axis title': box([...p.querySelectorAll('.g-ytitle text')]),
      'x tick labels': box([...p.querySelectorAll('.xtick text')]),
      legend: box([...p.querySelectorAll('.legend .bg')]),
    };
    const names = Object.keys(parts).filter(k => parts[k]);
    const found = [];
    names.forEach((a, i) => names.slice(i + 1).forEach(b => {
      const r = parts[a], q = parts[b];
      const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
      const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
      if (w > 2 && h > 2) found.push(`${a} covers ${b}`);
    }));
    return found.length ? [(p.querySelector('.gtitle') || {}).textContent, ...found] : [];
  };
  const plots = [...cells.querySelectorAll('.js-plotly-plot')].map(p => {
      const sizes = [...p.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, '
          + '.g-ytitle text, .legendtext')].map(px).sort((a, b) => a - b);
      const title = p.querySelector('.gtitle');
      return {title: title ? px(title) : null, overlaps: overlaps(p),
              median: sizes.length ? sizes[Math.floor(sizes.length / 2)] : null};
    });
  const references = [...cells.querySelectorAll('ol.higm-references')];
  const notes = [...cells.querySelectorAll('.celltag_instructor')]
    .filter(e => shown(e) && e.offsetHeight > 0).length;
  return {
    texts: text.length, small, code, sideways, plots, notes,
    pageWidth: document.documentElement.scrollWidth, width,
    references: references.length,
    unfolded: references.filter(r => !r.closest('details.higm-references-fold')
        || r.closest('details').open).length,
    sections: cells.querySelectorAll('.jp-RenderedMarkdown h2').length,
    options: document.querySelectorAll('.higm-present-sections option').length,
    previous: document.querySelector('.higm-present-previous')?.getAttribute('href') || null,
    next: document.querySelector('.higm-present-next')?.getAttribute('href') || null,
  };
}""".replace("MIN_TEXT_PX", str(MIN_TEXT_PX))

# Controls that cut their text or spill out of their row. A <select> does not scroll, so its
# scrollWidth says nothing: the chosen option's text (and every option's, unless the list
# already spans its whole row and cannot grow) is measured in the select's own font.
CONTROLS_JS = """() => {
  const cells = document.getElementById('rendered_cells');
  const shown = (e) => e.offsetParent !== null && e.getClientRects().length > 0;
  const context = document.createElement('canvas').getContext('2d');
  const needs = (e, text) => {
    const s = getComputedStyle(e);
    context.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    return context.measureText(text).width + parseFloat(s.paddingLeft)
        + parseFloat(s.paddingRight);
  };
  const name = (e) => {
    const row = e.closest('.widget-inline-hbox');
    const label = row && row.querySelector('.widget-label');
    const panel = e.closest('.higm-panel');
    const kind = panel
        ? [...panel.classList].filter(c => /^higm-/.test(c) && c !== 'higm-panel') : [];
    return `${kind.join('.')} ${e.tagName.toLowerCase()}.${
        String(e.className).split(' ')[0]} "${label ? label.innerText.trim() : ''}"`;
  };
  const problems = [];
  for (const e of cells.querySelectorAll('select')) {
    if (!shown(e)) continue;
    const row = e.closest('.widget-inline-hbox') || e.parentElement;
    const fullRow = e.getBoundingClientRect().width >= row.getBoundingClientRect().width - 2;
    const chosen = e.selectedIndex >= 0 ? e.options[e.selectedIndex].text : '';
    const widest = Math.max(0, ...[...e.options].map(o => needs(e, o.text)));
    if (needs(e, chosen) > e.clientWidth + 1 || (!fullRow && widest > e.clientWidth + 1))
      problems.push(`${name(e)} cuts its text: ${Math.ceil(widest)} px in ${e.clientWidth} px`);
  }
  const scrolling = [...cells.querySelectorAll('input, .widget-readout, .widget-label')]
    .filter(e => shown(e) && e.clientWidth > 0
        && !['checkbox', 'radio', 'hidden', 'file', 'color', 'range'].includes(e.type));
  for (const e of scrolling)
    if (e.scrollWidth > e.clientWidth + 1)
      problems.push(`${name(e)} cuts its text: ${e.scrollWidth} px in ${e.clientWidth} px`);
  const parts = cells.querySelectorAll(
      'select, input, .widget-readout, .widget-label, .widget-inline-hbox .slider-container');
  for (const e of parts) {
    const row = e.closest('.widget-inline-hbox');
    if (!shown(e) || !row || row === e || e.getBoundingClientRect().width === 0) continue;
    const r = e.getBoundingClientRect(), b = row.getBoundingClientRect();
    if (r.bottom > b.bottom + 1 || r.right > b.right + 1 || r.top < b.top - 1
        || r.left < b.left - 1)
      problems.push(`${name(e)} spills out of its row (it overlaps what is next to it)`);
  }
  return {controls: cells.querySelectorAll('select, input, .widget-readout').length, problems};
}"""


def _open(tab, server, notebook: str) -> None:
    tab.goto(f"{server['url']}/voila/render/{notebook}")
    wait_rendered(tab, "body", lesson_expectations(notebook), timeout=240_000)
    tab.wait_for_selector(".higm-present-bar .higm-present-sections")
    # the reference list comes from the lesson's last code cell: every cell has run
    tab.wait_for_selector("details.higm-references-fold", state="attached", timeout=120_000)


def _neighbours(notebook: str) -> tuple[str | None, str | None]:
    index = LESSONS.index(notebook)
    return (
        LESSONS[index - 1] if index > 0 else None,
        LESSONS[index + 1] if index + 1 < len(LESSONS) else None,
    )


@pytest.mark.parametrize("notebook", LESSONS)
def test_lesson_in_the_projector_theme(tab, present_server, notebook):
    _open(tab, present_server, notebook)
    state = tab.evaluate(MEASURE_JS)
    assert state["texts"] > 10, state
    assert state["small"] == [], f"text under {MIN_TEXT_PX} px: {state['small'][:10]}"
    assert state["code"] == 0, "a code cell is visible"
    assert state["notes"] == 0, "a teaching note (a cell tagged instructor) is visible"
    assert state["sideways"] == [], f"overflows sideways: {state['sideways'][:10]}"
    assert state["pageWidth"] <= state["width"], state
    controls = tab.evaluate(CONTROLS_JS)
    assert controls["problems"] == [], f"controls that do not fit: {controls['problems'][:10]}"
    for plot in state["plots"]:  # 18 px titles and 13 px to 15 px labels on a laptop, x1.5
        assert plot["title"] is None or plot["title"] >= 24, state["plots"]
        assert plot["median"] is None or plot["median"] >= 19, state["plots"]
        assert plot["overlaps"] == [], f"parts of a figure cover each other: {plot['overlaps']}"
    assert state["references"] >= 1 and state["unfolded"] == 0, state
    assert state["sections"] >= 3 and state["options"] == state["sections"], state
    previous, following = _neighbours(notebook)
    assert state["previous"] == previous and state["next"] == following, state
    # the first interactive, as the room sees it
    tab.evaluate("() => document.querySelector('.higm-panel').scrollIntoView({block: 'start'})")
    tab.wait_for_timeout(400)
    # the section list follows the scroll: it names the section the panel is in
    assert tab.evaluate(
        """() => {
          const select = document.querySelector('.higm-present-sections');
          const panel = document.querySelector('.higm-panel').getBoundingClientRect().top;
          const hs = [...document.querySelectorAll('#rendered_cells .jp-RenderedMarkdown h2')];
          const before = hs.filter(h => h.getBoundingClientRect().top <= panel).length - 1;
          return Number(select.value) === Math.max(0, before);
        }"""
    ), "the section list does not follow the scroll"
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"present-{Path(notebook).stem}.png"))


def _section_at_top(tab) -> str:
    return tab.evaluate(
        """() => {
          const bar = document.querySelector('.higm-present-bar').getBoundingClientRect().bottom;
          const hs = [...document.querySelectorAll('#rendered_cells .jp-RenderedMarkdown h2')];
          const h = hs.find(h => Math.abs(h.getBoundingClientRect().top - bar) < 40);
          return h ? h.textContent.replace(/¶/g, '').trim() : '';
        }"""
    )


def test_keys_move_between_sections_and_lessons(tab, present_server):
    notebook = LESSONS[1]
    previous, following = _neighbours(notebook)
    _open(tab, present_server, notebook)
    headings = tab.locator("#rendered_cells .jp-RenderedMarkdown h2")
    names = [t.replace("¶", "").strip() for t in headings.all_inner_texts()]
    tab.locator("#rendered_cells h1").first.click()
    tab.keyboard.press("3")
    tab.wait_for_timeout(300)
    assert _section_at_top(tab) == names[2]
    tab.keyboard.press("n")
    tab.wait_for_timeout(300)
    assert _section_at_top(tab) == names[3]
    tab.keyboard.press("p")
    tab.keyboard.press("p")
    tab.wait_for_timeout(300)
    assert _section_at_top(tab) == names[1]
    # the references open and close with r
    fold = tab.locator("details.higm-references-fold")
    tab.keyboard.press("r")
    expect(fold).to_have_attribute("open", "")
    tab.keyboard.press("r")
    expect(fold).not_to_have_attribute("open", "")
    # Shift+N loads the next lesson, in the projector theme, and its bar leads back
    tab.keyboard.press("Shift+N")
    tab.wait_for_url(f"**/voila/render/{following}")
    tab.wait_for_selector(".higm-present-bar .higm-present-previous")
    expect(tab.locator(".higm-present-previous")).to_have_attribute("href", notebook)
    tab.locator(".higm-present-previous").click()
    tab.wait_for_url(f"**/voila/render/{notebook}")
    tab.wait_for_selector(".higm-present-bar .higm-present-previous")
    expect(tab.locator(".higm-present-previous")).to_have_attribute("href", previous)


def test_make_present_without_a_lesson_serves_the_folder(present_server):
    """``make present`` without a lesson opens the folder's page, and any lesson renders
    from it (the projector test above renders each one)."""
    with urllib.request.urlopen(f"{present_server['url']}/", timeout=30) as response:
        assert response.status == 200
    with urllib.request.urlopen(
        f"{present_server['url']}/voila/render/{LESSONS[-1]}", timeout=120
    ) as response:
        assert response.status == 200 and b"higm-present-bar" in response.read()


NEWS = "official Jupyter news"


def test_no_news_toast_in_jupyterlab_with_the_course_settings(tmp_path, projector):
    """JupyterLab with the course's installed settings (no test-only settings) shows no
    news or update toast; with the news setting back at JupyterLab's default, it does
    (so the check can see a toast when there is one)."""
    prefix = tmp_path / "prefix"
    install_jupyter_settings.install(prefix)
    env = dict(os.environ)
    own_jupyter_folders(tmp_path, env)
    user = tmp_path / "jupyterlab_settings_dir" / "@jupyterlab" / "apputils-extension"
    (user / "notification.jupyterlab-settings").unlink()  # only the installed settings
    root = tmp_path / "root"
    root.mkdir()
    settings = prefix / "share" / "jupyter" / "lab" / "settings"
    with running_jupyterlab(tmp_path, root, env, [f"--LabApp.app_settings_dir={settings}"]) as url:
        page = projector.new_page()
        try:
            page.goto(f"{url}/lab?reset")
            page.wait_for_selector(".jp-LauncherCard, .jp-Launcher", timeout=120_000)
            page.wait_for_timeout(5_000)
            assert NEWS not in page.inner_text("body")
            assert page.locator(".Toastify__toast").count() == 0
            request = urllib.request.Request(
                f"{url}/lab/api/settings/@jupyterlab/apputils-extension:notification",
                data=json.dumps({"raw": json.dumps({"fetchNews": "none"})}).encode(),
                method="PUT",
                headers={"Content-Type": "application/json"},
            )
            urllib.request.urlopen(request, timeout=30).close()
            page.goto(f"{url}/lab?reset")
            expect(page.get_by_text(NEWS)).to_be_visible(timeout=60_000)
        finally:
            page.close()


def test_a_preset_address_opens_a_widget_in_the_named_state(tab, present_server):
    """``?preset=affected-father`` opens the inheritance lesson's Punnett square with an
    affected father (data/presets.toml), the grid and chart drawn for him."""
    notebook = COURSE.set_index("slug").loc["inheritance_patterns", "notebook"]
    tab.goto(f"{present_server['url']}/voila/render/{notebook}?preset=affected-father")
    punnett = tab.locator(".higm-punnett-widget")
    expect(punnett.locator(".js-plotly-plot .gtitle")).to_contain_text(
        "father affected", timeout=240_000
    )
    selects = punnett.locator("select")
    expect(selects.nth(0)).to_have_value("non-carrier")
    expect(selects.nth(1)).to_have_value("affected")
    # the other widgets of the lesson have no preset of that name: they start as usual
    expect(tab.locator(".higm-family-simulator select").nth(0)).to_have_value("carrier")


def test_a_case_at_stage_preset_opens_a_demonstration_that_saves_nothing(tab, present_server):
    """``?preset=diarrhoea-boy-at-labs`` opens lesson 09's case player at stage 3 of the
    normal-IgM case as a demonstration: stages 1 and 2 with the course's differential, a
    line saying so, a Commit button for stage 3, and nothing in the progress file."""
    notebook = COURSE.set_index("slug").loc["diagnostic_reasoning_cases", "notebook"]
    tab.goto(f"{present_server['url']}/voila/render/{notebook}?preset=diarrhoea-boy-at-labs")
    player = tab.locator(".higm-caseplayer")
    expect(player.locator(".higm-stage-progress")).to_contain_text("Stage 3 of 5", timeout=240_000)
    expect(player.locator(".higm-case-demo")).to_contain_text("A demonstration opened at stage 3")
    expect(player.locator(".higm-stage")).to_have_count(3)
    expect(player.locator(".higm-stage-labs")).to_contain_text("Serum immunoglobulins")
    expect(player.locator(".higm-log li")).to_have_count(2)
    expect(player.locator(".higm-log")).to_contain_text("shown in the demonstration")
    expect(player.get_by_text("The differential after stage 2")).to_be_visible()
    expect(player.locator(".js-plotly-plot .gtitle")).to_contain_text("Differential after stage 2")
    expect(player.get_by_role("button", name="Commit and reveal the next stage")).to_be_enabled()
    assert ProgressStore(present_server["progress"]).attempts(lesson="09").empty
    player.locator(".higm-case-demo").scroll_into_view_if_needed()
    tab.evaluate("() => window.scrollBy(0, -80)")  # below the section bar
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "present-case-at-stage.png"))
