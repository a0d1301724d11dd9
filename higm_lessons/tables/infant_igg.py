"""``infant_igg.csv``: the parameters of the infant IgG model in lesson 02.

``kind`` says whether a value is a published figure or a calibration of the
course's own model (checked against the sources named in its row).
``widget_min``/``widget_max`` bound what the lesson 02 controls let a learner try.
"""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import source, table, text

NAME = "infant_igg.csv"
PARAMETERS = [
    "maternal_igg_term",
    "maternal_igg_preterm",
    "igg_half_life",
    "own_plateau",
    "own_half_time",
    "own_steepness",
]


def schema() -> DataFrameSchema:
    return table(
        {
            "parameter": text(checks=Check.isin(PARAMETERS)),
            "value": Column(float, Check.gt(0)),
            "unit": text(checks=Check.isin(["mg/dL", "days", "1"])),
            "kind": text(checks=Check.isin(["published", "calibrated"])),
            "widget_min": Column(float, Check.gt(0), nullable=True),
            "widget_max": Column(float, Check.gt(0), nullable=True),
            "source": source(),
            "note": text(),
        },
        unique=["parameter"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Every parameter once; a value lies inside its widget range where one is given."""
    problems = []
    missing = set(PARAMETERS) - set(frame["parameter"])
    if missing:
        problems.append(f"{where}: parameters missing: {sorted(missing)}")
    for name, value, low, high in zip(
        frame["parameter"], frame["value"], frame["widget_min"], frame["widget_max"], strict=True
    ):
        if pd.isna(low) != pd.isna(high):
            problems.append(f"{where}: {name} needs both widget_min and widget_max, or neither")
        elif not pd.isna(low) and not low <= value <= high:
            problems.append(f"{where}: {name} value {value:g} outside [{low:g}, {high:g}]")
    return problems
