"""The clinic's differential: the engine's evidence with the setting's base rates.

The differential engine (:mod:`higm_lessons.diagnosis`) adds one weight per finding,
so the evidence of a whole work-up is the sum of each finding's share. This module
computes each share once per finding, category and age band, from the engine
itself, and combines them with the clinic's base rates:

* **prior**: the setting's case mix (``data/clinic_settings.csv``) times how well the
  patient's age and sex fit each condition (the presentation ages of
  ``data/clinic_conditions.csv`` and the sex ratio of ``data/condition_priors.csv``);
* **evidence**: the engine's summed weights for the findings;
* **score** = prior x exp(evidence), scaled to add up to 1 (:func:`diagnosis.posterior`).

A lab finding is read as its category (see :mod:`higm_lessons.clinic_patient`) at a
typical value, so this is the quick differential the reference work-up and the
debrief reason with; the board shows the engine's full differential with reasons.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from higm_lessons import diagnosis, labs
from higm_lessons.clinic_patient import (
    LAB_FINDINGS,
    PRESENTING,
    category_value,
    conditions,
    girls_share,
    possible_at,
    recent,
    settings,
)
from higm_lessons.data import cached, data_path, load_table

LAB_GROUPS = (("IgG",), ("IgA",), ("IgM",), ("IgE",), ("CD3", "CD19"), ("CD4",), ("CD8",), ("ANC",))
"""Lab findings the engine reads together (the B-cell share needs CD3 with CD19)."""
FIXED_AGE_DAYS = 730
"""Age at which findings whose weight does not depend on age are read."""

Known = Mapping[str, tuple[str, int]]
"""finding -> (value or category, age in days when it was measured)."""


def _boundaries(*_paths: Path) -> dict[str, tuple[int, ...]]:
    """For each analyte (and ``""`` for all of them together), every age (days) at which
    a band, rule or limit the engine reads for it changes."""
    intervals, limits = load_table("reference_intervals.csv"), load_table("critical_limits.csv")
    rules = load_table("diagnostic_rules.csv")
    ages = {int(t) for t, u in zip(rules["threshold"], rules["unit"], strict=True) if u == "days"}
    result: dict[str, tuple[int, ...]] = {}
    for analyte in ("", *LAB_FINDINGS):
        days: set[int] = {0, *ages}
        for table, column in ((intervals, "analyte"), (limits, "analyte"), (rules, "quantity")):
            rows = table if not analyte else table[table[column].str.startswith(analyte)]
            days.update(int(d) for d in rows["age_low_days"])
            days.update(int(d) for d in rows["age_high_days"])
        result[analyte] = tuple(sorted(days))
    return result


def _files() -> tuple[Path, ...]:
    names = ("diagnosis_weights.csv", "reference_intervals.csv", "diagnostic_rules.csv")
    return (*(data_path(n) for n in names), data_path("critical_limits.csv"))


def age_key(age_days: int, analytes: tuple[str, ...] = ()) -> int:
    """The first day of the age stretch over which the engine's reading of ``analytes``
    (default: everything) does not change."""
    table = recent("boundaries", lambda: cached(_boundaries, *_files()))
    start = 0
    for analyte in analytes or ("",):
        bounds = table[analyte]
        start = max(start, bounds[bisect.bisect_right(bounds, int(age_days)) - 1])
    return start


def _memo(*_paths: Path) -> dict[Any, np.ndarray]:
    return {}


def _sums(patient: dict[str, Any]) -> np.ndarray:
    items = diagnosis.evidence(patient)
    return np.array([sum(w for w, _ in items[code]) for code in diagnosis.CODES])


def _engine_value(finding: str, value: str, day: int) -> Any:
    if finding in LAB_FINDINGS:
        return category_value(finding, value, 0.5, day)
    if finding in PRESENTING or finding == "follow_up_normal_igg":
        return value == "yes"
    return value


def base_evidence(day: int, sex: str, on_ivig: bool) -> np.ndarray:
    """The engine's evidence for age, sex and replacement alone (one value per code)."""
    memo = recent("evidence", lambda: cached(_memo, *_files()))
    key = ("base", age_key(day), sex, on_ivig)
    if key not in memo:
        years = age_key(day) / labs.DAYS_PER_YEAR
        memo[key] = _sums({"age_years": years, "sex": sex, "on_ivig": on_ivig})
    return memo[key]


