"""Estimate how long each lesson takes, from what a learner actually reads and does.

    python tools/lesson_time.py            # a table: stated and measured minutes per lesson
    python tools/lesson_time.py --check    # exit 1 if a stated time is off by more than MARGIN
    python tools/lesson_time.py --write    # restate the times everywhere a lesson states them

The method (documented so anyone can re-run and challenge it):

* **Reading.** Words of core prose at ``WORDS_PER_MINUTE`` (150, a careful pace for technical
  text with new terms, about half of a fluent reader's 250-300). Core prose is every markdown
  cell plus the words of each prompt (question, options, feedback, model answer, which the
  learner reads after answering) and of each answer block still in ``<details>``. Not counted:
  deep dives (``<details class="deep-dive">``, timed apart as optional), the References list,
  HTML tags, code spans, link targets and glossary hover text.
* **Doing.** ``PER_INTERACTIVE`` minutes for each cell tagged ``interactive`` (a widget to
  explore), ``PER_PRACTICE`` for each cell tagged ``practice`` (a faded worked example: read a
  worked problem, fill in one step, then every step, then solve one alone), ``PER_PROMPT`` for
  each prompt (think, answer, rate the model answer),
  ``PER_QUESTION`` for each self-check question and each question of lesson 13's final test
  (as many as an attempt draws), and ``PER_CASE`` for each
  case that lesson 09's questions ask the learner to play (``CASES_ASKED``). A prompt is a
  ``prompt("NN", "id")`` call or, until it is converted, a ``<details>`` answer block.

The constants were set once against an independent review that walked through the course
(05: 55-65 min, 08: 50-60 min, 09: 45-60 min): on the lessons as they stood then, the
measured times landed in those ranges. Lessons have changed since (the treatment lesson gained
its safety section, the self-assessment became a drawn test, lessons were split), so the
ranges are no longer tested.
The stated time (``data/lessons.csv`` and each lesson's "In this lesson" box) is the
measured core time rounded to 5 minutes; tests/test_lesson_time.py holds them together.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from higm_lessons import assessment, prompts, quiz  # noqa: E402
from higm_lessons.course import lessons  # noqa: E402
from higm_lessons.glossary import DEEP_DIVE  # noqa: E402
from tools.link_glossary import ANSWER_BLOCK  # noqa: E402

WORDS_PER_MINUTE = 150
PER_INTERACTIVE = 5.0
PER_PROMPT = 2.5
PER_PRACTICE = 8.0
PER_QUESTION = 1.0
PER_CASE = 4.0
CASES_ASKED = {"09": 3}
"""Lesson 09's case player holds many cases; its Try it questions name three to play."""
MARGIN = 5
"""Stated minutes may differ from the measurement by at most this much (it rounds to 5)."""

INSTRUCTOR = "instructor"
"""The tag of teaching notes: for the instructor, not read by a learner."""
SELF_CHECK = "self-check"
SELF_CHECK_SECTIONS = ("## Check your understanding", "## Key points")
TIMING = "**Timing**"
"""How a teaching note starts its line of minutes per section (tests/test_editions.py)."""
TIMING_LINE = re.compile(r"\*\*Timing\*\* \(\d+ min\): [^\n]*")

PROMPT_CALL = re.compile(r"""\bprompt\(\s*["'](\d\d)["']\s*,\s*["']([^"']+)["']\s*\)""")


@dataclass(frozen=True)
class Timing:
    lesson: str
    core_words: int
    deep_dive_words: int
    interactives: int
    prompts: int
    questions: int
    cases: int
    practices: int = 0

    @property
    def reading(self) -> float:
        return self.core_words / WORDS_PER_MINUTE

    @property
    def doing(self) -> float:
        return (
            PER_INTERACTIVE * self.interactives
            + PER_PROMPT * self.prompts
            + PER_QUESTION * self.questions
            + PER_CASE * self.cases
            + PER_PRACTICE * self.practices
        )

    @property
    def core_minutes(self) -> float:
        return self.reading + self.doing

    @property
    def deep_dive_minutes(self) -> float:
        return self.deep_dive_words / WORDS_PER_MINUTE

    @property
    def stated(self) -> int:
        """The time to state: the core minutes rounded to the nearest 5."""
        return int(5 * round(self.core_minutes / 5))


