"""``diagnostic_rules.csv``: thresholds the differential diagnosis uses (ESID 2019 and others).

One row per rule and age band. ``quantity`` is an analyte, ``CD19_percent``
(B cells as a share of lymphocytes) or ``age`` (threshold in days).
``comparison`` says whether the rule holds when the quantity is ``below`` the
threshold or ``at_least`` the threshold. Bands of one rule must not overlap.
"""

import itertools

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.checks import line_of
from higm_lessons.tables._columns import SLUG, optional_text, source, table, text
from higm_lessons.tables.reference_intervals import ANALYTES, LAST_DAY

NAME = "diagnostic_rules.csv"
QUANTITIES = [*ANALYTES, "CD19_percent", "age"]


def schema() -> DataFrameSchema:
    return table(
        {
            "rule": text(checks=SLUG),
            "quantity": text(checks=Check.isin(QUANTITIES)),
            "comparison": text(checks=Check.isin(["below", "at_least"])),
            "threshold": Column(float, Check.ge(0)),
            "unit": text(checks=Check.isin(["mg/dL", "kU/L", "cells/uL", "10^9/L", "%", "days"])),
            "age_low_days": Column(int, Check.ge(0)),
            "age_high_days": Column(int, Check.le(LAST_DAY)),
            "source": source(),
            "note": optional_text(),
        }
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """One quantity and unit per rule; non-empty, non-overlapping age bands per rule."""
    problems = []
    for rule, group in frame.groupby("rule", sort=False):
        for column in ("quantity", "unit", "comparison"):
            if group[column].nunique() > 1:
                problems.append(f"{where}: rule {rule} mixes {column}s")
        bands = sorted(zip(group["age_low_days"], group["age_high_days"], group.index, strict=True))
        for start, end, row in bands:
            if start >= end:
                problems.append(f"{where}, {line_of(row)}: age band is empty")
        for (_, end, _), (start, _, row) in itertools.pairwise(bands):
            if start < end:
                problems.append(f"{where}, {line_of(row)}: rule {rule} age bands overlap")
    return problems
