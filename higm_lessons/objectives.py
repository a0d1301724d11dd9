"""The lessons' objectives (``data/objectives.csv``) and the objective tags of items.

Every question (``data/questions/*.toml``) and prompt (``data/prompts/*.toml``)
names the objectives it tests in ``objectives = ["04-2", ...]``. An objective id
is the lesson number and the objective's place in that lesson's "In this lesson"
list. A tag must name an objective in the table; an item of a lesson may test an
objective of its own lesson or an earlier one, never a later one (the final test,
lesson 12, may test any lesson). Mastery per objective is estimated from these tags
(:func:`higm_lessons.review.mastery`).
"""

from __future__ import annotations

import pandas as pd

from higm_lessons.data import load_table


def objectives() -> pd.DataFrame:
    """The objectives, one row each: ``id``, ``lesson``, ``text``, ``source``."""
    return load_table("objectives.csv")


def tag_problems(tags: tuple[str, ...], lesson: str) -> list[str]:
    """What is wrong with an item's objective tags (an empty list when nothing is).

    ``lesson`` is the item's lesson: a tag may name an objective of that lesson or
    an earlier one.
    """
    known = dict(zip(objectives()["id"], objectives()["lesson"], strict=True))
    problems = []
    if len(set(tags)) != len(tags):
        problems.append(f"objectives {list(tags)} name an objective twice")
    for tag in tags:
        if tag not in known:
            problems.append(f"objective {tag!r} is not in objectives.csv")
        elif known[tag] > lesson:
            problems.append(f"objective {tag!r} belongs to a later lesson than {lesson}")
    return problems
