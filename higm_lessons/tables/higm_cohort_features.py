"""``higm_cohort_features.csv``: how often features of HIGM were seen in published cohorts.

``percent`` is as published, or computed from ``count`` / ``denominator`` when
the source gives counts (then both must be present and agree within 0.05).
``seed_item`` links each row to the symptom list of the Immune Deficiency
Foundation seed page.
"""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.checks import line_of
from higm_lessons.tables._columns import optional_text, source, table, text

NAME = "higm_cohort_features.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "cohort": text(),
            "feature": text(),
            "kind": text(checks=Check.isin(["infection", "complication", "laboratory"])),
            "seed_item": text(),
            "count": Column(float, Check.ge(0), nullable=True),
            "denominator": Column(float, Check.gt(0), nullable=True),
            "percent": Column(float, Check.in_range(0, 100)),
            "source": source(),
            "note": optional_text(),
        },
        unique=["cohort", "feature"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Counts come in pairs and agree with the percentage."""
    problems = []
    for row, rec in enumerate(frame.itertuples(index=False)):
        if (rec.count is None) != (rec.denominator is None):
            problems.append(f"{where}, {line_of(row)}: give both count and denominator, or neither")
        elif rec.count is not None:
            if rec.count > rec.denominator:
                problems.append(f"{where}, {line_of(row)}: count is above the denominator")
            elif abs(100 * rec.count / rec.denominator - rec.percent) > 0.05:
                problems.append(
                    f"{where}, {line_of(row)}: percent {rec.percent:g} does not match "
                    f"{rec.count:g}/{rec.denominator:g}"
                )
    return problems
