"""Unit tests for higm_lessons.treatment: the replacement model against its closed form."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from higm_lessons import data, treatment
from higm_lessons.tables import hsct_outcomes as hsct_table
from higm_lessons.tables import treatment as treatment_table
from higm_lessons.treatment import (
    bioavailability,
    cheapest_schedules,
    compare_schedules,
    dose_for_trough,
    grams_per_infusion,
    igg_levels,
    parameters,
    per_four_weeks,
    pneumonia_rate,
    replacement_summary,
    steady_state_trough,
)


def closed_form(t, dose, tau, half_life, volume, baseline=0.0):
    """Sum of every dose given up to day t, each decaying on its own (the definition)."""
    k = math.log(2) / half_life
    n = math.floor(t / tau + 1e-9)
    return baseline + sum(dose / volume * math.exp(-k * (t - i * tau)) for i in range(n + 1))


# --------------------------------------------------------------------------- igg_levels
def test_columns_and_order():
    frame = igg_levels([0, 10, 5], dose_mg_per_kg=400, interval_days=28)
    assert list(frame.columns) == ["day", "igg_mg_dl"]
    assert list(frame["day"]) == [0, 10, 5]
    assert frame["igg_mg_dl"].dtype == float


def test_first_dose_exact_values():
    v = treatment.DEFAULT_VOLUME_DL_PER_KG
    frame = igg_levels([0, 21, 42], dose_mg_per_kg=450, interval_days=100)
    assert frame["igg_mg_dl"].tolist() == pytest.approx([450 / v, 225 / v, 112.5 / v])


def test_a_dosing_day_is_the_level_just_after_the_dose():
    v = treatment.DEFAULT_VOLUME_DL_PER_KG
    before, on = igg_levels([28 - 1e-7, 28], dose_mg_per_kg=400, interval_days=28)["igg_mg_dl"]
    assert on - before == pytest.approx(400 / v, rel=1e-6)
    at_day_56 = igg_levels(56, dose_mg_per_kg=400, interval_days=28)["igg_mg_dl"].iloc[0]
    assert at_day_56 == pytest.approx(closed_form(56, 400, 28, 21, v))


@pytest.mark.parametrize(
    ("dose", "tau", "half_life", "volume", "baseline"),
    [
        (400, 28, 21, 0.9, 0),
        (600, 21, 30, 0.5, 120),
        (100, 7, 18, 1.2, 40),
        (250, 10.5, 21, 0.9, 0),
    ],
)
def test_matches_the_sum_of_single_doses(dose, tau, half_life, volume, baseline):
    days = np.linspace(0, 200, 97)
    frame = igg_levels(
        days,
        dose_mg_per_kg=dose,
        interval_days=tau,
        half_life_days=half_life,
        volume_dl_per_kg=volume,
        baseline_mg_dl=baseline,
    )
    expected = [closed_form(t, dose, tau, half_life, volume, baseline) for t in days]
    np.testing.assert_allclose(frame["igg_mg_dl"], expected, rtol=1e-12)


def test_repeated_dosing_converges_to_the_steady_state_trough():
    tau = 28
    troughs = igg_levels(
        [n * tau - 1e-9 for n in range(1, 41)], dose_mg_per_kg=400, interval_days=tau
    )["igg_mg_dl"].to_numpy()
    target = steady_state_trough(400, tau)
    assert np.all(np.diff(troughs[:15]) > 0)  # troughs climb ...
    assert np.all(troughs <= target * (1 + 1e-9))  # ... from below ...
    assert troughs[-1] == pytest.approx(target, rel=1e-6)  # ... to the steady state
    gaps = (target - troughs)[:10]
    ratio = 2 ** (-tau / 21)
    np.testing.assert_allclose(gaps[1:] / gaps[:-1], ratio, rtol=1e-6)  # geometrically


@settings(max_examples=60, deadline=None)
@given(
    dose=st.floats(1, 2000),
    tau=st.floats(1, 60),
    half_life=st.floats(3, 60),
    baseline=st.floats(0, 500),
)
def test_property_steady_state_is_the_limit_and_doses_add(dose, tau, half_life, baseline):
    late = 200 * half_life // tau * tau + tau  # a dosing day long after the start
    trough = steady_state_trough(dose, tau, half_life_days=half_life, baseline_mg_dl=baseline)
    level = igg_levels(
        [late - 1e-7 * tau],
        dose_mg_per_kg=dose,
        interval_days=tau,
        half_life_days=half_life,
        baseline_mg_dl=baseline,
    )["igg_mg_dl"].iloc[0]
    assert level == pytest.approx(trough, rel=1e-5)
    double = steady_state_trough(2 * dose, tau, half_life_days=half_life)
    assert double == pytest.approx(2 * steady_state_trough(dose, tau, half_life_days=half_life))
    assert trough >= baseline


@settings(max_examples=40, deadline=None)
@given(target=st.floats(1, 3000), tau=st.floats(1, 60), baseline=st.floats(0, 0.99))
def test_property_dose_for_trough_inverts_steady_state(target, tau, baseline):
    base = baseline * target
    dose = dose_for_trough(target, tau, baseline_mg_dl=base)
    assert steady_state_trough(dose, tau, baseline_mg_dl=base) == pytest.approx(target)


def test_steady_state_trough_exact_value():
    # 100 mg/kg every 21 days with a 21-day half-life: rise / (2 - 1) = 100 / 0.9
    assert steady_state_trough(100, 21) == pytest.approx(100 / 0.9)
    assert steady_state_trough(100, 21, baseline_mg_dl=50) == pytest.approx(50 + 100 / 0.9)


def test_shorter_intervals_need_less_drug_for_the_same_trough():
    table = cheapest_schedules(600, [28, 7, 21, 14, 7])
    assert table["interval_days"].tolist() == [7, 14, 21, 28]
    assert table["mg_per_kg_per_4_weeks"].is_monotonic_increasing
    assert table["dose_mg_per_kg"].iloc[2] == pytest.approx(600 * 0.9)  # 21 d = one half-life
    for row in table.itertuples():
        assert steady_state_trough(row.dose_mg_per_kg, row.interval_days) == pytest.approx(600)


# --------------------------------------------------------------------------- calibration
def test_defaults_come_from_the_data_table_only():
    p = parameters()
    for function in (igg_levels, steady_state_trough, dose_for_trough, cheapest_schedules):
        signature = inspect.signature(function).parameters
        # No medical number is written into a signature: None means "read data/treatment.csv".
        assert signature["half_life_days"].default is None
        assert signature["volume_dl_per_kg"].default is None
        assert signature["baseline_mg_dl"].default == 0.0
        assert signature["route"].default == "IV"
    assert treatment.DEFAULT_HALF_LIFE_DAYS == p["igg_half_life_days"] == 21.0
    assert p["volume_dl_per_kg"] == treatment.DEFAULT_VOLUME_DL_PER_KG
    explicit = steady_state_trough(
        400, 28, half_life_days=p["igg_half_life_days"], volume_dl_per_kg=p["volume_dl_per_kg"]
    )
    assert steady_state_trough(400, 28) == explicit


def test_a_data_edit_changes_the_defaults(tmp_path, monkeypatch):
    text = data.data_path("treatment.csv").read_text(encoding="utf-8")
    (tmp_path / "treatment.csv").write_text(
        text.replace("igg_half_life_days,21,", "igg_half_life_days,28,").replace(
            "scig_bioavailability,0.67,", "scig_bioavailability,0.68,"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    assert treatment.DEFAULT_HALF_LIFE_DAYS == 28.0
    assert steady_state_trough(100, 28, volume_dl_per_kg=1) == pytest.approx(100.0)
    assert bioavailability("SC") == 0.68
    with pytest.raises(AttributeError, match="NO_SUCH_DEFAULT"):
        treatment.NO_SUCH_DEFAULT  # noqa: B018


# --------------------------------------------------------------------------- routes
def test_the_bioavailability_of_each_route_is_sourced():
    p = parameters()
    assert bioavailability("IV") == p["ivig_bioavailability"] == 1.0
    assert bioavailability("SC") == p["scig_bioavailability"] == 0.67
    # Berger et al. 2013: four products at 65.0, 65.5, 67.2 and 69.0% of IVIG (mean 66.7%).
    assert p["scig_bioavailability"] == pytest.approx(
        np.mean([65.0, 65.5, 67.2, 69.0]) / 100, abs=0.005
    )
    assert (p["scig_bioavailability_low"], p["scig_bioavailability_high"]) == (0.65, 0.694)
    assert bioavailability("sc") == bioavailability(" SC ")  # any case, spaces trimmed
    table = data.load_table("treatment.csv").set_index("parameter")
    assert table.loc["scig_bioavailability", "source"] == "berger2013"


def test_an_sc_trough_with_the_same_dose_is_lower_by_the_bioavailability():
    f = bioavailability("SC")
    for dose, tau in ((100, 7), (400, 28), (250, 14)):
        iv = steady_state_trough(dose, tau)
        sc = steady_state_trough(dose, tau, route="SC")
        assert sc == pytest.approx(f * iv)
        assert sc == pytest.approx(f * dose / 0.9 / (2 ** (tau / 21) - 1), rel=1e-3)
    # with the patient's own IgG, only the part added by the doses shrinks
    own = 120
    assert steady_state_trough(100, 7, route="SC", baseline_mg_dl=own) - own == pytest.approx(
        f * (steady_state_trough(100, 7, baseline_mg_dl=own) - own)
    )


def test_an_sc_level_curve_is_the_iv_curve_scaled_by_the_bioavailability():
    days = np.linspace(0, 120, 61)
    iv = igg_levels(days, dose_mg_per_kg=100, interval_days=7)["igg_mg_dl"]
    sc = igg_levels(days, dose_mg_per_kg=100, interval_days=7, route="SC")["igg_mg_dl"]
    np.testing.assert_allclose(sc, 0.67 * iv)
    expected = [0.67 * closed_form(t, 100, 7, 21, 0.9) for t in days]
    np.testing.assert_allclose(sc, expected, rtol=1e-3)


def test_an_sc_dose_for_a_trough_is_higher_by_one_over_the_bioavailability():
    for target, tau in ((600, 7), (500, 28), (800, 14)):
        iv = dose_for_trough(target, tau)
        sc = dose_for_trough(target, tau, route="SC")
        assert sc == pytest.approx(iv / 0.67)
        assert steady_state_trough(sc, tau, route="SC") == pytest.approx(target)
    assert dose_for_trough(600, 21) == pytest.approx(540)  # IV unchanged: 600 x 0.9 x (2 - 1)


def test_iv_is_unchanged_by_the_route_argument():
    assert steady_state_trough(400, 28, route="IV") == steady_state_trough(400, 28)
    assert steady_state_trough(400, 28, route="iv") == pytest.approx(292.428, abs=0.001)


@pytest.mark.parametrize(
    ("route", "error"), [("IM", ValueError), ("", ValueError), (7, TypeError), (None, TypeError)]
)
def test_a_bad_route_names_the_argument(route, error):
    for call in (
        lambda: igg_levels([0], dose_mg_per_kg=100, interval_days=7, route=route),
        lambda: steady_state_trough(100, 7, route=route),
        lambda: dose_for_trough(600, 7, route=route),
        lambda: bioavailability(route),
    ):
        with pytest.raises(error) as info:
            call()
        assert str(info.value).startswith("route")


def test_the_lesson_comparison_of_iv_and_weekly_sc():
    """Lesson 10's numbers: 400 mg/kg per 4 weeks as IVIG every 4 weeks or SCIG every week."""
    assert round(steady_state_trough(400, 28)) == 292
    assert round(steady_state_trough(100, 7, route="SC")) == 286
    assert round(steady_state_trough(100, 7)) == 427  # if all of it were absorbed
    assert round(steady_state_trough(300, 21)) == 333  # the same amount every 3 weeks
    assert round(steady_state_trough(400, 28, half_life_days=14)) == 148
    assert round(steady_state_trough(100, 7, half_life_days=14, route="SC")) == 180


