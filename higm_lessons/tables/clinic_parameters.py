"""``clinic_parameters.csv``: the numbers behind the virtual clinic's patients and rules.

One row per named parameter with its unit and source; most are the course's own
estimates (source ``course``). Fractions and probabilities lie between 0 and 1.
"""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.checks import line_of
from higm_lessons.tables._columns import SLUG, optional_text, source, table, text

NAME = "clinic_parameters.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "parameter": text(checks=SLUG),
            "value": Column(float, Check.ge(0)),
            "unit": text(),
            "source": source(),
            "note": optional_text(),
        },
        unique=["parameter"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Fractions and probabilities lie between 0 and 1."""
    return [
        f"{where}, {line_of(row)}: {name} is a {unit} but {value:g} is above 1"
        for row, (name, unit, value) in enumerate(
            zip(frame["parameter"], frame["unit"], frame["value"], strict=True)
        )
        if unit in ("fraction", "probability") and value > 1
    ]
