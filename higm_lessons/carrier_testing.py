"""Carrier testing by CD40L flow cytometry, and why X-inactivation matters.

Each T cell of a woman uses only one of her two X chromosomes (X-inactivation
picks one at random early in development and daughter cells keep the choice).
In a carrier, cells using the working X can show CD40L after activation; cells
using the variant X cannot. The share of activated CD4 T cells with CD40L is
therefore a mixture of the control and the patient figures, weighted by the
share of cells using the working X (sourced figures in
``data/inheritance_constants.csv``). The fluorescence values drawn here are
an illustration in arbitrary units, not a laboratory's scale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from higm_lessons import checks
from higm_lessons.data import load_table

PEOPLE = ("control", "carrier", "patient")
# Illustrative log10 fluorescence (arbitrary units) of CD40L-negative and -positive cells.
NEGATIVE_MEAN, POSITIVE_MEAN, SPREAD, GATE = 1.0, 3.0, 0.35, 2.0


def constants() -> dict[str, float]:
    """The sourced numbers of the inheritance lessons, by key."""
    table = load_table("inheritance_constants.csv")
    return dict(zip(table["key"], table["value"].astype(float), strict=True))


def _share(value: object, name: str) -> float:
    return checks.probability(name, value)


def expected_positive_share(person: str, working_x_share: float = 0.5) -> float:
    """Expected share of activated CD4 T cells with CD40L.

    ``person``: "control", "carrier" or "patient" (a boy with X-linked HIGM).
    For a carrier, ``working_x_share`` is the share of her T cells using the X
    with the working gene (0.5 with balanced X-inactivation).
    """
    if person not in PEOPLE:
        raise ValueError(f"person must be one of {list(PEOPLE)}, not {person!r}")
    w = _share(working_x_share, "working_x_share")
    c = constants()
    control, patient = c["cd40l_positive_control"], c["cd40l_positive_patient"]
    if person == "control":
        return control
    if person == "patient":
        return patient
    return w * control + (1 - w) * patient


def simulate_flow(
    person: str, *, working_x_share: float = 0.5, cells: int = 5000, seed: int = 0
) -> pd.DataFrame:
    """Simulated CD40L fluorescence of activated CD4 T cells: one row per cell.

    Columns ``cd40l`` (log10 fluorescence, arbitrary units) and ``positive``
    (above the gate). Reproducible for a given ``seed``.
    """
    p = expected_positive_share(person, working_x_share)
    cells = checks.whole("cells", cells, low=100, high=10**6)
    rng = checks.generator(checks.seed(seed))
    expresses = rng.random(cells) < p
    values = rng.normal(np.where(expresses, POSITIVE_MEAN, NEGATIVE_MEAN), SPREAD)
    return pd.DataFrame({"cd40l": values, "positive": values > GATE})


def patients_with_normal_staining() -> tuple[float, float]:
    """Range of the share of boys with X-linked HIGM whose CD40L staining looks normal.

    The laboratory figure is the share with absent or markedly reduced staining
    (80-90%, ``data/inheritance_constants.csv``); the rest stain normally, often with a
    protein that binds the antibody but not CD40. Returned as ``(low, high)``, for example
    ``(0.1, 0.2)``: a normal staining result does not exclude X-linked HIGM.
    """
    c = constants()
    low, high = c["cd40l_staining_abnormal_low"], c["cd40l_staining_abnormal_high"]
    if not 0 < low <= high < 1:
        raise ValueError(f"staining constants must satisfy 0 < low <= high < 1, not {low}, {high}")
    return round(1 - high, 10), round(1 - low, 10)
