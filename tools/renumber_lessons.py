"""Renumber lessons: rename every file keyed by a lesson number and rewrite every reference.

    python tools/renumber_lessons.py 10:11 11:12 12:13          # make room for a new lesson 10
    python tools/renumber_lessons.py --dry-run 10:11 11:12 12:13  # list what would change

Each ``OLD:NEW`` pair moves a whole lesson. All pairs are applied at once (so ``06:07 07:08``
moves two lessons without the first move catching the second). The tool

* renames, with ``git mv`` so history follows, the notebook ``notebooks/OLD_slug.ipynb``, its
  prompts ``data/prompts/lesson_OLD.toml``, question bank ``data/questions/lesson_OLD.toml``,
  expected outputs ``tests/expected_outputs/OLD_slug.json``, benchmark
  ``benchmarks/lessons/lessonOLD.py`` and browser hook ``tests/browser/lessons/lessonOLD.py``;
* rewrites references in every tracked text file: ``"OLD"`` and ``'OLD'`` (a lesson key),
  ``"OLD-...`` (an item, prompt, question or objective id), ``Lesson OLD`` / ``lesson OLD``,
  ``lesson_OLD`` / ``lessonOLD``, ``OLD_slug`` and the number column of the course maps
  (lesson 00 and the README); and the lesson columns of
  ``data/lessons.csv``, ``data/objectives.csv``, ``data/glossary.csv`` and ``data/facts.csv``;
* appends one step to ``data/lesson_moves.csv`` (``OLD,*,NEW,*``: every item of the lesson
  moves with it), which the progress store applies to saved progress and to imported exports,
  so learners keep what they did.

It leaves alone ``CHANGELOG.md`` (history), ``data/sources.csv``, ``data/lesson_moves.csv``
and ``tests/fixtures`` (files written by older versions, which must stay old). Prose that
names a range ("lessons 00 to 08") and integer lesson numbers in code are not rewritten:
``grep -rn`` for them afterwards (CONTRIBUTING.md, "Adding, splitting or moving a lesson").
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SKIP = (
    "CHANGELOG.md",
    "tools/renumber_lessons.py",
    "tests/test_renumber_lessons.py",
    "data/sources.csv", "data/lesson_moves.csv", "tests/fixtures/")
TEXT_SUFFIXES = {".py", ".toml", ".md", ".ipynb", ".json", ".csv", ".cfg", ".txt", ".yml", ""}
CSV_COLUMNS = {
    "data/lessons.csv": ("number",),
    "data/objectives.csv": ("id", "lesson"),
    "data/glossary.csv": ("lesson",),
    "data/facts.csv": ("lesson",),
}
MOVES = "data/lesson_moves.csv"
MOVE_FIELDS = ("step", "from_lesson", "from_item", "to_lesson", "to_item", "source")


def parse_moves(pairs: list[str]) -> dict[str, str]:
    """``["06:07", "07:08"]`` -> ``{"06": "07", "07": "08"}``; two-digit numbers, no clashes."""
    if not isinstance(pairs, list) or not pairs:
        raise ValueError("pairs must be a non-empty list of OLD:NEW lesson numbers")
    moves: dict[str, str] = {}
    for pair in pairs:
        match = re.fullmatch(r"(\d\d):(\d\d)", str(pair).strip())
        if not match or match[1] == match[2]:
            raise ValueError(f"pairs must look like 06:07 (two different numbers), not {pair!r}")
        if match[1] in moves:
            raise ValueError(f"pairs move lesson {match[1]} twice")
        moves[match[1]] = match[2]
    targets = list(moves.values())
    if len(set(targets)) != len(targets):
        raise ValueError(f"pairs move two lessons to the same number: {targets}")
    return moves


def _slugs(root: Path) -> dict[str, str]:
    with open(root / "data" / "lessons.csv", encoding="utf-8", newline="") as handle:
        return {row["number"]: row["slug"] for row in csv.DictReader(handle)}


def _check_targets(moves: dict[str, str], slugs: dict[str, str]) -> None:
    for old, new in moves.items():
        if old not in slugs:
            raise ValueError(f"pairs: there is no lesson {old} to move")
        if new in slugs and new not in moves:
            raise ValueError(f"pairs: lesson {new} exists and does not move away")


def rewrite_text(text: str, moves: dict[str, str], slugs: dict[str, str]) -> str:
    """Every reference to a moved lesson's number in ``text``, rewritten in one pass."""
    olds = "|".join(sorted(moves))
    slug_names = "|".join(re.escape(slugs[o]) for o in sorted(moves) if o in slugs)
    patterns = [
        rf"(?P<q>[\"'`])(?P<n>{olds})(?=[\"'`-])",
        rf"(?P<q>\b(?:[Ll]essons? |lesson_|lesson))(?P<n>{olds})(?!\d)",
        rf"(?P<q>(?m:^)\| )(?P<n>{olds})(?= · | \|)",  # a row of a course map
    ]
    if slug_names:
        patterns.append(rf"(?P<q>(?<![\w]))(?P<n>{olds})(?=_(?:{slug_names})\b)")
    pattern = re.compile("|".join(f"(?:{p})" for p in _renamed_groups(patterns)))

    def replace(match: re.Match[str]) -> str:
        for i in range(len(patterns)):
            if match.group(f"n{i}") is not None:
                return match.group(f"q{i}") + moves[match.group(f"n{i}")]
        return match.group(0)  # pragma: no cover - every alternative has a number group

    return pattern.sub(replace, text)


