"""``facts.csv``: every number quoted in lesson prose, with its source."""

from pandera.pandas import DataFrameSchema

from higm_lessons.tables._columns import LESSON, optional_text, source, table, text

NAME = "facts.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "lesson": text(checks=LESSON),
            "quote": text(),
            "source": source(),
            "note": optional_text(),
        },
        unique=["lesson", "quote"],
    )
