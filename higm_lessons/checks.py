"""Argument checks shared by every public function: one rule, clear errors naming the argument.

The rule (see CONTRIBUTING): a value of the wrong *type* raises ``TypeError``; a
value of the right type but outside what is accepted raises ``ValueError``. Both
messages start with the argument's name and say what is accepted, so a learner
who typed something odd reads at once what to change. Every check returns the
value in its canonical form (``int`` for a whole number, ``Path`` for a path), so
a caller writes ``n = checks.whole("learners", learners, low=2, high=500)``.

This module also holds the seed helper (:func:`seed`, :func:`generator`) and
:func:`line_of`, the way every message names a row of a data file.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from numbers import Real
from pathlib import Path
from typing import Literal, TypeVar, overload

import numpy as np

T = TypeVar("T")


@overload
def one_of(
    name: str, value: object, allowed: Iterable[T], *, optional: Literal[False] = False
) -> T: ...
@overload
def one_of(name: str, value: object, allowed: Iterable[T], *, optional: bool) -> T | None: ...
def one_of(name: str, value: object, allowed: Iterable[T], *, optional: bool = False) -> T | None:
    """Return ``value`` if it is one of ``allowed`` (or None when ``optional``), else raise.

    A value of the wrong type raises ``TypeError``, an unknown one ``ValueError``; both
    messages name the argument and list what is accepted.
    """
    choices = list(allowed)
    if optional and value is None:
        return None
    accepted = f"{choices} or None" if optional else f"{choices}"
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {accepted}, not {value!r}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {accepted}, not {value!r}")
    return value


def boolean(name: str, value: object) -> bool:
    """``value`` if it is True or False (numpy's too), else ``TypeError``."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, not {value!r}")
    return bool(value)


def _show(bound: float) -> str:
    return f"{bound:,}" if isinstance(bound, int) else f"{bound:g}"


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"from {_show(low)} to {_show(high)}"
    if low is not None:
        return f"{_show(low)} or more"
    return f"{_show(high)} or less" if high is not None else "of any size"


def whole(name: str, value: object, *, low: int | None = None, high: int | None = None) -> int:
    """``value`` as an ``int`` if it is a whole number (not a bool) within ``low``..``high``."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a whole number, not {value!r}")
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(f"{name} must be a whole number {_range_text(low, high)}, not {number}")
    return number


def number(
    name: str, value: object, *, low: float | None = None, high: float | None = None
) -> float:
    """``value`` as a ``float`` if it is a finite real number (not a bool) within the bounds."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, not {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    if (low is not None and result < low) or (high is not None and result > high):
        raise ValueError(f"{name} must be a number {_range_text(low, high)}, not {value!r}")
    return result


def probability(name: str, value: object) -> float:
    """``value`` as a ``float`` if it is a probability from 0 to 1."""
    return number(name, value, low=0, high=1)


def text(name: str, value: object) -> str:
    """``value`` stripped, if it is a non-empty string."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text, not {value!r}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value.strip()


def file_path(name: str, value: object) -> Path:
    """``value`` as a ``Path`` (``~`` expanded) if it is a path that is not a folder."""
    if not isinstance(value, str | os.PathLike):
        raise TypeError(f"{name} must be a file path, not {type(value).__name__}")
    path = Path(value).expanduser()
    if path.is_dir():
        raise ValueError(f"{name} must be a file, but {path} is a folder")
    return path


def folder(name: str, value: object) -> Path:
    """``value`` as a ``Path`` (``~`` expanded) if it names an existing folder."""
    if not isinstance(value, str | os.PathLike):
        raise TypeError(f"{name} must be a folder path, not {type(value).__name__}")
    path = Path(value).expanduser()
    if not path.is_dir():
        raise ValueError(f"{name} must be an existing folder, not {str(path)!r}")
    return path


def lesson_number(value: object, name: str = "lesson") -> str:
    """A lesson number as two digits (``"04"``), from ``"04"``, ``"4"`` or ``4``."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, str | int | np.integer):
        raise TypeError(f"{name} must be a lesson number such as '04', not {value!r}")
    text = str(value).strip()
    if not text.isdigit() or int(text) > 99:
        raise ValueError(f"{name} must be a lesson number from 00 to 99, not {value!r}")
    return f"{int(text):02d}"


# --------------------------------------------------------------------------- seeds
def seed(value: object, name: str = "seed") -> int:
    """A random seed: a whole number of 0 or more (the same seed always gives the same draw)."""
    return whole(name, value, low=0)


def generator(value: object, name: str = "seed") -> np.random.Generator:
    """A numpy random generator from a seed, an existing generator (used as it is) or None
    (a fresh, unpredictable one)."""
    if isinstance(value, np.random.Generator):
        return value
    if value is None:
        return np.random.default_rng()
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise TypeError(
            f"{name} must be None, a whole number of 0 or more, or a numpy Generator, not {value!r}"
        )
    return np.random.default_rng(seed(value, name))


# --------------------------------------------------------------------------- data rows
def line_of(row: int) -> str:
    """How messages name a data row (0-based position): its line in the file, and row number."""
    return f"line {row + 2} (data row {row + 1})"
