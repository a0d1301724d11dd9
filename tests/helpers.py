"""Helpers shared by the widget tests: what a page shows, and a fresh progress store per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest

from higm_lessons.progress import PROGRESS_ENV
from higm_lessons.widgets import common


def state_text(widget: w.Widget) -> str:
    """Every string in the synced state of ``widget`` and all the widgets inside it: what a
    browser (and anyone reading the page's DOM or widget messages) can see."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, w.Widget):
            for name in value.keys:
                walk(getattr(value, name))
        elif isinstance(value, str):
            found.append(value)
        elif isinstance(value, list | tuple):
            for entry in value:
                walk(entry)
        elif isinstance(value, dict):
            for entry in value.values():
                walk(entry)

    walk(widget)
    return "\n".join(found)


def fresh_progress(monkeypatch: pytest.MonkeyPatch, path: Path) -> Iterator[Path]:
    """Point the progress store at ``path`` with no store left open by another test; for an
    autouse fixture to ``yield from``."""
    monkeypatch.setenv(PROGRESS_ENV, str(path))
    common._STORES.clear()
    yield path
    common._STORES.clear()
