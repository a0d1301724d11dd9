"""Evidence that the virtual clinic is right: simulations over generated patients.

These are the small versions that run in ``make test``; ``make bench`` runs the large
ones (1,000 patients per condition for the patterns) and reports the figures.
"""

from __future__ import annotations

import pytest

from higm_lessons import clinic_checks, diagnosis

PATTERN_N = 60
PUBLISHED_N = 150
POLICY_N = 3


def test_tolerances_are_four_standard_errors_plus_three_points():
    assert clinic_checks.tolerance(0.5, 100) == pytest.approx(4 * 0.05 + 0.03)
    assert clinic_checks.tolerance(0.0, 100) == pytest.approx(4 * 0.01 + 0.03)


def test_measured_results_reproduce_each_conditions_pattern():
    frame = clinic_checks.pattern_agreement(PATTERN_N)
    assert set(frame["condition"]) == set(diagnosis.CODES)
    assert len(frame) == len(diagnosis.CODES) * len(clinic_checks.MEASURED) * 3
    assert (frame["n"] > 0).all()
    failures = frame[~frame["agrees"]]
    assert failures.empty, failures.to_string()


def test_generated_patients_match_the_published_figures():
    frame = clinic_checks.published_agreement(PUBLISHED_N)
    assert set(frame["source"]) >= {"ig_patterns", "leven2016", "winkelstein2003", "seidel2019"}
    failures = frame[~frame["agrees"]]
    assert failures.empty, failures.to_string()
    normal_igm = frame.set_index("check").loc["Normal serum IgM"]
    assert normal_igm["published"] == 0.40  # leven2016, from higm_cohort_features.csv


def test_a_pattern_that_disagrees_is_caught(monkeypatch):
    """The check can fail: with IgM forced normal, the HIGM1 IgM pattern no longer fits."""
    from higm_lessons import clinic_checks as checks_module

    real = checks_module._expected

    def shifted(condition, analyte):
        shares = real(condition, analyte)
        if condition == "HIGM_CD40L" and analyte == "IgM":
            return {"L": 0.0, "N": 1.0, "H": 0.0}
        return shares

    monkeypatch.setattr(checks_module, "_expected", shifted)
    frame = clinic_checks.pattern_agreement(30)
    bad = frame[~frame["agrees"]]
    assert set(bad["condition"]) == {"HIGM_CD40L"} and set(bad["analyte"]) == {"IgM"}


def test_the_reference_workup_is_right_and_a_random_one_clearly_worse():
    frame = clinic_checks.policy_summary(POLICY_N)
    reference, chance = frame.loc["reference"], frame.loc["random"]
    assert reference["patients"] == chance["patients"] == POLICY_N * len(diagnosis.CODES)
    assert reference["accuracy"] >= 0.9
    assert reference["points"] > chance["points"] + 20
    assert reference["cost_usd"] < chance["cost_usd"]
    assert reference["days"] < chance["days"]
