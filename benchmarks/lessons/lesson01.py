"""Lesson 01 benchmarks: every control of the explorer, the comparison and the HIGM toggle."""

from __future__ import annotations

from collections.abc import Callable


def _cycle(control, values) -> list[Callable[[], None]]:
    """One action per value, each a real change of ``control``."""
    return [lambda v=v: setattr(control, "value", v) for v in values]


def _explorer() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson01 import class_explorer

    control = class_explorer().inner.control
    return _cycle(control, ["IgM", "IgA", "IgE", "IgD", "IgG"] * 2)


def _compare_metric() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson01 import class_comparison

    control = class_comparison().inner.metric
    return _cycle(control, ["serum share", "half-life"] * 5)


def _compare_highlight() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson01 import class_comparison

    control = class_comparison().inner.highlight
    return _cycle(control, ["IgA", "IgM", "IgE", "IgD", "IgG"] * 2)


def _pattern() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson01 import pattern_toggle

    control = pattern_toggle().inner.control
    return _cycle(control, ["HIGM", "healthy"] * 5)


def _quiz() -> list[Callable[[], None]]:
    from higm_lessons.widgets.quiz import quiz

    question = quiz("01").questions[0]
    question.control.value = question.question.answer
    question.confidence.value = "sure"
    return [question._on_check]


WIDGETS: list[tuple[str, Callable[[], list[Callable[[], None]]]]] = [
    ("lesson 01 class explorer: choose a class", _explorer),
    ("lesson 01 comparison: switch metric", _compare_metric),
    ("lesson 01 comparison: mark a class", _compare_highlight),
    ("lesson 01 healthy/HIGM toggle", _pattern),
    ("lesson 01 self-check: check an answer (and save it)", _quiz),
]
