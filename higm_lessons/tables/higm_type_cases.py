"""``higm_type_cases.csv``: short cases for lesson 03's "which type is this?" exercise."""

from pandera.pandas import Check, DataFrameSchema

from higm_lessons.tables._columns import source, table, text

NAME = "higm_type_cases.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "case": text(checks=Check.str_matches(r"^[a-z0-9]+(-[a-z0-9]+)*$")),
            "vignette": text(),
            "answer": text(checks=Check.str_matches(r"^[A-Za-z0-9-]+$")),
            "explanation": text(),
            "source": source(),
        },
        unique=["case"],
    )
