"""``critical_limits.csv``: critical (alert) limits that turn an L/H flag into LL/HH.

A value strictly below ``critical_low`` is LL, strictly above ``critical_high``
is HH. Age bands follow ``reference_intervals.csv`` (days, low inclusive,
high exclusive); bands of one analyte must not overlap.
"""

import itertools

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.checks import line_of
from higm_lessons.tables._columns import optional_text, source, table, text
from higm_lessons.tables.reference_intervals import ANALYTES, LAST_DAY, UNITS

NAME = "critical_limits.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "analyte": text(checks=Check.isin(ANALYTES)),
            "age_low_days": Column(int, Check.ge(0)),
            "age_high_days": Column(int, Check.le(LAST_DAY)),
            "critical_low": Column(float, Check.ge(0), nullable=True),
            "critical_high": Column(float, Check.gt(0), nullable=True),
            "unit": text(checks=Check.isin(UNITS)),
            "source": source(),
            "note": optional_text(),
        }
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """At least one limit per row, low < high, non-empty and non-overlapping age bands."""
    problems = []
    frame = frame.astype(object).where(frame.notna(), None)
    for row, rec in enumerate(frame.itertuples(index=False)):
        if rec.critical_low is None and rec.critical_high is None:
            problems.append(f"{where}, {line_of(row)}: give critical_low, critical_high or both")
        if (
            rec.critical_low is not None
            and rec.critical_high is not None
            and rec.critical_low >= rec.critical_high
        ):
            problems.append(f"{where}, {line_of(row)}: critical_low must be below critical_high")
        if rec.age_low_days >= rec.age_high_days:
            problems.append(f"{where}, {line_of(row)}: age band is empty")
    for analyte, group in frame.groupby("analyte", sort=False):
        bands = sorted(zip(group["age_low_days"], group["age_high_days"], group.index, strict=True))
        for (_, end, _), (start, _, row) in itertools.pairwise(bands):
            if start < end:
                problems.append(f"{where}, {line_of(row)}: {analyte} age bands overlap")
    return problems
