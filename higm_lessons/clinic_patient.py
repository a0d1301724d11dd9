"""The virtual clinic's patients: a hidden condition and a true state behind every result.

A patient is drawn from a seed (the same seed always gives the same patient):

* the hidden condition, from the setting's case mix (``data/clinic_settings.csv``);
* age and sex: the age evenly on a log scale within the condition's presentation
  range (``data/clinic_conditions.csv``), the sex from the ratio of the condition's
  base rates in boys and girls (``data/condition_priors.csv``), so an X-linked
  condition is (almost) always a boy's;
* the findings, each drawn from the condition's pattern (``data/clinic_patterns.csv``):
  presenting infections and examination, and a category for every lab value
  (``absent``, ``very_low``, ``low``, ``normal``, ``high``) with a position inside it;
* a family history that fits the inheritance.

Lab values are computed from this true state at any age (the clinic's clock moves):
the category is placed against the age band of ``data/reference_intervals.csv``, and
the IgG of an infant adds the mother's IgG, fading as in
:func:`higm_lessons.immunoglobulins.infant_igg`. A child with transient
hypogammaglobulinaemia of infancy (THI) recovers by a recovery age drawn for them.
"""

from __future__ import annotations

import bisect
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from higm_lessons import checks, diagnosis, immunoglobulins, labs
from higm_lessons.data import DATA_ENV, DataError, cached, data_path, load_table

CATEGORIES = ("absent", "very_low", "low", "normal", "high")
"""Lab categories, lowest first, against the patient's age band."""
LAB_FINDINGS = ("IgG", "IgA", "IgM", "IgE", "CD3", "CD4", "CD8", "CD19", "ANC")
CHOICE_FINDINGS = ("CD40L", "CD40", "switched_memory_B", "vaccine_response")
PRESENTING = (
    "recurrent_infections",
    "opportunistic_infection",
    "lymphoid_hyperplasia",
    "ectodermal_dysplasia",
)
"""Yes-or-no findings known from the history and examination."""
DEFAULTS: dict[str, str] = {
    **{a: "normal" for a in LAB_FINDINGS},
    "CD40L": "present",
    "CD40": "present",
    "switched_memory_B": "normal",
    "vaccine_response": "normal",
    **{p: "no" for p in PRESENTING},
}
"""A finding a condition's pattern does not name is as in a healthy child."""
T = TypeVar("T")
X_LINKED = ("HIGM_CD40L", "HIGM_NEMO", "XLA")
AUTOSOMAL = ("HIGM_CD40", "HIGM_AID_UNG", "SCID")


# --------------------------------------------------------------------------- data
def _parameters(path: Path, _sources: Path) -> dict[str, float]:
    table = load_table(path.name)
    return dict(zip(table["parameter"], table["value"].astype(float), strict=True))


def parameters() -> dict[str, float]:
    """The clinic's named numbers from ``data/clinic_parameters.csv``."""
    return model().parameters


@dataclass(frozen=True)
class Model:
    """Everything a patient is drawn from, read once (see :func:`model`)."""

    parameters: dict[str, float]
    conditions: dict[str, ConditionInfo]
    settings: dict[str, dict[str, float]]
    patterns: dict[str, dict[str, tuple[tuple[str, ...], np.ndarray]]]
    cumulative: dict[str, list[tuple[str, tuple[str, ...], tuple[float, ...]]]]
    priors: dict[str, list[tuple[str, int, int, float]]]


_MODEL_TABLES = (
    "clinic_parameters.csv",
    "clinic_conditions.csv",
    "clinic_settings.csv",
    "clinic_patterns.csv",
    "condition_priors.csv",
    "sources.csv",
)


def _model(*paths: Path) -> Model:
    by_name = {p.name: p for p in paths}
    sources = by_name["sources.csv"]
    found = _patterns(by_name["clinic_patterns.csv"], sources)
    return Model(
        parameters=_parameters(by_name["clinic_parameters.csv"], sources),
        conditions=_conditions(by_name["clinic_conditions.csv"], sources),
        settings=_settings(by_name["clinic_settings.csv"], sources),
        patterns=found,
        cumulative={
            code: [
                (f, values, tuple(np.cumsum(probs).tolist()))
                for f, (values, probs) in table.items()
            ]
            for code, table in found.items()
        },
        priors=_priors_by_condition(by_name["condition_priors.csv"], sources),
    )


