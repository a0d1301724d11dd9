"""``clinic_settings.csv``: the case mix of each clinic setting (the base rates).

One row per setting and condition: the share of patients in that setting who have
the condition. The shares of one setting add up to 1.
"""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import optional_text, source, table, text

NAME = "clinic_settings.csv"


def schema() -> DataFrameSchema:
    return table(
        {
            "setting": text(checks=Check.str_matches(r"^[a-z][a-z ]*$")),
            "condition": text(checks=Check.str_matches(r"^[A-Z][A-Z0-9_]*$")),
            "weight": Column(float, [Check.ge(0), Check.le(1)]),
            "source": source(),
            "note": optional_text(),
        },
        unique=["setting", "condition"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Each setting's shares add up to 1."""
    return [
        f"{where}: the weights of setting {setting!r} add up to {total:g}, not 1"
        for setting, total in frame.groupby("setting", sort=False)["weight"].sum().items()
        if abs(total - 1) > 1e-9
    ]
