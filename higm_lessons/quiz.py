"""Self-check questions from ``data/questions/lesson_NN.toml``, and answer checking.

Three kinds of question:

* ``single``: one option is right (``answer = "b"``);
* ``multiple``: every option in ``answer = ["a", "c"]`` must be ticked, and no other;
* ``numeric``: a number within ``tolerance`` of ``answer``.

Every option carries its own explained ``feedback``, and each question an
``explanation`` shown on request, and may name the lesson objectives it tests
(``objectives = ["04-2"]``, ids from ``data/objectives.csv``). A bank is validated
on load: besides the structure, a wrong option's feedback may not open by saying
it is right, and a right option's feedback may not open by saying it is wrong (a
known fault of quiz banks; the verdict itself is always computed from ``answer``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from higm_lessons import checks
from higm_lessons.data import DataError, cached, data_files, data_path, load_table, load_toml
from higm_lessons.objectives import tag_problems

AFFIRMING = re.compile(
    r"^\W*(correct|right|yes|exactly|well done|that'?s (it|right)|good|spot on)\b", re.IGNORECASE
)
NEGATING = re.compile(r"^\W*(no|not|incorrect|wrong|not quite|careful)\b", re.IGNORECASE)
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: str = Field(pattern=r"^[a-z]$")
    text: str = Field(min_length=1)
    feedback: str = Field(min_length=1)


class Question(BaseModel):
    """One self-check question, validated."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    id: str = Field(pattern=ID_PATTERN)
    lesson: str = Field(pattern=r"^\d\d$")
    kind: Literal["single", "multiple", "numeric"]
    prompt: str = Field(min_length=1)
    explanation: str = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)
    objectives: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    answer: str | tuple[str, ...] | float
    tolerance: float | None = Field(default=None, ge=0)
    unit: str | None = None
    feedback_correct: str | None = None
    feedback_low: str | None = None
    feedback_high: str | None = None
    deep_dive: bool = False
    """A question on a deep dive (optional material): asked beside the deep dive, folded,
    not in the lesson's core self-check, its time or the final test."""

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError(f"option ids must be unique, got {ids}")
        if self.kind == "numeric":
            if self.options:
                raise ValueError("a numeric question takes no options")
            if isinstance(self.answer, str | tuple) or not math.isfinite(self.answer):
                raise ValueError("a numeric question needs a finite number as answer")
            if self.tolerance is None:
                raise ValueError("a numeric question needs a tolerance (0 or more)")
            for name in ("feedback_correct", "feedback_low", "feedback_high"):
                if not getattr(self, name):
                    raise ValueError(f"a numeric question needs {name}")
            self._check_tone(self.feedback_correct, True, "feedback_correct")
            self._check_tone(self.feedback_low, False, "feedback_low")
            self._check_tone(self.feedback_high, False, "feedback_high")
            return self
        if len(self.options) < 2:
            raise ValueError(f"a {self.kind} question needs at least two options")
        if self.kind == "single" and not isinstance(self.answer, str):
            raise ValueError('a single-choice answer is one option id, such as answer = "b"')
        if self.kind == "multiple" and not isinstance(self.answer, tuple):
            raise ValueError('a multiple-choice answer is a list of option ids, such as ["a", "c"]')
        keys = self.correct_ids
        if not keys or any(k not in ids for k in keys) or len(set(keys)) != len(keys):
            raise ValueError(f"answer {self.answer!r} must name distinct options among {ids}")
        for option in self.options:
            self._check_tone(option.feedback, option.id in keys, f"option {option.id!r} feedback")
        return self

    @staticmethod
    def _check_tone(text: str | None, right: bool, where: str) -> None:
        if right and NEGATING.match(text or ""):
            raise ValueError(f"{where} belongs to a right answer but opens as if it were wrong")
        if not right and AFFIRMING.match(text or ""):
            raise ValueError(f"{where} belongs to a wrong answer but opens as if it were right")

    @property
    def correct_ids(self) -> tuple[str, ...]:
        """The ids of the right options (empty for numeric questions)."""
        if self.kind == "single" and isinstance(self.answer, str):
            return (self.answer,)
        if self.kind == "multiple" and isinstance(self.answer, tuple):
            return self.answer
        return ()

    @property
    def target(self) -> float:
        """The right number of a numeric question (``ValueError`` for other kinds)."""
        if self.kind != "numeric" or isinstance(self.answer, str | tuple):
            raise ValueError(f"question {self.id} is not a numeric question")
        return float(self.answer)


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer."""

    correct: bool
    verdict: str
    feedback: tuple[str, ...]
    explanation: str


class QuestionBankError(DataError):
    """A question file is damaged or breaks the question rules."""


class BankEntry(Protocol):
    """What every entry of a bank file (a question, a prompt) carries for its checks."""

    @property
    def id(self) -> str: ...
    @property
    def sources(self) -> tuple[str, ...]: ...
    @property
    def objectives(self) -> tuple[str, ...]: ...


Entry = TypeVar("Entry", bound=BankEntry)


def bank_entries(
    entries: list[Any],
    validate: Callable[[dict[str, Any]], Entry],
    lesson: str,
    name: str,
    kind: str,
) -> tuple[list[Entry], list[str]]:
    """Validate the ``[[<kind>s]]`` tables of the bank file ``name`` (of ``lesson``) with
    ``validate``: the valid entries, and every problem named by file, entry and field (unknown
    source keys, objective tags, duplicate ids), so an author can fix them all at once."""
    known = set(load_table("sources.csv")["key"])
    found: list[Entry] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, start=1):
        label = f"{name}, {kind} {number}"
        if not isinstance(entry, dict):
            problems.append(f"{label}: each [[{kind}s]] entry must be a table")
            continue
        if isinstance(entry.get("id"), str):
            label += f" (id {entry['id']!r})"
        try:
            item = validate({"lesson": lesson, **entry})
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"]) or kind
                problems.append(f"{label}, field {field!r}: {error['msg']}")
            continue
        unknown = [k for k in item.sources if k not in known]
        if unknown:
            problems.append(f"{label}, field 'sources': unknown source keys {unknown}")
        tags = tag_problems(item.objectives, lesson)
        problems += [f"{label}, field 'objectives': {p}" for p in tags]
        found.append(item)
    ids = [item.id for item in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"{name}: duplicate {kind} ids {duplicates}")
    return found, problems


def _bank_files() -> list[Path]:
    """Every bank; an instructor's file replaces the course's of the same name."""
    return data_files("questions", "lesson_*.toml")


def _bank(path: Path) -> tuple[Question, ...]:
    """The questions of one bank file, parsed once until it (or sources.csv) changes."""
    return cached(_parsed_bank, path, data_path("sources.csv"), data_path("objectives.csv"))


def _parsed_bank(path: Path, _sources: Path, _objectives: Path) -> tuple[Question, ...]:
    return tuple(_parse_bank(path))


def _parse_bank(path: Path) -> list[Question]:
    try:
        raw = load_toml(path)
    except DataError as exc:
        raise QuestionBankError(str(exc)) from None
    name = f"questions/{path.name}"
    lesson = raw.get("lesson")
    if not isinstance(lesson, str) or not re.fullmatch(r"\d\d", lesson):
        raise QuestionBankError(f'{name}: needs lesson = "NN" at the top, got {lesson!r}')
    if path.stem != f"lesson_{lesson}":
        raise QuestionBankError(
            f'{name}: says lesson = "{lesson}" but its name is for another '
            f"lesson; rename it lesson_{lesson}.toml or fix the header"
        )
    entries = raw.get("questions")
    if not isinstance(entries, list) or not entries:
        raise QuestionBankError(f"{name}: needs at least one [[questions]] table")
    questions, problems = bank_entries(entries, Question.model_validate, lesson, name, "question")
    if problems:
        raise QuestionBankError("\n".join(problems))
    return questions


def load_bank(lesson: str | int) -> list[Question]:
    """The questions of one lesson, in file order. ``lesson`` is its number, as ``"00"`` or 0."""
    number = checks.lesson_number(lesson)
    return list(_bank(data_path("questions", f"lesson_{number}.toml")))


def all_questions() -> list[Question]:
    """Every question of every lesson, ordered by lesson then file order."""
    questions = [q for path in _bank_files() for q in _bank(path)]
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise QuestionBankError(f"question ids are used in more than one bank: {duplicates}")
    return questions


def parse_number(text: str | float | int) -> float:
    """A learner's number: ``0.25``, ``'0,25'``, ``'1,030,000'``, ``'25%'`` (25) or ``'1/4'``."""
    if isinstance(text, bool):
        raise TypeError("answer must be a number or text such as '0.25'")
    if isinstance(text, int | float):
        value = float(text)
    elif isinstance(text, str):
        cleaned = text.strip().rstrip("%").strip()
        if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
            cleaned = cleaned.replace(",", "")  # thousands separators: 1,030,000
        else:
            cleaned = cleaned.replace(",", ".")  # a decimal comma: 0,25
        match = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)", cleaned)
        try:
            value = float(match[1]) / float(match[2]) if match else float(cleaned)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"answer must be a number such as 0.25 or 1/4, not {text!r}") from None
    else:
        raise TypeError(
            f"answer must be a number or text such as '0.25', not {type(text).__name__}"
        )
    if not math.isfinite(value):
        raise ValueError(f"answer must be a finite number, not {text!r}")
    return value


