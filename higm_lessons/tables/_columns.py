"""Column builders shared by the table schemas."""

from __future__ import annotations

import functools

import pandera.pandas as pa
from pandera.pandas import Check, Column

BOOL_VALUES = ["True", "true", "False", "false"]
SLUG = Check.str_matches(r"^[a-z0-9_]+$")
SOURCE_KEYS = Check.str_matches(r"^[a-z0-9_]+(;\s*[a-z0-9_]+)*$")
LESSON = Check.str_matches(r"^\d\d$")

text = functools.partial(Column, str, nullable=False)
optional_text = functools.partial(Column, str, nullable=True, required=True)
boolean = functools.partial(Column, str, Check.isin(BOOL_VALUES), nullable=False)
source = functools.partial(Column, str, SOURCE_KEYS, nullable=False)


def table(columns: dict, unique: list[str] | None = None) -> pa.DataFrameSchema:
    """A strict schema: exactly these columns, values coerced to their types."""
    return pa.DataFrameSchema(columns, strict=True, unique=unique, coerce=True, ordered=False)
