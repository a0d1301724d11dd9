"""Lesson 06 benchmarks: the lab panel reacting to a value, a unit and the age."""

from __future__ import annotations

from collections.abc import Callable


def _panel_value() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson06 import lab_panel

    box = lab_panel().inner.values["IgG"]
    return [lambda v=v: setattr(box, "value", v) for v in ("300", "60", "900", "8")]


def _panel_unit() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson06 import lab_panel

    unit = lab_panel().inner.units["IgM"]
    return [lambda u=u: setattr(unit, "value", u) for u in ("mg/dL", "g/L")]


def _panel_age() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson06 import lab_panel

    age = lab_panel().inner.age
    return [lambda a=a: setattr(age, "value", a) for a in (3, 10, 18, 30)]


WIDGETS: list[tuple[str, Callable[[], list[Callable[[], None]]]]] = [
    ("lesson 06 lab panel: type a value", _panel_value),
    ("lesson 06 lab panel: change a unit", _panel_unit),
    ("lesson 06 lab panel: change the age", _panel_age),
]


def extra() -> list[tuple[str, str, str, bool]]:
    """interpret() of a full nine-analyte panel, median of 50 runs."""
    import statistics
    import time

    from higm_lessons.labs import interpret

    panel = {
        "IgG": 60,
        "IgA": 4,
        "IgM": "3.1 g/L",
        "IgE": 5,
        "CD3": 3400,
        "CD4": 2300,
        "CD8": 1000,
        "CD19": 1100,
        "ANC": 0.9,
    }
    interpret(panel, age_years=0.84, sex="M")
    times = []
    for _ in range(50):
        start = time.perf_counter()
        interpret(panel, age_years=0.84, sex="M")
        times.append(1000 * (time.perf_counter() - start))
    median = statistics.median(times)
    return [
        ("lesson 06 interpret(): nine-analyte panel", f"{median:.1f} ms", "< 50 ms", median < 50)
    ]