def words(markdown: str) -> int:
    """Words a learner reads in ``markdown`` (tags, code spans and link targets removed)."""
    text = re.sub(r"`[^`]*`", " ", markdown)
    text = re.sub(r"<abbr title=\"[^\"]*\">", "", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.findall(r"[A-Za-z0-9][\w'’.,/-]*", text))


def _prompt_words(lesson: str, prompt_id: str) -> int:
    item = prompts.get(lesson, prompt_id)
    parts = [item.prompt, *(f"{o.text} {o.feedback}" for o in item.options), item.model_answer]
    return sum(words(p) for p in parts)


def _core_cells(nb) -> list:
    """The cells a learner works through: up to the References, without teaching notes."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## References"):
            break
        if INSTRUCTOR not in cell.metadata.get("tags", []):  # teaching notes: not read
            cells.append(cell)
    return cells


def _count(lesson: str, cells: list, questions: int, cases: int) -> Timing:
    """What a learner reads and does in ``cells`` of ``lesson`` (questions and cases given)."""
    text = "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
    deep = sum(words(m.group(0)) for m in DEEP_DIVE.finditer(text))
    calls = [
        c for cell in cells if cell.cell_type == "code" for c in PROMPT_CALL.findall(cell.source)
    ]
    core = words(DEEP_DIVE.sub(" ", text)) + sum(_prompt_words(*c) for c in calls)
    answers = sum(len(ANSWER_BLOCK.findall(c.source)) for c in cells if c.cell_type == "markdown")
    return Timing(
        lesson,
        core,
        deep,
        sum("interactive" in c.metadata.get("tags", []) for c in cells),
        len(calls) + answers,
        questions,
        cases,
        sum("practice" in c.metadata.get("tags", []) for c in cells),
    )


def _questions(lesson: str) -> tuple[int, int]:
    """Self-check questions of the lesson's bank, and the final test's drawn questions."""
    bank = sum(not q.deep_dive for q in quiz.load_bank(lesson))  # deep dives: optional
    drawn = len(assessment.draw_questions(0)) if lesson == assessment.FINAL else 0
    return bank, drawn


def measure(path: Path) -> Timing:
    """Count what a learner reads and does in the lesson notebook at ``path``."""
    lesson = path.name[:2]
    bank, drawn = _questions(lesson)
    cells = _core_cells(nbformat.read(path, as_version=4))
    return _count(lesson, cells, bank + drawn, CASES_ASKED.get(lesson, 0))


def sections(path: Path) -> list[tuple[str, float]]:
    """The core minutes of each part of the lesson at ``path``, in reading order, as
    (label, minutes): ``§N`` for its numbered section N (the "In this lesson" box counts
    with the first), ``self-check`` for "Check your understanding" and the key points.
    The parts add up to :func:`measure`'s core minutes; a teaching note's ``Timing`` line
    gives them, rounded, and :func:`timing_line` writes it."""
    lesson = path.name[:2]
    bank, drawn = _questions(lesson)
    parts: dict[str, list] = {}
    label = None
    for cell in _core_cells(nbformat.read(path, as_version=4)):
        heading = re.match(r"## (\d+)\.", cell.source) if cell.cell_type == "markdown" else None
        if heading:
            label = f"§{heading.group(1)}"
        elif cell.cell_type == "markdown" and cell.source.startswith(SELF_CHECK_SECTIONS):
            label = SELF_CHECK
        parts.setdefault(label or "§1", []).append(cell)
    minutes = []
    for name, cells in parts.items():
        code = [c.source for c in cells if c.cell_type == "code"]
        questions = bank * any("self-check" in c.metadata.get("tags", []) for c in cells)
        questions += drawn * any("final_test(" in s for s in code)
        cases = CASES_ASKED.get(lesson, 0) * any("case_player(" in s for s in code)
        minutes.append((name, _count(lesson, cells, questions, cases).core_minutes))
    return minutes


def apportion(parts: list[tuple[str, float]], total: int) -> list[tuple[str, int]]:
    """Whole minutes for each part, adding up to ``total`` (largest remainders first)."""
    scale = total / sum(m for _, m in parts)
    exact = [m * scale for _, m in parts]
    whole = [int(x) for x in exact]
    order = sorted(range(len(parts)), key=lambda i: exact[i] - whole[i], reverse=True)
    for i in order[: total - sum(whole)]:
        whole[i] += 1
    return [(name, n) for (name, _), n in zip(parts, whole, strict=True)]


def timing_line(path: Path, total: int) -> str:
    """The ``Timing`` line of a lesson's teaching notes, for its stated ``total`` minutes."""
    parts = " · ".join(f"{name} {n}" for name, n in apportion(sections(path), total))
    return f"{TIMING} ({total} min): {parts}."


