"""Lesson 05 benchmarks: the four widgets, and carrier_risks on a 20-person pedigree."""

from __future__ import annotations

import time
from collections.abc import Callable


def _builder() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson05 import pedigree_builder

    w = pedigree_builder().inner
    w.person.value = "4"
    for _ in range(6):
        w.add_son.click()  # a bigger family (13 people) to time against

    def toggle_status():
        w.person.value = "9"
        w.affected.value = None if w.affected.value is False else False

    def toggle_mode():
        w.mode.value = "autosomal" if w.mode.value == "x-linked" else "x-linked"

    def add_and_remove():
        w.person.value = "7"
        if len(w.people) < 15:
            w.add_daughter.click()
        else:
            w.person.value = w.people[-1]["id"]
            w.remove.click()

    def woman():
        w.woman.value = "2" if w.woman.value != "2" else "4"

    return [toggle_status, toggle_mode, add_and_remove, woman]


def _mystery() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson05 import mystery_widget

    w = mystery_widget().inner

    def commit():
        if w.bar.commit_button.disabled:  # already committed: a new try
            w.bar.again_button.click()
        w.guess.value = "x-linked"
        w.bar.confidence.value = "think so"
        w.bar.commit_button.click()

    return [w.next.click, commit]


def _isolated() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson05 import isolated_case_widget

    w = isolated_case_widget().inner
    values = iter([1, 2, 3, 4, 0] * 100)
    ratios = iter([2.0, 5.0, 10.0, 1.0] * 100)
    return [
        lambda: setattr(w.brothers, "value", next(values)),
        lambda: setattr(w.ratio, "value", next(ratios)),
    ]


def _flow() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson05 import flow_widget

    w = flow_widget().inner
    shares = iter([0.1, 0.3, 0.7, 0.95, 0.5] * 100)
    return [lambda: setattr(w.share, "value", next(shares))]


WIDGETS: list[tuple[str, Callable[[], list[Callable[[], None]]]]] = [
    ("lesson 05 pedigree builder: status, mode, add, woman", _builder),
    ("lesson 05 mystery: new family, commit", _mystery),
    ("lesson 05 isolated case: brothers, mutation ratio", _isolated),
    ("lesson 05 flow cytometry: X-inactivation share", _flow),
]


def twenty_people() -> list[dict]:
    """Four generations, 20 people, with a first-cousin union (one loop)."""

    def p(i, f, m, s, a=None):
        return {"id": i, "father": f, "mother": m, "sex": s, "affected": a}

    rows = [
        p("1", None, None, "M", False), p("2", None, None, "F"), p("3", "1", "2", "F"),
        p("4", None, None, "M", False), p("5", "1", "2", "M", True), p("6", "1", "2", "F"),
        p("7", None, None, "M", False), p("8", "4", "3", "M", False), p("9", "4", "3", "F"),
        p("10", "7", "6", "M"), p("11", "7", "6", "F", False), p("12", None, None, "F", False),
        p("13", "10", "9", "M", True), p("14", "10", "9", "F"), p("15", "10", "9", "M", False),
        p("16", None, None, "M", False), p("17", "16", "11", "M", True), p("18", "16", "11", "F"),
        p("19", "8", "12", "F"), p("20", "8", "12", "M", False),
    ]  # fmt: skip
    return rows


def extra() -> list[tuple[str, str, str, bool]]:
    from higm_lessons.inheritance import carrier_risks

    rows = twenty_people()
    out = []
    for mode in ("x-linked", "autosomal"):
        carrier_risks(rows, mode)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            carrier_risks(rows, mode)
            times.append(time.perf_counter() - start)
        worst = max(times)
        out.append(
            (f"carrier_risks, 20 people with a loop ({mode})", f"{1000 * worst:.1f} ms",
             "< 500 ms", worst < 0.5)
        )  # fmt: skip
    return out