def _renamed_groups(patterns: list[str]) -> list[str]:
    return [p.replace("?P<q>", f"?P<q{i}>").replace("?P<n>", f"?P<n{i}>") for i, p in
            enumerate(patterns)]


def rewrite_csv(text: str, columns: tuple[str, ...], moves: dict[str, str]) -> str:
    """Rewrite the lesson numbers (or ``NN-k`` ids) in ``columns``; other rows stay byte-equal."""
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    index = [header.index(c) for c in columns]
    out = [lines[0]]
    for line in lines[1:]:
        row = next(csv.reader([line]), [])
        changed = False
        for i in index:
            if i < len(row):
                number, sep, rest = row[i].partition("-")
                if number in moves:
                    row[i] = moves[number] + sep + rest
                    changed = True
        if changed:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(row)
            line = buffer.getvalue()
        out.append(line)
    return "".join(out)


def _renames(moves: dict[str, str], slugs: dict[str, str]) -> list[tuple[str, str]]:
    pairs = []
    for old, new in moves.items():
        slug = slugs[old]
        for pattern in (
            "notebooks/{n}_{s}.ipynb",
            "data/prompts/lesson_{n}.toml",
            "data/questions/lesson_{n}.toml",
            "tests/expected_outputs/{n}_{s}.json",
            "benchmarks/lessons/lesson{n}.py",
            "tests/browser/lessons/lesson{n}.py",
        ):
            pairs.append((pattern.format(n=old, s=slug), pattern.format(n=new, s=slug)))
    return pairs


def _tracked(root: Path) -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=root, check=True, capture_output=True, text=True)
    return [p for p in out.stdout.splitlines() if not p.startswith(SKIP)]


def append_moves(root: Path, moves: dict[str, str]) -> int:
    """Append ``OLD,*,NEW,*`` rows as one new step of ``data/lesson_moves.csv``; its number."""
    path = root / MOVES
    with open(path, encoding="utf-8", newline="") as handle:
        steps = [int(row["step"]) for row in csv.DictReader(handle)]
    step = max(steps, default=0) + 1
    with open(path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for old, new in sorted(moves.items()):
            writer.writerow([step, old, "*", new, "*", "course"])
    return step


def renumber(moves: dict[str, str], root: Path = ROOT, *, dry_run: bool = False) -> list[str]:
    """Apply ``moves`` to the repository at ``root``; the list of files changed or renamed."""
    slugs = _slugs(root)
    _check_targets(moves, slugs)
    changed = []
    for path in _tracked(root):
        file = root / path
        if not file.is_file() or file.suffix not in TEXT_SUFFIXES:
            continue
        text = file.read_text(encoding="utf-8")
        if file.suffix == ".ipynb":
            new = _rewrite_notebook(text, moves, slugs)
        else:
            new = rewrite_text(text, moves, slugs)
        if path in CSV_COLUMNS:
            new = rewrite_csv(new, CSV_COLUMNS[path], moves)
        if new != text:
            changed.append(path)
            if not dry_run:
                file.write_text(new, encoding="utf-8")
    renames = [(a, b) for a, b in _renames(moves, slugs) if (root / a).exists()]
    changed += [f"{a} -> {b}" for a, b in renames]
    if not dry_run:
        for a, _ in renames:  # through a temporary name, so 06->07 and 07->08 never collide
            subprocess.run(["git", "mv", a, a + ".moving"], cwd=root, check=True)
        for a, b in renames:
            subprocess.run(["git", "mv", a + ".moving", b], cwd=root, check=True)
        _sort_lessons(root)
        append_moves(root, moves)
    return changed


def _rewrite_notebook(text: str, moves: dict[str, str], slugs: dict[str, str]) -> str:
    """A notebook's cell sources rewritten (its JSON escapes quotes, so read it first)."""
    notebook = nbformat.reads(text, as_version=4)
    for cell in notebook.cells:
        cell.source = rewrite_text(cell.source, moves, slugs)
    new = nbformat.writes(notebook) + "\n"
    return text if nbformat.reads(new, as_version=4) == nbformat.reads(text, as_version=4) else new


def _sort_lessons(root: Path) -> None:
    path = root / "data" / "lessons.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + "".join(sorted(lines[1:])), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", help="OLD:NEW lesson numbers, e.g. 10:11")
    parser.add_argument("--dry-run", action="store_true", help="list changes, write nothing")
    args = parser.parse_args(argv)
    try:
        changed = renumber(parse_moves(args.pairs), dry_run=args.dry_run)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(changed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
