"""The course map: which lessons exist, their titles and notebook paths.

Run ``python -m higm_lessons.course notebook NN`` to print a lesson's notebook
path (used by ``make present``); it exits with status 2 and a list of lessons
when NN is unknown.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from higm_lessons.data import load_table

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def lessons() -> pd.DataFrame:
    """One row per lesson: number, slug, title, summary, minutes, notebook, available."""
    table = load_table("lessons.csv")
    table["notebook"] = [
        f"{n}_{s}.ipynb" for n, s in zip(table["number"], table["slug"], strict=True)
    ]
    table["available"] = [(NOTEBOOK_DIR / nb).exists() for nb in table["notebook"]]
    return table


def notebook_for(lesson: str | int) -> Path:
    """Path of a lesson's notebook; ``lesson`` is its number, as ``"04"``, ``"4"`` or ``4``."""
    if isinstance(lesson, bool) or not isinstance(lesson, str | int):
        raise TypeError(f"lesson must be a lesson number such as '04', not {lesson!r}")
    text = str(lesson).strip()
    table = lessons()
    available = table[table["available"]]
    if not text.isdigit() or f"{int(text):02d}" not in set(table["number"]):
        raise ValueError(f"lesson must be one of {list(available['number'])}, not {lesson!r}")
    row = table[table["number"] == f"{int(text):02d}"].iloc[0]
    if not row["available"]:
        raise ValueError(
            f"lesson {row['number']} ({row['title']}) is coming soon; "
            f"available lessons: {list(available['number'])}"
        )
    return NOTEBOOK_DIR / row["notebook"]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "notebook":
        print("usage: python -m higm_lessons.course notebook NN", file=sys.stderr)
        return 2
    try:
        path = notebook_for(args[1])
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
