"""The final self-assessment of lesson 09: which questions, in which order, and the score.

The final-assessment questions live in ``data/questions/lesson_09.toml``; its
``[topics]`` table says which lesson each one revisits (a question whose topic
is ``"09"`` is about this lesson itself and stays in the lesson's self-check
only). The assessment may also borrow a few questions, chosen with a seed,
from the other lessons' banks. Every answer given in the assessment is saved
under lesson ``"09"``, so it never overwrites the learner's answers in the
lessons themselves.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from higm_lessons import checks
from higm_lessons.course import lessons
from higm_lessons.data import DataError, cached, data_path, load_toml
from higm_lessons.progress import COLUMNS, write_export
from higm_lessons.quiz import Question, all_questions, load_bank

FINAL = "09"
DEFAULT_SEED = 2025
_LESSON = re.compile(r"^\d\d$")


def _final_bank() -> tuple[Question, ...]:
    """The questions of lesson_09.toml, parsed once until the file changes."""
    return cached(_parsed_bank, data_path("questions", f"lesson_{FINAL}.toml"))


def _parsed_bank(_path: Path) -> tuple[Question, ...]:
    return tuple(load_bank(FINAL))


def topics() -> dict[str, str]:
    """Question id -> the lesson it revisits, for every question of lesson_09.toml.

    Raises ``DataError`` naming the file when a question has no topic, a topic
    names an unknown question, or a topic is not a lesson number of the course.
    """
    return dict(cached(_topics, data_path("questions", f"lesson_{FINAL}.toml")))


def _topics(path: Path) -> tuple[tuple[str, str], ...]:
    """The [topics] table of ``path``, validated; cached until the file changes."""
    table = load_toml(path).get("topics")
    where = f"questions/{path.name}"
    if not isinstance(table, dict):
        raise DataError(f"{where}: needs a [topics] table mapping each question id to a lesson")
    known_lessons = set(lessons()["number"])
    ids = [q.id for q in _final_bank()]
    problems = [f"{where}: question {i!r} has no entry in [topics]" for i in ids if i not in table]
    for key, value in table.items():
        if key not in ids:
            problems.append(f"{where}: [topics] names {key!r}, which is not a question here")
        if not isinstance(value, str) or not _LESSON.match(value) or value not in known_lessons:
            problems.append(
                f'{where}: [topics] {key!r} = {value!r} must be a lesson number such as "03"'
            )
    if problems:
        raise DataError("\n".join(problems))
    return tuple((key, table[key]) for key in ids)


def topic_of(question: Question) -> str:
    """The lesson a final-assessment question revisits."""
    if not isinstance(question, Question):
        raise TypeError("question must be a Question from final_questions()")
    if question.lesson != FINAL:
        return question.lesson
    if question.id.startswith(f"{FINAL}-"):
        return topics().get(question.id, FINAL)
    return topic_for(FINAL, question.id)


def topic_for(lesson: str, question_id: str) -> str:
    """The lesson an answer counts towards: for a final-assessment answer (lesson "09"), the
    lesson its question revisits; for any other answer, the lesson it was given in."""
    if not isinstance(lesson, str) or not isinstance(question_id, str):
        raise TypeError("lesson and question_id must be text, such as '09' and '09-lab-pattern'")
    if lesson != FINAL:
        return lesson
    if question_id.startswith(f"{FINAL}-"):
        try:
            return topics().get(question_id, FINAL)
        except DataError:
            return FINAL  # a damaged topics table must not stop an instructor's summary
    prefix = question_id[:2]
    return prefix if _LESSON.match(prefix) and question_id[2:3] == "-" else FINAL


def final_questions(seed: int = DEFAULT_SEED, *, borrowed_per_lesson: int = 0) -> list[Question]:
    """The final assessment, in an order shuffled with ``seed``.

    Every question of lesson_09.toml that revisits another lesson, plus (when
    ``borrowed_per_lesson`` is above 0, for instructors who want a longer test) up
    to that many questions drawn with the same seed from each other lesson's bank.
    Borrowed questions are re-labelled lesson "09" so that their answers are saved
    with the assessment; some lesson questions refer to that lesson's widgets, so
    the default borrows none.
    """
    rng = checks.generator(checks.seed(seed))
    borrowed_per_lesson = checks.whole("borrowed_per_lesson", borrowed_per_lesson, low=0, high=5)
    mapping = topics()
    chosen = [q for q in _final_bank() if mapping[q.id] != FINAL]
    banks: dict[str, list[Question]] = {}
    for question in all_questions() if borrowed_per_lesson else []:
        if question.lesson != FINAL:
            banks.setdefault(question.lesson, []).append(question)
    for number in sorted(banks):
        bank = banks[number]
        picks = rng.choice(len(bank), size=min(borrowed_per_lesson, len(bank)), replace=False)
        chosen += [bank[i].model_copy(update={"lesson": FINAL}) for i in sorted(picks)]
    order = rng.permutation(len(chosen))
    return [chosen[i] for i in order]


def latest_final_answers(latest: pd.DataFrame) -> dict[str, dict]:
    """From ``ProgressStore.latest()``: question id -> its latest final-assessment attempt."""
    if not isinstance(latest, pd.DataFrame) or not set(COLUMNS) <= set(latest.columns):
        raise TypeError(f"latest must be a DataFrame with columns {COLUMNS}")
    rows = latest[latest["lesson"] == FINAL]
    return {row["question"]: row for row in rows.to_dict(orient="records")}


def score_by_lesson(questions: list[Question], results: dict[str, bool]) -> pd.DataFrame:
    """Per lesson revisited: questions, answered, right and the share right of those answered.

    ``results`` maps question id to whether its latest answer was right.
    Columns ``lesson``, ``title``, ``questions``, ``answered``, ``right``, ``wrong``,
    ``unanswered``, ``score`` (NaN where nothing is answered yet).
    """
    if not isinstance(results, dict):
        raise TypeError("results must map question ids to True or False")
    titles = lessons().set_index("number")["title"]
    rows: dict[str, dict] = {}
    for question in questions:
        lesson = topic_of(question)
        row = rows.setdefault(
            lesson,
            {
                "lesson": lesson,
                "title": titles.get(lesson, ""),
                "questions": 0,
                "right": 0,
                "wrong": 0,
            },
        )
        row["questions"] += 1
        if question.id in results:
            row["right" if results[question.id] else "wrong"] += 1
    frame = pd.DataFrame(
        sorted(rows.values(), key=lambda r: r["lesson"]),
        columns=["lesson", "title", "questions", "right", "wrong"],
    )
    frame["answered"] = frame["right"] + frame["wrong"]
    frame["unanswered"] = frame["questions"] - frame["answered"]
    frame["score"] = [
        r / a if a else None for r, a in zip(frame["right"], frame["answered"], strict=True)
    ]
    return frame[
        ["lesson", "title", "questions", "answered", "right", "wrong", "unanswered", "score"]
    ]


def resume_point(questions: list[Question], results: dict[str, bool]) -> int:
    """Index of the first question not answered yet (the last one when all are answered)."""
    for index, question in enumerate(questions):
        if question.id not in results:
            return index
    return max(len(questions) - 1, 0)


def last_activity(latest: pd.DataFrame) -> dict | None:
    """The learner's most recent answer anywhere in the course, or None when there is none."""
    if not isinstance(latest, pd.DataFrame) or not set(COLUMNS) <= set(latest.columns):
        raise TypeError(f"latest must be a DataFrame with columns {COLUMNS}")
    if latest.empty:
        return None
    row = latest.sort_values("answered_at", kind="stable").iloc[-1]
    return {"lesson": row["lesson"], "question": row["question"], "at": row["answered_at"]}


