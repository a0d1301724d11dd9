"""The final test of lesson 13: which questions a learner gets, their attempts, the score.

The test is drawn per learner. Its pool is the cases written for it
(``data/questions/final_test.toml``, whose ``[topics]`` table says which lesson
each case revisits) and the other lessons' banks (``lesson_00.toml`` to
``lesson_11.toml``, minus the few listed in ``[draw].exclude`` that only make
sense beside their lesson's widget). An attempt takes ``[draw].per_lesson``
questions from each lesson and one more from each of randomly chosen lessons up to
``[draw].total``, preferring those the learner has not had in an earlier attempt, in a
shuffled order in which no two neighbours come from the same lesson. The seed is the
learner's own: a random number kept in their progress store (:func:`learner_seed`),
combined with the attempt's number.

Every saved state of an attempt is a progress-store attempt of kind
``"final-test"`` (item ``"13-final-test"``) holding the attempt number, its
seed, the drawn question ids, the answers and confidence so far, and whether it
was submitted, so an unfinished attempt resumes after a restart or an import,
and every earlier attempt stays in the history. On submit, each answer is also
recorded as a quiz answer under lesson ``"13"`` (which never overwrites the
learner's answers in the lessons themselves); that is what an instructor's class
summary reads. ``data/questions/lesson_13.toml`` is the lesson's own self-check.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from higm_lessons import checks
from higm_lessons.course import lessons
from higm_lessons.data import DataError, cached, data_path, load_table, load_toml
from higm_lessons.objectives import tag_problems
from higm_lessons.progress import COLUMNS, CONFIDENCE, Learner, ProgressStore, export_text
from higm_lessons.quiz import Question, Result, all_questions, check, parse_number

FINAL = "13"
TEST_ITEM = "13-final-test"
TEST_KIND = "final-test"
PROFILE = ("00", "profile", "profile")
"""(lesson, item, kind) of the learner's profile attempt, which holds their seed."""
DEFAULT_SEED = 2025
BANK = ("questions", "final_test.toml")
_LESSON = re.compile(r"^\d\d$")


@dataclass(frozen=True)
class FinalBank:
    """The final test's own cases, the lesson each revisits, and how the test is drawn."""

    questions: tuple[Question, ...]
    topics: dict[str, str]
    per_lesson: int
    exclude: tuple[str, ...]
    total: int = 0
    """How many questions an attempt holds: ``per_lesson`` from each lesson, then one more
    from each of as many other lessons, drawn at random, as it takes to reach ``total``
    (0: just ``per_lesson`` from each)."""


def final_bank() -> FinalBank:
    """``data/questions/final_test.toml``, validated; parsed once until it changes.

    Raises ``DataError`` naming the file for a bad question, a case with no topic,
    a topic that is not a lesson of the course, or a bad ``[draw]`` table.
    """
    return cached(
        _parse_final_bank, data_path(*BANK), data_path("sources.csv"), data_path("objectives.csv")
    )


def _parse_questions(raw: dict[str, Any], where: str, problems: list[str]) -> list[Question]:
    known = set(load_table("sources.csv")["key"])
    entries = raw.get("questions")
    if not isinstance(entries, list) or not entries:
        problems.append(f"{where}: needs at least one [[questions]] table")
        return []
    questions = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"{where}, question {number}: each entry must be a table")
            continue
        try:
            question = Question.model_validate({"lesson": FINAL, **entry})
        except ValidationError as exc:
            for error in exc.errors():
                place = ".".join(str(p) for p in error["loc"]) or "question"
                problems.append(f"{where}, question {number}, field {place!r}: {error['msg']}")
            continue
        unknown = [k for k in question.sources if k not in known]
        if unknown:
            problems.append(f"{where}, question {question.id!r}: unknown source keys {unknown}")
        problems += [
            f"{where}, question {question.id!r}, field 'objectives': {p}"
            for p in tag_problems(question.objectives, FINAL)
        ]
        questions.append(question)
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        problems.append(f"{where}: duplicate question ids {twice}")
    return questions