def test_the_least_drug_schedule_for_600_mg_dl():
    """Lesson 11's exercise answer: IVIG every 3 weeks needs the least; weekly SCIG about as much
    as IVIG every 4 weeks, whatever the bioavailability within its published range."""
    table = compare_schedules(600, [("SC", 7), ("IV", 21), ("IV", 28)])
    assert table["route"].tolist() == ["IV", "IV", "SC"]
    assert table["interval_days"].tolist() == [21, 28, 7]
    assert table["mg_per_kg_per_4_weeks"].round().tolist() == [720, 821, 838]
    assert math.ceil(table["dose_mg_per_kg"].iloc[2]) == 210
    p = parameters()
    weekly_if_all_absorbed = per_four_weeks(dose_for_trough(600, 7), 7)
    low = weekly_if_all_absorbed / p["scig_bioavailability_high"]
    high = weekly_if_all_absorbed / p["scig_bioavailability_low"]
    assert (round(low), round(high)) == (809, 864)
    assert low > 720  # the 3-weekly IVIG wins across the whole published range
    # weekly SC would only need the least drug if more than this fraction were absorbed
    assert round(100 * weekly_if_all_absorbed / 720) == 78


def test_compare_schedules_rejects_bad_schedules():
    with pytest.raises(TypeError, match="schedules"):
        compare_schedules(600, "SC 7")
    with pytest.raises(TypeError, match="schedules"):
        compare_schedules(600, [7, 28])
    with pytest.raises(ValueError, match="schedules"):
        compare_schedules(600, [])
    with pytest.raises(ValueError, match="route"):
        compare_schedules(600, [("IM", 7)])
    with pytest.raises(ValueError, match="interval_days"):
        compare_schedules(600, [("SC", 0)])
    dup = compare_schedules(600, [("SC", 7), ("sc", 7), ("IV", 7)])
    assert dup["route"].tolist() == ["IV", "SC"]


