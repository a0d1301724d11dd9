"""Computation budgets: simulate_families against bare numpy, carrier_risks on 20 people,
generating and checking a practice problem."""

from __future__ import annotations

import time
from collections.abc import Callable

FAMILIES, CHILDREN = 1_000_000, 4
BITS_PER_CHILD = 2  # sex and the mother's copy (carrier mother, X-linked)


def _best(action: Callable[[], object], repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def simulate() -> dict:
    """simulate_families for 1,000,000 families of 4 and bare numpy drawing the same bits."""
    import numpy as np

    from higm_lessons.inheritance import simulate_families

    rng = np.random.default_rng(2024)
    ours = _best(
        lambda: simulate_families(
            "x-linked", "carrier", "non-carrier", families=FAMILIES, children=CHILDREN, seed=rng
        )
    )
    # Bare numpy drawing the same random bits, one draw per bit (sex and maternal copy).
    per_bit = _best(
        lambda: rng.integers(0, 2, size=(FAMILIES, CHILDREN, BITS_PER_CHILD), dtype=np.uint8)
    )
    return {"simulate_s": ours, "numpy_s": per_bit, "ratio": ours / per_bit}


def twenty_people() -> list[dict]:
    """Four generations, 20 people, with a first-cousin union (one loop)."""

    def p(i, f, m, s, a=None):
        return {"id": i, "father": f, "mother": m, "sex": s, "affected": a}

    return [
        p("1", None, None, "M", False), p("2", None, None, "F"), p("3", "1", "2", "F"),
        p("4", None, None, "M", False), p("5", "1", "2", "M", True), p("6", "1", "2", "F"),
        p("7", None, None, "M", False), p("8", "4", "3", "M", False), p("9", "4", "3", "F"),
        p("10", "7", "6", "M"), p("11", "7", "6", "F", False), p("12", None, None, "F", False),
        p("13", "10", "9", "M", True), p("14", "10", "9", "F"), p("15", "10", "9", "M", False),
        p("16", None, None, "M", False), p("17", "16", "11", "M", True), p("18", "16", "11", "F"),
        p("19", "8", "12", "F"), p("20", "8", "12", "M", False),
    ]  # fmt: skip


def carrier_risks() -> dict:
    """The slowest of 5 runs of carrier_risks on twenty_people(), per mode (after a warm-up)."""
    from higm_lessons.inheritance import carrier_risks as risks

    rows = twenty_people()
    out = {}
    for mode in ("x-linked", "autosomal"):
        risks(rows, mode)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            risks(rows, mode)
            times.append(time.perf_counter() - start)
        out[mode] = max(times)
    return out


def practice(seeds: int = 10) -> dict:
    """Per problem kind, the median time (s) to generate a problem and check a response, over
    every level and ``seeds`` seeds, after one warm-up that loads the tables."""
    import statistics

    from higm_lessons import practice as pr

    def once(kind: str, level: int, seed: int) -> float:
        start = time.perf_counter()
        problem = pr.generate(kind, seed=seed, level=level)
        response = problem.distractors[0].value if problem.distractors else problem.answer
        pr.check(problem, response)
        return time.perf_counter() - start

    out = {}
    for kind in pr.KINDS:
        once(kind, 1, 0)
        times = [once(kind, level, seed) for level in pr.LEVELS for seed in range(seeds)]
        out[kind] = {"median_s": statistics.median(times), "max_s": max(times)}
    return out
