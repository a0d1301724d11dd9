"""Lesson 04 benchmarks: the Punnett square, the family simulator, and simulate_families speed."""

from __future__ import annotations

import time
from collections.abc import Callable

BITS_PER_CHILD = 2  # sex and the mother's copy (carrier mother, X-linked)
FAMILIES, CHILDREN = 1_000_000, 4


def _punnett() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson04 import punnett_widget

    w = punnett_widget().inner
    mothers = ["non-carrier", "affected", "carrier"]
    return [
        (lambda m=m: setattr(w.parents.mother, "value", m)) for m in mothers
    ] + [lambda: setattr(w.parents.mode, "value", "autosomal"),
         lambda: setattr(w.parents.mode, "value", "x-linked")]  # fmt: skip


def _simulator() -> list[Callable[[], None]]:
    from higm_lessons.widgets.lesson04 import family_simulator

    w = family_simulator(families=FAMILIES).inner
    seeds = iter(range(100, 10_000))
    return [lambda: setattr(w.seed, "value", next(seeds))]


WIDGETS: list[tuple[str, Callable[[], list[Callable[[], None]]]]] = [
    ("lesson 04 Punnett square: change a parent or mode", _punnett),
    ("lesson 04 simulator: new seed, 1,000,000 families", _simulator),
]


def _best(action: Callable[[], object], repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def extra() -> list[tuple[str, str, str, bool]]:
    """simulate_families for 1,000,000 families of 4 against bare numpy drawing the same bits."""
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
    # The strictest reference: the same number of bits as raw 64-bit words.
    words = FAMILIES * CHILDREN * BITS_PER_CHILD // 64
    raw = _best(lambda: rng.integers(0, 2**64, size=words, dtype=np.uint64))
    ratio = ours / per_bit
    return [
        ("simulate_families 1e6 families x 4 children", f"{1000 * ours:.1f} ms", "-", True),
        ("  ratio to bare numpy, one draw per bit", f"{ratio:.2f}x", "< 3x", ratio < 3),
        ("  ratio to raw 64-bit words (information)", f"{ours / raw:.1f}x", "-", True),
    ]
