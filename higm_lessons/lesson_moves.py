"""Saved progress follows lessons when they are renumbered or split.

``data/lesson_moves.csv`` records each renumbering as a *step*: a row
``step,from_lesson,*,to_lesson,*`` moves a whole lesson (its items ``NN-...`` become
``MM-...``); a row naming ``from_item`` and ``to_item`` moves one item (a prompt, a
question) to another lesson, and wins over its lesson's whole-lesson row. A saved record
(lesson, item) made before step *k* is carried through every later step in order, so moves
chain: a lesson split in step 1 and shifted in step 2 ends up where it now is.

The progress store records the last step it has applied (and an export says which step
it was written at), so applying the moves again changes nothing. Item ids inside a saved
response (the final test keeps the ids of the questions it drew) are renamed too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from higm_lessons import checks
from higm_lessons.data import load_table

_ITEM = re.compile(r"^(\d\d)-")


@dataclass(frozen=True)
class Step:
    """One renumbering: whole-lesson moves and single-item moves."""

    lessons: dict[str, str]
    items: dict[str, tuple[str, str, str]]
    """from_item -> (from_lesson, to_lesson, to_item)."""

    def item(self, item: str) -> str:
        if item in self.items:
            return self.items[item][2]
        match = _ITEM.match(item)
        if match and match[1] in self.lessons:
            return self.lessons[match[1]] + item[2:]
        return item

    def lesson(self, lesson: str, item: str) -> str:
        moved = self.items.get(item)
        if moved and moved[0] == lesson:
            return moved[1]
        return self.lessons.get(lesson, lesson)


@functools.cache
def steps() -> tuple[Step, ...]:
    """Every step of ``data/lesson_moves.csv``, oldest first."""
    table = load_table("lesson_moves.csv")
    out = []
    for number in sorted(set(table["step"])):
        rows = table[table["step"] == number]
        whole = rows[rows["from_item"] == "*"]
        single = rows[rows["from_item"] != "*"]
        out.append(
            Step(
                dict(zip(whole["from_lesson"], whole["to_lesson"], strict=True)),
                {
                    r.from_item: (r.from_lesson, r.to_lesson, r.to_item)
                    for r in single.itertuples()
                },
            )
        )
    return tuple(out)


def latest_step() -> int:
    """The number of the last step: what a store or export written now is up to date with."""
    return len(steps())


def _since(since: int) -> tuple[Step, ...]:
    if isinstance(since, bool) or not isinstance(since, int):
        raise TypeError(f"since must be a step number (int), not {since!r}")
    if not 0 <= since <= latest_step():
        raise ValueError(f"since must be between 0 and {latest_step()}, not {since}")
    return steps()[since:]


def move(lesson: str, item: str, since: int = 0) -> tuple[str, str]:
    """Where a record saved under ``lesson`` and ``item`` after step ``since`` belongs now."""
    checks.text("lesson", lesson)
    checks.text("item", item)
    for step in _since(since):
        lesson, item = step.lesson(lesson, item), step.item(item)
    return lesson, item


def move_value(value: Any, since: int = 0) -> Any:
    """A saved response (any JSON value) with every item id in it renamed."""
    todo = _since(since)

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            for step in todo:
                node = step.item(node)
            return node
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, dict):
            return {walk(k): walk(v) for k, v in node.items()}
        return node

    return walk(value)
