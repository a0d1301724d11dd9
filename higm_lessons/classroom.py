"""For instructors: how a class did, from many learners' exported progress files.

Each learner exports their answers with ``ProgressStore.export_json`` (see
:mod:`higm_lessons.progress`) and hands the file in. :func:`class_summary` reads a
folder of such files together. A file that cannot be read, or that repeats
another, is reported and the rest go on; files that share answers are exports of
one learner at different times and are merged. Answers given in the final
assessment of lesson 12 count towards the lesson each question revisits (see
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
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from higm_lessons.assessment import final_bank, topics_for
from higm_lessons.checks import boolean
from higm_lessons.progress import ExportRow, parse_export, read_export
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
    * ``problems``: files skipped or merged, each with the reason.
    """

    learners: pd.DataFrame
    questions: pd.DataFrame
    lessons: pd.DataFrame
    scores: pd.DataFrame
    problems: tuple[str, ...] = field(default=())
    distractors: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=DISTRACTOR_COLUMNS)
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "problems", tuple(self.problems))

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
    files: list[tuple[str, Callable[[], Iterable[ExportRow]]]], problems: list[str]
) -> tuple[list[str], list[frozenset]]:
    """Each readable, non-empty, not repeated file: its name and its set of answer rows.
    ``files`` are (name, read) pairs, ``read()`` giving the file's validated answers."""
    names: list[str] = []
    row_sets: list[frozenset[ExportRow]] = []
    seen: dict[frozenset[ExportRow], str] = {}
    for name, read in files:
        try:
            rows = frozenset(read())
        except ValueError as exc:
            problems.append(f"{name}: skipped, {exc}")
            continue
        if not rows:
            problems.append(f"{name}: skipped, it holds no answers")
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
    return names, row_sets


def _attempts(
    names: list[str], row_sets: list[frozenset[ExportRow]], problems: list[str], by_topic: bool
) -> tuple[list[dict[str, str]], list[dict]]:
    """One entry per learner (files merged) and every attempt, labelled with its learner."""
    groups = _group_overlapping(row_sets)
    learners, attempts = [], []
    for number, group in enumerate(groups, start=1):
        if len(group) > 1:
            problems.append(
                f"{', '.join(names[i] for i in group)}: these files share answers, so they are "
                "exports from one learner at different times; merged into one learner"
            )
        label = f"learner {number}"
        rows: frozenset[ExportRow] = frozenset().union(*(row_sets[i] for i in group))
        learners.append({"learner": label, "files": ", ".join(names[i] for i in group)})
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
        attempt["at"] = datetime.fromisoformat(str(attempt["at"]).replace("Z", "+00:00"))
    attempts.sort(key=lambda a: (a["learner"], a["lesson"], a["question"], a["at"]))
    return learners, attempts


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
        x, y = np.array(values).T
        if len(values) >= MIN_DISCRIMINATION_LEARNERS and x.std() > 0 and y.std() > 0:
            found[key] = float(np.corrcoef(x, y)[0, 1])
    return found


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


def class_summary(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *, by_topic: bool = True
) -> ClassSummary:
    """Summarise many learners' exported progress files (``ProgressStore.export_json``).

    ``paths`` is a folder of ``*.json`` exports, one file, or a list of files.
    Malformed files are skipped and reported; an exact copy of another file is
    counted once; files sharing answers (two exports by the same learner) are
    merged into one learner. Nothing here raises for a bad file: read
    ``problems`` for what was skipped or merged and why.

    With ``by_topic`` (the default), answers given in the final assessment of
    lesson 12 count towards the lesson each question revisits, so the lesson
    scores say which topics the class found hard.
    """
    boolean("by_topic", by_topic)
    files = _export_paths(paths)
    if not files:
        raise ValueError("paths must name at least one exported progress file (*.json)")
    return _summarise([(path.name, functools.partial(read_export, path)) for path in files],
                      by_topic)  # fmt: skip


def class_summary_of_texts(
    files: Iterable[tuple[str, str | bytes]], *, by_topic: bool = True
) -> ClassSummary:
    """:func:`class_summary` of exports given as (file name, file text) pairs, such as
    uploaded files or :func:`higm_lessons.assessment.example_class`, without any file."""
    boolean("by_topic", by_topic)
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
        [(name, functools.partial(_rows_of_text, name, text)) for name, text in pairs], by_topic
    )


@functools.lru_cache(maxsize=1024)
def _rows_of_text(name: str, text: str | bytes) -> frozenset[ExportRow]:
    """An export's validated answers, parsed once per (name, text): a class summarised
    again (one more learner, an upload added) re-reads only the files it has not seen."""
    return frozenset(parse_export(name, text))


def _summarise(
    files: list[tuple[str, Callable[[], Iterable[ExportRow]]]], by_topic: bool
) -> ClassSummary:
    problems: list[str] = []
    names, row_sets = _read_files(files, problems)
    learners, attempts = _attempts(names, row_sets, problems, by_topic)
    if not attempts:
        return ClassSummary(
            pd.DataFrame(columns=LEARNER_COLUMNS),
            pd.DataFrame(columns=QUESTION_COLUMNS),
            pd.DataFrame(columns=LESSON_COLUMNS),
            pd.DataFrame(),
            tuple(problems),
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
    return ClassSummary(
        table,
        _questions_table(tally, discrimination(first)),
        lessons,
        scores,
        tuple(problems),
        distractor_table(first),
    )
