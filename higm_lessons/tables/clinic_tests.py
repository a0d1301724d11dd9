"""``clinic_tests.csv``: the tests the virtual clinic offers.

One row per test: a short id, the name the learner reads in full (``name``) and in the
menu and results table (``short``, at most 40 characters), the findings it returns
(``results``: analytes of :mod:`higm_lessons.labs` or findings of
:mod:`higm_lessons.diagnosis`, separated by ``;``), its cost in US dollars, its
turnaround in days and the blood it takes in mL. Costs are course estimates.
"""

from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import SLUG, optional_text, source, table, text

NAME = "clinic_tests.csv"
SHORT_MAX = 40


def schema() -> DataFrameSchema:
    return table(
        {
            "test": text(checks=SLUG),
            "name": text(),
            # the name in the menu and the results table: fits a projector's line at 24 px
            "short": text(Check.str_length(min_value=1, max_value=SHORT_MAX)),
            "results": text(checks=Check.str_matches(r"^[A-Za-z0-9_]+(;[A-Za-z0-9_]+)*$")),
            "cost_usd": Column(float, Check.ge(0)),
            "turnaround_days": Column(int, [Check.ge(0), Check.le(365)]),
            "blood_ml": Column(float, [Check.ge(0), Check.le(50)]),
            "source": source(),
            "note": optional_text(),
        },
        unique=["test"],
    )
