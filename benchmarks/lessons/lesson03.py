"""Lesson 03 benchmarks: knockout, the types-table filters and the "which type?" commits."""

from __future__ import annotations

from collections.abc import Callable


def _cycle(control, values) -> list[Callable[[], None]]:
    return [lambda v=v: setattr(control, "value", v) for v in values]


def _knockout() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson03 import knockout_explorer

    control = knockout_explorer().inner.control
    return _cycle(control, ["CD40LG", "CD40", "IKBKG", "AICDA", "UNG", "none"] * 2)


def _filters() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson03 import types_explorer

    inner = types_explorer().inner
    return (
        _cycle(inner.inheritance, ["X-linked", "autosomal recessive", "any"])
        + _cycle(inner.infections, ["yes", "no", "any"])
        + _cycle(inner.hyperplasia, ["yes", "any"])
        + _cycle(inner.classic, [True, False])
    )


def _which_type() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson03 import which_type

    inner = which_type().inner
    actions: list[Callable[[], None]] = []

    def commit(index: int) -> None:
        row = inner.rows[index]
        if row.bar.attempt is not None:
            row.bar.again()
        row.answer.value = "HIGM2"
        row.bar.confidence.value = "think so"
        row.bar.commit()

    for index in range(5):
        actions.append(lambda i=index: commit(i))
    actions.append(inner.new_set)
    return actions


def _quiz() -> list[Callable[[], None]]:
    from higm_lessons.widgets.quiz import quiz

    question = quiz("03").questions[0]
    question.control.value = question.question.answer
    question.confidence.value = "sure"
    return [question._on_check]


WIDGETS: list[tuple[str, Callable[[], list[Callable[[], None]]]]] = [
    ("lesson 03 knockout: choose a step", _knockout),
    ("lesson 03 types table: change a filter", _filters),
    ("lesson 03 which type: commit an answer (and save it) / draw a fresh set", _which_type),
    ("lesson 03 self-check: check an answer (and save it)", _quiz),
]
