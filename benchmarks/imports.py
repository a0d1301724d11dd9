"""Import time: what a lesson's first code cell imports, in a fresh Python process, against
importing pandas and plotly in a fresh process (the floor every lesson pays anyway)."""

from __future__ import annotations

import ast
import os
import statistics
import subprocess
import sys
from pathlib import Path

import nbformat

from benchmarks.lessons import notebook_key

BASELINE = "import pandas, plotly.graph_objects"
TIMER = "import time\n_t = time.perf_counter()\n{code}\nprint(repr(time.perf_counter() - _t))\n"


def first_imports(path: Path) -> str:
    """The import statements of the notebook's first code cell."""
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code")
    tree = ast.parse(cell.source)
    lines = [
        ast.get_source_segment(cell.source, node)
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    if not lines:
        raise ValueError(f"the first code cell of {path.name} imports nothing")
    return "\n".join(lines)


def _seconds(code: str, cwd: Path, env: dict) -> float:
    out = subprocess.run(
        [sys.executable, "-c", TIMER.format(code=code)],
        check=True, capture_output=True, text=True, cwd=cwd, env=env,
    )  # fmt: skip
    return float(out.stdout.strip().splitlines()[-1])


def measure(notebooks: list[Path], root: Path, repeats: int = 5) -> dict:
    """Median seconds of the baseline and of each lesson's first import (fresh processes,
    interleaved so that a busy spell on the machine hits all alike)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    codes = {notebook_key(path): first_imports(path) for path in notebooks}
    cwd = notebooks[0].parent
    for code in [BASELINE, *codes.values()]:  # compile and cache bytecode first, untimed
        _seconds(code, cwd, env)
    base: list[float] = []
    lessons: dict[str, list[float]] = {nn: [] for nn in codes}
    for _ in range(repeats):
        base.append(_seconds(BASELINE, cwd, env))
        for nn, code in codes.items():
            lessons[nn].append(_seconds(code, cwd, env))
    return {
        "baseline_s": statistics.median(base),
        "baseline_runs": base,
        "lessons": {
            nn: {"code": codes[nn], "s": statistics.median(runs), "runs": runs}
            for nn, runs in lessons.items()
        },
    }
