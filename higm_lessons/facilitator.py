"""Facilitator guides: how to teach each lesson in a 50-minute class (``data/facilitator/``).

One TOML file per lesson, ``data/facilitator/<slug>.toml`` (the lesson's slug in
``data/lessons.csv``), holds its guide:

* ``goals``: what the class should leave able to do (two to four sentences);
* ``run_sheet``: the 50 minutes, as ``[[run_sheet]]`` rows of ``minutes``, ``phase``
  (one of :data:`PHASES`; every guide frames, pairs, debriefs and ends on its exit
  ticket) and ``activity``;
* ``misconceptions``: two or three ``[[misconceptions]]`` rows, each an ``id`` of
  ``data/misconceptions.csv``, the ``preset`` (``widget.name`` in
  ``data/presets.toml``) that exposes it, and ``surface``, how to bring it out;
* ``prompts``: ``[[prompts]]`` rows of ``kind`` (``pair`` or ``discussion``) and ``text``;
* ``exit_ticket``: the ``id`` of a question of the lesson's own bank
  (``data/questions/``), with its answer shown to the instructor;
* ``troubleshooting``: optional lesson-specific ``[[troubleshooting]]`` rows
  (``problem``, ``fix``), after the course-wide ones of ``data/facilitator/common.toml``.

Medical content belongs in the lessons' sourced data, not here: a guide names the
misconceptions, presets and questions it uses by id, so their sourced text is shown.
:func:`guide_markdown` renders a guide for the instructor edition (make editions);
:func:`guide_page` as a printable HTML page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mistune

from higm_lessons.data import DataError, cached, data_files, data_path, load_table, load_toml
from higm_lessons.practice import misconceptions
from higm_lessons.presets import Preset, for_lesson, presets
from higm_lessons.quiz import Question, all_questions

_MARKDOWN = mistune.create_markdown(escape=True, plugins=["table"])
FOLDER = "facilitator"
COMMON = "common.toml"
CLASS_MINUTES = 50
PHASES = ("frame", "demo", "pair", "solo", "debrief", "exit-ticket")
REQUIRED_PHASES = ("frame", "pair", "debrief", "exit-ticket")
PROMPT_KINDS = ("pair", "discussion")
KEYS = {"lesson", "goals", "run_sheet", "misconceptions", "prompts", "exit_ticket",
        "troubleshooting"}  # fmt: skip


@dataclass(frozen=True)
class Step:
    minutes: int
    phase: str
    activity: str


@dataclass(frozen=True)
class Surfacing:
    """A misconception to surface, the preset that exposes it and how."""

    id: str
    preset: str
    surface: str


@dataclass(frozen=True)
class Guide:
    lesson: str
    number: str
    title: str
    goals: tuple[str, ...]
    run_sheet: tuple[Step, ...]
    misconceptions: tuple[Surfacing, ...]
    prompts: tuple[tuple[str, str], ...]
    exit_ticket: str
    troubleshooting: tuple[tuple[str, str], ...]


def _text(where: str, value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where}: {name} must be non-empty text")
    return value.strip()


def _rows(where: str, raw: dict[str, Any], key: str, fields: tuple[str, ...]) -> list[dict]:
    rows = raw.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise DataError(f"{where}: {key} must be a list of [[{key}]] tables")
    for n, row in enumerate(rows, start=1):
        if set(row) != set(fields):
            raise DataError(f"{where}: [[{key}]] number {n} needs exactly {list(fields)}")
    return rows


def _run_sheet(where: str, raw: dict[str, Any]) -> tuple[Step, ...]:
    steps = []
    for n, row in enumerate(_rows(where, raw, "run_sheet", ("minutes", "phase", "activity")), 1):
        minutes = row["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 30:
            raise DataError(f"{where}: run_sheet row {n}: minutes must be a whole number 1-30")
        if row["phase"] not in PHASES:
            raise DataError(f"{where}: run_sheet row {n}: phase must be one of {list(PHASES)}")
        steps.append(Step(minutes, row["phase"], _text(where, row["activity"], "activity")))
    total = sum(s.minutes for s in steps)
    if total != CLASS_MINUTES:
        raise DataError(f"{where}: the run sheet takes {total} minutes, not {CLASS_MINUTES}")
    missing = [p for p in REQUIRED_PHASES if p not in {s.phase for s in steps}]
    if missing or steps[-1].phase != "exit-ticket":
        raise DataError(f"{where}: the run sheet needs {list(REQUIRED_PHASES)} and ends on "
                        f"the exit ticket (missing: {missing})")  # fmt: skip
    return tuple(steps)


def _surfacings(where: str, raw: dict[str, Any], lesson: str) -> tuple[Surfacing, ...]:
    rows = _rows(where, raw, "misconceptions", ("id", "preset", "surface"))
    if not 2 <= len(rows) <= 3:
        raise DataError(f"{where}: a guide surfaces two or three misconceptions")
    known = misconceptions()
    course = _by_key()
    found = []
    for row in rows:
        if row["id"] not in known:
            raise DataError(f"{where}: misconception {row['id']!r} is not in misconceptions.csv")
        if row["preset"] not in course:
            own = sorted(k for k, p in course.items() if p.lesson == lesson)
            raise DataError(f"{where}: preset {row['preset']!r} (widget.name) is not in "
                            f"presets.toml; this lesson's: {own}")  # fmt: skip
        found.append(Surfacing(row["id"], row["preset"], _text(where, row["surface"], "surface")))
    return tuple(found)


def _by_key() -> dict[str, Preset]:
    """Every preset of the course by ``widget.name``."""
    return {f"{p.widget}.{p.name}": p for p in presets()}


def _exit_ticket(where: str, raw: dict[str, Any], number: str) -> str:
    ticket = raw.get("exit_ticket")
    if not isinstance(ticket, dict) or set(ticket) != {"id"}:
        raise DataError(f"{where}: exit_ticket must be a table with the id of a question")
    bank = {q.id for q in all_questions() if q.lesson == number}
    if ticket["id"] not in bank:
        raise DataError(f"{where}: exit ticket {ticket['id']!r} is not a question of lesson "
                        f"{number}'s bank: {sorted(bank)}")  # fmt: skip
    return str(ticket["id"])


def _parse(path: Path, common: Path, lessons_file: Path) -> Guide:
    where = f"data/{FOLDER}/{path.name}"
    raw = load_toml(path)
    if set(raw) - KEYS:
        raise DataError(f"{where}: unknown keys {sorted(set(raw) - KEYS)}")
    table = load_table(lessons_file.name).set_index("slug")
    lesson = raw.get("lesson")
    if lesson != path.stem or lesson not in table.index:
        raise DataError(f"{where}: lesson must be the lesson's slug, as the file name")
    number, title = str(table.loc[lesson, "number"]), str(table.loc[lesson, "title"])
    goals = raw.get("goals")
    if not isinstance(goals, list) or not 2 <= len(goals) <= 4:
        raise DataError(f"{where}: goals must list two to four goals")
    prompts = _rows(where, raw, "prompts", ("kind", "text"))
    if len(prompts) < 2 or any(p["kind"] not in PROMPT_KINDS for p in prompts):
        raise DataError(f"{where}: at least two prompts, each of kind {list(PROMPT_KINDS)}")
    shared = _rows(f"data/{FOLDER}/{COMMON}", load_toml(common), "troubleshooting",
                   ("problem", "fix"))  # fmt: skip
    own = _rows(where, raw, "troubleshooting", ("problem", "fix"))
    return Guide(
        lesson, number, title,
        tuple(_text(where, g, "a goal") for g in goals),
        _run_sheet(where, raw),
        _surfacings(where, raw, lesson),
        tuple((p["kind"], _text(where, p["text"], "a prompt")) for p in prompts),
        _exit_ticket(where, raw, number),
        tuple((_text(where, t["problem"], "problem"), _text(where, t["fix"], "fix"))
              for t in [*own, *shared]),
    )  # fmt: skip


def guide_files() -> list[Path]:
    """Every lesson's guide file (``common.toml`` holds the shared troubleshooting)."""
    return [p for p in data_files(FOLDER, "*.toml") if p.name != COMMON]


