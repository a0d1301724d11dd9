"""Execute a lesson notebook top to bottom in a fresh kernel, as a learner's Run All would.

Progress goes to a throw-away file; the notebook runs in its own folder.
Used by `make snapshot` and `make bench`.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path, timeout: int = 120) -> tuple[nbformat.NotebookNode, float]:
    """Run the notebook at ``path``; return the executed notebook and the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        previous = os.environ.get("HIGM_LESSONS_PROGRESS")
        os.environ["HIGM_LESSONS_PROGRESS"] = str(Path(tmp) / "progress.sqlite")
        try:
            start = time.perf_counter()
            NotebookClient(
                nb,
                kernel_name="python3",
                timeout=timeout,
                resources={"metadata": {"path": str(path.parent)}},
            ).execute()
            seconds = time.perf_counter() - start
        finally:
            if previous is None:
                os.environ.pop("HIGM_LESSONS_PROGRESS", None)
            else:
                os.environ["HIGM_LESSONS_PROGRESS"] = previous
    return nb, seconds