def check(question: Question, answer: str | Iterable[str] | float) -> Result:
    """Check an answer: an option id (single), option ids (multiple) or a number (numeric)."""
    if not isinstance(question, Question):
        raise TypeError("question must be a Question from load_bank()")
    options = {o.id: o for o in question.options}
    if question.kind == "numeric":
        if not isinstance(answer, str | int | float):
            raise TypeError(f"answer must be a number or text for question {question.id}")
        value = parse_number(answer)
        target, tolerance = question.target, question.tolerance or 0.0
        # A little slack, relative to the size of the numbers, so that an entry at the exact
        # edge of the tolerance (820.5 for 820 +/- 0.5) is not lost to float rounding.
        slack = 1e-12 * max(1.0, abs(target), abs(value))
        if abs(value - target) <= tolerance + slack:
            praise = question.feedback_correct or ""
            return Result(True, "Correct.", (praise,), question.explanation)
        text = question.feedback_low if value < target else question.feedback_high
        return Result(False, "Not quite.", (text or "",), question.explanation)
    if question.kind == "single":
        if not isinstance(answer, str) or answer not in options:
            raise ValueError(f"answer must be one option id of {list(options)}, not {answer!r}")
        right = answer == question.answer
        return Result(
            right,
            "Correct." if right else "Not quite.",
            (options[answer].feedback,),
            question.explanation,
        )
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        raise TypeError(f"answer must be a list of option ids from {list(options)}")
    chosen = list(dict.fromkeys(answer))
    if not chosen or any(a not in options for a in chosen):
        raise ValueError(
            f"answer must name one or more option ids of {list(options)}, not {answer!r}"
        )
    wanted = set(question.correct_ids)
    right = set(chosen) == wanted
    feedback = [f"{options[a].text}: {options[a].feedback}" for a in chosen]
    missed = [a for a in question.correct_ids if a not in chosen]
    feedback += [f"You left out “{options[a].text}”: {options[a].feedback}" for a in missed]
    if right:
        verdict = "Correct."
    elif set(chosen) < wanted:
        verdict = "Partly right: some right options are missing."
    else:
        verdict = "Not quite."
    return Result(right, verdict, tuple(feedback), question.explanation)
