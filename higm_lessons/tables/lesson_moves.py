"""``lesson_moves.csv``: how lessons and their items were renumbered, step by step."""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import LESSON, source, table, text

NAME = "lesson_moves.csv"
ITEM = Check.str_matches(r"^(\*|[A-Za-z0-9:_.-]+)$")


def schema() -> DataFrameSchema:
    return table(
        {
            "step": Column(int, Check.ge(1)),
            "from_lesson": text(checks=LESSON),
            "from_item": text(checks=ITEM),
            "to_lesson": text(checks=LESSON),
            "to_item": text(checks=ITEM),
            "source": source(),
        },
        unique=["step", "from_lesson", "from_item"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """A whole-lesson row (``*``) moves to ``*``; an item row names both items; steps count
    up from 1 without gaps."""
    problems = [
        f"{where}: step {row.step} {row.from_lesson} {row.from_item}: use * on both sides "
        "for a whole lesson, or name both items"
        for row in frame.itertuples()
        if (row.from_item == "*") != (row.to_item == "*")
    ]
    steps = sorted(set(frame["step"]))
    if steps and steps != list(range(1, steps[-1] + 1)):
        problems.append(f"{where}: steps must count up from 1 without gaps, not {steps}")
    return problems