def test_the_volume_reproduces_the_published_dose_trough_slope():
    p = parameters()
    tau = p["calibration_interval_days"]
    gain = steady_state_trough(500, tau) - steady_state_trough(400, tau)
    assert gain == pytest.approx(p["trough_gain_per_100_mg_kg"], abs=0.5)
    k = math.log(2) / p["igg_half_life_days"]
    exact = 100 / p["trough_gain_per_100_mg_kg"] / math.expm1(k * tau)
    assert p["volume_dl_per_kg"] == pytest.approx(exact, abs=0.005)


def test_model_check_lists_the_study_doses():
    check = treatment.model_check()
    assert check["dose_mg_per_kg"].tolist() == [387, 387, 560, 560]
    assert check["interval_days"].tolist() == [21, 28, 21, 28]
    assert check["model_trough_mg_dl"].tolist() == [430, 283, 622, 409]
    assert set(check["reported_mean_troughs_mg_dl"]) == {"660 to 1280"}


# --------------------------------------------------------------------------- pneumonia
def test_pneumonia_rate_matches_orange_2010():
    assert pneumonia_rate(500) == pytest.approx(0.113)
    assert pneumonia_rate(600) == pytest.approx(0.113 * 0.726)
    assert pneumonia_rate(1000) == pytest.approx(0.023, abs=0.0005)  # the paper's 0.023
    rates = pneumonia_rate([500, 600, 700])
    assert isinstance(rates, np.ndarray)
    np.testing.assert_allclose(rates[1:] / rates[:-1], 0.726)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("600", TypeError),
        (float("nan"), ValueError),
        (-1, ValueError),
        (True, TypeError),
        (["a"], TypeError),
        ([], ValueError),
    ],
)
def test_pneumonia_rate_rejects_bad_troughs(value, error):
    with pytest.raises(error, match="trough_mg_dl"):
        pneumonia_rate(value)


