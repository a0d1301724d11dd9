"""Per-lesson expectations and interaction hooks for the browser tests.

One module per lesson, ``lessonNN.py``, and one per other notebook, named after
it (``instructor_class_summary.py``, ``glossary.py``), each defining ``EXPECT``, a
:class:`LessonExpectations`. Every notebook in notebooks/ must have one: the
browser test fails for a notebook without it. The ``interact`` hook drives at
least one key interaction through the page, the way a learner would, and
asserts that what is shown changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page


@dataclass(frozen=True)
class LessonExpectations:
    widgets: int  # top-level widget outputs (cells tagged interactive or self-check)
    plots: int  # plotly figures on the page after Run All
    interact: Callable[[Page], None]


def expectations() -> dict[str, LessonExpectations]:
    """Lesson number ("00"), or another notebook's name ("glossary"), -> its expectations."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            found[info.name.removeprefix("lesson")] = module.EXPECT
    return found
