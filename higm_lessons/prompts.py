"""Try it / Think / Exercise prompts from ``data/prompts/lesson_NN.toml``, and answer checking.

The learner answers first; the model answer comes after. Four kinds of prompt:

* ``choice``: pick one option (``answer = "b"``); every option has its own ``feedback``;
* ``number``: a number within ``tolerance`` of ``answer`` (with a ``unit``);
* ``prediction``: a number set on a slider (``min``, ``max``, ``step``), right within
  ``tolerance`` of ``answer``;
* ``text``: a few sentences; the learner rates them against the ``model_answer``
  (right, partly or missed), so :func:`check` gives no verdict.

Every prompt has a ``model_answer`` (markdown) and ``sources`` (keys into
``sources.csv``). A file is validated on load; an error names the file, the
prompt and the field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from higm_lessons import checks
from higm_lessons.data import DataError, cached, data_files, data_path, load_toml
from higm_lessons.quiz import AFFIRMING, ID_PATTERN, NEGATING, bank_entries, parse_number

KINDS = ("choice", "number", "prediction", "text")


class PromptError(DataError):
    """A prompt file is damaged or breaks the prompt rules."""


class PromptOption(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    id: str = Field(pattern=r"^[a-z]$")
    text: str = Field(min_length=1)
    feedback: str = Field(min_length=1)


class Prompt(BaseModel):
    """One prompt, validated."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    id: str = Field(pattern=ID_PATTERN)
    lesson: str = Field(pattern=r"^\d\d$")
    kind: Literal["choice", "number", "prediction", "text"]
    prompt: str = Field(min_length=1)
    model_answer: str = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)
    objectives: tuple[str, ...] = ()
    options: tuple[PromptOption, ...] = ()
    answer: str | float | None = None
    tolerance: float | None = Field(default=None, ge=0)
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    step: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _consistent(self) -> Prompt:
        if not self.id.startswith(f"{self.lesson}-"):
            raise ValueError(f"a prompt id starts with its lesson number, as '{self.lesson}-…'")
        if self.kind == "choice":
            self._check_choice()
        elif self.kind in ("number", "prediction"):
            self._check_number()
        else:
            extra = [
                n
                for n in ("options", "answer", "tolerance", "min", "max", "step")
                if getattr(self, n) not in (None, ())
            ]
            if extra:
                raise ValueError(f"a text prompt takes no {extra}: the learner rates themself")
        return self

    def _check_choice(self) -> None:
        ids = [o.id for o in self.options]
        if len(ids) < 2 or len(set(ids)) != len(ids):
            raise ValueError(f"a choice prompt needs two or more options with distinct ids: {ids}")
        if not isinstance(self.answer, str) or self.answer not in ids:
            raise ValueError(f"answer must be one option id of {ids}, not {self.answer!r}")
        for option in self.options:
            right = option.id == self.answer
            if right and NEGATING.match(option.feedback):
                raise ValueError(f"option {option.id!r} feedback is right but opens as if wrong")
            if not right and AFFIRMING.match(option.feedback):
                raise ValueError(f"option {option.id!r} feedback is wrong but opens as if right")
        extra = [n for n in ("tolerance", "min", "max", "step") if getattr(self, n) is not None]
        if extra:
            raise ValueError(f"a choice prompt takes no {extra}")

    def _check_number(self) -> None:
        if self.options:
            raise ValueError(f"a {self.kind} prompt takes no options")
        if not isinstance(self.answer, int | float) or not math.isfinite(self.answer):
            raise ValueError(f"a {self.kind} prompt needs a finite number as answer")
        if self.tolerance is None:
            raise ValueError(f"a {self.kind} prompt needs a tolerance (0 or more)")
        if self.kind == "number":
            if any(getattr(self, n) is not None for n in ("min", "max", "step")):
                raise ValueError("min, max and step belong to a prediction (slider) prompt")
            return
        if self.min is None or self.max is None or self.step is None:
            raise ValueError("a prediction prompt needs min, max and step for its slider")
        if not self.min < self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if not self.min <= self.answer <= self.max:
            raise ValueError(f"answer {self.answer} must lie between min and max")

    @property
    def target(self) -> float:
        """The right number of a number or prediction prompt (``ValueError`` otherwise)."""
        if self.kind not in ("number", "prediction") or not isinstance(self.answer, int | float):
            raise ValueError(f"prompt {self.id} has no number as its answer")
        return float(self.answer)


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one response.

    ``correct`` is None for a text prompt: the learner rates it against the model answer.
    ``feedback`` is the chosen option's feedback (choice) or a low/high hint (numbers).
    """

    correct: bool | None
    verdict: str
    feedback: str
    model_answer: str


def _prompt_files() -> list[Path]:
    """Every prompt file; an instructor's file replaces the course's of the same name."""
    return data_files("prompts", "lesson_*.toml")


def _file(path: Path) -> tuple[Prompt, ...]:
    return cached(_parsed_file, path, data_path("sources.csv"), data_path("objectives.csv"))


def _parsed_file(path: Path, _sources: Path, _objectives: Path) -> tuple[Prompt, ...]:
    return tuple(_parse_file(path))


def _header(raw: dict[str, Any], path: Path) -> tuple[str, list[Any]]:
    name = f"prompts/{path.name}"
    lesson = raw.get("lesson")
    if not isinstance(lesson, str) or not re.fullmatch(r"\d\d", lesson):
        raise PromptError(f'{name}: needs lesson = "NN" at the top, got {lesson!r}')
    if path.stem != f"lesson_{lesson}":
        raise PromptError(f'{name}: says lesson = "{lesson}" but is named {path.name}')
    entries = raw.get("prompts")
    if not isinstance(entries, list) or not entries:
        raise PromptError(f"{name}: needs at least one [[prompts]] table")
    return lesson, entries


def _parse_file(path: Path) -> list[Prompt]:
    try:
        raw = load_toml(path)
    except DataError as exc:
        raise PromptError(str(exc)) from None
    lesson, entries = _header(raw, path)
    name = f"prompts/{path.name}"
    found, problems = bank_entries(entries, Prompt.model_validate, lesson, name, "prompt")
    if problems:
        raise PromptError("\n".join(problems))
    return found


def prompts(lesson: str | int) -> list[Prompt]:
    """The prompts of one lesson, in file order (empty when the lesson has no prompt file)."""
    number = checks.lesson_number(lesson)
    try:
        path = data_path("prompts", f"lesson_{number}.toml")
    except DataError:
        return []  # this lesson has no prompt file (yet)
    return list(_file(path))


def all_prompts() -> list[Prompt]:
    """Every prompt of every lesson; ids are unique across the course."""
    found = [p for path in _prompt_files() for p in _file(path)]
    ids = [p.id for p in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise PromptError(f"prompt ids are used in more than one file: {duplicates}")
    return found


def get(lesson: str | int, prompt_id: str) -> Prompt:
    """One prompt by lesson and id (``ValueError`` naming the known ids when absent)."""
    prompt_id = checks.text("prompt_id", prompt_id)
    found = prompts(lesson)
    for item in found:
        if item.id == prompt_id:
            return item
    known = [p.id for p in found]
    raise ValueError(
        f"prompt_id must be a prompt of lesson {lesson}: one of {known}, not {prompt_id!r}"
    )


def check_response(prompt: Prompt, response: Any) -> Any:
    """``response`` cleaned for its kind: an option id, a float, or stripped text."""
    if prompt.kind == "choice":
        ids = [o.id for o in prompt.options]
        if not isinstance(response, str) or response not in ids:
            raise ValueError(f"response must be one option id of {ids}, not {response!r}")
        return response
    if prompt.kind == "text":
        return checks.text("response", response)
    if isinstance(response, str) and not response.strip():
        raise ValueError("response must be a number; the box is empty")
    value = parse_number(response)
    if prompt.kind == "prediction" and not ((prompt.min or 0.0) <= value <= (prompt.max or 0.0)):
        raise ValueError(f"response must lie between {prompt.min} and {prompt.max}, not {value}")
    return value


def check(prompt: Prompt, response: Any) -> Verdict:
    """Check a response: right or wrong for choice, number and prediction; None for text."""
    if not isinstance(prompt, Prompt):
        raise TypeError("prompt must be a Prompt from prompts() or get()")
    value = check_response(prompt, response)
    if prompt.kind == "text":
        return Verdict(
            None,
            "Compare your answer with the model answer, then rate it.",
            "",
            prompt.model_answer,
        )
    if prompt.kind == "choice":
        option = next(o for o in prompt.options if o.id == value)
        right = value == prompt.answer
        return Verdict(
            right, "Correct." if right else "Not quite.", option.feedback, prompt.model_answer
        )
    target, tolerance = prompt.target, prompt.tolerance or 0.0
    slack = 1e-12 * max(1.0, abs(target), abs(value))
    if abs(value - target) <= tolerance + slack:
        return Verdict(True, "Correct: within the tolerance.", "", prompt.model_answer)
    unit = f" {prompt.unit}" if prompt.unit else ""
    hint = (
        f"Your answer is {'below' if value < target else 'above'} the model's by more than "
        f"{tolerance:g}{unit}."
    )
    return Verdict(False, "Not quite.", hint, prompt.model_answer)
