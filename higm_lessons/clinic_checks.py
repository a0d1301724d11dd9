"""Evidence that the virtual clinic is right: simulations over many generated patients.

* :func:`pattern_agreement` measures serum immunoglobulins, a blood count and
  lymphocyte subsets in ``n`` patients per condition, exactly as a learner would
  receive them (noise, units, maternal IgG), flags them against the age bands, and
  compares the share of low, normal and high results with the condition's pattern in
  ``data/clinic_patterns.csv``.
* :func:`published_agreement` compares the generated patients with the course's
  published figures: the HIGM pattern of ``data/ig_patterns.csv``, the registry
  frequencies of ``data/higm_cohort_features.csv`` and the ages at diagnosis of
  ``data/diagnosis_age.csv``.
* :func:`policy_summary` runs the reference work-up and a random-order work-up on the
  same patients and reports accuracy, points, cost, days and harm.

Tolerances are stated with each row: four binomial standard errors plus 0.03 for
results that noise moves across a band limit.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from higm_lessons import checks, diagnosis, labs
from higm_lessons.clinic_debrief import random_workup, reference_workup, score
from higm_lessons.clinic_patient import Patient, band, draw, patterns
from higm_lessons.clinic_workup import Workup, maternal_igg_days
from higm_lessons.data import load_table

MEASURED = ("IgG", "IgA", "IgM", "CD3", "CD4", "CD19", "ANC")
LOW = ("absent", "very_low", "low")


def tolerance(share: float, n: int) -> float:
    """Four binomial standard errors of a share over ``n`` patients, plus 0.03."""
    return 4 * math.sqrt(max(share * (1 - share), 0.01) / n) + 0.03


def _measure(patient: Patient) -> dict[str, tuple[float, str]]:
    """What a learner would get on day 0: value (default unit) and flag, per analyte."""
    workup = Workup(patient)
    values: dict[str, float] = {}
    for test in ("immunoglobulins", "blood_count", "lymphocyte_subsets"):
        values.update(workup.order(test).values)
    found = {}
    for analyte in MEASURED:
        low, high = band(analyte, patient.age_days)
        found[analyte] = (values[analyte], labs.flag(values[analyte], low, high))
    return found


def cohort(n: int, condition: str, *, seed: int = 0) -> list[tuple[Patient, dict]]:
    """``n`` patients with ``condition`` (seeds ``seed`` onwards) and their day-0 results."""
    n = checks.whole("n", n, low=1)
    condition = checks.one_of("condition", condition, diagnosis.CODES)
    return [(p, _measure(p)) for p in (draw(seed + i, condition=condition) for i in range(n))]


def _expected(condition: str, analyte: str) -> dict[str, float]:
    values, probs = patterns()[condition][analyte]
    share = dict(zip(values, probs.tolist(), strict=True))
    return {
        "L": sum(share.get(v, 0.0) for v in LOW),
        "N": share.get("normal", 0.0),
        "H": share.get("high", 0.0),
    }


def pattern_agreement(n: int = 200, *, seed: int = 0) -> pd.DataFrame:
    """Per condition, analyte and flag: the pattern's share, the generated share and the
    tolerance (IgG only from the age at which it can be read)."""
    rows = []
    readable = maternal_igg_days()
    for condition in diagnosis.CODES:
        people = cohort(n, condition, seed=seed)
        for analyte in MEASURED:
            flags = [
                r[analyte][1][0]  # "LL" counts as low
                for p, r in people
                if analyte != "IgG" or p.age_days >= readable
            ]
            for flag, share in _expected(condition, analyte).items():
                observed = flags.count(flag) / len(flags) if flags else float("nan")
                rows.append({
                    "condition": condition, "analyte": analyte, "flag": flag,
                    "expected": share, "observed": observed, "n": len(flags),
                    "tolerance": tolerance(share, max(len(flags), 1)),
                })  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["agrees"] = (frame["observed"] - frame["expected"]).abs() <= frame["tolerance"]
    return frame


def _cohort_share(feature: str) -> float:
    table = load_table("higm_cohort_features.csv")
    return float(table.loc[table["feature"] == feature, "percent"].iloc[0]) / 100


def _share(items: list[bool]) -> float:
    return sum(items) / len(items) if items else float("nan")


def _higm_rows(n: int, seed: int) -> list[dict]:
    people = cohort(n, "HIGM_CD40L", seed=seed)
    readable = maternal_igg_days()
    flags = {a: [r[a][1][0] for p, r in people if a != "IgG" or p.age_days >= readable]
             for a in MEASURED}  # fmt: skip
    ages = [p.age_days for p, _ in people]
    found = [p.findings for p, _ in people]
    diagnosed = load_table("diagnosis_age.csv")
    by_age = dict(zip(diagnosed["age_days"], diagnosed["share_diagnosed"], strict=True))
    low = {a: _share([f == "L" for f in flags[a]]) for a in ("IgG", "IgA", "ANC")}
    normal = {a: _share([f == "N" for f in flags[a]]) for a in ("IgA", "IgM")}
    pjp = _share([f["opportunistic_infection"] == "yes" for f in found])
    infected = _share([f["recurrent_infections"] == "yes" for f in found])
    rows = [
        ("IgG low (from 6 months)", "ig_patterns", "at least", 0.95, low["IgG"]),
        ("IgA low", "ig_patterns", "at least", 0.70, low["IgA"]),
        ("IgM normal or high", "ig_patterns", "at least", 0.85,
         _share([f in "NH" for f in flags["IgM"]])),
        ("Normal serum IgM", "leven2016", "about", _cohort_share("Normal serum IgM"),
         normal["IgM"]),
        ("Normal serum IgA", "leven2016", "about", _cohort_share("Normal serum IgA"),
         normal["IgA"]),
        ("Neutropenia", "leven2016", "about", _cohort_share("Neutropenia"), low["ANC"]),
        ("Pneumocystis pneumonia", "leven2016", "about",
         _cohort_share("Pneumocystis jirovecii pneumonia"), pjp),
        ("Any infection", "leven2016", "about", _cohort_share("Any infection"), infected),
        ("Diagnosed by age 1", "winkelstein2003", "at least", by_age[365],
         _share([a < 365 for a in ages])),
        ("Diagnosed by age 4", "winkelstein2003", "at least", by_age[1461],
         _share([a < 1461 for a in ages])),
    ]  # fmt: skip
    return [
        {"condition": "HIGM_CD40L", "check": c, "source": s, "kind": k, "published": p,
         "observed": o, "tolerance": tolerance(p, n)}
        for c, s, k, p, o in rows
    ]  # fmt: skip


def _definition_rows(n: int, seed: int) -> list[dict]:
    xla = cohort(n, "XLA", seed=seed)
    b_share = [r["CD19"][0] / (r["CD19"][0] + r["CD3"][0]) < 0.02 for _, r in xla]
    sigad = cohort(n, "SIGAD", seed=seed)
    iga = [r["IgA"][0] < 7 for _, r in sigad]
    return [
        {"condition": "XLA", "check": "B cells under 2% of lymphocytes", "source": "seidel2019",
         "kind": "at least", "published": 0.95, "observed": _share(b_share),
         "tolerance": tolerance(0.95, n)},
        {"condition": "SIGAD", "check": "IgA under 7 mg/dL", "source": "seidel2019",
         "kind": "at least", "published": 0.95, "observed": _share(iga),
         "tolerance": tolerance(0.95, n)},
    ]  # fmt: skip


def published_agreement(n: int = 200, *, seed: int = 0) -> pd.DataFrame:
    """Generated patients against the course's published figures (see the module docstring).

    ``kind`` is ``"about"`` (the share should match within ``tolerance``) or ``"at least"``
    (a lower bound: the share should not fall below it by more than ``tolerance``).
    """
    frame = pd.DataFrame(_higm_rows(n, seed) + _definition_rows(n, seed))
    gap = frame["observed"] - frame["published"]
    frame["agrees"] = np.where(
        frame["kind"] == "about", gap.abs() <= frame["tolerance"], gap >= -frame["tolerance"]
    )
    return frame


def _summary(workups: list[Workup]) -> dict[str, float]:
    scores = [score(w, count_waste=False) for w in workups]
    return {
        "patients": len(scores),
        "accuracy": float(np.mean([s.correct for s in scores])),
        "brier": float(np.mean([s.brier for s in scores])),
        "cost_usd": float(np.mean([s.cost_usd for s in scores])),
        "days": float(np.mean([s.days for s in scores])),
        "blood_ml": float(np.mean([s.blood_ml for s in scores])),
        "harm_events": float(np.mean([len(s.harm) for s in scores])),
        "points": float(np.mean([s.points for s in scores])),
    }


def policy_summary(n: int = 3, *, seed: int = 0) -> pd.DataFrame:
    """The reference and a random-order work-up on the same ``n`` patients per condition:
    one row per policy with accuracy, Brier score, cost, days, blood, harm and points.

    Wasted tests are not counted here (they need a replay per test); ``points`` therefore
    leaves out the waste penalty for both policies alike.
    """
    n = checks.whole("n", n, low=1)
    patients = [draw(seed + i, condition=c) for c in diagnosis.CODES for i in range(n)]
    reference = [reference_workup(p) for p in patients]
    chance = [random_workup(p, seed + i) for i, p in enumerate(patients)]
    frame = pd.DataFrame([_summary(reference), _summary(chance)], index=["reference", "random"])
    frame.index.name = "policy"
    return frame
