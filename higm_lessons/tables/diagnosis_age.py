"""``diagnosis_age.csv``: cohort milestones for the age at diagnosis of X-linked HIGM."""

from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import source, table, text

NAME = "diagnosis_age.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "age_days": Column(int, Check.ge(0)),
            "share_diagnosed": Column(float, Check.in_range(0, 1)),
            "share_text": text(),
            "cohort": text(),
            "source": source(),
            "note": text(),
        },
        unique=["age_days"],
    )