def _parse_topics(table: Any, ids: list[str], where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(table, dict):
        problems.append(f"{where}: needs a [topics] table mapping each question id to a lesson")
        return {}
    known_lessons = set(lessons()["number"]) - {FINAL}
    problems += [f"{where}: question {i!r} has no entry in [topics]" for i in ids if i not in table]
    for key, value in table.items():
        if key not in ids:
            problems.append(f"{where}: [topics] names {key!r}, which is not a question here")
        if not isinstance(value, str) or not _LESSON.match(value) or value not in known_lessons:
            problems.append(
                f'{where}: [topics] {key!r} = {value!r} must be an earlier lesson, such as "03"'
            )
    return {key: table[key] for key in ids if key in table}


def _parse_final_bank(path: Path, _sources: Path, _objectives: Path) -> FinalBank:
    where = f"questions/{path.name}"
    raw = load_toml(path)
    problems: list[str] = []
    if raw.get("lesson") != FINAL:
        problems.append(f'{where}: needs lesson = "{FINAL}" at the top')
    questions = _parse_questions(raw, where, problems)
    ids = [q.id for q in questions]
    topics_table = _parse_topics(raw.get("topics"), ids, where, problems)
    draw = raw.get("draw", {})
    per_lesson = draw.get("per_lesson") if isinstance(draw, dict) else None
    exclude = draw.get("exclude", []) if isinstance(draw, dict) else None
    if isinstance(per_lesson, bool) or not isinstance(per_lesson, int) or not 1 <= per_lesson <= 5:
        problems.append(f"{where}: [draw] per_lesson must be a whole number from 1 to 5")
        per_lesson = 1
    if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        problems.append(f"{where}: [draw] exclude must be a list of question ids")
        exclude = []
    total = draw.get("total", 0) if isinstance(draw, dict) else 0
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        problems.append(f"{where}: [draw] total must be a whole number (0: per_lesson each)")
        total = 0
    if problems:
        raise DataError("\n".join(problems))
    return FinalBank(tuple(questions), topics_table, per_lesson, tuple(exclude), total)


def topics() -> dict[str, str]:
    """Case id -> the lesson it revisits, for every case of final_test.toml."""
    return dict(final_bank().topics)


def topic_of(question: Question) -> str:
    """The lesson a final-test question revisits (a borrowed question: its own lesson)."""
    if not isinstance(question, Question):
        raise TypeError("question must be a Question from draw_questions()")
    if question.lesson != FINAL:
        return question.lesson
    return topic_for(FINAL, question.id)


def topic_for(lesson: str, question_id: str) -> str:
    """The lesson an answer counts towards: for a final-test answer (lesson "13"), the
    lesson its question revisits; for any other answer, the lesson it was given in."""
    return topics_for([(lesson, question_id)])[(lesson, question_id)]


def topics_for(answers: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """:func:`topic_for` of many (lesson, question id) pairs, reading the final-test bank
    (and checking whether its files changed) once rather than once per answer."""
    pairs = set(answers)
    for lesson, question_id in pairs:
        if not isinstance(lesson, str) or not isinstance(question_id, str):
            raise TypeError(
                "lesson and question_id must be text, such as '13' and '13-lab-pattern'"
            )
    bank: dict[str, str] | None = None
    if any(lesson == FINAL and qid.startswith(f"{FINAL}-") for lesson, qid in pairs):
        try:
            bank = final_bank().topics
        except DataError:
            bank = {}  # a damaged bank must not stop an instructor's summary
    return {(lesson, qid): _topic(lesson, qid, bank) for lesson, qid in pairs}


def _topic(lesson: str, question_id: str, bank: dict[str, str] | None) -> str:
    if lesson != FINAL:
        return lesson
    if question_id.startswith(f"{FINAL}-"):
        return (bank or {}).get(question_id, FINAL)
    prefix = question_id[:2]
    return prefix if _LESSON.match(prefix) and question_id[2:3] == "-" else FINAL


def question_pool() -> dict[str, list[Question]]:
    """Lesson -> the questions the final test may draw for it (its cases, then the lesson's
    own bank, in file order). ``DataError`` when ``[draw].exclude`` names no question."""
    bank = final_bank()
    pool: dict[str, list[Question]] = {}
    for question in bank.questions:
        pool.setdefault(bank.topics[question.id], []).append(question)
    borrowed = [q for q in all_questions() if q.lesson != FINAL and not q.deep_dive]
    unknown = sorted(set(bank.exclude) - {q.id for q in borrowed})
    if unknown:
        raise DataError(f"questions/{BANK[1]}: [draw] exclude names unknown questions {unknown}")
    ids = {q.id for q in bank.questions}
    for question in borrowed:
        if question.id in ids:
            raise DataError(f"questions/{BANK[1]}: question id {question.id!r} is used twice")
        if question.id not in bank.exclude:
            pool.setdefault(question.lesson, []).append(question)
    return dict(sorted(pool.items()))


def questions_by_id() -> dict[str, Question]:
    """Every question the final test can draw, by id."""
    return {q.id: q for questions in question_pool().values() for q in questions}


def _interleave(chosen: list[Question], rng: np.random.Generator) -> list[Question]:
    """A shuffled order with no two neighbours from the same lesson (when one exists)."""
    order = [chosen[i] for i in rng.permutation(len(chosen))]
    for _ in range(500):
        if all(topic_of(a) != topic_of(b) for a, b in itertools.pairwise(order)):
            break
        order = [chosen[i] for i in rng.permutation(len(chosen))]
    return order


def draw_questions(seed: int, *, avoid: Iterable[str] = ()) -> list[Question]:
    """One attempt's questions: ``[draw].per_lesson`` from each lesson, then one more from
    each of randomly chosen lessons up to ``[draw].total``, drawn with ``seed``, preferring
    questions not in ``avoid`` (ids of earlier attempts), interleaved."""
    rng = checks.generator(checks.seed(seed))
    if isinstance(avoid, str) or not isinstance(avoid, Iterable):
        raise TypeError("avoid must be a list of question ids")
    seen = set(avoid)
    bank_spec = final_bank()
    per_lesson = bank_spec.per_lesson
    chosen: list[Question] = []
    spare: list[Question] = []  # each lesson's next-best question, for the extra draws
    for bank in question_pool().values():
        keys = rng.random(len(bank))
        ranked = sorted(range(len(bank)), key=lambda i: (bank[i].id in seen, keys[i]))
        chosen += [bank[i] for i in ranked[:per_lesson]]
        spare += [bank[i] for i in ranked[per_lesson : per_lesson + 1]]
    extra = min(max(bank_spec.total - len(chosen), 0), len(spare))
    chosen += [spare[i] for i in sorted(rng.choice(len(spare), extra, replace=False))]
    return _interleave(chosen, rng)


def attempt_seed(learner: int, number: int) -> int:
    """The seed of a learner's attempt ``number`` (1, 2, ...) from their own seed."""
    learner = checks.seed(learner, "learner")
    number = checks.whole("number", number, low=1)
    return int(np.random.SeedSequence([learner, number]).generate_state(1)[0])


def learner_seed(store: ProgressStore) -> int:
    """The learner's own seed, from the profile in their progress store (made on first use,
    kept, exported and imported with their progress; the oldest profile wins)."""
    if not isinstance(store, ProgressStore):
        raise TypeError("store must be a ProgressStore")
    lesson, item, kind = PROFILE
    for response in store.attempts(lesson=lesson, item=item)["response"]:
        if isinstance(response, dict) and isinstance(response.get("seed"), int):
            return int(response["seed"])
    seed = secrets.randbelow(2**31)
    store.record_attempt(lesson, item, kind, {"seed": seed})
    return seed


@dataclass(frozen=True)
class FinalAttempt:
    """One attempt at the final test: its draw, the answers and confidence so far."""

    number: int
    seed: int
    questions: tuple[str, ...]
    answers: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, str] = field(default_factory=dict)
    submitted: bool = False

    def to_response(self) -> dict[str, Any]:
        """The attempt as the JSON value stored in the progress store."""
        return {
            "number": self.number,
            "seed": self.seed,
            "questions": list(self.questions),
            "answers": dict(self.answers),
            "confidence": dict(self.confidence),
            "submitted": self.submitted,
        }

    @classmethod
    def from_response(cls, response: Any) -> FinalAttempt:
        """An attempt back from its stored JSON; ``ValueError`` when it is not one."""
        fields = {"number", "seed", "questions", "answers", "confidence", "submitted"}
        if not isinstance(response, dict) or set(response) != fields:
            raise ValueError(f"a final-test attempt must have exactly the fields {sorted(fields)}")
        questions = response["questions"]
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise ValueError("a final-test attempt's questions must be a list of ids")
        answers, confidence = response["answers"], response["confidence"]
        if not isinstance(answers, dict) or not isinstance(confidence, dict):
            raise ValueError("a final-test attempt's answers and confidence must be tables")
        if not set(answers) <= set(questions) or not set(confidence) <= set(questions):
            raise ValueError("a final-test attempt answers a question it did not draw")
        if any(c not in CONFIDENCE for c in confidence.values()):
            raise ValueError(f"confidence must be one of {list(CONFIDENCE)}")
        return cls(
            checks.whole("number", response["number"], low=1),
            checks.seed(response["seed"]),
            tuple(questions),
            dict(answers),
            dict(confidence),
            checks.boolean("submitted", response["submitted"]),
        )

    @property
    def unanswered(self) -> list[str]:
        return [q for q in self.questions if q not in self.answers]


def history(store: ProgressStore) -> list[FinalAttempt]:
    """Every attempt at the final test in the store, oldest first, each in its latest saved
    state (a saved state that cannot be read is left out)."""
    if not isinstance(store, ProgressStore):
        raise TypeError("store must be a ProgressStore")
    latest: dict[int, FinalAttempt] = {}
    for response in store.attempts(lesson=FINAL, item=TEST_ITEM)["response"]:
        try:
            attempt = FinalAttempt.from_response(response)
        except (TypeError, ValueError):
            continue
        if not latest.get(attempt.number, attempt).submitted or attempt.submitted:
            latest[attempt.number] = attempt  # a submitted attempt stays submitted
    return [latest[n] for n in sorted(latest)]


class FinalTest:
    """A learner's final test, kept in their progress store: draw, answer, submit, retake.

    Nothing here reveals whether an answer is right until the attempt is submitted.
    """

    def __init__(self, store: ProgressStore):
        if not isinstance(store, ProgressStore):
            raise TypeError("store must be a ProgressStore")
        self.store = store
        self.by_id = questions_by_id()

    def current(self) -> FinalAttempt:
        """The latest attempt (unfinished or submitted), or a fresh first one (not saved
        until the learner answers)."""
        attempts = history(self.store)
        return attempts[-1] if attempts else self._draw(1, [])

    def _draw(self, number: int, earlier: list[FinalAttempt]) -> FinalAttempt:
        seed = attempt_seed(learner_seed(self.store), number)
        avoid = [q for attempt in earlier[-1:] for q in attempt.questions]
        return FinalAttempt(number, seed, tuple(q.id for q in draw_questions(seed, avoid=avoid)))

    def questions(self, attempt: FinalAttempt) -> list[Question]:
        """The attempt's questions, in its order (any no longer in the banks left out)."""
        return [self.by_id[q] for q in attempt.questions if q in self.by_id]

    def save(self, attempt: FinalAttempt) -> FinalAttempt:
        """Keep the attempt's state in the progress store."""
        self.store.record_attempt(FINAL, TEST_ITEM, TEST_KIND, attempt.to_response())
        return attempt

    def answer(
        self, attempt: FinalAttempt, question_id: str, answer: Any, confidence: str | None
    ) -> FinalAttempt:
        """Keep one answer (None clears it) and its confidence; returns the new state.

        The answer is checked for its form only (an option id, a list of them, a number);
        ``ValueError`` when it has the wrong form, and after submit.
        """
        if attempt.submitted:
            raise ValueError("this attempt is submitted; start a new attempt to answer again")
        if question_id not in attempt.questions or question_id not in self.by_id:
            raise ValueError(f"question_id {question_id!r} is not in this attempt")
        checks.one_of("confidence", confidence, CONFIDENCE, optional=True)
        answers, sure = dict(attempt.answers), dict(attempt.confidence)
        if answer is None:
            answers.pop(question_id, None)
        else:
            question = self.by_id[question_id]
            if question.kind == "numeric":
                answer = parse_number(answer)
            elif question.kind == "multiple":
                answer = sorted(answer)
            check(question, answer)  # the form only: the verdict is not kept or shown
            answers[question_id] = answer
        if confidence is None:
            sure.pop(question_id, None)
        else:
            sure[question_id] = confidence
        return self.save(replace(attempt, answers=answers, confidence=sure))

    def submit(self, attempt: FinalAttempt) -> FinalAttempt:
        """Submit the whole attempt: every answer is recorded (and now checked); an
        unanswered question counts as not right."""
        if attempt.submitted:
            return attempt
        missing = [
            i + 1 for i, q in enumerate(attempt.questions)
            if q in attempt.answers and q not in attempt.confidence
        ]  # fmt: skip
        if missing:
            raise ValueError(
                f"say how sure you are for question{'s' * (len(missing) > 1)} "
                f"{', '.join(map(str, missing))} before you submit"
            )
        for question in self.questions(attempt):
            if question.id in attempt.answers:
                answer = attempt.answers[question.id]
                result = check(question, answer)
                self.store.record(
                    FINAL, question.id, answer, result.correct, attempt.confidence[question.id]
                )
        return self.save(replace(attempt, submitted=True))

    def results(self, attempt: FinalAttempt) -> dict[str, Result]:
        """Question id -> the checked answer, for a submitted attempt only."""
        if not attempt.submitted:
            raise ValueError("results come after the whole test is submitted")
        return {
            q.id: check(q, attempt.answers[q.id])
            for q in self.questions(attempt)
            if q.id in attempt.answers
        }

    def scores(self, attempt: FinalAttempt) -> pd.DataFrame:
        """Score by lesson of a submitted attempt (see :func:`score_by_lesson`)."""
        results = {key: r.correct for key, r in self.results(attempt).items()}
        return score_by_lesson(self.questions(attempt), results)

    def retake(self) -> FinalAttempt:
        """Start a new attempt after a submitted one: a fresh draw, blank; saved at once."""
        attempts = history(self.store)
        if attempts and not attempts[-1].submitted:
            raise ValueError("submit the attempt you are in before starting a new one")
        return self.save(self._draw(len(attempts) + 1 if attempts else 1, attempts))


def score_by_lesson(questions: list[Question], results: dict[str, bool]) -> pd.DataFrame:
    """Per lesson revisited: questions, answered, right and the share right of those answered.

    ``results`` maps question id to whether its answer was right.
    Columns ``lesson``, ``title``, ``questions``, ``answered``, ``right``, ``wrong``,
    ``unanswered``, ``score`` (NaN where nothing is answered).
    """
    if not isinstance(results, dict):
        raise TypeError("results must map question ids to True or False")
    titles = lessons().set_index("number")["title"]
    rows: dict[str, dict] = {}
    for question in questions:
        lesson = topic_of(question)
        row = rows.setdefault(
            lesson,
            {"lesson": lesson, "title": titles.get(lesson, ""), "questions": 0, "right": 0,
             "wrong": 0},
        )  # fmt: skip
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


def resume_point(attempt: FinalAttempt) -> int:
    """Index of the first question not answered yet (the last one when all are answered)."""
    if not isinstance(attempt, FinalAttempt):
        raise TypeError("attempt must be a FinalAttempt")
    for index, question in enumerate(attempt.questions):
        if question not in attempt.answers:
            return index
    return max(len(attempt.questions) - 1, 0)


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
    """One made-up learner's final-test answers: answers follow ``ability``, and a
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


EXAMPLE_GIVEN = ("Amara", "Ben", "Chloé", "Dev", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas")
EXAMPLE_FAMILY = ("Okafor", "Schmidt", "Dubois", "Patel", "Yılmaz", "Adeyemi", "Larsen", "Sato")
EXAMPLE_CLASS_CODE = "HIGM-demo"
"""The class code of the made-up class's exports."""


def example_name(learner: int) -> str:
    """The made-up name of example learner ``learner`` (1, 2, ...)."""
    index = checks.whole("learner", learner, low=1) - 1
    given, family = EXAMPLE_GIVEN[index % 10], EXAMPLE_FAMILY[(index * 3) % 8]
    return f"{given} {family}" + (f" {index // 80 + 1}" if index >= 80 else "")


def example_named(learner: int) -> bool:
    """Whether example learner ``learner`` typed a name when exporting (every third did not)."""
    return learner % 3 != 0


def example_roster(*, learners: int = 12) -> tuple[str, ...]:
    """The roster of the made-up class: every learner's name and one who never handed in."""
    count = checks.whole("learners", learners, low=2, high=500)
    return tuple(example_name(n) for n in range(1, count + 2))


def _example_text(entries: list[dict[str, Any]], learner: int) -> str:
    """A made-up export, stamped with its last answer's time (so the files are reproducible)."""
    stamp = entries[-1]["answered_at"] if entries else "2025-03-03T09:00:00+00:00"
    who = Learner(example_name(learner) if example_named(learner) else None, EXAMPLE_CLASS_CODE)
    return export_text(entries, exported_at=stamp, learner=who)


def _example_problem_files(files: list[tuple[str, str]], first: list[dict[str, Any]]) -> None:
    """What a real class hands in besides: an earlier export, a copy, and two broken files."""
    learners = len(files)
    early = first[: max(1, len(first) // 2)]
    files.append(("higm_progress_learner01_early.json", _example_text(early, 1)))
    files.append(("higm_progress_learner02_copy.json", files[1][1]))
    files.append(
        ("notes_from_learner05.json", json.dumps({"notes": "my answers are in my notebook"}))
    )
    files.append(("higm_progress_learner07_truncated.json", files[6 % learners][1][:200]))


def example_class(*, learners: int = 12, seed: int = DEFAULT_SEED) -> tuple[tuple[str, str], ...]:
    """A made-up class of ``learners``, as (file name, file text) pairs, without any file.

    What :func:`example_exports` writes, in the same order and byte for byte: for
    demonstrating :func:`higm_lessons.classroom.class_summary` (and
    :func:`~higm_lessons.classroom.class_summary_of_texts`, which reads these pairs).
    Deterministic for a given seed (times included). Each learner draws their own final
    test and answers it with a made-up ability (each question has a made-up difficulty);
    some retry what they got wrong. Besides one file per learner, the class hands in what
    a real class does: an earlier, partial export of learner 1, an exact copy of learner
    2's file, a file that is not a progress export, and a truncated one.
    """
    return _example_class(checks.whole("learners", learners, low=2, high=500), checks.seed(seed))


@functools.lru_cache(maxsize=64)
def _example_hardness(seed: int) -> dict[str, float]:
    """Each question's made-up difficulty in the class of ``seed``."""
    ids = sorted(questions_by_id())
    rng = checks.generator(seed)
    return dict(zip(ids, (float(h) for h in rng.normal(0.0, 1.0, size=len(ids))), strict=True))


@functools.lru_cache(maxsize=4096)
def _example_learner_file(seed: int, learner: int) -> tuple[str, tuple[dict[str, Any], ...]]:
    """Example learner ``learner`` (1, 2, ...) of the class of ``seed``: their export's text and
    answers. Each learner is drawn from their own seed, so a class of one more learner is the
    same class with one file added (the learners slider redraws only the new learner)."""
    rng = checks.generator(attempt_seed(seed, learner))
    hardness = _example_hardness(seed)
    ability = float(rng.normal(0.8, 1.0))
    start = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    begin = start + timedelta(days=int(rng.integers(0, 5)), minutes=learner - 1)
    questions = draw_questions(attempt_seed(seed, learner))
    difficulty = np.array([hardness[q.id] for q in questions])
    entries = _example_learner(questions, difficulty, begin, ability, rng)
    return _example_text(entries, learner), tuple(entries)


def _example_class(learners: int, seed: int) -> tuple[tuple[str, str], ...]:
    files: list[tuple[str, str]] = []
    for learner in range(1, learners + 1):
        text, _entries = _example_learner_file(seed, learner)
        files.append((f"higm_progress_learner{learner:02d}.json", text))
    _example_problem_files(files, list(_example_learner_file(seed, 1)[1]))
    return tuple(files)


def example_exports(
    folder: str | os.PathLike[str], *, learners: int = 12, seed: int = DEFAULT_SEED
) -> list[Path]:
    """Write made-up exported progress files for a class of ``learners`` into ``folder``.

    The files of :func:`example_class`: one per learner, and besides them what a real
    class hands in (an earlier, partial export of learner 1, an exact copy of learner 2's
    file, a file that is not a progress export, and a truncated one). Deterministic for a
    given seed. Returns every path written, in order.
    """
    target = checks.folder("folder", folder)
    paths = []
    for name, text in example_class(learners=learners, seed=seed):
        path = target / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
