"""Lesson 08 benchmarks: the replacement simulator, the least-drug exercise, transplant outcomes."""

from __future__ import annotations

import time
from collections.abc import Callable


def _simulator_dose() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson08 import replacement_simulator

    dose = replacement_simulator().inner.dose
    return [lambda v=v: setattr(dose, "value", v) for v in (425, 450, 475, 500, 525, 400)]


def _simulator_route() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson08 import replacement_simulator

    route = replacement_simulator().inner.route
    return [lambda v=v: setattr(route, "value", v) for v in ("sc", "iv")]


def _simulator_half_life() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson08 import replacement_simulator

    half_life = replacement_simulator().inner.half_life
    return [lambda v=v: setattr(half_life, "value", v) for v in (18, 25, 30, 21)]


def _simulator_weight() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson08 import replacement_simulator

    weight = replacement_simulator().inner.weight
    return [lambda v=v: setattr(weight, "value", v) for v in (25, 30, 35, 20)]


def _challenge_dose() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson08 import schedule_challenge

    dose = schedule_challenge().inner.dose
    return [lambda v=v: setattr(dose, "value", v) for v in (600, 700, 800, 500)]


def _challenge_commit() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson08 import schedule_challenge

    challenge = schedule_challenge().inner

    def commit() -> None:
        if challenge.bar.commit_button.disabled:
            challenge.bar.again()
        challenge.bar.confidence.value = "think so"
        challenge.bar.commit()  # record, judge, show the verdict and the least-drug table

    return [commit]


def _transplant_choice() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson08 import transplant_outcomes

    choice = transplant_outcomes().inner.choice
    return [lambda v=v: setattr(choice, "value", v) for v in (1, 2, 3, 0)]


WIDGETS: list[tuple[str, Callable[[], list[Callable[[], None]]]]] = [
    ("lesson 08 simulator: dose", _simulator_dose),
    ("lesson 08 simulator: route (IV/SC)", _simulator_route),
    ("lesson 08 simulator: half-life", _simulator_half_life),
    ("lesson 08 simulator: body weight", _simulator_weight),
    ("lesson 08 exercise: dose", _challenge_dose),
    ("lesson 08 exercise: commit my schedule", _challenge_commit),
    ("lesson 08 transplant outcomes: choose a figure", _transplant_choice),
]


def extra() -> list[tuple[str, str, str, bool]]:
    """igg_levels over 10 years, sampled hourly (87,600 days' points)."""
    import numpy as np

    from higm_lessons.treatment import igg_levels

    days = np.arange(0, 3650, 1 / 24)
    start = time.perf_counter()
    for _ in range(5):
        igg_levels(days, dose_mg_per_kg=400, interval_days=28)
    ms = 1000 * (time.perf_counter() - start) / 5
    return [("igg_levels, 87,600 time points", f"{ms:.1f} ms", "< 100 ms", ms < 100)]