_RECHECK_SECONDS = 1.0
_recent: dict[str, tuple[str, float, Any]] = {}


def recent(name: str, load: Callable[[], T]) -> T:
    """``load()``, remembered under ``name`` for a second per data folder.

    ``load`` should itself use :func:`higm_lessons.data.cached`, which notices a changed
    file; drawing and scoring thousands of patients would otherwise spend most of its
    time asking whether the files changed, so that answer is trusted for a second.
    """
    folder, now = os.environ.get(DATA_ENV, ""), time.monotonic()
    entry = _recent.get(name)
    if entry is not None and entry[0] == folder and now - entry[1] < _RECHECK_SECONDS:
        return entry[2]
    value = load()
    _recent[name] = (folder, now, value)
    return value


def model() -> Model:
    """The clinic's tables, read and checked once until a file changes."""
    return recent("model", lambda: cached(_model, *(data_path(n) for n in _MODEL_TABLES)))


def parameter(name: str) -> float:
    """One named number from ``data/clinic_parameters.csv`` (a DataError if missing)."""
    values = parameters()
    if name not in values:
        raise DataError(f"data/clinic_parameters.csv: missing parameter {name!r}")
    return values[name]


@dataclass(frozen=True)
class ConditionInfo:
    """How the clinic generates one condition (ages in days)."""

    code: str
    age_p05_days: int
    age_p95_days: int
    live_vaccine_harm: bool
    replacement_indicated: bool

    @property
    def log_age_centre(self) -> float:
        """The mean of the log-normal presentation age (log days)."""
        return (math.log(self.age_p05_days) + math.log(self.age_p95_days)) / 2

    @property
    def log_age_spread(self) -> float:
        """The standard deviation of the log-normal presentation age (log days)."""
        return (math.log(self.age_p95_days) - math.log(self.age_p05_days)) / (2 * Z_95)


Z_95 = 1.6448536269514722
"""The standard normal quantile of 0.95."""


def _conditions(path: Path, _sources: Path) -> dict[str, ConditionInfo]:
    table = load_table(path.name)
    found = set(table["condition"])
    if found != set(diagnosis.CODES):
        raise DataError(
            "data/clinic_conditions.csv, column 'condition': needs exactly one row per code; "
            f"missing {sorted(set(diagnosis.CODES) - found)}, "
            f"unknown {sorted(found - set(diagnosis.CODES))}"
        )
    return {
        row.condition: ConditionInfo(
            row.condition,
            int(row.age_p05_days),
            int(row.age_p95_days),
            bool(row.live_vaccine_harm),
            bool(row.replacement_indicated),
        )
        for row in table.itertuples(index=False)
    }


def conditions() -> dict[str, ConditionInfo]:
    """Every condition's generation rules, by code."""
    return model().conditions


def _settings(path: Path, _sources: Path) -> dict[str, dict[str, float]]:
    table = load_table(path.name)
    result: dict[str, dict[str, float]] = {}
    for row in table.itertuples(index=False):
        if row.condition not in diagnosis.CODES:
            raise DataError(
                f"data/clinic_settings.csv: unknown condition {row.condition!r}; "
                f"accepted: {list(diagnosis.CODES)}"
            )
        result.setdefault(row.setting, {})[row.condition] = float(row.weight)
    return {s: {c: w.get(c, 0.0) for c in diagnosis.CODES} for s, w in result.items()}


def settings() -> dict[str, dict[str, float]]:
    """Each setting's case mix: condition code -> share of patients."""
    return model().settings


def _allowed(finding: str) -> tuple[str, ...]:
    if finding in LAB_FINDINGS:
        return CATEGORIES
    if finding in CHOICE_FINDINGS:
        return diagnosis.FINDINGS[finding]
    if finding in PRESENTING:
        return ("yes", "no")
    raise DataError(
        f"data/clinic_patterns.csv: unknown finding {finding!r}; accepted: "
        f"{[*LAB_FINDINGS, *CHOICE_FINDINGS, *PRESENTING]}"
    )


Pattern = dict[str, dict[str, tuple[tuple[str, ...], np.ndarray]]]


