"""Unit tests for higm_lessons.labs: units, intervals, flags at the edges, zlog."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from higm_lessons import labs
from higm_lessons.data import load_table
from higm_lessons.tables import critical_limits, diagnostic_rules, higm_cohort_features
from higm_lessons.tables import reference_intervals as ri_table

COLUMNS = ["analyte", "value", "unit", "low", "high", "flag", "source"]


# --------------------------------------------------------------------------- intervals
@pytest.mark.parametrize(
    ("analyte", "age", "low", "high", "unit", "source"),
    [
        ("IgG", 30, 767, 1590, "mg/dL", "mayo_igg"),
        ("IgG", 0.84, 246, 904, "mg/dL", "mayo_igg"),
        ("IgA", 9, 34, 274, "mg/dL", "mayo_iga"),
        ("IgM", 1.27, 46, 152, "mg/dL", "mayo_igm"),
        ("IgE", 1.5, None, 97, "kU/L", "arup_ige"),
        ("CD3", 0.1, 2500, 5500, "cells/uL", "shearer2003; viapath_lymphocytes"),
        ("CD4", 13, 530, 1300, "cells/uL", "shearer2003; viapath_lymphocytes"),
        ("CD8", 1.5, 620, 2000, "cells/uL", "shearer2003; viapath_lymphocytes"),
        ("CD19", 40, 100, 500, "cells/uL", "shearer2003; viapath_lymphocytes"),
        ("ANC", 2, 1.5, 8.5, "10^9/L", "uiowa_peds_heme; bostonheart_cbc"),
        ("ANC", 40, 1.5, 7.8, "10^9/L", "uiowa_peds_heme; bostonheart_cbc"),
    ],
)
def test_reference_interval_exact_values(analyte, age, low, high, unit, source):
    assert labs.reference_interval(analyte, age_years=age) == {
        "low": low,
        "high": high,
        "unit": unit,
        "source": source,
    }


def test_band_boundaries_use_whole_days():
    # 4 years = 1461 days starts the 4 to <7 years IgG band; a day earlier is the 2-4 band.
    assert labs.reference_interval("IgG", age_years=4)["low"] == 386
    assert labs.reference_interval("IgG", age_years=1460 / 365.25)["low"] == 295
    assert labs.reference_interval("IgG", age_years=0)["low"] == 100
    assert labs.reference_interval("IgG", age_years=119.99)["low"] == 767
    assert labs.age_days(18) == 6574 and labs.age_days(0.25) == 91


def test_every_analyte_has_its_default_unit_and_loinc_in_the_table():
    table = load_table("reference_intervals.csv")
    for analyte in labs.ANALYTES:
        rows = table[table["analyte"] == analyte]
        assert set(rows["unit"]) == {labs.DEFAULT_UNITS[analyte]}
        assert set(rows["loinc"]) == {labs.LOINC[analyte]}


def test_loinc_codes_are_the_cross_checked_ones():
    assert labs.LOINC == {
        "IgG": "2465-3",
        "IgA": "2458-8",
        "IgM": "2472-9",
        "IgE": "19113-0",
        "CD3": "8122-4",
        "CD4": "24467-3",
        "CD8": "14135-8",
        "CD19": "8116-6",
        "ANC": "751-8",
    }


# --------------------------------------------------------------------------- flags
@pytest.mark.parametrize(
    ("value", "expected"),
    [(767, "N"), (1590, "N"), (766.99, "L"), (1590.01, "H"), (1000, "N"), (0, "L")],
)
def test_flags_at_band_edges_are_inclusive(value, expected):
    table = labs.interpret({"IgG": value}, age_years=30, sex="F")
    assert table["flag"].tolist() == [expected]


def test_upper_limit_only_interval():
    assert labs.interpret({"IgE": 0}, age_years=1.5, sex="M")["flag"][0] == "N"
    assert labs.interpret({"IgE": 97}, age_years=1.5, sex="M")["flag"][0] == "N"
    assert labs.interpret({"IgE": 97.5}, age_years=1.5, sex="M")["flag"][0] == "H"
    assert labs.interpret({"IgE": 5}, age_years=1.5, sex="M")["low"][0] is None


@pytest.mark.parametrize(
    ("value", "expected"), [(0.5, "L"), (0.49, "LL"), (0.0, "LL"), (1.5, "N"), (1.49, "L")]
)
def test_critical_limit_is_strict(value, expected):
    assert labs.interpret({"ANC": value}, age_years=3, sex="M")["flag"][0] == expected


def test_healthy_adult_anc_of_2_is_normal_and_neutropenia_starts_below_1_5():
    # Neutropenia is an ANC below 1.5 x 10^9/L; an adult band starting at 2.7 flagged healthy
    # adults (and many people with the Duffy-null variant) as low.
    assert labs.interpret({"ANC": 2.0}, age_years=30, sex="M")["flag"][0] == "N"
    assert labs.interpret({"ANC": "2000 cells/uL"}, age_years=30, sex="F")["flag"][0] == "N"
    assert labs.interpret({"ANC": 1.5}, age_years=30, sex="M")["flag"][0] == "N"
    assert labs.interpret({"ANC": 1.49}, age_years=30, sex="M")["flag"][0] == "L"
    assert labs.interpret({"ANC": 0.49}, age_years=30, sex="M")["flag"][0] == "LL"


def test_flag_vectorised_and_checked():
    codes = labs.flag([1, 2, 3, 4, 5], 2, 4, critical_low=1.5, critical_high=4.5)
    assert codes.tolist() == ["LL", "N", "N", "N", "HH"]
    assert labs.flag(3, None, 2) == "H"
    with pytest.raises(ValueError, match="low"):
        labs.flag(1, 5, 2)
    with pytest.raises(ValueError, match="value"):
        labs.flag(float("nan"), 1, 2)


def test_interpret_has_exactly_the_design_columns_in_input_order():
    table = labs.interpret(
        {"IgM": "3.1 g/L", "IgG": 60, "ANC": "900 cells/uL", "CD4": "2.3 x10^9/L"},
        age_years=0.84,
        sex="M",
    )
    assert list(table.columns) == COLUMNS
    assert table["analyte"].tolist() == ["IgM", "IgG", "ANC", "CD4"]
    assert table["value"].tolist() == [310, 60, 0.9, 2300]
    assert table["unit"].tolist() == ["mg/dL", "mg/dL", "10^9/L", "cells/uL"]
    assert table["flag"].tolist() == ["H", "L", "L", "N"]
    assert not table[["value", "high"]].isna().any().any()


# --------------------------------------------------------------------------- units
UREG = pint.UnitRegistry()
UREG.define("international_unit = [activity] = IU")


@pytest.mark.parametrize(
    ("analyte", "unit", "pint_unit"),
    [
        ("IgG", "g/L", "g/L"),
        ("IgA", "mg/dL", "mg/dL"),
        ("IgM", "g/L", "g/L"),
        ("IgE", "IU/mL", "kIU/L"),
        ("IgE", "kU/L", "kIU/L"),
        ("CD3", "10^9/L", "1/nL"),
        ("CD19", "cells/uL", "1/uL"),
        ("ANC", "cells/uL", "1/uL"),
        ("ANC", "10^9/L", "1/nL"),
    ],
)
def test_factors_agree_with_pint_both_ways(analyte, unit, pint_unit):
    pint_default = {"mg/dL": "mg/dL", "kU/L": "kIU/L", "cells/uL": "1/uL", "10^9/L": "1/nL"}[
        labs.DEFAULT_UNITS[analyte]
    ]
    if unit == "IU/mL":
        pint_unit = "IU/mL"
    expected = UREG.Quantity(3.7, pint_unit).to(pint_default).magnitude
    assert labs.convert(3.7, unit, labs.DEFAULT_UNITS[analyte], analyte=analyte) == pytest.approx(
        expected, rel=1e-12
    )
    back = UREG.Quantity(expected, pint_default).to(pint_unit).magnitude
    assert labs.convert(
        expected, labs.DEFAULT_UNITS[analyte], unit, analyte=analyte
    ) == pytest.approx(back, rel=1e-12)


def test_pint_refuses_iu_to_mass_as_the_course_does():
    with pytest.raises(pint.DimensionalityError):
        UREG.Quantity(1, "IU/mL").to("mg/dL")
    with pytest.raises(ValueError, match="IgE cannot be given in a mass unit"):
        labs.convert(1, "kU/L", "mg/dL", analyte="IgE")
    with pytest.raises(ValueError, match=r"results\['IgE'\]: IgE cannot be given in a mass unit"):
        labs.interpret({"IgE": "0.2 mg/dL"}, age_years=5, sex="F")


@pytest.mark.parametrize("unit", ["mg/dL", "ng/mL", "ug/L"])
def test_ige_in_a_mass_unit_is_refused_with_the_right_reason(unit):
    # A conventional mass equivalence for IgE does exist; the reason to refuse is that IgE is
    # reported and read against its limit in kU/L, not that no conversion could exist.
    with pytest.raises(ValueError) as caught:
        labs.interpret({"IgE": f"50 {unit}"}, age_years=30, sex="F")
    message = str(caught.value)
    assert "kU/L" in message and "own limit" in message
    assert "mass equivalence exists" in message
    assert "no mass conversion" not in message


@settings(max_examples=60, deadline=None)
@given(
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.sampled_from(labs.ANALYTES),
)
def test_conversion_round_trip(value, analyte):
    for unit in labs.units_for(analyte):
        there = labs.convert(value, labs.DEFAULT_UNITS[analyte], unit, analyte=analyte)
        back = labs.convert(there, unit, labs.DEFAULT_UNITS[analyte], analyte=analyte)
        assert back == pytest.approx(value, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("8.2 g/L", 8.2, "g/L"),
        ("820", 820, "mg/dL"),
        (" 820 mg/dl ", 820, "mg/dL"),
        ("1,500 cells/µL", 1500, "cells/uL"),
        ("1.5 ×10⁹/L", 1.5, "10^9/L"),
        ("1.5x10^9/L", 1.5, "10^9/L"),
        ("1500 /mm3", 1500, "cells/uL"),
        ("2e3 /uL", 2000, "cells/uL"),
    ],
)
def test_parse_value_accepts_usual_spellings(text, value, unit):
    analyte = "IgG" if unit in ("g/L", "mg/dL") else "CD4"
    assert labs.parse_value(text, analyte) == (value, unit)


@pytest.mark.parametrize(
    ("entry", "match"),
    [
        ("1.2 gL", r"results\['IgG'\]: cannot read the unit 'gL'"),
        ("g/L 1.2", r"results\['IgG'\]: cannot read"),
        ("", r"results\['IgG'\]: cannot read"),
        ("1.2 furlongs", r"results\['IgG'\]"),
        ("-3", r"results\['IgG'\] must be 0 or more"),
        (-3, r"results\['IgG'\] must be 0 or more"),
        (float("nan"), r"results\['IgG'\] must be a finite number"),
        (float("inf"), r"results\['IgG'\] must be a finite number"),
        ("1.2 kU/L", r"results\['IgG'\]: IgG is not reported in kU/L"),
    ],
)
def test_bad_values_name_the_field(entry, match):
    with pytest.raises(ValueError, match=match):
        labs.interpret({"IgG": entry}, age_years=30, sex="M")


def test_bad_inputs_name_the_field():
    with pytest.raises(ValueError, match="results: unknown analyte 'IgX'"):
        labs.interpret({"IgX": 3}, age_years=30, sex="M")
    for age in (-1, 120, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="age_years"):
            labs.interpret({"IgG": 800}, age_years=age, sex="M")
    with pytest.raises(TypeError, match="age_years"):
        labs.reference_interval("IgG", age_years=True)
    with pytest.raises(ValueError, match="sex"):
        labs.interpret({"IgG": 800}, age_years=3, sex="X")
    with pytest.raises(TypeError, match="results"):
        labs.interpret([("IgG", 800)], age_years=3, sex="M")
    with pytest.raises(TypeError, match="IgG"):
        labs.interpret({"IgG": True}, age_years=3, sex="M")
    with pytest.raises(ValueError, match="unit: unknown unit 'mmol/L'"):
        labs.normalise_unit("mmol/L")
    with pytest.raises(ValueError, match="analyte: unknown analyte"):
        labs.reference_interval("CD56", age_years=3)


# --------------------------------------------------------------------------- wrong unit
def test_wrong_unit_warning_for_an_adult_igg_of_8():
    with pytest.warns(labs.UnitWarning, match="Was it written in g/L"):
        table = labs.interpret({"IgG": 8}, age_years=30, sex="M")
    assert table.attrs["warnings"] and "8 mg/dL" in table.attrs["warnings"][0]


def test_wrong_unit_warning_both_directions_and_for_cells():
    with pytest.warns(labs.UnitWarning, match="written in mg/dL"):
        labs.interpret({"IgG": "900 g/L"}, age_years=30, sex="M")
    with pytest.warns(labs.UnitWarning, match="written in 10\\^9/L"):
        labs.interpret({"CD4": 1.2}, age_years=30, sex="M")
    with pytest.warns(labs.UnitWarning, match="written in cells/uL"):
        labs.interpret({"ANC": 3500}, age_years=30, sex="M")


def test_no_warning_for_plausible_abnormal_values_or_ige():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = labs.interpret(
            {"IgG": 80, "IgE": 5000, "CD19": 0, "IgM": 900}, age_years=30, sex="M"
        )
    assert table.attrs["warnings"] == []


# --------------------------------------------------------------------------- zlog
def test_zlog_maps_limits_to_196():
    z = labs.zlog([246, 904, math.sqrt(246 * 904)], 246, 904)
    assert z.tolist() == pytest.approx([-1.96, 1.96, 0.0])
    assert labs.zlog(0, 1, 2) == -math.inf
    with pytest.raises(ValueError, match="low"):
        labs.zlog(3, 0, 2)
    with pytest.raises(ValueError, match="high"):
        labs.zlog(3, 2, 2)
    with pytest.raises(ValueError, match="value"):
        labs.zlog(-1, 1, 2)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(min_value=0.01, max_value=1e4),
    st.floats(min_value=0.01, max_value=1e4),
    st.floats(min_value=1.01, max_value=50),
)
def test_zlog_is_monotonic_and_unit_free(x, low, ratio):
    high = low * ratio
    z1, z2 = labs.zlog([x, x * 1.1], low, high)
    assert z2 > z1
    # The same result and limits in another unit (x100) give the same zlog.
    assert labs.zlog(x * 100, low * 100, high * 100) == pytest.approx(z1, abs=1e-9)


def test_zlog_table_leaves_out_upper_limit_only_analytes():
    table = labs.interpret({"IgG": 904, "IgE": 10, "CD19": 0}, age_years=0.84, sex="M")
    z = labs.zlog_table(table)
    assert z["analyte"].tolist() == ["IgG", "CD19"]
    assert z["zlog"].iloc[0] == pytest.approx(1.96)
    assert z["zlog"].iloc[1] == -math.inf
    assert labs.zlog_table(labs.interpret({}, age_years=1, sex="M")).empty


# --------------------------------------------------------------------------- text helpers
@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (273, 456, "9 to <15 months"),
        (0, 152, "birth to <5 months"),
        (730, 1461, "2 to <4 years"),
        (365, 730, "1 to <2 years"),
        (182, 1826, "6 months to <5 years"),
        (6574, 43830, "18 years and over"),
    ],
)
def test_band_label(start, end, label):
    assert labs.band_label(start, end) == label


def test_age_helpers_and_text():
    assert labs.age_in_years(6, "months") == 0.5
    assert labs.age_in_years(365.25, "days") == 1.0
    with pytest.raises(ValueError, match="age unit"):
        labs.age_in_years(6, "weeks")
    with pytest.raises(ValueError, match="age"):
        labs.age_in_years(2000, "years")
    with pytest.raises(TypeError, match="age in months"):
        labs.age_in_years("6", "months")
    with pytest.raises(TypeError, match="sex must be 'M' or 'F'"):
        labs.interpret({"IgG": 800}, age_years=3, sex=1)
    assert labs.age_text(0.84) == "10 months"
    assert labs.age_text(10 / 365.25) == "10 days"
    assert labs.age_text(24) == "24 years"
    assert labs.with_g_per_l(820, "IgG") == "820 mg/dL (8.2 g/L)"
    assert labs.with_g_per_l(1.5, "ANC") == "1.5 10^9/L"
    assert labs.interval_text(None, 97, "kU/L") == "≤97 kU/L"


def test_bands_table():
    table = labs.bands("IgG")
    assert len(table) == 11 and table["low"].iloc[0] == 100
    assert table["age_high_years"].iloc[-1] == pytest.approx(120)
    assert np.isnan(labs.bands("IgE")["low"]).all()


# --------------------------------------------------------------------------- table checks
def test_reference_interval_check_finds_gaps_and_inverted_limits():
    table = load_table("reference_intervals.csv")
    assert ri_table.check(table, "x") == []
    broken = table.copy()
    row = broken.index[(broken["analyte"] == "CD4")][2]
    broken.loc[row, "age_low_days"] = 200  # gap from day 182
    broken.loc[broken.index[0], "low"] = 5000
    problems = ri_table.check(broken, "x")
    assert any("CD4 (both) bands leave a gap" in p for p in problems)
    assert any("is above high" in p for p in problems)


def test_new_table_checks_find_problems():
    limits = load_table("critical_limits.csv")
    assert critical_limits.check(limits, "x") == []
    bad = pd.concat([limits, limits])
    bad.iloc[1, bad.columns.get_loc("critical_low")] = None
    assert any("overlap" in p for p in critical_limits.check(bad.reset_index(drop=True), "x"))
    assert any(
        "give critical_low" in p for p in critical_limits.check(bad.reset_index(drop=True), "x")
    )
    rules = load_table("diagnostic_rules.csv")
    assert diagnostic_rules.check(rules, "x") == []
    overlap = rules.copy()
    overlap.loc[1, "age_low_days"] = 100
    assert any("profound_cd4 age bands overlap" in p for p in diagnostic_rules.check(overlap, "x"))
    features = load_table("higm_cohort_features.csv")
    assert higm_cohort_features.check(features, "x") == []
    wrong = features.copy()
    row = wrong.index[wrong["count"].notna()][0]
    wrong.loc[row, "percent"] = 50
    assert any("does not match" in p for p in higm_cohort_features.check(wrong, "x"))
