"""Faded worked examples: from a worked problem to one the learner solves alone.

A sequence takes one of the course's core calculations (:data:`SEQUENCES`: lesson
04's Punnett risk, lesson 05's Bayes table, lesson 10's steady-state trough) through
four stages, each on a new problem made by :func:`higm_lessons.practice.generate`:

1. **a worked example**: every step of the problem's worked solution is shown;
2. **one blank**: the same kind of problem with its last step (the answer) left for
   the learner (backward fading: the last step is the first one taken away);
3. **all blanks**: every step the learner works out (not the givens of the question,
   nor a text step such as the gametes) is left blank;
4. **on their own**: a new problem with only the question and a box for the answer.

Every stage's problem has its own worked steps (not only another name).

A learner who already knows the calculation may jump to stage 4 ("I already know
this"); the jump is recorded. The problems of a sequence are fixed (seeds derived
from the item), so the sequence comes back where the learner left it.

**Checking an entry** (:func:`check_entry`). The answer step is checked by
:func:`higm_lessons.practice.check`. Any other blank is right within its tolerance
(0.005 for a probability, 1% of the value otherwise); a wrong entry equal to one of
the problem's distractors names that misconception, provided the error enters at
this step or an earlier one (an error can only show in the steps after it).
Entries are read as ``practice.check`` reads them: ``"1/4"``, ``"25%"``, ``"0.25"``.

**Storage** (:func:`replay`). Every action is an attempt of kind ``"faded"`` in the
progress store, with the response ``{"action", "stage", "step", "entry", "seed",
"misconception"}``: ``action`` is ``"entry"`` (a checked entry, with ``correct``),
``"reveal"`` (the step shown after a wrong try), ``"next"`` (on to the next stage),
``"skip"`` (I already know this) or ``"restart"``. Replaying the attempts gives the
learner's stage and what they have filled in.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from higm_lessons import checks, practice
from higm_lessons.practice import Feedback, Problem

__all__ = [
    "ACTIONS",
    "KIND",
    "SEQUENCES",
    "STAGES",
    "STAGE_TITLES",
    "Sequence",
    "State",
    "asked",
    "check_entry",
    "formatted",
    "item",
    "problem",
    "replay",
    "sequence",
    "tolerance",
]

KIND = "faded"
"""The kind of a faded-example attempt in the progress store."""
STAGES = (1, 2, 3, 4)
STAGE_TITLES = {
    1: "A worked example",
    2: "Your turn: one step",
    3: "Your turn: every step",
    4: "On your own",
}
ACTIONS = ("entry", "reveal", "next", "skip", "restart")
RELATIVE_TOLERANCE = 0.01
SEED_TRIES = 50
"""How many seeds to try for a problem whose question differs from the earlier stages'."""


@dataclass(frozen=True)
class Sequence:
    """One faded sequence: a lesson's calculation, as a kind and level of practice problem."""

    lesson: str
    kind: str
    level: int
    title: str
    givens: tuple[str, ...] = ()
    """Labels of steps the question states (shown in every stage, never blank)."""


SEQUENCES = {
    "04": Sequence(
        "04", "offspring-risk", 2, "Risk for a baby of unknown sex, from the Punnett grid"
    ),
    "05": Sequence("05", "carrier-risk", 1, "Carrier risk with a Bayes table"),
    "10": Sequence(
        "10",
        "trough",
        2,
        "The steady-state trough of weekly subcutaneous immunoglobulin",
        givens=("Dose", "Interval", "Half-life", "Volume of distribution", "Fraction absorbed"),
    ),
}
"""The lessons with a faded sequence, by lesson number."""


def sequence(lesson: str | int) -> Sequence:
    """The faded sequence of a lesson (one of :data:`SEQUENCES`)."""
    number = checks.lesson_number(lesson)
    return SEQUENCES[checks.one_of("lesson", number, sorted(SEQUENCES))]


def item(lesson: str | int) -> str:
    """The progress-store item of a lesson's sequence, such as ``"04-faded-offspring-risk"``."""
    seq = sequence(lesson)
    return f"{seq.lesson}-faded-{seq.kind}"


def _problems(seq: Sequence) -> tuple[Problem, ...]:
    """One problem per stage, each with worked steps unlike the earlier stages' (not only
    another name in the question)."""
    start = zlib.crc32(f"{seq.lesson}-faded-{seq.kind}".encode()) % 100_000
    found: list[Problem] = []
    seed = start
    for _stage in STAGES:
        for _ in range(SEED_TRIES):
            candidate = practice.generate(seq.kind, seed=seed, level=seq.level)
            seed += 1
            if all(candidate.steps != p.steps for p in found):
                found.append(candidate)
                break
        else:  # pragma: no cover - a level with too few distinct problems
            raise ValueError(f"kind {seq.kind!r}: no new problem in {SEED_TRIES} seeds")
    return tuple(found)


_CACHE: dict[str, tuple[Problem, ...]] = {}


def problem(lesson: str | int, stage: int) -> Problem:
    """The problem of ``stage`` (1 to 4) in a lesson's sequence; always the same one."""
    seq = sequence(lesson)
    stage = checks.whole("stage", stage, low=STAGES[0], high=STAGES[-1])
    if seq.lesson not in _CACHE:
        _CACHE[seq.lesson] = _problems(seq)
    return _CACHE[seq.lesson][stage - 1]


