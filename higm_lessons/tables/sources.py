"""``sources.csv``: the course's one bibliography.

One row, key ``course`` (kind ``course``), is not an external source: it marks the
course's own judgements, rules and software (unit arithmetic, model choices, how
the widgets behave). It has no URL; every other row must have one. Reference lists
show it as a note, not as a numbered entry (see ``higm_lessons.references``).
"""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.checks import line_of
from higm_lessons.tables._columns import SLUG, optional_text, table, text

NAME = "sources.csv"

COURSE_KEY = "course"
"""The pseudo-source for the course's own judgements and software behaviour."""


def schema() -> DataFrameSchema:
    return table(
        {
            "key": text(checks=SLUG),
            "kind": text(
                checks=Check.isin(["article", "book", "web", "guideline", "dataset", "course"])
            ),
            "authors": text(),
            "year": Column(int, Check.in_range(1900, 2100)),
            "title": text(),
            "container": optional_text(),
            "identifier": optional_text(),
            "url": optional_text(checks=Check.str_matches(r"^https://\S+$")),
            "note": optional_text(),
        },
        unique=["key"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Only the ``course`` row is of kind ``course`` and may go without a container or URL."""
    problems = []
    for row, rec in enumerate(frame.itertuples(index=False)):
        is_course = rec.key == COURSE_KEY
        if is_course != (rec.kind == COURSE_KEY):
            problems.append(
                f"{where}, {line_of(row)}: only the row with key 'course' has kind 'course'"
            )
        for column in ("url", "container"):
            if not is_course and not getattr(rec, column):
                problems.append(
                    f"{where}, {line_of(row)}, column {column!r}: "
                    f"an external source needs a {column}"
                )
    return problems
