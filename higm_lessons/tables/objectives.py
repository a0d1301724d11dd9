"""``objectives.csv``: each lesson's objectives, as listed in its "In this lesson" box."""

import pandas as pd
from pandera.pandas import Check, DataFrameSchema

from higm_lessons.tables._columns import LESSON, source, table, text

NAME = "objectives.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "id": text(checks=Check.str_matches(r"^\d\d-[1-9]$")),
            "lesson": text(checks=LESSON),
            "text": text(checks=Check.str_length(10, 300)),
            "source": source(),
        },
        unique=["id"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """An objective's id opens with its lesson's number."""
    return [
        f"{where}: objective {row.id} must open with its lesson number {row.lesson}"
        for row in frame.itertuples()
        if not row.id.startswith(f"{row.lesson}-")
    ]
