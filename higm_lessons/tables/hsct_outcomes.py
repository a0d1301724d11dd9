"""``hsct_outcomes.csv``: published outcomes of haematopoietic stem cell transplantation
(HSCT) and of living without it in X-linked HIGM (lesson 11).

One row per reported figure: the study, its cohort and size, the group, the
measure (such as overall survival), when it was measured and the percentage.
"""

from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import optional_text, source, table, text

NAME = "hsct_outcomes.csv"
GROUPS = ["after HSCT", "without HSCT", "whole cohort"]


def schema() -> DataFrameSchema:
    return table(
        {
            "study": text(),
            "cohort": text(),
            "patients": Column(int, Check.gt(0)),
            "period": text(),
            "group": text(checks=Check.isin(GROUPS)),
            "measure": text(),
            "timepoint": text(),
            "percent": Column(float, Check.in_range(0, 100)),
            "source": source(),
            "note": optional_text(),
        },
        unique=["study", "group", "measure", "timepoint"],
    )
