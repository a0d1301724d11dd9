"""Test-wide set-up, for unit, hygiene, notebook (nbval) and browser tests alike.

* Progress is written to a throw-away file, never to the learner's home folder;
  kernels started by nbval and by the browser tests inherit this.
* Notebooks are committed without outputs, so nbval has nothing to compare for
  cells marked ``# NBVAL_CHECK_OUTPUT``. Their expected outputs are kept,
  reviewed, in ``tests/expected_outputs/<notebook>.json`` (made by
  ``make snapshot``) and handed to nbval here, so nbval compares them as usual.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent
EXPECTED = ROOT / "tests" / "expected_outputs"
_SESSION_TMP = Path(tempfile.mkdtemp(prefix="higm-tests-"))


def pytest_configure(config):
    os.environ["HIGM_LESSONS_PROGRESS"] = str(_SESSION_TMP / "progress.sqlite")
    os.environ.pop("HIGM_LESSONS_DATA", None)


def pytest_unconfigure(config):
    shutil.rmtree(_SESSION_TMP, ignore_errors=True)


def expected_outputs(notebook: str) -> dict:
    """Expected outputs of the checked cells of one notebook, keyed by cell id."""
    path = EXPECTED / f"{notebook}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        if type(item).__name__ != "IPyNbCell" or not item.options.get("check"):
            continue
        expected = expected_outputs(Path(str(item.fspath)).stem)
        cell_id = item.cell.get("id")
        # A checked cell without a snapshot compares against nothing and fails,
        # showing the output to review and store with `make snapshot`.
        outputs = expected.get(cell_id, [])
        item.cell.outputs = [nbformat.from_dict(o) for o in outputs]
        item.cell.execution_count = 1
