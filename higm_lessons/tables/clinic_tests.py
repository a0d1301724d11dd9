"""``clinic_tests.csv``: the tests the virtual clinic offers.

One row per test: a short id, the name the learner reads, the findings it returns
(``results``: analytes of :mod:`higm_lessons.labs` or findings of
:mod:`higm_lessons.diagnosis`, separated by ``;``), its cost in US dollars, its
turnaround in days and the blood it takes in mL. Costs are course estimates.
"""

from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import SLUG, optional_text, source, table, text

NAME = "clinic_tests.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "test": text(checks=SLUG),
            "name": text(),
            "results": text(checks=Check.str_matches(r"^[A-Za-z0-9_]+(;[A-Za-z0-9_]+)*$")),
            "cost_usd": Column(float, Check.ge(0)),
            "turnaround_days": Column(int, [Check.ge(0), Check.le(365)]),
            "blood_ml": Column(float, [Check.ge(0), Check.le(50)]),
            "source": source(),
            "note": optional_text(),
        },
        unique=["test"],
    )