# --------------------------------------------------------------------------- helpers
def test_grams_and_per_four_weeks():
    assert grams_per_infusion(500, 18) == pytest.approx(9.0)
    assert per_four_weeks(120, 7) == pytest.approx(480)
    with pytest.raises(ValueError, match="weight_kg"):
        grams_per_infusion(500, 400)


def test_replacement_summary():
    s = replacement_summary(dose_mg_per_kg=400, interval_days=28, weight_kg=20)
    assert s["bioavailability"] == 1.0
    assert s["grams_per_infusion"] == pytest.approx(8.0)
    assert s["grams_per_4_weeks"] == pytest.approx(8.0)
    assert s["first_trough_mg_dl"] == pytest.approx(400 / 0.9 * 2 ** (-28 / 21))
    assert s["steady_trough_mg_dl"] == pytest.approx(steady_state_trough(400, 28))
    assert s["steady_peak_mg_dl"] - s["steady_trough_mg_dl"] == pytest.approx(400 / 0.9)
    assert (s["target_low_mg_dl"], s["target_high_mg_dl"]) == (500, 1000)
    sc = replacement_summary(dose_mg_per_kg=100, interval_days=7, weight_kg=20, route="SC")
    assert sc["bioavailability"] == 0.67
    assert sc["grams_per_infusion"] == pytest.approx(2.0)  # grams given, not grams absorbed
    assert sc["first_trough_mg_dl"] == pytest.approx(0.67 * 100 / 0.9 * 2 ** (-7 / 21))
    assert sc["steady_peak_mg_dl"] - sc["steady_trough_mg_dl"] == pytest.approx(67 / 0.9)
    assert sc["steady_trough_mg_dl"] == pytest.approx(steady_state_trough(100, 7, route="SC"))
    faster = replacement_summary(
        dose_mg_per_kg=400, interval_days=28, weight_kg=20, volume_dl_per_kg=0.5
    )
    assert faster["steady_peak_mg_dl"] - faster["steady_trough_mg_dl"] == pytest.approx(800)


