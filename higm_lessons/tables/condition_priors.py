"""``condition_priors.csv``: base rates (prevalence or birth incidence) of the conditions.

One row per condition, sex (``M``, ``F`` or ``any``) and age band in days; ``prior``
is a probability from 0 to 1 for a person of that age and sex. "No
immunodeficiency" has no row: it is the remainder, one minus the sum of the others
(each prior is under 0.1, so the remainder stays positive).
Bands of one condition and sex must not overlap, and for each condition every age
from 0 to the last day must be covered for boys and girls alike.
"""

import itertools

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.checks import line_of
from higm_lessons.tables._columns import optional_text, source, table, text
from higm_lessons.tables.reference_intervals import LAST_DAY

NAME = "condition_priors.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "condition": text(checks=Check.str_matches(r"^[A-Z][A-Z0-9_]*$")),
            "sex": text(checks=Check.isin(["M", "F", "any"])),
            "age_low_days": Column(int, Check.ge(0)),
            "age_high_days": Column(int, Check.le(LAST_DAY)),
            "prior": Column(float, [Check.ge(0), Check.lt(0.1)]),
            "source": source(),
            "note": optional_text(),
        }
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Per condition and sex: bands from day 0 to the last day, no gaps or overlaps."""
    problems = []
    for condition, group in frame.groupby("condition", sort=False):
        sexes = set(group["sex"])
        if "any" in sexes and len(sexes) > 1:
            problems.append(f"{where}: condition {condition} mixes sex 'any' with M or F rows")
        wanted = ["any"] if "any" in sexes else ["M", "F"]
        for sex in wanted:
            rows = group[group["sex"] == sex]
            if rows.empty:
                problems.append(f"{where}: condition {condition} has no rows for sex {sex}")
                continue
            starts, ends = rows["age_low_days"], rows["age_high_days"]
            bands = sorted(zip(starts, ends, rows.index, strict=True))
            if bands[0][0] != 0 or bands[-1][1] != LAST_DAY:
                problems.append(
                    f"{where}, {line_of(bands[0][2])}: condition {condition} ({sex}) must cover "
                    f"ages 0 to {LAST_DAY} days"
                )
            for start, end, row in bands:
                if start >= end:
                    problems.append(f"{where}, {line_of(row)}: age band is empty")
            for (_, end, _), (start, _, row) in itertools.pairwise(bands):
                if start != end:
                    problems.append(
                        f"{where}, {line_of(row)}: condition {condition} ({sex}) age bands "
                        "leave a gap or overlap"
                    )
    return problems
