"""Lesson 02 benchmarks: every control of the IgG curve, and predict-then-reveal."""

from __future__ import annotations

from collections.abc import Callable


def _curve():
    from higm_lessons.widgets.lesson02 import igg_explorer

    return igg_explorer().inner


def _cycle(control, values) -> list[Callable[[], None]]:
    return [lambda v=v: setattr(control, "value", v) for v in values]


def _maternal() -> list[Callable[[], None]]:
    return _cycle(_curve().maternal, [900, 1100, 1300, 1500, 700, 1226] * 2)


def _half_life() -> list[Callable[[], None]]:
    return _cycle(_curve().half_life, [25, 30, 18, 14, 35, 21] * 2)


def _switching() -> list[Callable[[], None]]:
    return _cycle(_curve().switching, [False, True] * 5)


def _preterm() -> list[Callable[[], None]]:
    return _cycle(_curve().preterm, [True, False] * 5)


def _predict() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson02 import predict_onset

    inner = predict_onset().inner
    actions = []
    for months in (3.0, 6.0, 12.0, 1.0, 9.0):
        actions.append(
            lambda m=months: (setattr(inner.prediction, "value", m), inner.reveal_answer())
        )
        actions.append(inner.hide)
    return actions


def _quiz() -> list[Callable[[], None]]:
    from higm_lessons.widgets.quiz import quiz

    question = quiz("02").questions[0]
    question.control.value = question.question.answer
    question.confidence.value = "sure"
    return [question._on_check]


WIDGETS: list[tuple[str, Callable[[], list[Callable[[], None]]]]] = [
    ("lesson 02 IgG curve: maternal IgG slider", _maternal),
    ("lesson 02 IgG curve: half-life slider", _half_life),
    ("lesson 02 IgG curve: class switching on/off", _switching),
    ("lesson 02 IgG curve: preterm on/off", _preterm),
    ("lesson 02 predict: commit and reveal / hide", _predict),
    ("lesson 02 self-check: check an answer (and save it)", _quiz),
]
