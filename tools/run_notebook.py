"""Execute a lesson notebook top to bottom in a fresh kernel, as a learner's Run All would.

Progress goes to a throw-away file; the notebook runs in its own folder.
Used by `make snapshot`, `make bench` and `make book`.
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
    return execute_notebook(nbformat.read(path, as_version=4), path.parent, timeout)


def execute_notebook(
    nb: nbformat.NotebookNode, folder: Path, timeout: int = 120
) -> tuple[nbformat.NotebookNode, float]:
    """Run ``nb`` (already read) in ``folder``; return it executed and the seconds it took.

    The widgets' final state is kept in the notebook's metadata (nbclient's default),
    which is what a static page needs to draw them.
    """
    with tempfile.TemporaryDirectory() as tmp:
        previous = os.environ.get("HIGM_LESSONS_PROGRESS")
        os.environ["HIGM_LESSONS_PROGRESS"] = str(Path(tmp) / "progress.sqlite")
        try:
            start = time.perf_counter()
            NotebookClient(
                nb,
                kernel_name="python3",
                timeout=timeout,
                resources={"metadata": {"path": str(folder)}},
            ).execute()
            seconds = time.perf_counter() - start
        finally:
            if previous is None:
                os.environ.pop("HIGM_LESSONS_PROGRESS", None)
            else:
                os.environ["HIGM_LESSONS_PROGRESS"] = previous
    return nb, seconds
