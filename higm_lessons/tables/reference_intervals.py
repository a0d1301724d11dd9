"""``reference_intervals.csv``: age-banded reference intervals, one laboratory's set per analyte.

Ages are in whole days, ``age_low_days`` inclusive and ``age_high_days``
exclusive, converted from published bands with 1 year = 365.25 days and
1 month = 1/12 year, rounded down. ``low`` is empty where only an upper limit
is published (IgE). Limits are inclusive. Per analyte and sex, the bands must
start at day 0, touch without gaps or overlaps, and run to the last band.
"""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.checks import line_of
from higm_lessons.tables._columns import optional_text, source, table, text

NAME = "reference_intervals.csv"
ANALYTES = ["IgG", "IgA", "IgM", "IgE", "CD3", "CD4", "CD8", "CD19", "ANC"]
UNITS = ["mg/dL", "kU/L", "cells/uL", "10^9/L"]
LAST_DAY = 43830  # 120 years: the open-ended adult band ends here


def schema() -> DataFrameSchema:
    return table(
        {
            "analyte": text(checks=Check.isin(ANALYTES)),
            "sex": text(checks=Check.isin(["both", "M", "F"])),
            "age_low_days": Column(int, Check.ge(0)),
            "age_high_days": Column(int, Check.le(LAST_DAY)),
            "low": Column(float, Check.ge(0), nullable=True),
            "high": Column(float, Check.gt(0)),
            "unit": text(checks=Check.isin(UNITS)),
            "method": text(),
            "loinc": text(checks=Check.str_matches(r"^\d{1,6}-\d$")),
            "source": source(),
            "note": optional_text(),
        }
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Low <= high, one unit and source per analyte, contiguous bands per analyte and sex."""
    problems = []
    for row, (low, high, start, end) in enumerate(
        zip(frame["low"], frame["high"], frame["age_low_days"], frame["age_high_days"], strict=True)
    ):
        if low is not None and low > high:
            problems.append(f"{where}, {line_of(row)}: low {low:g} is above high {high:g}")
        if start >= end:
            problems.append(f"{where}, {line_of(row)}: age band [{start}, {end}) days is empty")
    for analyte, group in frame.groupby("analyte", sort=False):
        for column in ("unit", "source"):
            if group[column].nunique() > 1:
                problems.append(
                    f"{where}: {analyte} mixes {column}s {sorted(set(group[column]))}; "
                    "use one laboratory's set per analyte"
                )
        for sex, bands in group.groupby("sex", sort=False):
            bands = bands.sort_values("age_low_days")
            expected = 0
            for row, start, end in zip(
                bands.index, bands["age_low_days"], bands["age_high_days"], strict=True
            ):
                if start != expected:
                    kind = "leave a gap" if start > expected else "overlap"
                    problems.append(
                        f"{where}, {line_of(row)}: {analyte} ({sex}) bands {kind}: "
                        f"this band starts at day {start}, expected {expected}"
                    )
                expected = max(expected, end)
            if expected != LAST_DAY:
                problems.append(
                    f"{where}: {analyte} ({sex}) bands end at day {expected}, "
                    f"not {LAST_DAY} (120 years)"
                )
    return problems