# --------------------------------------------------------------------------- bad arguments
GOOD = {"dose_mg_per_kg": 400, "interval_days": 28}


@pytest.mark.parametrize(
    ("changes", "error", "argument"),
    [
        ({"dose_mg_per_kg": 0}, ValueError, "dose_mg_per_kg"),
        ({"dose_mg_per_kg": -5}, ValueError, "dose_mg_per_kg"),
        ({"dose_mg_per_kg": "400"}, TypeError, "dose_mg_per_kg"),
        ({"dose_mg_per_kg": None}, TypeError, "dose_mg_per_kg"),
        ({"dose_mg_per_kg": True}, TypeError, "dose_mg_per_kg"),
        ({"dose_mg_per_kg": float("inf")}, ValueError, "dose_mg_per_kg"),
        ({"interval_days": 0}, ValueError, "interval_days"),
        ({"interval_days": -28}, ValueError, "interval_days"),
        ({"interval_days": "four weeks"}, TypeError, "interval_days"),
        ({"half_life_days": 0}, ValueError, "half_life_days"),
        ({"half_life_days": -21}, ValueError, "half_life_days"),
        ({"half_life_days": "21"}, TypeError, "half_life_days"),
        ({"volume_dl_per_kg": 0}, ValueError, "volume_dl_per_kg"),
        ({"baseline_mg_dl": -1}, ValueError, "baseline_mg_dl"),
        ({"baseline_mg_dl": float("nan")}, ValueError, "baseline_mg_dl"),
    ],
)
def test_bad_arguments_name_the_argument(changes, error, argument):
    with pytest.raises(error) as info:
        igg_levels([0, 1], **{**GOOD, **changes})
    assert str(info.value).startswith(argument)
    kwargs = {k: v for k, v in {**GOOD, **changes}.items() if k not in GOOD}
    with pytest.raises(error) as info:
        steady_state_trough(
            changes.get("dose_mg_per_kg", 400), changes.get("interval_days", 28), **kwargs
        )
    assert str(info.value).startswith(argument)


@pytest.mark.parametrize(
    ("days", "error"),
    [
        ("10", TypeError),
        (["a", 1], TypeError),
        ([], ValueError),
        ([-1, 2], ValueError),
        ([1, float("nan")], ValueError),
        ([[1, 2]], ValueError),
        (True, TypeError),
    ],
)
def test_bad_days(days, error):
    with pytest.raises(error, match="days"):
        igg_levels(days, **GOOD)


def test_a_target_at_or_below_the_baseline_needs_no_dose():
    with pytest.raises(ValueError, match="target_trough_mg_dl"):
        dose_for_trough(100, 28, baseline_mg_dl=100)
    with pytest.raises(TypeError, match="intervals_days"):
        cheapest_schedules(600, "7, 28")
    with pytest.raises(ValueError, match="intervals_days"):
        cheapest_schedules(600, [])