def _patterns(path: Path, _sources: Path) -> Pattern:
    table = load_table(path.name)
    grouped: dict[str, dict[str, dict[str, float]]] = {c: {} for c in diagnosis.CODES}
    for row in table.itertuples(index=False):
        if row.condition not in grouped:
            raise DataError(f"data/clinic_patterns.csv: unknown condition {row.condition!r}")
        if row.value not in _allowed(row.finding):
            raise DataError(
                f"data/clinic_patterns.csv: {row.condition} {row.finding} cannot be "
                f"{row.value!r}; accepted: {list(_allowed(row.finding))}"
            )
        grouped[row.condition].setdefault(row.finding, {})[row.value] = float(row.probability)
    result: Pattern = {}
    for code, findings in grouped.items():
        result[code] = {}
        for finding in (*LAB_FINDINGS, *CHOICE_FINDINGS, *PRESENTING):
            shares = findings.get(finding, {DEFAULTS[finding]: 1.0})
            result[code][finding] = (tuple(shares), np.array(list(shares.values())))
    return result


def patterns() -> Pattern:
    """condition -> finding -> (values, probabilities), defaults filled in."""
    return model().patterns


def pattern_probability(condition: str, finding: str, value: str) -> float:
    """The probability that a patient with ``condition`` shows ``value`` for ``finding``."""
    values, probs = patterns()[condition][finding]
    return float(probs[values.index(value)]) if value in values else 0.0


# --------------------------------------------------------------------------- patient
@dataclass(frozen=True)
class Patient:
    """A generated patient. ``condition`` is hidden from the learner until the debrief."""

    seed: int
    setting: str
    condition: str
    sex: str
    age_days: int
    findings: dict[str, str]
    positions: dict[str, float]
    gene: str
    family: str
    recovery_age_days: int | None = None
    name: str = ""
    story: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def age_years(self) -> float:
        return self.age_days / labs.DAYS_PER_YEAR

    @property
    def presenting(self) -> dict[str, bool]:
        """The yes-or-no findings from history and examination."""
        return {p: self.findings[p] == "yes" for p in PRESENTING}


def check_setting(setting: object) -> str:
    """A setting named in ``data/clinic_settings.csv``."""
    return checks.one_of("setting", setting, settings())


def check_condition(condition: object, *, optional: bool = False) -> str | None:
    """A condition code of the differential (or None when optional)."""
    return checks.one_of("condition", condition, diagnosis.CODES, optional=optional)


def _priors_by_condition(
    path: Path, _sources: Path
) -> dict[str, list[tuple[str, int, int, float]]]:
    table = load_table(path.name)
    grouped: dict[str, list[tuple[str, int, int, float]]] = {}
    for row in table.itertuples(index=False):
        grouped.setdefault(row.condition, []).append(
            (row.sex, int(row.age_low_days), int(row.age_high_days), float(row.prior))
        )
    return grouped


def girls_share(condition: str, age_days: int) -> float:
    """The share of girls among patients with ``condition`` at this age, from the ratio of
    its base rates in girls and boys (``data/condition_priors.csv``); a half when the
    table gives one rate for both sexes or none (no immunodeficiency)."""
    rows = model().priors.get(condition, [])
    rate = {"M": 0.0, "F": 0.0}
    for sex, low, high, prior in rows:
        if low <= age_days < high and sex in rate:
            rate[sex] = prior
    total = rate["M"] + rate["F"]
    return 0.5 if total == 0 else rate["F"] / total


def _sex(rng: np.random.Generator, condition: str, age_days: int) -> str:
    return "F" if rng.random() < girls_share(condition, age_days) else "M"


def possible_at(condition: str, age_days: int) -> bool:
    """Whether a patient of this age can have ``condition``: its base rate in
    ``data/condition_priors.csv`` is above 0 for boys or girls (no row: always)."""
    rows = model().priors.get(condition)
    if rows is None:
        return True
    return any(low <= age_days < high and prior > 0 for _sex, low, high, prior in rows)


def _age(rng: np.random.Generator, info: ConditionInfo) -> int:
    for _ in range(200):
        days = int(math.exp(rng.normal(info.log_age_centre, info.log_age_spread)))
        if 1 <= days < labs.LAST_DAY and possible_at(info.code, days):
            return days
    raise DataError(f"data/clinic_conditions.csv: no possible age for {info.code}")


