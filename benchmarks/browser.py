"""Reaction in the browser: key press or click -> the output's DOM changed, in JupyterLab in
Chromium (driven by Playwright), timed in the page itself.

For each change the page records the ``timeStamp`` of the key press or pointer press (the
moment the learner acts) and, with a MutationObserver on the lesson's panel, every DOM
change with a signature of the output (its text and the geometry of its plotted paths).
The reaction ends at the first DOM change after which the output stays as it finally is
(the new figure, table or text drawn). A change that leaves the output as it was is a
no-op and fails the run, as does an error message in the panel.

The server and page helpers are those of the browser tests (tests/browser).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from benchmarks.lessons import BrowserReaction, notebook_key

SETTLE_MS = 300  # the output counts as drawn when the panel has been quiet this long
CHANGE_TIMEOUT_MS = 20_000

INSTALL_JS = """() => {
  if (window.__bench) return;
  const B = window.__bench = {armed: false, t0: null, records: []};
  for (const type of ['keydown', 'pointerdown', 'mousedown']) {
    document.addEventListener(type, (e) => {
      if (B.armed && B.t0 === null) B.t0 = e.timeStamp;
    }, true);
  }
  B.sig = () => B.els().map((el) => {
    let s = el.textContent;
    for (const p of el.querySelectorAll('path')) s += '|' + (p.getAttribute('d') || '');
    return s;
  }).join('\\u00a7');
  B.arm = ([panel, output]) => {
    const scope = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
    const root = scope.querySelector(panel);
    if (!root) throw new Error('no panel ' + panel);
    B.root = root;
    B.els = () => [...root.querySelectorAll(output)];
    B.t0 = null; B.records = []; B.before = B.sig(); B.armed = true;
    if (B.obs) B.obs.disconnect();
    B.obs = new MutationObserver(() => B.records.push([performance.now(), B.sig()]));
    B.obs.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
  };
  B.settled = (quiet) => {
    if (B.t0 === null || !B.records.length) return false;
    const last = B.records[B.records.length - 1];
    return last[1] !== B.before && performance.now() - last[0] > quiet;
  };
  B.finish = () => {
    B.obs.disconnect(); B.armed = false;
    const final = B.sig();
    let end = null;
    for (let i = B.records.length - 1; i >= 0 && B.records[i][1] === final; i--) {
      end = B.records[i][0];
    }
    const errors = [...B.root.querySelectorAll('.higm-msg-error')].map(e => e.innerText);
    const first = B.records.find((r) => r[1] !== B.before);
    return {t0: B.t0, end, first: first ? first[0] : null, changed: final !== B.before,
            records: B.records.length, errors};
  };
}"""


@contextlib.contextmanager
def lab_server(root: Path):
    """JupyterLab on a free loopback port serving a copy of the notebooks, configured as for
    the browser tests (own Jupyter folders, lab settings, no token); yields its URL."""
    from tests.browser import conftest as browser

    base = Path(os.environ.get("TMPDIR", "/tmp")) / f"higm-bench-{os.getpid()}"
    shutil.rmtree(base, ignore_errors=True)
    (base / "root").mkdir(parents=True)
    shutil.copytree(root / "notebooks", base / "root" / "notebooks")
    env = {**os.environ, "PYTHONPATH": str(root), "HIGM_LESSONS_PROGRESS": str(base / "p.sqlite")}
    browser.own_jupyter_folders(base, env)
    try:
        with browser.running_jupyterlab(base, base / "root", env) as url:
            yield url
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _one_change(page, spec: BrowserReaction, act) -> float:
    page.evaluate("(args) => window.__bench.arm(args)", [spec.panel, spec.output])
    act()
    with contextlib.suppress(PlaywrightError):  # judged below: no change is a no-op
        page.wait_for_function(
            f"() => window.__bench.settled({SETTLE_MS})", polling=25, timeout=CHANGE_TIMEOUT_MS
        )
    result = page.evaluate("() => window.__bench.finish()")
    if result["errors"]:
        raise RuntimeError(f"{spec.name}: the lesson showed an error: {result['errors'][0]}")
    if result["t0"] is None:
        raise RuntimeError(f"{spec.name}: no key press or click reached the page")
    if not result["changed"] or result["end"] is None:
        raise RuntimeError(f"{spec.name}: a change left the output as it was (a no-op)")
    if os.environ.get("HIGM_BENCH_DEBUG"):
        print(
            f"    {spec.name}: first output change {result['first'] - result['t0']:.0f} ms, "
            f"drawn {result['end'] - result['t0']:.0f} ms, {result['records']} DOM batches"
        )
    return result["end"] - result["t0"]


def _actions(page, spec: BrowserReaction, changes: int):
    """``changes`` zero-argument actions, each one real change made the way a learner would."""
    panel = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) {spec.panel}")
    if spec.kind == "keys":
        control = panel.locator(spec.target).first
        keys = [spec.keys[i % len(spec.keys)] for i in range(changes)]
        return [lambda k=k: control.press(k) for k in keys]
    if spec.kind == "select":
        control = panel.locator(spec.target).first
        direction = {"step": 1}

        def step():
            index, count = control.evaluate("(s) => [s.selectedIndex, s.options.length]")
            if not 0 <= index + direction["step"] < count:
                direction["step"] *= -1
            control.press("ArrowDown" if direction["step"] > 0 else "ArrowUp")

        return [step] * changes
    if spec.kind == "toggle":
        group = panel.locator(spec.target).first

        def click_next():
            buttons = group.locator("button")
            active = group.evaluate(
                "(g) => [...g.querySelectorAll('button')]"
                ".findIndex(b => b.classList.contains('mod-active'))"
            )
            buttons.nth((active + 1) % buttons.count()).click()

        return [click_next] * changes
    if spec.kind == "buttons":
        names = [spec.keys[i % len(spec.keys)] for i in range(changes)]

        def click(name):
            if name.startswith("checkbox:"):
                panel.get_by_label(name.removeprefix("checkbox:")).click()
            else:
                panel.get_by_role("button", name=name).click()

        return [lambda n=n: click(n) for n in names]
    if spec.kind == "type":
        box = panel.locator(spec.target).first
        values = [spec.values[i % len(spec.values)] for i in range(changes)]
        return [("type", v, box) for v in values]
    raise ValueError(f"unknown kind {spec.kind!r} in {spec.name}")


def measure_interaction(page, spec: BrowserReaction, changes: int = 20) -> list[float]:
    """Milliseconds from key press or click to the output drawn, for ``changes`` changes."""
    page.evaluate(INSTALL_JS)
    times = []
    for action in _actions(page, spec, changes):
        if isinstance(action, tuple):  # type a value (untimed), then the timed Enter
            _kind, value, box = action
            box.fill(value)
            times.append(_one_change(page, spec, lambda b=box: b.press("Enter")))
        else:
            times.append(_one_change(page, spec, action))
    return times


def _accept_dialog(page, log) -> None:
    """Accept a dialog JupyterLab may show on opening a lesson (such as choosing the kernel
    on a busy machine), so that Run All can go ahead."""
    dialog = page.locator(".jp-Dialog")
    with contextlib.suppress(PlaywrightError):
        dialog.wait_for(state="visible", timeout=1_000)
    if dialog.count():
        log(f"  (accepted a JupyterLab dialog: {dialog.inner_text()[:120]!r})")
        dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()
        dialog.wait_for(state="detached", timeout=10_000)


def measure(root: Path, notebooks: list[Path], specs: dict[str, list[BrowserReaction]],
            changes: int = 20, log=print) -> dict:  # fmt: skip
    """Open each lesson in JupyterLab, Run All, then time each of its interactions."""
    from playwright.sync_api import sync_playwright

    from tests.browser import conftest as browser
    from tests.browser.pages import (
        VISIBLE_PANEL,
        lesson_expectations,
        open_in_lab,
        run_all,
        wait_rendered,
    )

    chromium = browser.chromium_path()
    if chromium is None:
        raise RuntimeError(
            "Chromium was not found: install Debian's package "
            "(apt-get install -y chromium fonts-dejavu-core) or set HIGM_CHROMIUM"
        )
    results: dict[str, list[dict]] = {}
    with lab_server(root) as url, sync_playwright() as playwright:
        profile = Path(os.environ.get("TMPDIR", "/tmp")) / f"higm-bench-profile-{os.getpid()}"
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=chromium, headless=True, args=browser.CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1000},
        )  # fmt: skip
        context.set_default_timeout(30_000)
        try:
            page = context.new_page()
            for path in notebooks:
                nn = notebook_key(path)
                open_in_lab(page, url, path.name)
                _accept_dialog(page, log)
                run_all(page)
                wait_rendered(page, VISIBLE_PANEL, lesson_expectations(path.name))
                page.wait_for_timeout(500)
                results[nn] = []
                for spec in specs[nn]:
                    ms = measure_interaction(page, spec, changes)
                    results[nn].append({"name": spec.name, "main": spec.main, "ms": ms})
                    log(f"  browser {nn} {spec.name}: median {sorted(ms)[len(ms) // 2]:.0f} ms")
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
    return results