def group_evidence(items: tuple[tuple[str, str], ...], day: int, on_ivig: bool) -> np.ndarray:
    """What a group of findings ((finding, value), ...) adds to the evidence of each code."""
    names = tuple(f for f, _ in items)
    day = age_key(day, names) if names[0] in LAB_FINDINGS else FIXED_AGE_DAYS
    ivig = on_ivig and names[0] == "IgG"
    memo = recent("evidence", lambda: cached(_memo, *_files()))
    key = (items, day, ivig)
    if key not in memo:
        patient = {"age_years": day / labs.DAYS_PER_YEAR, "sex": "M", "on_ivig": ivig}
        patient.update({f: _engine_value(f, v, day) for f, v in items})
        memo[key] = _sums(patient) - _base_at(day, ivig)
    return memo[key]


def _base_at(day: int, on_ivig: bool) -> np.ndarray:
    memo = recent("evidence", lambda: cached(_memo, *_files()))
    key = ("base-exact", day, on_ivig)
    if key not in memo:
        memo[key] = _sums({"age_years": day / labs.DAYS_PER_YEAR, "sex": "M", "on_ivig": on_ivig})
    return memo[key]


def groups(known: Known) -> list[tuple[tuple[tuple[str, str], ...], int]]:
    """The known findings as engine groups: ((finding, value), ...) and the age measured."""
    result = []
    for group in LAB_GROUPS:
        present = [f for f in group if f in known]
        if present:
            day = max(known[f][1] for f in present)
            result.append((tuple((f, known[f][0]) for f in present), day))
    for finding, (value, day) in known.items():
        if finding not in LAB_FINDINGS:
            result.append((((finding, value),), day))
    return result


def evidence(known: Known, *, age_days: int, sex: str, on_ivig: bool) -> np.ndarray:
    """Summed engine weights of the known findings, one value per code."""
    total = base_evidence(age_days, sex, on_ivig).copy()
    for items, day in groups(known):
        total += group_evidence(items, day, on_ivig)
    return total


# --------------------------------------------------------------------------- priors
def setting_prior(setting: str, age_days: int, sex: str) -> dict[str, float]:
    """Base rates for a patient of this age and sex presenting in ``setting``: the case
    mix times the density of the condition's presentation age (log-normal) times the
    share of the patient's sex, for conditions possible at this age."""
    mix = settings()[setting]
    log_age = math.log(max(age_days, 1))
    raw = {}
    for code, info in conditions().items():
        if not possible_at(code, age_days):
            raw[code] = 0.0
            continue
        z = (log_age - info.log_age_centre) / info.log_age_spread
        density = math.exp(-z * z / 2) / info.log_age_spread
        girls = girls_share(code, age_days)
        raw[code] = mix[code] * density * (girls if sex == "F" else 1 - girls)
    total = sum(raw.values())
    if total == 0:  # no condition fits: fall back on the case mix
        return {code: mix[code] / sum(mix.values()) for code in diagnosis.CODES}
    return {code: raw[code] / total for code in diagnosis.CODES}


def scores(prior: Mapping[str, float], total: np.ndarray) -> dict[str, float]:
    """prior x exp(evidence), scaled to add up to 1."""
    return diagnosis.posterior(prior, dict(zip(diagnosis.CODES, total.tolist(), strict=True)))


def entropy(probabilities: Iterable[float]) -> float:
    """Shannon entropy in bits."""
    p = np.array([x for x in probabilities if x > 0], dtype=float)
    return float(-(p * np.log2(p)).sum())
