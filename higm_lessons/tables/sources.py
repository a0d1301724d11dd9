"""``sources.csv``: the course's one bibliography."""

from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import SLUG, optional_text, table, text

NAME = "sources.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "key": text(checks=SLUG),
            "kind": text(checks=Check.isin(["article", "book", "web", "guideline", "dataset"])),
            "authors": text(),
            "year": Column(int, Check.in_range(1900, 2100)),
            "title": text(),
            "container": text(),
            "identifier": optional_text(),
            "url": text(checks=Check.str_matches(r"^https://\S+$")),
            "note": optional_text(),
        },
        unique=["key"],
    )