def guide(lesson: str) -> Guide:
    """The facilitator guide of a lesson, by slug (validated)."""
    if not isinstance(lesson, str):
        raise TypeError(f"lesson must be a lesson slug such as 'inheritance_patterns', not "
                        f"{lesson!r}")  # fmt: skip
    try:
        path = data_path(FOLDER, f"{lesson}.toml")
    except DataError as exc:
        raise ValueError(f"lesson {lesson!r} has no facilitator guide in data/{FOLDER}/") from exc
    return cached(_parse, path, data_path(FOLDER, COMMON), data_path("lessons.csv"))


def guides() -> list[Guide]:
    """Every facilitator guide, in course order."""
    found = [guide(p.stem) for p in guide_files()]
    return sorted(found, key=lambda g: g.number)


def _question_lines(question: Question) -> list[str]:
    lines = [f"> {question.prompt}", ">"]
    for option in question.options:
        mark = " (right)" if option.id in question.correct_ids else ""
        lines.append(f"> - {option.id}. {option.text}{mark}")
    if question.kind == "numeric":
        unit = f" {question.unit}" if question.unit else ""
        lines.append(f"> Answer: {question.answer}{unit}")
    return lines


def _clock(steps: tuple[Step, ...]) -> list[str]:
    lines, start = ["| Time | Phase | What happens |", "|---|---|---|"], 0
    for step in steps:
        lines.append(f"| {start}-{start + step.minutes} min | {step.phase} | {step.activity} |")
        start += step.minutes
    return lines


