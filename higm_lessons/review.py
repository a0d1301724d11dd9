"""Spaced, interleaved review on the progress store, and mastery by objective.

**What is reviewed.** An item is a question of a bank (its id, such as
``"04-why-boys"``, including the final test's cases) or a generated problem
(``"practice:<kind>"``, for a kind registered with :func:`register_practice`). The six
kinds of :mod:`higm_lessons.practice` are registered when this module is imported
(:func:`practice_items`), each under the lesson that teaches it and the objectives it
practises (:data:`COURSE_PRACTICE`). A question joins the review queue the first time the
learner answers it in a lesson or in the final test; a generated problem joins
when it is first graded with :func:`grade`.

**Scheduling.** The course does not schedule by itself: it uses the FSRS
(Free Spaced Repetition Scheduler) algorithm of the ``fsrs`` library, with its
default parameters, a desired retention of 0.9 and no random fuzz (so the same
history gives the same schedule). A learner's answer becomes an FSRS rating:

==============================  ==========  =========================================
answer                          rating      why
==============================  ==========  =========================================
wrong (any confidence)          ``Again``   not recalled: relearn it soon
right, "guessing"               ``Hard``    right, but not retrieved with confidence
right, "think so" or no rating  ``Good``    ordinary recall
right, "sure"                   ``Easy``    confident recall: the longest interval
==============================  ==========  =========================================

**Storage and clock.** Every review is a progress-store attempt of kind
``"review"`` whose response holds the time of the review (``reviewed_at``, from
the ``now`` passed in), the rating, the card after the review (FSRS's own
``Card.to_dict()``) and, for a generated problem, the seed of the variant. So
the queue survives a restart, an export and an import, and tests move time by
passing a later ``now``. A question that has no review yet starts from a card
graded at the store's own timestamp of its first answer.

**The queue.** :func:`session` returns the items due at ``now``: high-confidence
errors first (a wrong answer marked "sure", then "think so": confident errors
corrected with feedback are the ones learners fix best, the hypercorrection
effect), then by due date; within that order, neighbours come from different
lessons where the queue allows (interleaving). A generated item is served as a
fresh variant: a seed whose problem has other numbers (other worked steps) than every
variant served before. Only when every variant of a kind has been served does a retake
repeat one: the variant served longest ago.

**Mastery.** :func:`mastery` estimates, per objective of ``data/objectives.csv``,
the chance of answering an item of that objective right, from every judged
attempt at an item tagged with it (see :func:`mastery` for the rule).
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
from fsrs import Card, Rating, Scheduler
from scipy import stats

from higm_lessons import checks
from higm_lessons.assessment import BANK, final_bank
from higm_lessons.data import cached, data_files, data_path
from higm_lessons.objectives import objectives
from higm_lessons.practice import LEVELS, Problem, generate
from higm_lessons.progress import CONFIDENCE, ProgressStore
from higm_lessons.prompts import all_prompts
from higm_lessons.quiz import Question, all_questions

KIND = "review"
"""The kind of a review attempt in the progress store."""
PRACTICE = "practice:"
"""The prefix of a generated problem's item id: ``"practice:<kind>"``."""
SCHEDULER = Scheduler(desired_retention=0.9, enable_fuzzing=False)
MIN_ATTEMPTS = 3
"""Fewer judged attempts at an objective than this: "not enough evidence yet"."""
PRIOR = (1.0, 1.0)
"""Beta prior of the mastery estimate: uniform, every share right equally likely."""
INTERVAL = 0.90
"""The credible interval of the mastery estimate (the central 90%)."""
MASTERED = 0.75
"""An objective counts as mastered when its estimate is at least this and the lower end
of its interval at least :data:`SECURE`."""
SECURE = 0.5
FRESH_TRIES = 50
"""How many seeds :func:`session` tries to find a variant not served before."""


def rating(correct: bool, confidence: str | None) -> Rating:
    """The FSRS rating of an answer (the table in the module's docstring)."""
    checks.boolean("correct", correct)
    if confidence is not None:
        checks.one_of("confidence", confidence, CONFIDENCE)
    if not correct:
        return Rating.Again
    return {"guessing": Rating.Hard, "sure": Rating.Easy}.get(confidence or "", Rating.Good)


# --------------------------------------------------------------------------- generated items
@dataclass(frozen=True)
class Practice:
    """How to make a generated problem of one kind: its lesson, objectives and generator."""

    kind: str
    lesson: str
    objectives: tuple[str, ...]
    make: Callable[[int], Any]
    """``make(seed)`` returns a problem. Two problems are the same variant when they have the
    same worked ``steps`` (the same numbers), or, for a problem without steps, the same
    ``prompt`` text."""


