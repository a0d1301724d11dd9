"""Accessibility audits with axe-core, run inside the page under test.

axe-core is vendored (``tests/browser/vendor/axe.min.js``, version ``AXE_VERSION``, under
the Mozilla Public License 2.0 beside it), so nothing is downloaded when the tests run.
The audit uses the WCAG 2.0 and 2.1 level A and AA rules. Serious and critical
violations fail the test that audits; moderate and minor ones are written, with every
other finding, to ``build/a11y/`` (one JSON file per notebook, view and stage, and
``build/a11y/report.json`` adding them up) so they are listed, not hidden.

Scope: in Voila the whole page is the lesson. In JupyterLab only the notebook's own
content is audited (rendered Markdown and cell outputs): JupyterLab's chrome (menus,
side bars, toolbars, the code editors and prompts) is JupyterLab's to fix, out of scope.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VENDOR = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
REPORT_DIR = ROOT / "build" / "a11y"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")

VOILA_SCOPE: dict[str, Any] = {"include": ["body"]}
LAB_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
LAB_SCOPE: dict[str, Any] = {
    "include": [f"{LAB_PANEL} .jp-RenderedMarkdown", f"{LAB_PANEL} .jp-OutputArea-output"],
}

RUN_JS = """async ([context, tags]) => {
  const result = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                        resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                              summary: (n.failureSummary || '').slice(0, 500)})),
  }));
}"""


def axe_source() -> str:
    """The vendored axe-core script, checked against its pinned hash."""
    source = VENDOR.read_bytes()
    digest = hashlib.sha256(source).hexdigest()
    if digest != AXE_SHA256:
        raise RuntimeError(f"{VENDOR} is not axe-core {AXE_VERSION} (sha256 {digest})")
    return source.decode()


def scope_for(page) -> dict[str, Any]:
    """What to audit on this page: all of a Voila page, a JupyterLab notebook's content."""
    return VOILA_SCOPE if "/voila/" in page.url else LAB_SCOPE


def run_axe(page, context: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds on ``page`` (in ``context``)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(RUN_JS, [context or scope_for(page), TAGS])


def counts(violations: list[dict[str, Any]]) -> dict[str, int]:
    """Failing elements (nodes) by impact, every impact listed."""
    found = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        found[violation["impact"] or "minor"] += len(violation["nodes"])
    return found


def _write_summary() -> None:
    """``report.json``: every audit written so far, with the totals by impact."""
    audits = []
    for path in sorted(REPORT_DIR.glob("*/*.json")):
        audits.append(json.loads(path.read_text()))
    totals = dict.fromkeys(IMPACTS, 0)
    for audit in audits:
        for impact, number in audit["counts"].items():
            totals[impact] += number
    listed = [
        {"notebook": a["notebook"], "view": a["view"], "stage": a["stage"], **v}
        for a in audits
        for v in a["violations"]
        if v["impact"] not in FAILING
    ]
    summary = {"axe": AXE_VERSION, "tags": TAGS, "totals": totals, "not_failing": listed}
    (REPORT_DIR / "report.json").write_text(json.dumps(summary, indent=1))


def record(notebook: str, view: str, stage: str, violations: list[dict[str, Any]]) -> Path:
    """Write one audit to ``build/a11y/<view>/<notebook>-<stage>.json`` and refresh the
    summary (under a lock: parallel test workers write here too)."""
    folder = REPORT_DIR / view
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{Path(notebook).stem}-{stage}.json"
    audit = {
        "notebook": notebook,
        "view": view,
        "stage": stage,
        "counts": counts(violations),
        "violations": violations,
    }
    path.write_text(json.dumps(audit, indent=1))
    with (REPORT_DIR / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _write_summary()
    return path


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"- {v['impact']} {v['id']} ({v['help']}): "
        + "; ".join(f"{n['target']} -> {n['summary'][:200]}" for n in v["nodes"][:5])
        for v in violations
    )


SETTLED_JS = """(quiet) => {
  if (!document.querySelector('.higm-panel')) return true;
  const layer = window.__higmAccessibility;
  return Boolean(layer && layer.runs > 0 && !layer.pending
                 && performance.now() - layer.changed > quiet);
}"""
QUIET_MS = 500
"""The page counts as drawn when nothing in it has changed for this long: widgets still
being drawn while axe-core walks the page would be audited half-made."""


def wait_for_accessibility_layer(page, timeout: float = 30_000) -> None:
    """Wait until the page has stopped changing and the course's accessibility layer
    (widgets/accessibility.js) has named its controls and figures since the last change. On
    a loaded machine anywidget may start the layer a few seconds after the page is drawn,
    and Voila may still be drawing widgets; auditing then would test a page no learner
    meets."""
    try:
        page.wait_for_function(SETTLED_JS, arg=QUIET_MS, timeout=timeout)
    except Exception as error:
        raise AssertionError(
            f"the page did not settle, or the course's accessibility layer did not start, "
            f"within {timeout / 1000:.0f} s"
        ) from error


def audit(page, notebook: str, stage: str) -> list[dict[str, Any]]:
    """Audit ``page`` once the accessibility layer has settled, record the result, and fail
    on any serious or critical violation. Returns the moderate and minor ones (recorded in
    the report)."""
    view = "voila" if "/voila/" in page.url else "lab"
    wait_for_accessibility_layer(page)
    violations = run_axe(page)
    record(notebook, view, stage, violations)
    failing = [v for v in violations if v["impact"] in FAILING]
    assert not failing, (
        f"axe-core {AXE_VERSION}: serious or critical WCAG 2.1 A/AA violations in {notebook} "
        f"({view}, {stage}):\n{describe(failing)}"
    )
    return [v for v in violations if v["impact"] not in FAILING]
