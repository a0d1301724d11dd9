"""``lessons.csv``: the course map."""

from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import LESSON, SLUG, table, text

NAME = "lessons.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "number": text(checks=LESSON),
            "slug": text(checks=SLUG),
            "title": text(),
            "summary": text(),
            "minutes": Column(int, Check.in_range(5, 120)),
        },
        unique=["number"],
    )