_PRACTICE: dict[str, Practice] = {}


def register_practice(
    kind: str, lesson: str, objectives: tuple[str, ...], make: Callable[[int], Any]
) -> None:
    """Let the review queue serve generated problems of ``kind`` (item ``"practice:<kind>"``).

    ``make(seed)`` returns a problem (anything with a ``prompt`` attribute, and ``steps``
    when it has worked steps). The course's own kinds are registered by
    :func:`practice_items`; another one is added with, for example,
    ``register_practice("trough-level-3", "10", ("10-2",), lambda s: generate("trough",
    seed=s, level=3))``. Registering a kind again replaces it.
    """
    kind = checks.text("kind", kind)
    lesson = checks.lesson_number(lesson)
    if not callable(make):
        raise TypeError("make must be a function of a seed")
    known = set(objectives_table()["id"])
    unknown = [o for o in objectives if o not in known]
    if unknown:
        raise ValueError(f"objectives {unknown} are not in objectives.csv")
    _PRACTICE[kind] = Practice(kind, lesson, tuple(objectives), make)


def unregister_practice(kind: str) -> None:
    """Forget a generated kind (for tests and reloads)."""
    _PRACTICE.pop(kind, None)


def objectives_table() -> pd.DataFrame:
    """The objectives of ``data/objectives.csv``."""
    return objectives()


def _practice(item: str) -> Practice:
    kind = item.removeprefix(PRACTICE)
    if kind not in _PRACTICE:
        raise ValueError(f"item {item!r}: no generator is registered for kind {kind!r}")
    return _PRACTICE[kind]


def _variant_key(problem: Any) -> object:
    """What makes a variant: its worked steps (its numbers), else its prompt text."""
    steps = getattr(problem, "steps", None)
    if steps is not None:
        return tuple(steps)
    return str(getattr(problem, "prompt", problem))


COURSE_PRACTICE: dict[str, tuple[str, tuple[str, ...]]] = {
    "maternal-igg": ("02", ("02-2",)),
    "offspring-risk": ("04", ("04-2",)),
    "carrier-risk": ("05", ("05-2",)),
    "lab-flag": ("07", ("07-1", "07-3")),
    "unit-conversion": ("07", ("07-2",)),
    "trough": ("10", ("10-2",)),
}
"""Each generated kind of :mod:`higm_lessons.practice`: the lesson that teaches its
calculation, and the objectives of ``data/objectives.csv`` that every level of it practises
(a lab-flag problem always asks for the flag against the band for the patient's age, chosen
from a table that also holds the adult band; a carrier-risk problem is always a Bayes table)."""


def course_problem(kind: str, seed: int) -> Problem:
    """The generated problem of ``kind`` that the review serves for ``seed``.

    The level turns with the seed (1, 2, 3, 1, ...), so the variants of a kind span every
    level: more distinct problems than any one level has, and a mix of easier and harder ones.
    """
    seed = checks.seed(seed)
    return generate(kind, seed=seed, level=LEVELS[seed % len(LEVELS)])


def practice_items() -> dict[str, Practice]:
    """Register every kind of :data:`COURSE_PRACTICE` that is not registered yet (this
    module does it on import) and return every registered kind, by kind."""
    for kind, (lesson, tags) in COURSE_PRACTICE.items():
        if kind not in _PRACTICE:
            register_practice(kind, lesson, tags, functools.partial(course_problem, kind))
    return dict(_PRACTICE)


# --------------------------------------------------------------------------- items
def _item_files() -> tuple[Path, ...]:
    """The files the items and their objectives come from (the cache key of :func:`_items`)."""
    return (
        *data_files("questions", "lesson_*.toml"),
        data_path(*BANK),
        *data_files("prompts", "lesson_*.toml"),
        data_path("sources.csv"),
        data_path("objectives.csv"),
    )


@dataclass(frozen=True)
class _Items:
    questions: MappingProxyType[str, tuple[Question, str]]
    objectives: MappingProxyType[str, tuple[str, ...]]
    """Question and prompt id -> the objectives it tests (generated kinds aside)."""


def _parse_items(*_files: Path) -> _Items:
    questions = {q.id: (q, q.lesson) for q in all_questions()}
    bank = final_bank()
    questions.update({q.id: (q, bank.topics[q.id]) for q in bank.questions})
    tags = {q.id: q.objectives for q, _ in questions.values()}
    tags.update({p.id: p.objectives for p in all_prompts()})
    return _Items(MappingProxyType(questions), MappingProxyType(tags))