def test_no_nan_escapes_for_extreme_but_valid_inputs():
    frame = igg_levels([0, 1e5], dose_mg_per_kg=1e-6, interval_days=1e4, half_life_days=0.01)
    assert np.isfinite(frame["igg_mg_dl"]).all()
    assert math.isfinite(steady_state_trough(1, 1e4, half_life_days=1))


# --------------------------------------------------------------------------- the tables
def test_the_treatment_table_rules(tmp_path):
    frame = data.load_table("treatment.csv")
    assert treatment_table.check(frame, "data/treatment.csv") == []
    broken = frame[frame["parameter"] != "volume_dl_per_kg"]
    assert treatment_table.check(broken, "t") == ["t: missing parameter 'volume_dl_per_kg'"]
    iv = frame.copy()
    iv.loc[iv["parameter"] == "ivig_bioavailability", "value"] = 0.9
    assert any("ivig_bioavailability must be 1" in p for p in treatment_table.check(iv, "t"))
    sc = frame.copy()
    sc.loc[sc["parameter"] == "scig_bioavailability", "value"] = 0.8
    assert any("SC bioavailability" in p for p in treatment_table.check(sc, "t"))
    swapped = frame.copy()
    swapped.loc[swapped["parameter"] == "trough_target_low_mg_dl", "value"] = 2000.0
    assert any("trough_target_low_mg_dl" in p for p in treatment_table.check(swapped, "t"))
    ratio = frame.copy()
    ratio.loc[ratio["parameter"] == "pneumonia_rate_ratio_per_100_mg_dl", "value"] = 1.2
    assert any("below 1" in p for p in treatment_table.check(ratio, "t"))


def test_a_broken_treatment_file_names_its_line(tmp_path, monkeypatch):
    text = data.data_path("treatment.csv").read_text(encoding="utf-8")
    (tmp_path / "treatment.csv").write_text(
        text.replace("igg_half_life_days,21,", "igg_half_life_days,-21,"), encoding="utf-8"
    )
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    with pytest.raises(data.DataError, match="line 2"):
        data.load_table("treatment.csv")


def test_the_hsct_table():
    table = data.load_table("hsct_outcomes.csv")
    assert set(table["group"]) <= set(hsct_table.GROUPS)
    ferrua = table[table["study"] == "Ferrua 2019"].set_index("measure")["percent"]
    assert ferrua.to_dict() == {
        "overall survival": 78.2,
        "event-free survival": 58.1,
        "disease-free survival": 72.3,
    }
    japan = table[table["study"] == "Mitsui-Sekinaka 2015"].iloc[0]
    assert (japan["group"], japan["percent"], japan["patients"]) == ("without HSCT", 28.2, 56)
    assert isinstance(table, pd.DataFrame)


# --------------------------------------------------------------------------- what the prose says
def _lesson08_prose() -> str:
    """The words of lessons 10 (the model) and 11 (the least-drug exercise that uses it)."""
    import nbformat

    from higm_lessons import prompts

    folder = data.data_dir().parent / "notebooks"
    cells = []
    for name in ("10_immunoglobulin_replacement.ipynb", "11_everyday_care_and_transplant.ipynb"):
        cells += nbformat.read(folder / name, as_version=4).cells
    words = [
        "\n".join([p.prompt, *(f"{o.text}\n{o.feedback}" for o in p.options), p.model_answer])
        for p in [*prompts.prompts("10"), *prompts.prompts("11")]
    ]  # the prompts' words, shown by the prompt widgets between the markdown cells
    return "\n".join([*(c.source for c in cells if c.cell_type == "markdown"), *words])


def _bank_text(lesson: str) -> str:
    return (data.data_dir() / "questions" / f"lesson_{lesson}.toml").read_text(encoding="utf-8")


