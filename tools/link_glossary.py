"""Link the first use of each abbreviation in every lesson to the course glossary.

    python tools/link_glossary.py          # rewrite the lessons in notebooks/
    python tools/link_glossary.py --check  # exit 1, listing lessons that are out of date

The definitions live only in ``data/glossary.csv``. In each lesson the first use of an
abbreviation in prose (not in headings, code, links' targets or italic gene symbols) becomes
``<abbr title="term: definition">ABBR</abbr>``, so it shows its meaning on hover. Earlier
links are rebuilt from the glossary each run: rerunning changes nothing, and an edited
definition reaches every lesson. Markdown cells holding a ``<details>`` answer are left alone;
deep dives (``<details class="deep-dive">``) link their own first uses. Teaching notes (cells
tagged ``instructor``) are left alone too: the student edition drops them, so a first use
linked in a note would leave the learner's first use unlinked.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from higm_lessons.glossary import link_first_uses  # noqa: E402

INSTRUCTOR = "instructor"
"""The tag of teaching notes (tools/editions.py removes them from the student edition)."""
ANSWER_BLOCK = re.compile(r"<details(?![^>]*\bclass=\"deep-dive\")")
"""A ``<details>`` block that is not a deep dive: an answer, which the tool leaves alone."""


def has_answer_block(markdown: str) -> bool:
    """Whether ``markdown`` holds a ``<details>`` answer (deep dives do not count)."""
    return ANSWER_BLOCK.search(markdown) is not None


def lesson_paths(folder: Path) -> list[Path]:
    """The notebooks whose abbreviations are linked: the lessons (``NN_name.ipynb``, in course
    order) and the instructors' notebooks; not the glossary page itself."""
    return sorted(p for p in folder.glob("*.ipynb") if p.name != "glossary.ipynb")


def _changes(nb) -> list[tuple[nbformat.NotebookNode, str]]:
    """(cell, new source) for each markdown cell whose links are out of date."""
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    sources: list[str | None] = [
        None if has_answer_block(c.source) or INSTRUCTOR in c.metadata.get("tags", []) else c.source
        for c in markdown
    ]
    return [
        (cell, new)
        for cell, new in zip(markdown, link_first_uses(sources), strict=True)
        if new is not None and new != cell.source
    ]


def relink(path: Path, *, write: bool = True) -> bool:
    """Relink one lesson (in place when ``write``); return whether it was out of date."""
    nb = nbformat.read(path, as_version=4)
    changes = _changes(nb)
    for cell, new in changes:
        cell.source = new
    if changes and write:
        nbformat.write(nb, path)
    return bool(changes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, do not write")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    args = parser.parse_args(argv)
    stale = []
    for path in lesson_paths(args.notebooks):
        if relink(path, write=not args.check):
            if args.check:
                stale.append(path.name)
            else:
                print(f"relinked {path.name}")
    if stale:
        print("out of date (run tools/link_glossary.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