def _draw_findings(rng: np.random.Generator, condition: str) -> dict[str, str]:
    table = model().cumulative[condition]
    draws = rng.random(len(table))
    chosen = {}
    for u, (finding, values, cumulative) in zip(draws, table, strict=True):
        index = bisect.bisect_right(cumulative, u * cumulative[-1])
        chosen[finding] = values[min(index, len(values) - 1)]
    return chosen


def _gene(rng: np.random.Generator, condition: str) -> str:
    genes = diagnosis.GENES.get(condition, ())
    if not genes:
        return "none"
    if condition == "HIGM_AID_UNG":  # AICDA far commoner than UNG [lee2005: 4 against 1]
        return "AICDA" if rng.random() < 0.8 else "UNG"
    return str(genes[int(rng.integers(len(genes)))])


def _family(rng: np.random.Generator, condition: str, sex: str) -> str:
    if condition in X_LINKED and sex == "M" and rng.random() < parameter("family_history_x_linked"):
        relative = (
            "a maternal uncle",
            "an older brother",
            "a maternal cousin (the son of the mother's sister)",
        )[int(rng.integers(3))]
        return f"{relative.capitalize()} had many infections as a child and died young."
    if condition in AUTOSOMAL and rng.random() < parameter("consanguinity_autosomal"):
        return "The parents are first cousins. No one else in the family has been unwell."
    return "No one in the family is known to have an immune problem."


def draw(seed: int, *, condition: str | None = None, setting: str = "referral clinic") -> Patient:
    """The patient of ``seed`` (optionally with a fixed condition) in ``setting``."""
    seed = checks.seed(seed)
    setting = check_setting(setting)
    condition = check_condition(condition, optional=True)
    rng = np.random.default_rng(seed)
    tables = model()
    shares = np.cumsum(_shares(tables.settings[setting]))
    drawn = diagnosis.CODES[min(int(np.searchsorted(shares, rng.random(), side="right")), 9)]
    code = condition or drawn
    info = tables.conditions[code]
    age = _age(rng, info)
    sex = _sex(rng, code, age)
    findings = _draw_findings(rng, code)
    positions = {a: float(rng.random()) for a in LAB_FINDINGS}
    recovery = None
    if code == "THI":
        low = tables.parameters["thi_recovery_age_low_days"]
        high = tables.parameters["thi_recovery_age_high_days"]
        recovery = max(int(rng.uniform(low, high)), age + 180)
    return Patient(
        seed=seed,
        setting=setting,
        condition=code,
        sex=sex,
        age_days=age,
        findings=findings,
        positions=positions,
        gene=_gene(rng, code),
        family=_family(rng, code, sex),
        recovery_age_days=recovery,
    )


def _shares(mix: dict[str, float]) -> np.ndarray:
    weights = np.array([mix[c] for c in diagnosis.CODES], dtype=float)
    return weights / weights.sum()


# --------------------------------------------------------------------------- values
def _band_rows() -> dict[str, list[tuple[int, int, float | None, float]]]:
    """Reference bands for both sexes by analyte: (first day, end day, low, high)."""
    table = load_table("reference_intervals.csv")
    rows: dict[str, list[tuple[int, int, float | None, float]]] = {}
    for row in table.itertuples(index=False):
        if row.sex == "both":
            low = None if row.low is None or row.low != row.low else float(row.low)
            rows.setdefault(row.analyte, []).append(
                (int(row.age_low_days), int(row.age_high_days), low, float(row.high))
            )
    return rows


def band(analyte: str, age_days: int) -> tuple[float | None, float]:
    """The (low, high) reference limits at ``age_days`` in the default unit (the same
    band as :func:`higm_lessons.labs.interval_row`, looked up without re-reading files)."""
    for start, end, low, high in recent("bands", _band_rows).get(analyte, []):
        if start <= age_days < end:
            return low, high
    row = labs.interval_row(analyte, age_years=age_days / labs.DAYS_PER_YEAR)
    return row["low"], row["high"]


