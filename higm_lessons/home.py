"""The course home, for one learner: progress by lesson, calibration, today's review and the
next step, all computed from the progress store (so an imported export gives the same picture).

**Generated practice in the review.** The review queue (:mod:`higm_lessons.review`) serves
the six kinds of :mod:`higm_lessons.practice`, each under the lesson that teaches it and the
objectives it tests (``review.COURSE_PRACTICE``).

**Today's review** (:func:`today`) is the review queue's session (items due, errors first,
lessons interleaved); when it holds fewer than ``size`` items it is topped up with a *first
round* (:func:`first_round`): one fresh generated problem of each kind not yet in the queue,
from the lessons the learner has started, or from every lesson with a generator when the
learner has started none (a first look: trying a problem before the lesson that teaches it
is no harm, and it shows what the lesson is for).

**Calibration** (:func:`calibration`) sets each confidence rating (sure, think so, guessing)
against the share of those commitments that were right, over every judged quiz answer and
attempt that carries a confidence.

**Next step** (:func:`next_step`): the lesson of the weakest objective not yet mastered (with
enough evidence), else the first lesson whose self-check is not fully answered, else the
final test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from higm_lessons import review
from higm_lessons.course import lessons
from higm_lessons.data import cached, data_files, data_path
from higm_lessons.progress import CONFIDENCE, ProgressStore
from higm_lessons.quiz import load_bank

SESSION_SIZE = 10
"""About how many items today's review holds."""
FIRST_ROUND = "first round"
"""The reason of a generated item offered before it is in the queue."""
FINAL_LESSON = "12"


def _check_store(store: ProgressStore) -> ProgressStore:
    if not isinstance(store, ProgressStore):
        raise TypeError(f"store must be a ProgressStore, not {type(store).__name__}")
    return store


# --------------------------------------------------------------------------- progress
def started_lessons(store: ProgressStore) -> list[str]:
    """The lessons with any quiz answer or commitment of the learner's own (reviews aside)."""
    _check_store(store)
    attempts = store.attempts()
    found = set(store.answers()["lesson"]) | set(
        attempts.loc[attempts["kind"] != review.KIND, "lesson"]
    )
    return sorted(found)


def progress_by_lesson(store: ProgressStore) -> pd.DataFrame:
    """One row per available lesson, in course order.

    Columns: ``lesson``, ``title``, ``notebook``, ``questions`` (self-check questions in its
    bank), ``answered`` (of those, answered at least once), ``right`` (right at the latest
    answer), ``committed`` (distinct prompts and other commitments made in the lesson, reviews
    aside), ``judged`` and ``judged_right`` (of those, the ones the course judged, and right at
    the latest try), ``reviews`` (review answers of the lesson's items), ``finished`` (every
    self-check question answered).
    """
    _check_store(store)
    return _progress(store.answers(), store.attempts())


def _parse_bank_ids(*banks: Path) -> dict[str, tuple[str, ...]]:
    numbers = [path.stem.removeprefix("lesson_") for path in banks if path.suffix == ".toml"]
    return {number: tuple(q.id for q in load_bank(number)) for number in numbers}


def _bank_ids(lesson: str) -> tuple[str, ...]:
    """The question ids of a lesson's self-check, read again only when a bank file changes."""
    banks = data_files("questions", "lesson_*.toml")
    found = cached(_parse_bank_ids, *banks, data_path("sources.csv"), data_path("objectives.csv"))
    return found[lesson] if lesson in found else tuple(q.id for q in load_bank(lesson))


