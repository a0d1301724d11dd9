"""Lesson 00 benchmarks: the check widget and a self-check answer."""

from __future__ import annotations

from collections.abc import Callable


def _lesson00_check() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson00 import check_widget

    control = check_widget().inner.control
    options = list(control.options)

    def choose(value):
        return lambda: setattr(control, "value", value)

    # Step through the classes so every action is a real change.
    return [choose(options[i % len(options)]) for i in range(1, len(options) + 1)]


def _lesson00_quiz() -> list[Callable[[], None]]:
    from higm_lessons.widgets.quiz import quiz

    question = quiz("00").questions[0]
    question.control.value = question.question.answer
    question.confidence.value = "sure"
    return [question._on_check]


WIDGETS: list[tuple[str, Callable[[], list[Callable[[], None]]]]] = [
    ("lesson 00 check widget: choose a class", _lesson00_check),
    ("lesson 00 self-check: check an answer (and save it)", _lesson00_quiz),
]
