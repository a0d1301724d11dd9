"""Lesson 09 benchmarks: the final test and the instructors' class summary."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _final_answer() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson09 import final_test

    final = final_test().inner
    item = final.items[final.index]
    confidence = iter(["sure", "think so", "guessing"] * 100)
    # each change saves the attempt's state in the progress store
    return [lambda: setattr(item.confidence, "value", next(confidence))]


def _final_navigate() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson09 import final_test

    final = final_test().inner
    return [final.next_button.click, final.previous_button.click]


def _class_learners() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson09 import class_summary_panel

    slider = class_summary_panel().inner.learners
    # New values each time: every action writes, reads and summarises a new example class.
    values = iter(range(4, 41))
    return [lambda: setattr(slider, "value", next(values, 12))]


WIDGETS: list[tuple[str, Callable[[], list[Callable[[], None]]]]] = [
    ("lesson 09 final test: save an answer's confidence", _final_answer),
    ("lesson 09 final test: next / previous", _final_navigate),
    ("lesson 09 class summary: a new example class", _class_learners),
]


def extra() -> list[tuple[str, str, str, bool]]:
    """class_summary on 100 learners' example exports (plus the 4 problem files)."""
    from higm_lessons.assessment import example_exports
    from higm_lessons.classroom import class_summary

    with tempfile.TemporaryDirectory() as folder:
        paths = example_exports(Path(folder), learners=100, seed=1)
        start = time.perf_counter()
        class_summary(paths)
        seconds = time.perf_counter() - start
    return [("class_summary, 104 export files", f"{seconds:.3f} s", "< 1 s", seconds < 1)]