def _items() -> _Items:
    """The banks' questions and the prompts' objectives, read again only when a file changes."""
    return cached(_parse_items, *_item_files())


def _questions() -> MappingProxyType[str, tuple[Question, str]]:
    """Question id -> (question, the lesson it belongs to for interleaving)."""
    return _items().questions


def lesson_of(item: str) -> str:
    """The lesson an item belongs to (a final-test case: the lesson it revisits)."""
    item = checks.text("item", item)
    if item.startswith(PRACTICE):
        return _practice(item).lesson
    questions = _questions()
    if item not in questions:
        raise ValueError(f"item {item!r} is neither a question id nor 'practice:<kind>'")
    return questions[item][1]


@dataclass(frozen=True)
class ReviewItem:
    """One item of a review session."""

    item: str
    lesson: str
    due: datetime
    reason: str
    """``"high-confidence error"``, ``"error"`` or ``"due"``."""
    question: Question | None = None
    seed: int | None = None
    """For a generated problem: the seed of the fresh variant to serve."""
    problem: Any = None


def _time(value: str | datetime) -> datetime:
    stamp = datetime.fromisoformat(value) if isinstance(value, str) else value
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def _check_now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if not isinstance(now, datetime):
        raise TypeError(f"now must be a datetime, not {type(now).__name__}")
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone, such as datetime.now(UTC)")
    return now.astimezone(UTC)


