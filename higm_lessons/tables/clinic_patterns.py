"""``clinic_patterns.csv``: what a generated patient with each condition shows.

One row per condition, finding and value, with the probability that a patient with
the condition has that value. Lab findings (analytes of :mod:`higm_lessons.labs`)
take a category (``absent``, ``very_low``, ``low``, ``normal``, ``high``, placed
against the patient's age band); the other findings take the values the
differential accepts (``yes``/``no`` for the yes-or-no findings). A finding a
condition has no rows for is normal, present or absent as in a healthy child. The
probabilities of one condition's finding add up to 1.
"""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import optional_text, source, table, text

NAME = "clinic_patterns.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "condition": text(checks=Check.str_matches(r"^[A-Z][A-Z0-9_]*$")),
            "finding": text(checks=Check.str_matches(r"^[A-Za-z0-9_]+$")),
            "value": text(checks=Check.str_matches(r"^[A-Za-z0-9_]+$")),
            "probability": Column(float, [Check.gt(0), Check.le(1)]),
            "source": source(),
            "note": optional_text(),
        },
        unique=["condition", "finding", "value"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Each condition's finding has probabilities that add up to 1."""
    totals = frame.groupby(["condition", "finding"], sort=False)["probability"].sum()
    return [
        f"{where}: the probabilities of {condition} {finding} add up to {total:g}, not 1"
        for (condition, finding), total in totals.items()
        if abs(total - 1) > 1e-9
    ]
