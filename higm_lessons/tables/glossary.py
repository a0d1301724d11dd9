"""``glossary.csv``: every abbreviation the lessons use, with a short plain-words definition."""

import pandas as pd
from pandera.pandas import Check, DataFrameSchema

from higm_lessons.tables._columns import LESSON, source, table, text

NAME = "glossary.csv"
MAX_DEFINITION = 200
"""A definition is read in a hover box: one or two sentences."""


def schema() -> DataFrameSchema:
    return table(
        {
            "abbreviation": text(checks=Check.str_matches(r"^[A-Z][A-Za-z0-9-]*[A-Z0-9]$")),
            "term": text(),
            "definition": text(checks=Check.str_length(20, MAX_DEFINITION)),
            "lesson": text(checks=LESSON),
            "source": source(),
        },
        unique=["abbreviation"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """A definition does not lean on quotation marks (they would end an HTML title)."""
    return [
        f"{where}: {row.abbreviation}: the term and definition must not contain '\"'"
        for row in frame.itertuples()
        if '"' in row.term or '"' in row.definition
    ]