def _reviews(store: ProgressStore, item: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Item -> its review attempts, oldest first by review time (of ``item`` only, if given)."""
    frame = store.attempts(item=item)
    frame = frame[frame["kind"] == KIND]
    found: dict[str, list[dict[str, Any]]] = {}
    for row in frame.to_dict("records"):
        found.setdefault(row["item"], []).append(row)
    for rows in found.values():
        rows.sort(key=lambda r: _time(r["response"]["reviewed_at"]))
    return found


@dataclass(frozen=True)
class _State:
    card: Card
    correct: bool
    confidence: str | None


def _states(store: ProgressStore) -> dict[str, _State]:
    """Every enrolled item's card and last graded answer."""
    states: dict[str, _State] = {}
    questions = _questions()
    answers = store.answers()
    for row in answers.drop_duplicates("question").to_dict("records"):
        if row["question"] in questions:
            card, _ = SCHEDULER.review_card(
                Card(card_id=1),
                rating(bool(row["correct"]), row["confidence"]),
                _time(row["answered_at"]),
            )
            states[row["question"]] = _State(card, bool(row["correct"]), row["confidence"])
    for item, rows in _reviews(store).items():
        last = rows[-1]
        states[item] = _State(
            Card.from_dict(last["response"]["card"]), bool(last["correct"]), last["confidence"]
        )
    return states


def _state(store: ProgressStore, item: str) -> _State | None:
    """``_states(store).get(item)``, reading only what ``item`` needs."""
    rows = _reviews(store, item).get(item)
    if rows:
        last = rows[-1]
        return _State(
            Card.from_dict(last["response"]["card"]), bool(last["correct"]), last["confidence"]
        )
    if item.startswith(PRACTICE) or item not in _questions():
        return None
    answers = store.answers()
    answers = answers[answers["question"] == item]
    if answers.empty:
        return None
    first = answers.iloc[0]
    card, _ = SCHEDULER.review_card(
        Card(card_id=1),
        rating(bool(first["correct"]), first["confidence"]),
        _time(first["answered_at"]),
    )
    return _State(card, bool(first["correct"]), first["confidence"])


# --------------------------------------------------------------------------- the queue
def _priority(state: _State) -> int:
    if not state.correct:
        return {"sure": 0, "think so": 1}.get(state.confidence or "", 2)
    return 3


REASONS = {0: "high-confidence error", 1: "high-confidence error", 2: "error", 3: "due"}


def _interleave(ranked: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keep the ranking, but take the next item from another lesson than the last one."""
    left, order = list(ranked), list[tuple[str, str]]()
    while left:
        last = order[-1][1] if order else None
        pick = next((x for x in left if x[1] != last), left[0])
        left.remove(pick)
        order.append(pick)
    return order


def variant_seed(store: ProgressStore, item: str) -> tuple[int, Any]:
    """A seed, and its problem, for a fresh variant of a generated item.

    Seeds are tried in a fixed order from a number derived from the item, skipping any
    whose problem has the prompt of a variant already graded, so a retake never repeats
    the numbers of an earlier one.
    """
    practice = _practice(item)
    served = _reviews(store).get(item, [])
    used = {r["response"].get("seed") for r in served}
    seen = {_variant_key(practice.make(s)) for s in used if isinstance(s, int)}
    start = zlib.crc32(item.encode()) % 1_000_000 + len(served)
    for seed in range(start, start + FRESH_TRIES):
        if seed in used:
            continue
        problem = practice.make(seed)
        if _variant_key(problem) not in seen:
            return seed, problem
    raise ValueError(f"item {item!r}: no fresh variant in {FRESH_TRIES} seeds")


def _serve(store: ProgressStore, item: str) -> tuple[int, Any]:
    """A fresh variant of a generated item or, when every variant has been served, the
    variant served longest ago (a session never fails because a kind ran out)."""
    try:
        return variant_seed(store, item)
    except ValueError:
        last: dict[int, int] = {}
        for order, row in enumerate(_reviews(store).get(item, [])):
            seed = row["response"].get("seed")
            if isinstance(seed, int):
                last[seed] = order
        if not last:
            raise
        seed = min(last, key=lambda s: (last[s], s))
        return seed, _practice(item).make(seed)


def due(store: ProgressStore, now: datetime | None = None) -> list[tuple[str, datetime]]:
    """Every enrolled item due at ``now`` with its due time, oldest due first."""
    if not isinstance(store, ProgressStore):
        raise TypeError("store must be a ProgressStore")
    now = _check_now(now)
    states = _states(store)
    found = [(item, s.card.due) for item, s in states.items() if s.card.due <= now]
    return sorted(found, key=lambda x: (x[1], x[0]))


def session(store: ProgressStore, now: datetime | None = None, size: int = 10) -> list[ReviewItem]:
    """The items to review at ``now``: at most ``size``, errors first, lessons interleaved."""
    if not isinstance(store, ProgressStore):
        raise TypeError("store must be a ProgressStore")
    size = checks.whole("size", size, low=1)
    now = _check_now(now)
    states = _states(store)
    ready = [
        (item, s)
        for item, s in states.items()
        if s.card.due <= now and (not item.startswith(PRACTICE) or item[9:] in _PRACTICE)
    ]
    ready.sort(key=lambda x: (_priority(x[1]), x[1].card.due, x[0]))
    chosen = [(item, lesson_of(item)) for item, _ in ready[:size]]
    questions = _questions()
    served = []
    for item, lesson in _interleave(chosen):
        state = states[item]
        reason = REASONS[_priority(state)]
        if item.startswith(PRACTICE):
            seed, problem = _serve(store, item)
            served.append(ReviewItem(item, lesson, state.card.due, reason, None, seed, problem))
        else:
            served.append(ReviewItem(item, lesson, state.card.due, reason, questions[item][0]))
    return served


def grade(
    store: ProgressStore,
    item: str,
    correct: bool,
    confidence: str | None,
    now: datetime | None = None,
    *,
    seed: int | None = None,
) -> dict[str, Any]:
    """Record one review of ``item`` at ``now`` and schedule it with FSRS; returns the attempt.

    ``correct`` is whether the answer was right, ``confidence`` one of ``CONFIDENCE`` (or
    None); for a generated problem, ``seed`` is the variant's seed (from :func:`session`).
    The attempt's response holds the new card; ``card["due"]`` is when it comes back.
    """
    if not isinstance(store, ProgressStore):
        raise TypeError("store must be a ProgressStore")
    lesson = lesson_of(item)
    score = rating(correct, confidence)
    now = _check_now(now)
    if seed is not None:
        seed = checks.seed(seed)
    if item.startswith(PRACTICE) and seed is None:
        raise ValueError(f"a generated item ({item!r}) needs the seed of the variant graded")
    state = _state(store, item)
    card = state.card if state is not None else Card(card_id=1)
    card, _ = SCHEDULER.review_card(card, score, now)
    response = {
        "reviewed_at": now.isoformat(),
        "rating": int(score),
        "card": card.to_dict(),
        "seed": seed,
    }
    return store.record_attempt(
        lesson, item, KIND, response, correct=correct, confidence=confidence
    )


# --------------------------------------------------------------------------- mastery
def item_objectives() -> dict[str, tuple[str, ...]]:
    """Item id -> the objectives it tests: questions, prompts and registered generators."""
    found = dict(_items().objectives)
    found.update({PRACTICE + k: p.objectives for k, p in _PRACTICE.items()})
    return found


def _judged(answers: pd.DataFrame, attempts: pd.DataFrame) -> list[tuple[str, bool]]:
    """(item, correct) of every judged answer and attempt of the store's two frames."""
    rows = [(q, bool(c)) for q, c in zip(answers["question"], answers["correct"], strict=True)]
    rows += [
        (i, bool(c))
        for i, c in zip(attempts["item"], attempts["correct"], strict=True)
        if c is not None and not pd.isna(c)
    ]
    return rows


def evidence(store: ProgressStore) -> pd.DataFrame:
    """Every judged attempt, one row per objective it tests: objective, item, correct."""
    if not isinstance(store, ProgressStore):
        raise TypeError("store must be a ProgressStore")
    tags = item_objectives()
    found = [
        {"objective": tag, "item": item, "correct": right}
        for item, right in _judged(store.answers(), store.attempts())
        for tag in tags.get(item, ())
    ]
    return pd.DataFrame(found, columns=["objective", "item", "correct"])


@functools.lru_cache(maxsize=4096)
def estimate(right: int, attempts: int) -> tuple[float, float, float]:
    """Posterior mean and central 90% interval of the share right, Beta(1, 1) prior."""
    a, b = PRIOR[0] + right, PRIOR[1] + attempts - right
    tail = (1 - INTERVAL) / 2
    low, high = stats.beta.ppf([tail, 1 - tail], a, b)
    return a / (a + b), float(low), float(high)


def _objective_rows(path: Path, _sources: Path) -> tuple[dict[str, Any], ...]:
    return tuple(objectives_table()[["id", "lesson", "text"]].to_dict("records"))


def mastery(store: ProgressStore) -> pd.DataFrame:
    """Mastery per objective, one row each, in course order.

    Columns: ``objective``, ``lesson``, ``text``, ``attempts`` (judged attempts at items
    tagged with it: lesson answers, final-test answers, judged prompts and reviews),
    ``correct``, ``share_correct``, ``estimate`` (the mean of the Beta posterior with a
    uniform Beta(1, 1) prior), ``low`` and ``high`` (its central 90% credible interval)
    and ``status``. Below :data:`MIN_ATTEMPTS` attempts the estimate and interval are
    left empty and the status is "not enough evidence yet"; otherwise "mastered" when the
    estimate is at least :data:`MASTERED` and the interval's low end at least
    :data:`SECURE`, else "not yet mastered".
    """
    if not isinstance(store, ProgressStore):
        raise TypeError("store must be a ProgressStore")
    return mastery_of(store.answers(), store.attempts())


def mastery_of(answers: pd.DataFrame, attempts: pd.DataFrame) -> pd.DataFrame:
    """:func:`mastery` from frames already read: ``store.answers()`` and ``store.attempts()``
    (so a caller that needs them for more than mastery reads the store once)."""
    tags = item_objectives()
    size: dict[str, int] = {}
    right: dict[str, int] = {}
    for item, correct in _judged(answers, attempts):
        for tag in tags.get(item, ()):
            size[tag] = size.get(tag, 0) + 1
            right[tag] = right.get(tag, 0) + correct
    rows = []
    objective_rows = cached(_objective_rows, data_path("objectives.csv"), data_path("sources.csv"))
    for objective in objective_rows:
        n, k = size.get(objective["id"], 0), right.get(objective["id"], 0)
        row = {
            "objective": objective["id"],
            "lesson": objective["lesson"],
            "text": objective["text"],
            "attempts": n,
            "correct": k,
            "share_correct": k / n if n else None,
            "estimate": None,
            "low": None,
            "high": None,
            "status": "not enough evidence yet",
        }
        if n >= MIN_ATTEMPTS:
            mean, low, high = estimate(k, n)
            good = mean >= MASTERED and low >= SECURE
            row.update(estimate=mean, low=low, high=high)
            row["status"] = "mastered" if good else "not yet mastered"
        rows.append(row)
    return pd.DataFrame(rows)


def next_due(store: ProgressStore, item: str) -> datetime | None:
    """When ``item`` is next due, or None if it is not in the queue."""
    state = _states(store).get(checks.text("item", item))
    return None if state is None else state.card.due


__all__ = [
    "COURSE_PRACTICE",
    "KIND",
    "MIN_ATTEMPTS",
    "PRACTICE",
    "ReviewItem",
    "course_problem",
    "due",
    "estimate",
    "evidence",
    "grade",
    "mastery",
    "mastery_of",
    "next_due",
    "practice_items",
    "rating",
    "register_practice",
    "session",
    "unregister_practice",
]

practice_items()
