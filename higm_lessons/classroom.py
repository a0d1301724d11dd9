"""For instructors: how a class did, from many learners' exported progress files.

Each learner exports their answers with ``ProgressStore.export_json`` (see
:mod:`higm_lessons.progress`) and hands the file in. :func:`class_summary` reads a
folder of such files together. A file that cannot be read, or that repeats
another, is reported and the rest go on; files that share answers are exports of
one learner at different times and are merged. Answers given in the final
assessment of lesson 13 count towards the lesson each question revisits (see
:mod:`higm_lessons.assessment`). The figures of a summary are drawn by
:mod:`higm_lessons.figures.assessment` (``class_scores_figure(summary.scores)``,
``difficulty_figure(summary.questions)``).

Two item-analysis measures help an instructor improve a question bank:

* **Distractor analysis** (``summary.distractors``): for each choice question, which
  wrong options learners picked at their first try, and how many. A distractor nobody
  picks does no work; one that many strong learners pick may be ambiguous or keyed wrong.
* **Discrimination** (the ``discrimination`` column of ``summary.questions``): the
  corrected point-biserial correlation between a learner being right at the first try
  at that question and the same learner's share right at the first try over all their
  *other* questions (the question itself is left out of the total, so it cannot
  correlate with itself). It runs from -1 to 1: about 0.3 or more, the question
  separates learners who know the course from those who do not; near 0 or negative,
  strong learners miss it as often as weak ones, and the question needs a look. It is
  left empty when fewer than :data:`MIN_DISCRIMINATION_LEARNERS` learners answered the
  question, or when everyone (or no one) got it right, since it is then undefined.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from higm_lessons.assessment import final_bank, topics_for
from higm_lessons.checks import boolean
from higm_lessons.progress import (
    ExportRow,
    Learner,
    parse_export_contents,
    read_export_contents,
)
from higm_lessons.progress import learner as checked_learner
from higm_lessons.quiz import Question, all_questions

LEARNER_COLUMNS = ["learner", "files", "attempts", "questions", "right", "score"]
QUESTION_COLUMNS = [
    "lesson",
    "question",
    "learners",
    "right_first_try",
    "right_latest",
    "mean_attempts",
    "difficulty",
    "discrimination",
]
DISTRACTOR_COLUMNS = ["lesson", "question", "option", "text", "chosen", "share"]
MIN_DISCRIMINATION_LEARNERS = 5
"""Fewer learners than this at a question: its discrimination index is left empty."""
LESSON_COLUMNS = ["lesson", "learners", "questions", "mean_score", "lowest", "highest"]
ROSTER_COLUMNS = ["name", "handed_in", "learner", "files", "score"]
Read = Callable[[], tuple[frozenset[ExportRow], Learner]]
"""Reads one export: its validated answers and who it belongs to."""


@dataclass(frozen=True)
class ClassSummary:
    """How a class did, from many exported progress files (see :func:`class_summary`).

    * ``learners``: one row per learner (``learner``, ``files``, ``attempts``,
      ``questions``, ``right``, ``score``: share right at the latest attempt);
    * ``questions``: one row per question (``lesson``, ``question``, ``learners``,
      ``right_first_try``, ``right_latest``, ``mean_attempts``, ``difficulty``: the
      share of learners wrong at their first try, and ``discrimination``, see the
      module's docstring), hardest first;
    * ``distractors``: one row per wrong option chosen at a first try (``lesson``,
      ``question``, ``option``, ``text``, ``chosen``: how many learners, ``share``: of
      the learners who answered the question), most chosen first within a question;
    * ``lessons``: one row per lesson (``lesson``, ``learners``, ``questions``,
      ``mean_score``, ``lowest``, ``highest``);
    * ``scores``: learner x lesson table of each learner's share right (latest attempt);
    * ``problems``: files skipped or merged, each with the reason;
    * ``roster``: with a roster, one row per name on it (``name``, ``handed_in``, the
      ``learner`` and ``files`` matched, ``score``); empty without one;
    * ``unmatched``: with a roster, the exports that match no one on it, with the reason.

    A learner is labelled by the name their export carries (see
    :meth:`higm_lessons.progress.ProgressStore.export_json`), else ``learner N``.
    """

    learners: pd.DataFrame
    questions: pd.DataFrame
    lessons: pd.DataFrame
    scores: pd.DataFrame
    problems: tuple[str, ...] = field(default=())
    distractors: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=DISTRACTOR_COLUMNS)
    )
    roster: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ROSTER_COLUMNS))
    unmatched: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "problems", tuple(self.problems))
        object.__setattr__(self, "unmatched", tuple(self.unmatched))

    def takeaway(self) -> str:
        """One sentence on the class: its size, the weakest lesson and the hardest question."""
        if self.learners.empty:
            return "No usable progress exports were found, so there is nothing to summarise."
        weakest = self.lessons.sort_values(["mean_score", "lesson"]).iloc[0]
        hardest = self.questions.iloc[0]
        return (
            f"{len(self.learners)} learners: the lowest mean score is in lesson "
            f"{weakest['lesson']} ({weakest['mean_score']:.0%} right), and the hardest question is "
            f"{hardest['question']} (lesson {hardest['lesson']}), wrong at the first try for "
            f"{hardest['difficulty']:.0%} of the {hardest['learners']} learners who answered it."
        )

    def __repr__(self) -> str:
        return (
            f"<ClassSummary: {len(self.learners)} learners, {len(self.questions)} questions, "
            f"{len(self.lessons)} lessons, {len(self.problems)} problems>"
        )


def _export_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files to read: a folder (its ``*.json`` files), one file, or a list of files."""
    if isinstance(paths, str | os.PathLike):
        single = Path(paths).expanduser()
        return sorted(single.glob("*.json")) if single.is_dir() else [single]
    if isinstance(paths, bytes) or not isinstance(paths, Iterable):
        raise TypeError(
            "paths must be a folder, a file path, or a list of exported progress files, "
            f"not {type(paths).__name__}"
        )
    found = []
    for item in paths:
        if not isinstance(item, str | os.PathLike):
            raise TypeError(f"paths must hold file paths only, not {type(item).__name__} {item!r}")
        found.append(Path(item).expanduser())
    return found


def _group_overlapping(row_sets: list[frozenset[ExportRow]]) -> list[list[int]]:
    """Group files that share any answer (same lesson, question, answer and time): one learner."""
    parent = list(range(len(row_sets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[ExportRow, int] = {}
    for index, rows in enumerate(row_sets):
        for row in rows:
            if row in owner:
                parent[root(index)] = root(owner[row])
            else:
                owner[row] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(row_sets)):
        groups.setdefault(root(index), []).append(index)
    return sorted(groups.values())


def _read_files(
    files: list[tuple[str, Read]], problems: list[str], class_code: str | None
) -> tuple[list[str], list[frozenset], list[Learner]]:
    """Each readable, non-empty, not repeated file (of the class, when ``class_code`` is
    given): its name, its set of answer rows and its learner. ``files`` are (name, read)
    pairs, ``read()`` giving the file's validated answers and learner."""
    names: list[str] = []
    row_sets: list[frozenset[ExportRow]] = []
    who: list[Learner] = []
    seen: dict[frozenset[ExportRow], str] = {}
    for name, read in files:
        try:
            rows, person = read()
        except ValueError as exc:
            problems.append(f"{name}: skipped, {exc}")
            continue
        if not rows:
            problems.append(f"{name}: skipped, it holds no answers")
            continue
        if class_code and person.class_code and person.class_code.casefold() != class_code:
            problems.append(f"{name}: skipped, its class code {person.class_code!r} is not "
                            f"{class_code!r}")  # fmt: skip
            continue
        if rows in seen:
            problems.append(
                f"{name}: an exact copy of {seen[rows]} (the same file handed in twice?); "
                "counted once"
            )
            continue
        seen[rows] = name
        names.append(name)
        row_sets.append(rows)
        who.append(person)
    return names, row_sets, who


def _labels(groups: list[list[int]], who: list[Learner]) -> list[str]:
    """Each learner's label: the name in their exports, else ``learner N``; a name two
    learners share gets a number, so no two learners have the same label."""
    labels = []
    for number, group in enumerate(groups, start=1):
        name = next((who[i].name for i in group if who[i].name), None)
        labels.append(name or f"learner {number}")
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    seen: dict[str, int] = {}
    for index, label in enumerate(labels):
        if counts[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            labels[index] = f"{label} ({seen[label]})"
    return labels


def _attempts(
    names: list[str],
    row_sets: list[frozenset[ExportRow]],
    who: list[Learner],
    problems: list[str],
    by_topic: bool,
) -> tuple[list[dict[str, str]], list[dict]]:
    """One entry per learner (files merged) and every attempt, labelled with its learner."""
    groups = _group_overlapping(row_sets)
    learners, attempts = [], []
    for group, label in zip(groups, _labels(groups, who), strict=True):
        if len(group) > 1:
            problems.append(
                f"{', '.join(names[i] for i in group)}: these files share answers, so they are "
                "exports from one learner at different times; merged into one learner"
            )
        rows: frozenset[ExportRow] = frozenset().union(*(row_sets[i] for i in group))
        learners.append({"learner": label, "files": ", ".join(names[i] for i in group),
                         "name": next((str(who[i].name) for i in group if who[i].name), "")})
        attempts += [  # dicts of mixed values: the time becomes a datetime below
            {
                "learner": label,
                "lesson": r[0],
                "question": r[1],
                "answer": r[2],
                "correct": bool(r[3]),
                "at": r[4],
            }
            for r in rows
        ]
    if by_topic:
        pairs = {(str(a["lesson"]), str(a["question"])) for a in attempts}
        topic = topics_for(pairs)
        for attempt in attempts:
            attempt["lesson"] = topic[(str(attempt["lesson"]), str(attempt["question"]))]
    for attempt in attempts:
        attempt["at"] = _moment(str(attempt["at"]))
    attempts.sort(key=lambda a: (a["learner"], a["lesson"], a["question"], a["at"]))
    return learners, attempts


@functools.lru_cache(maxsize=65_536)
def _moment(stamp: str) -> datetime:
    """An answer's time: parsed once (a class is summarised again and again as exports
    are added, and most of its answers were read before)."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


@dataclass
class _Tally:
    """Counts over attempts, in plain dictionaries: a class's exports hold a few thousand
    attempts, and pandas' grouping machinery costs more than the counting itself."""

    counts: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """(lesson, question) -> [learners, right at first try, right at latest, tries]"""
    marks: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    """learner -> lesson -> [right, answered]"""
    totals: dict[str, list[int]] = field(default_factory=dict)
    """learner -> [attempts, questions, right]"""


def _tally(attempts: list[dict]) -> _Tally:
    per_question: dict[tuple, list] = {}  # (learner, lesson, question) -> [tries, first, last]
    for a in attempts:
        key = (a["learner"], a["lesson"], a["question"])
        if key in per_question:
            per_question[key][0] += 1
            per_question[key][2] = a["correct"]
        else:
            per_question[key] = [1, a["correct"], a["correct"]]
    tally = _Tally()
    for (learner, lesson, question), (tries, first, last) in per_question.items():
        row = tally.counts.setdefault((lesson, question), [0, 0, 0, 0])
        row[0] += 1
        row[1] += first
        row[2] += last
        row[3] += tries
        mark = tally.marks.setdefault(learner, {}).setdefault(lesson, [0, 0])
        mark[0] += last
        mark[1] += 1
        total = tally.totals.setdefault(learner, [0, 0, 0])
        total[0] += tries
        total[1] += 1
        total[2] += last
    return tally


def _first_tries(attempts: list[dict]) -> list[dict]:
    """Each learner's first attempt at each question (attempts come sorted by time)."""
    seen: set[tuple] = set()
    first = []
    for a in attempts:
        key = (a["learner"], a["lesson"], a["question"])
        if key not in seen:
            seen.add(key)
            first.append(a)
    return first


def discrimination(first: list[dict]) -> dict[tuple[str, str], float]:
    """(lesson, question) -> corrected point-biserial discrimination (module docstring)."""
    by_learner: dict[str, list[dict]] = {}
    for a in first:
        by_learner.setdefault(a["learner"], []).append(a)
    totals = {
        name: (sum(a["correct"] for a in rows), len(rows)) for name, rows in by_learner.items()
    }
    pairs: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for a in first:
        right, answered = totals[a["learner"]]
        if answered < 2:
            continue  # no other question to compare with
        rest = (right - a["correct"]) / (answered - 1)
        pairs.setdefault((a["lesson"], a["question"]), []).append((float(a["correct"]), rest))
    found = {}
    for key, values in pairs.items():
        if len(values) >= MIN_DISCRIMINATION_LEARNERS:
            r = _pearson(values)
            if r is not None:
                found[key] = r
    return found


def _pearson(values: list[tuple[float, float]]) -> float | None:
    """Pearson's r of (x, y) pairs; None when either varies not at all. Written out: a class
    has a few dozen questions of a few dozen pairs each, where numpy's per-call cost is most
    of the work."""
    n = len(values)
    mean_x = sum(x for x, _ in values) / n
    mean_y = sum(y for _, y in values) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in values)
    syy = sum((y - mean_y) ** 2 for _, y in values)
    if sxx <= 1e-24 or syy <= 1e-24:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in values)
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _bank_questions() -> dict[str, Question]:
    found = {q.id: q for q in all_questions()}
    found.update({q.id: q for q in final_bank().questions})
    return found


def _wrong_options(question: Question, answer: str) -> list[str]:
    """The wrong option ids in a stored answer (JSON text) to a choice question."""
    try:
        chosen = json.loads(answer)
    except (TypeError, ValueError):
        return []
    picked = [chosen] if isinstance(chosen, str) else chosen if isinstance(chosen, list) else []
    ids = {o.id for o in question.options}
    return [c for c in picked if isinstance(c, str) and c in ids and c not in question.correct_ids]


def distractor_table(first: list[dict]) -> pd.DataFrame:
    """Which wrong options the class chose at the first try, per choice question."""
    bank = _bank_questions()
    asked: dict[tuple[str, str], int] = {}
    chosen: dict[tuple[str, str, str], int] = {}
    for a in first:
        asked[(a["lesson"], a["question"])] = asked.get((a["lesson"], a["question"]), 0) + 1
        question = bank.get(a["question"])
        if a["correct"] or question is None or question.kind == "numeric":
            continue
        for option in _wrong_options(question, a["answer"]):
            key = (a["lesson"], a["question"], option)
            chosen[key] = chosen.get(key, 0) + 1
    rows = [
        (lesson, question, option, next(o.text for o in bank[question].options if o.id == option),
         n, n / asked[(lesson, question)])
        for (lesson, question, option), n in chosen.items()
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=DISTRACTOR_COLUMNS)
    return table.sort_values(
        ["lesson", "question", "chosen", "option"], ascending=[True, True, False, True]
    ).reset_index(drop=True)


def _questions_table(tally: _Tally, index: dict[tuple[str, str], float]) -> pd.DataFrame:
    questions = pd.DataFrame(
        [
            (lesson, question, n, first, latest, tries / n, 1 - first / n,
             index.get((lesson, question), float("nan")))
            for (lesson, question), (n, first, latest, tries) in tally.counts.items()
        ],
        columns=QUESTION_COLUMNS,
    )  # fmt: skip
    return questions.sort_values(
        ["difficulty", "lesson", "question"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def _scores_and_lessons(tally: _Tally, order: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The learner x lesson score table and the per-lesson summary of it."""
    lesson_names = sorted({lesson for lesson, _question in tally.counts})
    scores = pd.DataFrame(
        [
            [
                tally.marks[name][lesson][0] / tally.marks[name][lesson][1]
                if lesson in tally.marks[name]
                else float("nan")
                for lesson in lesson_names
            ]
            for name in order
        ],
        index=pd.Index(order, name="learner"),
        columns=pd.Index(lesson_names, name="lesson"),
    )
    per_lesson_questions = dict.fromkeys(lesson_names, 0)
    for lesson, _question in tally.counts:
        per_lesson_questions[lesson] += 1
    lessons = pd.DataFrame(
        {
            "lesson": lesson_names,
            "learners": scores.notna().sum().to_numpy(),
            "questions": [per_lesson_questions[lesson] for lesson in lesson_names],
            "mean_score": scores.mean().to_numpy(),
            "lowest": scores.min().to_numpy(),
            "highest": scores.max().to_numpy(),
        }
    )
    return scores, lessons


@dataclass(frozen=True)
class _Options:
    """How to read a class: by topic, for one class code, against a roster."""

    by_topic: bool = True
    class_code: str | None = None
    roster: tuple[str, ...] | None = None


def _options(by_topic: object, class_code: object, roster: object) -> _Options:
    boolean("by_topic", by_topic)
    code = checked_learner(None, class_code).class_code if class_code is not None else None
    names = None if roster is None else read_roster(roster)  # type: ignore[arg-type]
    return _Options(bool(by_topic), code.casefold() if code else None, names)


def class_summary(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    by_topic: bool = True,
    class_code: str | None = None,
    roster: str | os.PathLike[str] | Iterable[str] | None = None,
) -> ClassSummary:
    """Summarise many learners' exported progress files (``ProgressStore.export_json``).

    ``paths`` is a folder of ``*.json`` exports, one file, or a list of files.
    Malformed files are skipped and reported; an exact copy of another file is
    counted once; files sharing answers (two exports by the same learner) are
    merged into one learner. Nothing here raises for a bad file: read
    ``problems`` for what was skipped or merged and why.

    With ``by_topic`` (the default), answers given in the final assessment of
    lesson 13 count towards the lesson each question revisits, so the lesson
    scores say which topics the class found hard.

    With ``class_code``, exports that carry another class code are skipped (and
    reported); exports without one are kept. With ``roster`` (a CSV file with a ``name``
    column, or a list of names; see :func:`read_roster`), ``summary.roster`` says who
    handed in, matching the names learners gave when exporting (case, accents and spacing
    ignored), and ``summary.unmatched`` names the exports that match no one on it.
    """
    options = _options(by_topic, class_code, roster)
    files = _export_paths(paths)
    if not files:
        raise ValueError("paths must name at least one exported progress file (*.json)")
    return _summarise([(path.name, functools.partial(_rows_of_file, path)) for path in files],
                      options)  # fmt: skip


def class_summary_of_texts(
    files: Iterable[tuple[str, str | bytes]],
    *,
    by_topic: bool = True,
    class_code: str | None = None,
    roster: str | os.PathLike[str] | Iterable[str] | None = None,
) -> ClassSummary:
    """:func:`class_summary` of exports given as (file name, file text) pairs, such as
    uploaded files or :func:`higm_lessons.assessment.example_class`, without any file."""
    options = _options(by_topic, class_code, roster)
    if isinstance(files, str | bytes) or not isinstance(files, Iterable):
        raise TypeError("files must be (file name, file text) pairs")
    pairs = list(files)
    if not pairs:
        raise ValueError("files must hold at least one exported progress file")
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)
                and isinstance(pair[1], str | bytes)):  # fmt: skip
            raise TypeError(f"files must be (file name, file text) pairs, not {pair!r:.80}")
    return _summarise(
        [(name, functools.partial(_rows_of_text, name, text)) for name, text in pairs], options
    )


def _rows_of_file(path: Path) -> tuple[frozenset[ExportRow], Learner]:
    contents = read_export_contents(path)
    return frozenset(row[:5] for row in contents.answers), contents.learner


@functools.lru_cache(maxsize=1024)
def _rows_of_text(name: str, text: str | bytes) -> tuple[frozenset[ExportRow], Learner]:
    """An export's validated answers and learner, parsed once per (name, text): a class
    summarised again (one more learner, an upload added) re-reads only new files."""
    contents = parse_export_contents(name, text)
    return frozenset(row[:5] for row in contents.answers), contents.learner


def _summarise(files: list[tuple[str, Read]], options: _Options) -> ClassSummary:
    problems: list[str] = []
    names, row_sets, who = _read_files(files, problems, options.class_code)
    learners, attempts = _attempts(names, row_sets, who, problems, options.by_topic)
    if not attempts:
        return ClassSummary(
            pd.DataFrame(columns=LEARNER_COLUMNS),
            pd.DataFrame(columns=QUESTION_COLUMNS),
            pd.DataFrame(columns=LESSON_COLUMNS),
            pd.DataFrame(),
            tuple(problems),
            roster=_roster_table(options.roster, [], {}, []),
        )
    tally = _tally(attempts)
    scores, lessons = _scores_and_lessons(tally, [row["learner"] for row in learners])
    table = pd.DataFrame(
        [
            (row["learner"], row["files"], *tally.totals[row["learner"]],
             tally.totals[row["learner"]][2] / tally.totals[row["learner"]][1])
            for row in learners
        ],
        columns=LEARNER_COLUMNS,
    )  # fmt: skip
    first = _first_tries(attempts)
    scores_by_learner = dict(zip(table["learner"], table["score"], strict=True))
    unmatched: list[str] = []
    roster_table = _roster_table(options.roster, learners, scores_by_learner, unmatched)
    return ClassSummary(
        table,
        _questions_table(tally, discrimination(first)),
        lessons,
        scores,
        tuple(problems),
        distractor_table(first),
        roster_table,
        tuple(unmatched),
    )


# --------------------------------------------------------------------------- roster
def name_key(name: str) -> str:
    """A name as rosters are matched: case, accents, punctuation spacing and repeated
    spaces ignored (``"  José  García"`` and ``"jose garcia"`` match)."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def read_roster(roster: str | os.PathLike[str] | Iterable[str]) -> tuple[str, ...]:
    """The names of a class roster: a CSV file with a ``name`` column (other columns, such
    as ``email``, are ignored), or a list of names. Raises ``ValueError`` naming the file
    and line of an empty or repeated name."""
    if isinstance(roster, str | os.PathLike):
        path = Path(roster).expanduser()
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (OSError, ValueError, pd.errors.ParserError) as exc:
            raise ValueError(f"roster {path.name} cannot be read as CSV: {exc}") from None
        if "name" not in table.columns:
            raise ValueError(f"roster {path.name} must have a 'name' column, not {list(table)}")
        names, where = list(table["name"]), path.name
    elif isinstance(roster, Iterable) and not isinstance(roster, bytes):
        names, where = list(roster), "roster"
    else:
        raise TypeError(f"roster must be a CSV file or a list of names, not {roster!r:.60}")
    seen: dict[str, int] = {}
    for line, name in enumerate(names, start=2):
        if not isinstance(name, str) or not name_key(name):
            raise ValueError(f"{where}, line {line}: a name must be non-empty text")
        if name_key(name) in seen:
            raise ValueError(f"{where}, line {line}: {name!r} repeats line {seen[name_key(name)]}")
        seen[name_key(name)] = line
    return tuple(" ".join(n.split()) for n in names)


def _roster_table(
    roster: tuple[str, ...] | None,
    learners: list[dict[str, str]],
    scores: dict[str, float],
    unmatched: list[str],
) -> pd.DataFrame:
    """Who on the roster handed in (their learner, files and score); exports that name no
    one on the roster (or no one at all) are added to ``unmatched``."""
    if roster is None:
        return pd.DataFrame(columns=ROSTER_COLUMNS)
    on_roster = {name_key(name) for name in roster}
    matched: dict[str, dict[str, str]] = {}
    for row in learners:
        key = name_key(row["name"])
        if not key:
            unmatched.append(f"{row['files']}: no name in the export, so no roster match")
        elif key not in on_roster:
            unmatched.append(f"{row['files']}: {row['name']!r} is not on the roster")
        elif key in matched:
            unmatched.append(f"{row['files']}: {row['name']!r} is also the name in "
                            f"{matched[key]['files']}; both are listed under it")  # fmt: skip
            matched[key] = {**matched[key], "files": f"{matched[key]['files']}, {row['files']}"}
        else:
            matched[key] = row
    rows = []
    for name in roster:
        match = matched.get(name_key(name))
        rows.append((name, match is not None, match["learner"] if match else "",
                     match["files"] if match else "",
                     scores[match["learner"]] if match else float("nan")))
    return pd.DataFrame(rows, columns=ROSTER_COLUMNS)  # fmt: skip


# --------------------------------------------------------------------------- class report
REPORT_CSS = """body{font-family:DejaVu Sans,Verdana,Arial,sans-serif;max-width:60em;
margin:1.5em auto;color:#1a1a1a;font-size:11pt;line-height:1.35}
h1{font-size:16pt;margin:0 0 .3em}h2{font-size:12pt;margin:1em 0 .3em}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}
td.n{text-align:right}.note{color:#444}
.flag{font-weight:bold}@media print{body{margin:0}a{color:inherit}}"""
REPORT_QUESTIONS = 10
"""The hardest questions a class report lists."""
QUESTION_HEAD = ["Lesson", "Question", "Prompt", "Learners", "Difficulty", "Discrimination",
                 "Most-chosen wrong option"]  # fmt: skip
LOW_DISCRIMINATION = 0.2
"""Below this discrimination index a report flags a question for a look."""


def _pct(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return "" if np.isnan(number) else f"{number:.0%}"


def _rows_html(rows: list[list[str]], head: list[str]) -> str:
    cells = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)  # fmt: skip
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def hardest_questions(summary: ClassSummary, top: int = REPORT_QUESTIONS) -> pd.DataFrame:
    """The ``top`` hardest questions that at least :data:`MIN_DISCRIMINATION_LEARNERS`
    learners answered (a question two learners answered says little), hardest first; the
    table is ``summary.questions``'s. When too few qualify, the rest follow by difficulty."""
    if not isinstance(summary, ClassSummary):
        raise TypeError(f"summary must be a ClassSummary, not {type(summary).__name__}")
    enough = summary.questions["learners"] >= MIN_DISCRIMINATION_LEARNERS
    ordered = pd.concat([summary.questions[enough], summary.questions[~enough]])
    return ordered.head(top).reset_index(drop=True)


def short(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    return text[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _question_rows(summary: ClassSummary) -> list[list[str]]:
    bank = _bank_questions()
    rows = []
    for q in hardest_questions(summary).itertuples():
        index = float(q.discrimination)
        flag = "" if np.isnan(index) or index >= LOW_DISCRIMINATION else " (check)"
        wrong = summary.distractors[summary.distractors["question"] == q.question]
        top = wrong.iloc[0] if not wrong.empty else None
        prompt = bank[q.question].prompt if q.question in bank else ""
        rows.append([
            str(q.lesson), q.question, short(prompt, 110), str(q.learners), _pct(q.difficulty),
            "" if np.isnan(index) else f"{index:.2f}{flag}",
            "" if top is None else f"{top['option']}: {short(top['text'], 60)} "
                                   f"({_pct(top['share'])})",
        ])  # fmt: skip
    return rows


def _roster_html(summary: ClassSummary) -> str:
    if summary.roster.empty:
        return ""
    handed = summary.roster[summary.roster["handed_in"]]
    missing = [str(n) for n in summary.roster.loc[~summary.roster["handed_in"], "name"]]
    unmatched = "".join(f"<li>{html.escape(u)}</li>" for u in summary.unmatched)
    return (
        f"<h2>Roster</h2><p>{len(handed)} of {len(summary.roster)} on the roster handed in."
        + (f" Not yet: {html.escape(', '.join(missing))}." if missing else "")
        + "</p>"
        + (f"<p>Exports that match no one on the roster:</p><ul>{unmatched}</ul>"
           if unmatched else "")
    )


def class_report_html(
    summary: ClassSummary, *, title: str = "Class report", generated: str | None = None
) -> str:
    """A one-page class report (HTML, printable, no scripts): the class in one sentence,
    scores per lesson, the hardest questions with their difficulty, discrimination index
    and most-chosen wrong option, the roster, and the files that needed attention."""
    if not isinstance(summary, ClassSummary):
        raise TypeError(f"summary must be a ClassSummary, not {type(summary).__name__}")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("title must be non-empty text")
    when = generated or datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    lessons = [[str(r.lesson), str(r.learners), str(r.questions), _pct(r.mean_score),
                _pct(r.lowest), _pct(r.highest)] for r in summary.lessons.itertuples()]  # fmt: skip
    problems = "".join(f"<li>{html.escape(p)}</li>" for p in summary.problems)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{html.escape(title)}</title><style>{REPORT_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p class='note'>{len(summary.learners)} learners · "
        f"made {html.escape(when)} · HIGM course</p><p>{html.escape(summary.takeaway())}</p>"
        "<h2>Scores per lesson</h2>"
        + _rows_html(lessons, ["Lesson", "Learners", "Questions", "Mean", "Lowest", "Highest"])
        + f"<h2>The {REPORT_QUESTIONS} hardest questions</h2><p class='note'>Those that at "
        f"least {MIN_DISCRIMINATION_LEARNERS} learners answered come first.</p>"
        + _rows_html(_question_rows(summary), QUESTION_HEAD)
        + "<p class='note'>Difficulty: the share of learners wrong at their first try. "
        "Discrimination: how well the question separates learners who do well elsewhere "
        f"from those who do not (-1 to 1; below {LOW_DISCRIMINATION} the question is "
        "marked for a look; empty with too few learners).</p>"
        + _roster_html(summary)
        + (f"<h2>Files that needed attention</h2><ul>{problems}</ul>" if problems else "")
        + "</body></html>"
    )