def test_lesson08_prose_quotes_the_model():
    """Every trough and dose lessons 10 and 11 quote is what the model computes."""
    prose = _lesson08_prose()
    p = parameters()
    iv28 = steady_state_trough(400, 28)
    sc7 = steady_state_trough(100, 7, route="SC")
    quoted = [
        f"about {iv28:.0f} mg/dL with IVIG every 4 weeks",
        f"about {sc7:.0f} mg/dL with weekly SCIG",
        f"about {steady_state_trough(100, 7):.0f} mg/dL. But only",
        f"gives about {steady_state_trough(300, 21):.0f} mg/dL",
        f"about {steady_state_trough(400, 28, half_life_days=14):.0f} mg/dL for IVIG every 4 weeks",
        f"about {steady_state_trough(100, 7, half_life_days=14, route='SC'):.0f} mg/dL for weekly",
        f"({p['scig_bioavailability']:g}, read from the table above)",
    ]
    best = compare_schedules(600, [("SC", 7), ("IV", 21), ("IV", 28)]).set_index("interval_days")
    all_absorbed = per_four_weeks(dose_for_trough(600, 7), 7)
    quoted += [
        f"{best.loc[21, 'dose_mg_per_kg']:.0f} mg/kg a time, or "
        f"{best.loc[21, 'mg_per_kg_per_4_weeks']:.0f} mg/kg per 4 weeks",
        f"about {best.loc[28, 'mg_per_kg_per_4_weeks']:.0f} mg/kg for IVIG every 4 weeks",
        f"about {math.ceil(best.loc[7, 'dose_mg_per_kg'])} mg/kg a week, "
        f"or about {best.loc[7, 'mg_per_kg_per_4_weeks']:.0f} mg/kg per 4 weeks",
        f"about {all_absorbed / p['scig_bioavailability_high']:.0f} to "
        f"{all_absorbed / p['scig_bioavailability_low']:.0f} mg/kg per 4 weeks",
        f"above about {all_absorbed / best.loc[21, 'mg_per_kg_per_4_weeks']:.2f}.",
        f"only about {all_absorbed:.0f} mg/kg per 4 weeks, about a third less",
    ]
    assert 0.3 < 1 - all_absorbed / best.loc[28, "mg_per_kg_per_4_weeks"] < 0.36
    for text in quoted:
        assert text in prose, text
    assert "roughly a third less" not in prose  # the old, fully-absorbed claim


def test_lesson08_number_prompts_are_what_the_model_computes():
    """The numbers a learner enters in the prompts of lessons 10 and 11 are the model's."""
    from higm_lessons import prompts

    best = compare_schedules(600, [("SC", 7), ("IV", 21), ("IV", 28)]).set_index("interval_days")
    expected = {
        "10-short-half-life": steady_state_trough(400, 28, half_life_days=14),
        "11-scig-drug": best.loc[7, "mg_per_kg_per_4_weeks"],
    }
    for prompt_id, value in expected.items():
        item = prompts.get(prompt_id[:2], prompt_id)
        assert abs(item.target - value) < 1, (prompt_id, item.target, value)
        # the tolerance accepts the model's number but not the usual mistakes
        assert prompts.check(item, value).correct
    half = prompts.get("10", "10-short-half-life")
    assert not prompts.check(half, steady_state_trough(400, 28)).correct  # kept 21 days
    scig = prompts.get("11", "11-scig-drug")
    assert not prompts.check(scig, per_four_weeks(dose_for_trough(600, 7), 7)).correct  # all in
    assert not prompts.check(scig, best.loc[28, "mg_per_kg_per_4_weeks"]).correct


def test_the_questions_quote_the_model():
    lesson10 = _bank_text("10")
    lesson12 = (data.data_dir() / "questions" / "final_test.toml").read_text(encoding="utf-8")
    best = compare_schedules(600, [("SC", 7), ("IV", 21), ("IV", 28)]).set_index("interval_days")
    for interval in (21, 28, 7):
        assert f"{best.loc[interval, 'mg_per_kg_per_4_weeks']:.0f} mg/kg per 4 weeks" in lesson10
    assert f"about {per_four_weeks(dose_for_trough(600, 7), 7):.0f} mg/kg) if they" in lesson10
    assert f"about {steady_state_trough(300, 21):.0f} against " in lesson12
    assert f"{steady_state_trough(400, 28):.0f} mg/dL for 400 mg/kg per 4 weeks" in lesson12
    assert f"about {steady_state_trough(100, 7, route='SC'):.0f} mg/dL" in lesson12
