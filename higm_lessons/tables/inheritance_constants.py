"""``inheritance_constants.csv``: sourced numbers used by the inheritance lessons (04-05)."""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import SLUG, optional_text, source, table, text

NAME = "inheritance_constants.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "key": text(checks=SLUG),
            "value": Column(float, Check.gt(0)),
            "unit": text(),
            "description": text(),
            "source": source(),
            "note": optional_text(),
        },
        unique=["key"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Fractions lie between 0 and 1."""
    from higm_lessons.checks import line_of

    return [
        f"{where}, {line_of(row)}: {key} is a fraction but {value:g} is above 1"
        for row, (key, unit, value) in enumerate(
            zip(frame["key"], frame["unit"], frame["value"], strict=True)
        )
        if unit.startswith("fraction") and value > 1
    ]