def _titles() -> dict[str, str]:
    table = load_table("lessons.csv")
    return {s: f"{n} ({t})" for s, n, t in zip(table["slug"], table["number"], table["title"],
                                                 strict=True)}  # fmt: skip


def guide_markdown(lesson: str) -> str:
    """A lesson's facilitator guide as Markdown (for the instructor edition)."""
    g = guide(lesson)
    vocabulary = misconceptions()
    questions = {q.id: q for q in all_questions()}
    course, titles = _by_key(), _titles()
    lines = [f"## Facilitator guide: Lesson {g.number} · {g.title}", "", "### Goals", ""]
    lines += [f"- {goal}" for goal in g.goals]
    lines += ["", f"### Run sheet ({CLASS_MINUTES} minutes)", "", *_clock(g.run_sheet)]
    lines += ["", "### Misconceptions to surface", ""]
    for item in g.misconceptions:
        m, p = vocabulary[item.id], course[item.preset]
        where = "" if p.lesson == g.lesson else f"in lesson {titles[p.lesson]}, "
        lines.append(f"- **{m.name}** (`{m.id}`). {m.explanation} [{m.source}]  ")
        lines.append(
            f"  Expose it: {where}`?preset={p.name}` ({p.widget}: {p.description.rstrip('.')}).  "
        )
        lines.append(f"  {item.surface}")
    lines += ["", "### Pair and discussion prompts", ""]
    lines += [f"- *{kind.capitalize()}.* {text}" for kind, text in g.prompts]
    lines += ["", f"### Exit ticket (question `{g.exit_ticket}` of the bank)", ""]
    lines += _question_lines(questions[g.exit_ticket])
    lines += ["", "### All presets of this lesson", ""]
    lines += [f"- `?preset={p.name}` ({p.widget}): {p.description}" for p in for_lesson(lesson)]
    lines += ["", "### Troubleshooting", ""]
    lines += [f"- **{problem}** {fix}" for problem, fix in g.troubleshooting]
    return "\n".join(lines) + "\n"


PAGE_CSS = """body{font-family:DejaVu Sans,Verdana,Arial,sans-serif;max-width:52em;margin:2em auto;
color:#1a1a1a;line-height:1.45}table{border-collapse:collapse}td,th{border:1px solid #999;
padding:4px 8px;vertical-align:top}blockquote{border-left:4px solid #0072B2;margin:0;
padding:0 1em}code{background:#f2f2f2}@media print{body{margin:0;font-size:11pt}
h2{page-break-before:always}h2:first-of-type{page-break-before:avoid}a{color:inherit}}"""


def guide_page(lessons: list[str] | None = None) -> str:
    """Printable HTML of the guides of ``lessons`` (slugs; all guides when None)."""
    slugs = [g.lesson for g in guides()] if lessons is None else lessons
    body = "".join(str(_MARKDOWN(guide_markdown(slug))) for slug in slugs)
    title = "Facilitator guides" if len(slugs) != 1 else f"Facilitator guide: {slugs[0]}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{html.escape(title)}</title><style>{PAGE_CSS}</style></head><body>{body}</body></html>"
    )