def _progress(answers: pd.DataFrame, attempts: pd.DataFrame) -> pd.DataFrame:
    """:func:`progress_by_lesson` from ``store.answers()`` and ``store.attempts()``."""
    latest = {  # oldest first: the latest answer to each question stays
        (lesson, question): bool(correct)
        for lesson, question, correct in zip(
            answers["lesson"], answers["question"], answers["correct"], strict=True
        )
    }
    own: dict[tuple[str, str], bool | None] = {}
    reviews: dict[str, int] = {}
    for lesson, item, kind, correct in zip(
        attempts["lesson"], attempts["item"], attempts["kind"], attempts["correct"], strict=True
    ):
        if kind == review.KIND:
            reviews[lesson] = reviews.get(lesson, 0) + 1
        else:  # oldest first: the latest try at each item stays
            own[(lesson, item)] = correct
    rows = []
    for row in lessons().query("available").to_dict("records"):
        number = row["number"]
        bank = _bank_ids(number)
        mine = [latest[(number, q)] for q in bank if (number, q) in latest]
        made = [c for (lesson, _), c in own.items() if lesson == number]
        judged = [c for c in made if c is not None]
        rows.append(
            {
                "lesson": number,
                "title": row["title"],
                "notebook": row["notebook"],
                "questions": len(bank),
                "answered": len(mine),
                "right": sum(mine),
                "committed": len(made),
                "judged": len(judged),
                "judged_right": sum(judged),
                "reviews": reviews.get(number, 0),
                "finished": len(mine) == len(bank),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- calibration
def judged_confidences(store: ProgressStore) -> pd.DataFrame:
    """Every judged commitment with a confidence: ``confidence``, ``correct`` (quiz answers,
    final-test answers, judged prompts and predictions, reviews)."""
    _check_store(store)
    pairs = _confidences(store.answers(), store.attempts())
    return pd.DataFrame(
        {"confidence": [c for c, _ in pairs], "correct": [r for _, r in pairs]},
        columns=["confidence", "correct"],
    )


def _confidences(answers: pd.DataFrame, attempts: pd.DataFrame) -> list[tuple[str, bool]]:
    """(confidence, correct) of every judged answer and attempt that carries a confidence."""
    pairs = list(zip(answers["confidence"], answers["correct"], strict=True))
    pairs += [
        (c, r)
        for c, r in zip(attempts["confidence"], attempts["correct"], strict=True)
        if r is not None and not pd.isna(r)
    ]
    return [(c, bool(r)) for c, r in pairs if c in CONFIDENCE]


def calibration(store: ProgressStore) -> pd.DataFrame:
    """Confidence against accuracy: one row per rating of ``CONFIDENCE`` (most sure first).

    Columns ``confidence``, ``judged`` (commitments with that rating), ``right`` and
    ``share_right`` (None when there are none).
    """
    _check_store(store)
    return _calibration(store.answers(), store.attempts())


def _calibration(answers: pd.DataFrame, attempts: pd.DataFrame) -> pd.DataFrame:
    """:func:`calibration` from ``store.answers()`` and ``store.attempts()``."""
    pairs = _confidences(answers, attempts)
    rows = []
    for level in CONFIDENCE:
        chosen = [right for confidence, right in pairs if confidence == level]
        n, k = len(chosen), sum(chosen)
        rows.append(
            {"confidence": level, "judged": n, "right": k, "share_right": k / n if n else None}
        )
    return pd.DataFrame(rows, columns=["confidence", "judged", "right", "share_right"])


@dataclass(frozen=True)
class Overview:
    """What the course home draws, from one reading of the store."""

    progress: pd.DataFrame
    """:func:`progress_by_lesson`"""
    mastery: pd.DataFrame
    """:func:`higm_lessons.review.mastery`"""
    calibration: pd.DataFrame
    """:func:`calibration`"""


def overview(store: ProgressStore) -> Overview:
    """Progress by lesson, mastery and calibration, with the store read once."""
    _check_store(store)
    answers, attempts = store.answers(), store.attempts()
    return Overview(
        _progress(answers, attempts),
        review.mastery_of(answers, attempts),
        _calibration(answers, attempts),
    )


# --------------------------------------------------------------------------- today's review
def enrolled(store: ProgressStore) -> set[str]:
    """The generated items already in the review queue (graded at least once)."""
    attempts = _check_store(store).attempts()
    items = attempts.loc[attempts["kind"] == review.KIND, "item"]
    return {i for i in items if i.startswith(review.PRACTICE)}


def first_round(store: ProgressStore) -> list[review.ReviewItem]:
    """A fresh problem of each generated kind not yet in the queue, in course order: from the
    lessons the learner has started, or from all of them when none is started."""
    started = set(started_lessons(store))
    lessons_offered = started or {lesson for lesson, _ in review.COURSE_PRACTICE.values()}
    done = enrolled(store)
    items = []
    for kind, (lesson, _tags) in sorted(review.COURSE_PRACTICE.items(), key=lambda k: k[1][0]):
        item = review.PRACTICE + kind
        if lesson in lessons_offered and item not in done:
            seed, problem = review.variant_seed(store, item)
            items.append(
                review.ReviewItem(item, lesson, datetime.min, FIRST_ROUND, None, seed, problem)
            )
    return items


def today(
    store: ProgressStore, now: datetime | None = None, size: int = SESSION_SIZE
) -> list[review.ReviewItem]:
    """Today's review: the queue's session at ``now``, topped up with the first round up to
    ``size`` items."""
    items = review.session(_check_store(store), now, size)
    taken = {i.item for i in items}
    extra = [i for i in first_round(store) if i.item not in taken]
    return items + extra[: max(size - len(items), 0)]


def grade_item(
    store: ProgressStore,
    item: review.ReviewItem,
    correct: bool,
    confidence: str | None,
    now: datetime | None = None,
) -> dict:
    """Record the answer to one item of today's review (see :func:`review.grade`)."""
    if not isinstance(item, review.ReviewItem):
        raise TypeError(f"item must be a ReviewItem, not {type(item).__name__}")
    return review.grade(store, item.item, correct, confidence, now, seed=item.seed)


# --------------------------------------------------------------------------- next step
@dataclass(frozen=True)
class NextStep:
    """The suggested next step: a lesson, its notebook and why."""

    lesson: str
    title: str
    notebook: str
    reason: str


def next_step(
    store: ProgressStore,
    *,
    progress: pd.DataFrame | None = None,
    levels: pd.DataFrame | None = None,
) -> NextStep:
    """The lesson of the weakest objective not yet mastered (lowest estimate, then course
    order), else the first lesson whose self-check is not fully answered, else the final
    test (lesson 12).

    ``progress`` and ``levels`` are :func:`progress_by_lesson` and
    :func:`review.mastery` of the same store when the caller has them already.
    """
    table = (progress if progress is not None else progress_by_lesson(store)).set_index("lesson")
    levels = levels if levels is not None else review.mastery(store)
    weak = levels[levels["status"] == "not yet mastered"]
    weak = weak[weak["lesson"].isin(table.index)]
    if not weak.empty:
        row = weak.sort_values(["estimate", "objective"], kind="stable").iloc[0]
        lesson = row["lesson"]
        reason = (
            f"objective {row['objective']} ({row['text']}) is your weakest one not yet "
            f"mastered: estimate {row['estimate']:.0%}, {review.INTERVAL:.0%} interval "
            f"{row['low']:.0%} to {row['high']:.0%}"
        )
    else:
        open_lessons = table.index[~table["finished"]]
        lesson = open_lessons[0] if len(open_lessons) else FINAL_LESSON
        reason = (
            "it is the first lesson whose self-check you have not finished"
            if len(open_lessons)
            else "every self-check is done: test yourself on the whole course"
        )
    return NextStep(lesson, table.loc[lesson, "title"], table.loc[lesson, "notebook"], reason)


__all__ = [
    "FIRST_ROUND",
    "SESSION_SIZE",
    "NextStep",
    "Overview",
    "calibration",
    "enrolled",
    "first_round",
    "grade_item",
    "judged_confidences",
    "next_step",
    "overview",
    "progress_by_lesson",
    "started_lessons",
    "today",
]
