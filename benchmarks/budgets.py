"""The speed budgets of the course (COURSE_DESIGN §6) and the check that enforces them.

A measurement is a :class:`Figure`: a name, a value in a unit, and optionally the
budget it must stay under (``limit``, with ``strict`` meaning "<" rather than "<=").
Figures without a limit are reported for information only. ``make bench`` exits
non-zero when :func:`over_budget` returns anything.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass

# COURSE_DESIGN §6, "Speed" and "Browser speed"
IMPORT_ADDED_S = 0.5  # a lesson's first import adds < 0.5 s to importing pandas and plotly
LESSON_RUN_S = 10.0  # each lesson top to bottom < 10 s
COURSE_RUN_S = 60.0  # the whole course < 60 s
KERNEL_REACTION_MS = 50.0  # control change -> widget state serialised and sent, median < 50 ms
BROWSER_P50_MS = 100.0  # key press or click -> output DOM changed, p50 <= 100 ms
BROWSER_P95_MS = 250.0  # ... p95 <= 250 ms
SIMULATE_RATIO = 3.0  # simulate_families(1e6 x 4) within 3x bare numpy drawing the same bits
CARRIER_RISKS_S = 0.5  # carrier_risks on a 20-person pedigree < 0.5 s
PRACTICE_MS = 50.0  # generating and checking a practice problem < 50 ms (issue 14)
CLINIC_ACTION_MS = 50.0  # a new clinic patient and each clinic action < 50 ms (issue 15)


@dataclass(frozen=True)
class Figure:
    section: str
    name: str
    value: float
    unit: str
    limit: float | None = None
    strict: bool = True  # True: value < limit; False: value <= limit
    note: str = ""

    @property
    def checked(self) -> bool:
        return self.limit is not None

    @property
    def ok(self) -> bool:
        if self.limit is None:
            return True
        if self.value != self.value:  # NaN: a measurement that failed is over budget
            return False
        return self.value < self.limit if self.strict else self.value <= self.limit

    def budget_text(self) -> str:
        if self.limit is None:
            return "-"
        return f"{'<' if self.strict else '<='} {self.limit:g} {self.unit}"

    def as_dict(self) -> dict:
        return {**asdict(self), "budget": self.budget_text(), "ok": self.ok}


def over_budget(figures: list[Figure]) -> list[Figure]:
    """The figures that exceed their budget (an empty list means within budget)."""
    return [f for f in figures if not f.ok]


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values``, linear between order statistics."""
    if not values:
        raise ValueError("values must not be empty")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be from 0 to 100, not {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: list[float]) -> float:
    if not values:
        raise ValueError("values must not be empty")
    return statistics.median(values)
