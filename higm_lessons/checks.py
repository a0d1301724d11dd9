"""Argument checks shared by the public functions: clear errors naming the argument."""

from __future__ import annotations

from collections.abc import Iterable


def one_of(name: str, value: object, allowed: Iterable, *, optional: bool = False):
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
