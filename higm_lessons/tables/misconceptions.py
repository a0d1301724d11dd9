"""``misconceptions.csv``: the course's one vocabulary of named misconceptions.

Each row names a likely error (``name``, starting with a verb in the past tense,
so feedback can say "the answer you get if you <name>"), explains it to the
learner, and names the step of the calculation where it happens.
"""

import pandas as pd
from pandera.pandas import Check, DataFrameSchema

from higm_lessons.tables._columns import source, table, text

NAME = "misconceptions.csv"
ID = Check.str_matches(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_NAME = 80
MAX_EXPLANATION = 400


def schema() -> DataFrameSchema:
    return table(
        {
            "id": text(checks=ID),
            "name": text(checks=Check.str_length(5, MAX_NAME)),
            "explanation": text(checks=Check.str_length(40, MAX_EXPLANATION)),
            "step": text(checks=Check.str_length(3, 80)),
            "source": source(),
        },
        unique=["id"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Names are unique and start with a capital letter; an explanation ends a sentence."""
    problems = []
    seen: dict[str, int] = {}
    for row, item in enumerate(frame.itertuples()):
        line = f"{where}, line {row + 2} (data row {row + 1})"
        if item.name in seen:
            problems.append(f"{line}, column 'name': duplicate name {item.name!r} (must be unique)")
        seen[item.name] = row
        if not item.name[0].isupper():
            problems.append(f"{line}, column 'name': must start with a capital letter")
        if not item.explanation.rstrip().endswith((".", ")")):
            problems.append(f"{line}, column 'explanation': must end with a full stop")
    return problems
