"""Unit tests for higm_lessons.figures.treatment: labelled, not colour alone, and exact."""

from __future__ import annotations

import numpy as np
import pytest

from higm_lessons.figures.treatment import (
    hsct_figure,
    hsct_rows,
    hsct_takeaway,
    levels_figure,
    levels_takeaway,
)
from higm_lessons.treatment import steady_state_trough


def test_levels_figure_is_labelled_and_marks_troughs():
    fig = levels_figure(dose_mg_per_kg=400, interval_days=28)
    assert fig.layout.title.text == "Serum IgG with 400 mg/kg every 28 days"
    assert "mg/dL" in fig.layout.yaxis.title.text and "Days" in fig.layout.xaxis.title.text
    line, troughs = fig.data
    assert line.line.dash == "solid" and troughs.marker.symbol == "triangle-down"
    assert list(troughs.x) == pytest.approx([28 * n - 28e-6 for n in range(1, 7)])
    assert troughs.y[-1] < steady_state_trough(400, 28)
    assert np.all(np.isfinite(line.y)) and min(line.y) > 0
    # the hover gives each level in g/L too (1 g/L = 100 mg/dL)
    assert np.asarray(line.customdata) == pytest.approx(np.asarray(line.y) / 100)
    texts = [a.text for a in fig.layout.annotations]
    assert "target band 500 to 1,000 mg/dL" in texts
    assert "steady-state trough 292 mg/dL" in texts
    assert np.all(np.diff(line.x) > 0)


def test_an_sc_curve_counts_only_the_absorbed_dose():
    iv = levels_figure(dose_mg_per_kg=100, interval_days=7)
    sc = levels_figure(dose_mg_per_kg=100, interval_days=7, route="SC")
    np.testing.assert_allclose(np.asarray(sc.data[0].y), 0.67 * np.asarray(iv.data[0].y))
    texts = [a.text for a in sc.layout.annotations]
    assert "steady-state trough 286 mg/dL" in texts
    sentence = levels_takeaway(dose_mg_per_kg=100, interval_days=7, weight_kg=20, route="SC")
    assert sentence.startswith(
        "100 mg/kg every 7 days under the skin (about 67% of it absorbed into the blood) is 2.0 g"
    )
    assert "about 286 and 361 mg/dL" in sentence
    assert "into a vein" in levels_takeaway(dose_mg_per_kg=400, interval_days=28, weight_kg=20)
    with pytest.raises(ValueError, match="route"):
        levels_figure(dose_mg_per_kg=100, interval_days=7, route="oral")


def test_a_target_line_is_added_on_request():
    fig = levels_figure(dose_mg_per_kg=100, interval_days=7, target_mg_dl=600, title="Mine")
    assert fig.layout.title.text == "Mine"
    assert "your target 600 mg/dL" in [a.text for a in fig.layout.annotations]
    assert any(s.line.dash == "dot" for s in fig.layout.shapes)


@pytest.mark.parametrize(
    ("dose", "interval", "where"),
    [
        (400, 28, "below the target band"),
        (600, 21, "inside the target band"),
        (1200, 21, "above the band's upper edge"),
    ],
)
def test_levels_takeaway(dose, interval, where):
    sentence = levels_takeaway(dose_mg_per_kg=dose, interval_days=interval, weight_kg=10)
    assert where in sentence
    assert f"{dose * 10 / 1000:.1f} g per dose for 10 kg" in sentence


def test_hsct_figure_marks_the_chosen_row_by_more_than_colour():
    rows = hsct_rows()
    assert rows["percent"].tolist() == [78.2, 58.1, 72.3, 28.2]
    fig = hsct_figure(1)
    bar = fig.data[0]
    assert bar.text[1].startswith("◀ 58.1%")
    assert bar.marker.pattern.shape[1] == "x" and bar.marker.pattern.shape[3] == "/"
    assert "without HSCT" in bar.text[3] and "(cohort of 56)" in bar.text[3]
    assert "(%)" in fig.layout.xaxis.title.text


@pytest.mark.parametrize(
    ("value", "error"), [(7, ValueError), (-1, ValueError), ("1", TypeError), (True, TypeError)]
)
def test_hsct_bad_rows(value, error):
    with pytest.raises(error, match="highlight"):
        hsct_figure(value)
    with pytest.raises(error, match="highlight"):
        hsct_takeaway(value)


def test_hsct_takeaway_names_cohort_and_source():
    sentence = hsct_takeaway(0)
    assert sentence.startswith("Ferrua 2019 (International")
    assert "130 patients" in sentence and "78.2%" in sentence and "[ferrua2019]" in sentence