def measure_all(folder: Path = ROOT / "notebooks") -> list[Timing]:
    return [measure(p) for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))]


def stated_minutes(timing: Timing) -> int:
    """The time a lesson states: its measured core time rounded to 5 minutes."""
    return int(5 * round(timing.core_minutes / 5))


def restate(root: Path = ROOT) -> dict[str, int]:
    """Write each lesson's measured time into data/lessons.csv, its "In this lesson" box, the
    ``Timing`` line of its teaching notes, the course map of lesson 00 and the README's
    lesson table; return the new times."""
    new = {t.lesson: stated_minutes(t) for t in measure_all(root / "notebooks")}
    table = root / "data" / "lessons.csv"
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([*row[:-1], str(new[row[0]])] if row[0] in new else row)
    table.write_text(out.getvalue(), encoding="utf-8")
    course_map = re.compile(r"(\| (\d\d) · \[[^\n]*?\| )\d+ min \|")
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        timing = timing_line(path, new[path.name[:2]])
        for cell in nb.cells:
            if cell.cell_type == "markdown" and INSTRUCTOR in cell.metadata.get("tags", []):
                cell.source = TIMING_LINE.sub(timing.replace("\\", "\\\\"), cell.source)
            elif cell.cell_type == "markdown":
                cell.source = re.sub(
                    r"\*\*Estimated time:\*\* \d+ minutes",
                    f"**Estimated time:** {new[path.name[:2]]} minutes",
                    cell.source,
                )
                cell.source = course_map.sub(
                    lambda m: f"{m.group(1)}{new[m.group(2)]} min |", cell.source
                )
        nbformat.write(nb, path)
    readme = root / "README.md"
    text = re.sub(
        r"(\| (\d\d) \| \[[^\n]*?\| )\d+ min \|",
        lambda m: f"{m.group(1)}{new[m.group(2)]} min |",
        readme.read_text(encoding="utf-8"),
    )
    readme.write_text(text, encoding="utf-8")
    return new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a stated time is off")
    parser.add_argument("--write", action="store_true", help="restate every lesson's time")
    args = parser.parse_args(argv)
    if args.write:
        print("restated:", restate())
    stated = dict(zip(lessons()["number"], lessons()["minutes"], strict=True))
    print(
        "lesson  stated  measured  (reading + doing)  deep dives  words  widgets prompts quiz cases"
    )
    off = []
    for t in measure_all():
        print(
            f"{t.lesson:>6}  {stated[t.lesson]:>6}  {t.core_minutes:8.0f}  "
            f"({t.reading:4.0f} + {t.doing:4.0f})      {t.deep_dive_minutes:8.0f}  "
            f"{t.core_words:5d}  "
            f"{t.interactives:7d} {t.prompts:7d} {t.questions:4d} {t.cases:5d}"
        )
        if abs(stated[t.lesson] - t.core_minutes) > MARGIN:
            off.append(t.lesson)
    if args.check and off:
        print("stated time off by more than", MARGIN, "minutes:", ", ".join(off))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