def _blanks(seq: Sequence, prob: Problem) -> tuple[str, ...]:
    """The steps a learner works out: numeric, and not a given of the question."""
    return tuple(
        label
        for label, value in prob.steps
        if not isinstance(value, str) and label not in seq.givens
    )


def asked(lesson: str | int, stage: int) -> tuple[str, ...]:
    """The labels of the steps the learner fills in at ``stage`` (none in the worked example)."""
    seq = sequence(lesson)
    prob = problem(lesson, stage)
    last = prob.steps[-1][0]
    return {1: (), 2: (last,), 3: _blanks(seq, prob), 4: (last,)}[stage]


def tolerance(prob: Problem, label: str) -> float:
    """How close an entry for step ``label`` must be: the answer's own tolerance for the
    answer, 0.005 for any step of a probability problem, else 1% of the step's value."""
    value = prob.step(label)
    if isinstance(value, str):
        raise ValueError(f"label {label!r} is a text step, not a number to fill in")
    if label == prob.steps[-1][0]:
        return float(prob.tolerance or 0.0)
    if prob.unit == "":
        return practice.PROBABILITY_TOLERANCE
    return RELATIVE_TOLERANCE * abs(float(value))


def _value(prob: Problem, entry: object) -> float:
    """An entry as a number, read as ``practice.check`` reads an answer (``'25%'`` is 0.25)."""
    value = practice.check(prob, entry).response
    if isinstance(entry, str) and entry.strip().endswith("%") and prob.unit != "":
        value = float(value) / 100  # a step such as a fraction, in a problem with a unit
    return float(value)


def check_entry(prob: Problem, label: str, entry: object) -> Feedback:
    """Check the learner's entry for step ``label`` of ``prob``; raises ValueError for an
    entry that is not a number (the message says why)."""
    if not isinstance(prob, Problem):
        raise TypeError(f"prob must be a Problem from practice.generate(), not {prob!r}")
    labels = [name for name, _ in prob.steps]
    label = checks.one_of("label", label, labels)
    slack = tolerance(prob, label)  # a text step (the gametes) is never a blank
    if label == labels[-1]:
        return practice.check(prob, entry)
    target = float(prob.step(label))
    value = _value(prob, entry)
    if practice.near(value, target, slack):
        return Feedback(True, value, target, "Correct.")
    here = labels.index(label)
    for wrong in prob.distractors:
        if wrong.step in labels and labels.index(wrong.step) <= here and wrong.matches(value):
            known = practice.misconception(wrong.misconception)
            message = (
                f"Not quite: this is the value you get if you {known.name[0].lower()}"
                f"{known.name[1:]}. {known.explanation} It happens at the step *{wrong.step}*."
            )
            return Feedback(False, value, target, message, known, wrong.step)
    side = "below" if value < target else "above"
    return Feedback(
        False,
        value,
        target,
        f"Not quite: your entry is {side} this step's value by more than the tolerance. "
        "Work it out from the steps above.",
    )


@dataclass
class State:
    """Where a learner is in a sequence, from their attempts (see :func:`replay`)."""

    stage: int = 1
    right: dict[str, str] = field(default_factory=dict)
    """Steps of this stage entered right, with the entry."""
    revealed: set[str] = field(default_factory=set)
    """Steps of this stage shown after a wrong try."""
    tried: set[str] = field(default_factory=set)
    """Steps of this stage with at least one wrong entry."""
    skipped: bool = False
    """True when the learner jumped to stage 4 with "I already know this"."""

    def settled(self, lesson: str | int) -> bool:
        """True when every step asked at this stage is right or shown."""
        return all(s in self.right or s in self.revealed for s in asked(lesson, self.stage))

    def done(self, lesson: str | int) -> bool:
        """True when the learner has finished the last stage."""
        return self.stage == STAGES[-1] and self.settled(lesson)


def _apply(lesson: str, state: State, response: dict[str, Any], correct: Any) -> State:
    action = response.get("action")
    if action == "restart":
        return State()
    if action == "skip":
        return State(stage=STAGES[-1], skipped=True)
    if response.get("stage") != state.stage:
        return state  # an action from another stage (say, another kernel): ignored
    if action == "next" and state.stage < STAGES[-1] and state.settled(lesson):
        return State(stage=state.stage + 1, skipped=state.skipped)
    step = response.get("step")
    if step not in asked(lesson, state.stage):
        return state
    if action == "entry" and correct:
        state.right[step] = str(response.get("entry"))
    elif action == "entry":
        state.tried.add(step)
    elif action == "reveal" and step in state.tried:
        state.revealed.add(step)
    return state


def replay(lesson: str | int, attempts: Iterable[dict[str, Any]]) -> State:
    """The learner's state after ``attempts`` (dicts with ``response`` and ``correct``, oldest
    first, as ``ProgressStore.attempts(...).to_dict("records")`` gives them)."""
    number = sequence(lesson).lesson
    state = State()
    for attempt in attempts:
        response = attempt.get("response")
        if isinstance(response, dict):
            state = _apply(number, state, response, attempt.get("correct"))
    return state


def formatted(value: Any) -> str:
    """A step's value as the table shows it: text as it is, a number to 4 significant figures."""
    if isinstance(value, str):
        return value
    number = float(value)
    if math.isclose(number, round(number), abs_tol=1e-9):
        return f"{round(number):g}"
    return f"{number:.4g}"
