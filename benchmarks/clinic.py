"""The virtual clinic's budgets and simulation figures (issue 15).

Speed: a new patient and each action (order, wait, treat, diagnose) take under 50 ms
in the kernel (median over many patients, after one warm-up). Evidence: 1,000
generated patients per condition against the pattern tables and the published
figures, and the reference work-up against a random-order one.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

PATTERN_N = 1000
POLICY_N = 50


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def actions(patients: int = 40) -> dict[str, dict[str, float]]:
    """Median and slowest time (s) of a new patient and of each action, over ``patients``."""
    from higm_lessons import clinic

    clinic.Workup(clinic.new_patient(0)).order("immunoglobulins")  # warm-up: tables
    times: dict[str, list[float]] = {k: [] for k in ("new patient", "order", "wait", "treat",
                                                     "diagnose")}  # fmt: skip
    for seed in range(1, patients + 1):
        start = time.perf_counter()
        patient = clinic.new_patient(seed)
        times["new patient"].append(time.perf_counter() - start)
        workup = clinic.Workup(patient)
        times["order"].append(_timed(lambda w=workup: w.order("immunoglobulins")))
        times["wait"].append(_timed(lambda w=workup: w.wait(30)))
        times["treat"].append(_timed(lambda w=workup: w.treat()))
        times["diagnose"].append(_timed(lambda w=workup: w.diagnose("NORMAL", 0.5)))
    return {k: {"median_s": statistics.median(v), "max_s": max(v)} for k, v in times.items()}


def simulation() -> dict:
    """Pattern and published agreement (1,000 per condition) and the two policies."""
    from higm_lessons import clinic_checks

    patterns = clinic_checks.pattern_agreement(PATTERN_N)
    published = clinic_checks.published_agreement(PATTERN_N)
    policies = clinic_checks.policy_summary(POLICY_N)
    return {
        "pattern_rows": len(patterns),
        "pattern_agree_share": float(patterns["agrees"].mean()),
        "pattern_max_gap": float((patterns["observed"] - patterns["expected"]).abs().max()),
        "published": published.to_dict(orient="records"),
        "published_agree_share": float(published["agrees"].mean()),
        "policies": policies.reset_index().to_dict(orient="records"),
    }