# --------------------------------------------------------------------------- example class
def _example_answer(
    question: Question, right: bool, rng: np.random.Generator
) -> str | float | list[str]:
    """A plausible answer of the right type: an option id, a list of ids, or a number."""
    if question.kind == "numeric":
        target = question.target
        if right:
            return question.answer  # type: ignore[return-value]  # a number, as in the bank
        miss = max(abs(target) * 0.5, 10 * (question.tolerance or 0), 1.0)
        return round(target + miss * rng.choice([-1, 1]), 4)
    ids = [o.id for o in question.options]
    if question.kind == "single":
        wrong = [i for i in ids if i != question.answer]
        return str(question.answer) if right else str(rng.choice(wrong))
    keys = list(question.correct_ids)
    if right:
        return keys
    others = [i for i in ids if i not in keys]
    return keys[:-1] if len(keys) > 1 and not others else keys[:-1] + others[:1]


def _example_learner(
    questions: list[Question],
    difficulty: np.ndarray,
    start: datetime,
    ability: float,
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """One made-up learner's final-assessment attempts: answers follow ``ability``, and a
    learner sometimes tries again after a wrong answer."""
    clock = start
    entries = []
    for question, hard in zip(questions, difficulty, strict=True):
        if rng.random() < 0.08:
            continue  # skipped this question
        p_right = 1 / (1 + np.exp(-(ability - hard)))
        attempts = 2 if rng.random() < 0.3 else 1
        for attempt in range(attempts):
            right = bool(rng.random() < min(0.95, p_right + 0.25 * attempt))
            clock += timedelta(seconds=int(rng.integers(20, 240)))
            entries.append(
                {
                    "lesson": FINAL,
                    "question": question.id,
                    "answer": _example_answer(question, right, rng),
                    "correct": right,
                    "answered_at": clock.isoformat(timespec="microseconds"),
                }
            )
            if right:
                break
    return entries


def _write_example(path: Path, entries: list[dict[str, Any]]) -> Path:
    """A made-up export, stamped with its last answer's time (so the files are reproducible)."""
    stamp = entries[-1]["answered_at"] if entries else "2025-03-03T09:00:00+00:00"
    return write_export(path, entries, exported_at=stamp)


def _example_problem_files(target: Path, paths: list[Path], first: list[dict[str, Any]]) -> None:
    """What a real class hands in besides: an earlier export, a copy, and two broken files."""
    learners = len(paths)
    early = first[: max(1, len(first) // 2)]
    paths.append(_write_example(target / "higm_progress_learner01_early.json", early))
    copy = target / "higm_progress_learner02_copy.json"
    copy.write_bytes(paths[1].read_bytes())
    paths.append(copy)
    wrong = target / "notes_from_learner05.json"
    wrong.write_text(json.dumps({"notes": "my answers are in my notebook"}), encoding="utf-8")
    paths.append(wrong)
    cut = target / "higm_progress_learner07_truncated.json"
    cut.write_text(paths[6 % learners].read_text(encoding="utf-8")[:200], encoding="utf-8")
    paths.append(cut)


def example_exports(
    folder: str | os.PathLike[str], *, learners: int = 12, seed: int = DEFAULT_SEED
) -> list[Path]:
    """Write made-up exported progress files for a class of ``learners`` into ``folder``.

    For demonstrating :func:`higm_lessons.classroom.class_summary`. Deterministic
    for a given seed (times included). Each learner answers the final assessment
    with a made-up ability; some retry what they got wrong. Besides one file per
    learner, the folder gets what a real class hands in: an earlier, partial
    export of learner 1, an exact copy of learner 2's file, a file that is not a
    progress export, and a truncated one. Returns every path written, in order.
    """
    target = checks.folder("folder", folder)
    learners = checks.whole("learners", learners, low=2, high=500)
    rng = checks.generator(checks.seed(seed))
    questions = final_questions(seed)
    difficulty = rng.normal(0.0, 1.0, size=len(questions))
    start = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    paths: list[Path] = []
    first: list[dict[str, Any]] = []
    for learner in range(learners):
        ability = float(rng.normal(0.8, 1.0))
        begin = start + timedelta(days=int(rng.integers(0, 5)), minutes=learner)
        entries = _example_learner(questions, difficulty, begin, ability, rng)
        if learner == 0:
            first = entries
        paths.append(
            _write_example(target / f"higm_progress_learner{learner + 1:02d}.json", entries)
        )
    _example_problem_files(target, paths, first)
    return paths
