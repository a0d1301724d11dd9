"""``treatment.csv``: the numbers behind the immunoglobulin replacement model (lesson 10).

One row per named parameter, with its unit and source. The rows the model needs
must all be present, and a few must keep their meaning (a half-life above zero,
a rate ratio between 0 and 1, a target band whose low edge is below its high edge,
an IV bioavailability of exactly 1 and an SC one within its published range).
"""

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import SLUG, optional_text, source, table, text

NAME = "treatment.csv"
REQUIRED = (
    "igg_half_life_days",
    "trough_gain_per_100_mg_kg",
    "calibration_interval_days",
    "volume_dl_per_kg",
    "study_dose_low_mg_kg",
    "study_dose_high_mg_kg",
    "study_trough_low_mg_dl",
    "study_trough_high_mg_dl",
    "pneumonia_reference_trough_mg_dl",
    "pneumonia_rate_at_reference",
    "pneumonia_rate_ratio_per_100_mg_dl",
    "trough_target_low_mg_dl",
    "trough_target_high_mg_dl",
    "ivig_dose_low_mg_kg",
    "ivig_dose_high_mg_kg",
    "ivig_interval_short_days",
    "ivig_interval_long_days",
    "scig_dose_low_mg_kg",
    "scig_dose_high_mg_kg",
    "scig_interval_days",
    "ivig_bioavailability",
    "scig_bioavailability",
    "scig_bioavailability_low",
    "scig_bioavailability_high",
)


def schema() -> DataFrameSchema:
    return table(
        {
            "parameter": text(checks=SLUG),
            "value": Column(float, Check.gt(0)),
            "unit": text(),
            "source": source(),
            "note": optional_text(),
        },
        unique=["parameter"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Every parameter the model needs is present and keeps its meaning."""
    values = dict(zip(frame["parameter"], frame["value"], strict=True))
    problems = [f"{where}: missing parameter {name!r}" for name in REQUIRED if name not in values]
    if problems:
        return problems
    if not values["pneumonia_rate_ratio_per_100_mg_dl"] < 1:
        problems.append(f"{where}: pneumonia_rate_ratio_per_100_mg_dl must be below 1")
    for low, high in (
        ("trough_target_low_mg_dl", "trough_target_high_mg_dl"),
        ("ivig_dose_low_mg_kg", "ivig_dose_high_mg_kg"),
        ("scig_dose_low_mg_kg", "scig_dose_high_mg_kg"),
        ("ivig_interval_short_days", "ivig_interval_long_days"),
        ("study_dose_low_mg_kg", "study_dose_high_mg_kg"),
        ("study_trough_low_mg_dl", "study_trough_high_mg_dl"),
    ):
        if not values[low] < values[high]:
            problems.append(f"{where}: {low} ({values[low]:g}) must be below {high}")
    if values["ivig_bioavailability"] != 1:
        problems.append(
            f"{where}: ivig_bioavailability must be 1 (IV is the reference route), "
            f"not {values['ivig_bioavailability']:g}"
        )
    low, mid, high = (
        values["scig_bioavailability_low"],
        values["scig_bioavailability"],
        values["scig_bioavailability_high"],
    )
    if not low <= mid <= high <= 1:
        problems.append(
            f"{where}: SC bioavailability must satisfy low <= value <= high <= 1, "
            f"not {low:g}, {mid:g}, {high:g}"
        )
    return problems
