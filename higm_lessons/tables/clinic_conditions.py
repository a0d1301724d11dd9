"""``clinic_conditions.csv``: how the virtual clinic generates each hidden condition.

One row per condition code of :mod:`higm_lessons.diagnosis`: the ages (days) by which
5% and 95% of patients present (age is drawn from a log-normal distribution through
them, and never below an age at which the condition's base rate is 0), whether a
live vaccine harms such a patient, and whether immunoglobulin replacement is indicated.
"""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.checks import line_of
from higm_lessons.tables._columns import boolean, optional_text, source, table, text

NAME = "clinic_conditions.csv"
BOOLEANS = ["live_vaccine_harm", "replacement_indicated"]


def schema() -> DataFrameSchema:
    return table(
        {
            "condition": text(checks=Check.str_matches(r"^[A-Z][A-Z0-9_]*$")),
            "age_p05_days": Column(int, Check.ge(1)),
            "age_p95_days": Column(int, Check.le(43829)),
            "live_vaccine_harm": boolean(),
            "replacement_indicated": boolean(),
            "source": source(),
            "note": optional_text(),
        },
        unique=["condition"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Each age range is not empty."""
    return [
        f"{where}, {line_of(row)}: age_p05_days ({low}) must be below age_p95_days ({high})"
        for row, (low, high) in enumerate(
            zip(frame["age_p05_days"], frame["age_p95_days"], strict=True)
        )
        if low >= high
    ]