def category_value(analyte: str, category: str, position: float, age_days: int) -> float:
    """The value (default unit) of a category at a position (0 to 1) inside it."""
    low, high = band(analyte, age_days)
    p = parameters()
    floor = low if low is not None else high / 10
    spans = {
        "absent": (0.0, p["absent_fraction_high"] * floor),
        "very_low": (p["very_low_fraction_low"] * floor, p["very_low_fraction_high"] * floor),
        "low": (p["low_fraction_low"] * floor, p["low_fraction_high"] * floor),
        "high": (p["high_factor_low"] * high, p["high_factor_high"] * high),
    }
    if category in spans:
        start, end = spans[category]
        return start + position * (end - start)
    if low is None:  # an upper limit only (IgE): normal spreads from a tenth of it up to it
        return high * (0.1 + 0.8 * position)
    limit, spread = p["normal_zlog_limit"], p["normal_zlog_sd"]
    z = float(np.clip(spread * _probit(position), -limit, limit))
    centre, half = (math.log(low) + math.log(high)) / 2, (math.log(high) - math.log(low)) / 2
    return math.exp(centre + z * half / labs.ZLOG_NORMAL)


def _probit(position: float) -> float:
    """The standard normal quantile of ``position`` (0 to 1), kept finite."""
    from statistics import NormalDist

    return NormalDist().inv_cdf(min(max(position, 1e-6), 1 - 1e-6))


def category_of(analyte: str, value: float, age_days: int) -> str:
    """The category a measured value (default unit) falls in at ``age_days``."""
    low, high = band(analyte, age_days)
    if value > high:
        return "high"
    if low is None or value >= low:
        return "normal"
    if value < parameter("absent_cut") * low:
        return "absent"
    return "very_low" if value < parameter("very_low_cut") * low else "low"


def maternal_igg(age_days: float) -> float:
    """The mother's IgG (mg/dL) still in a term baby's blood at ``age_days``: the
    ``maternal`` part of :func:`higm_lessons.immunoglobulins.infant_igg` (same parameters,
    same first-order decay), computed without building a table."""
    params = recent("infant_igg", immunoglobulins.model_parameters)
    return float(params["maternal_igg_term"] * 2.0 ** (-float(age_days) / params["igg_half_life"]))


def own_value(patient: Patient, analyte: str, age_days: int) -> float:
    """The patient's own level of ``analyte`` (default unit) at ``age_days``, without
    maternal or donor IgG."""
    position = patient.positions[analyte]
    category = patient.findings[analyte]
    value = category_value(analyte, category, position, age_days)
    if analyte == "IgG" and patient.recovery_age_days is not None:
        start, end = patient.age_days, patient.recovery_age_days
        share = min(max((age_days - start) / (end - start), 0.0), 1.0)
        healthy = category_value(analyte, "normal", position, age_days)
        value = math.exp((1 - share) * math.log(max(value, 1e-3)) + share * math.log(healthy))
    if analyte == "IgG" and category == "normal":
        value = max(value - maternal_igg(age_days), 0.0)
    return value


# --------------------------------------------------------------------------- story
_INFECTIONS = {
    "yes": "has had one infection after another over the past months: ear infections, "
    "a chest infection and a pneumonia that needed antibiotics into a vein",
    "no": "had one severe pneumonia that needed a hospital stay, and is otherwise well",
}
_OPPORTUNISTIC = (
    "The latest chest infection was caused by Pneumocystis jirovecii, an organism that "
    "rarely harms a child with a healthy immune system; an HIV test is negative."
)
_NODES = {
    "yes": "The lymph nodes in the neck and groins, the tonsils and the spleen are enlarged.",
    "no": "No lymph nodes or spleen can be felt to be enlarged.",
}
_SKIN = {
    "yes": "The hair is sparse and fine, there are few teeth and they are cone-shaped, and "
    "the skin is dry; the parents say the child hardly sweats.",
    "no": "Hair, teeth and skin look normal.",
}


def story(patient: Patient) -> str:
    """The history and examination the learner reads (never the diagnosis)."""
    if patient.story:
        return patient.story
    child = {"M": "boy", "F": "girl"}[patient.sex]
    if patient.age_days >= 18 * labs.DAYS_PER_YEAR:
        child = {"M": "man", "F": "woman"}[patient.sex]
    who = "He" if patient.sex == "M" else "She"
    parts = [
        f"A {child} aged {labs.age_text(patient.age_years)} is seen in the {patient.setting}. "
        f"{who} {_INFECTIONS[patient.findings['recurrent_infections']]}."
    ]
    if patient.findings["opportunistic_infection"] == "yes":
        parts.append(_OPPORTUNISTIC)
    parts.append(_NODES[patient.findings["lymphoid_hyperplasia"]])
    parts.append(_SKIN[patient.findings["ectodermal_dysplasia"]])
    parts.append(patient.family)
    return " ".join(parts)
