"""Unit tests for the figures of lessons 07 to 09: labelled, not colour alone, right data."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from higm_lessons import diagnosis, labs
from higm_lessons.figures import diagnosis as fig_dx
from higm_lessons.figures import labs as fig_labs
from higm_lessons.figures._fast import spec_figure

PANEL = {"IgG": 60, "IgA": 4, "IgM": 310, "IgE": 5, "CD19": 0, "ANC": 0.4}


@pytest.fixture
def table():
    return labs.interpret(PANEL, age_years=0.84, sex="M")


def spec(fig) -> dict:
    return json.loads(fig.to_json())


def test_bands_figure_one_panel_per_result_with_marker_shapes(table):
    fig = spec(fig_labs.bands_figure(table, age_years=0.84, sex="M"))
    markers = [t for t in fig["data"] if t["mode"] == "markers+text"]
    assert [m["text"][0] for m in markers] == ["L", "L", "H", "N", "L", "LL"]
    assert [m["marker"]["symbol"] for m in markers][:3] == [
        "triangle-down",
        "triangle-down",
        "triangle-up",
    ]
    assert markers[0]["y"] == [60.0] and markers[0]["x"] == [pytest.approx(0.84)]
    assert len(fig["data"]) == len(PANEL)  # one marker per panel; bands are shapes
    bands = fig["layout"]["shapes"]
    assert [b["xref"] for b in bands] == ["x", "x2", "x3", "x4", "x5", "x6"]
    assert all(b["fillcolor"] and b["line"]["dash"] == "dash" for b in bands)
    layout = fig["layout"]
    assert "age 0.84 years" in layout["title"]["text"]
    assert layout["yaxis"]["title"]["text"] == "mg/dL" and layout["yaxis6"]["title"]["text"]
    assert layout["xaxis"]["type"] == "log"
    # the shared age ticks are labelled under the lowest panel of each column
    shown = [layout[f"xaxis{i or ''}"]["showticklabels"] for i in (0, 2, 3, 4, 5, 6)]
    assert shown == [False, False, False, True, True, True]
    assert layout["xaxis4"]["ticktext"] == ["1 mo", "1 y", "10 y", "100 y"]
    # each panel's x-axis title names the result, its value and flag (no colour needed)
    assert layout["xaxis"]["title"]["text"].startswith("<b>IgG</b> 60 mg/dL: L")
    # The IgG band drawn is the course's: first upper limit 334 mg/dL, at birth (the outline
    # runs along the lower limits, then back along the upper limits, ending at birth).
    corners = [c.split(",") for c in bands[0]["path"].strip("MZ").split("L")]
    assert corners[-1] == [f"{fig_labs.FIRST_DAY_YEARS:.6g}", "334"]
    assert layout["template"]["layout"]["colorway"]


def test_bands_figure_redraws_for_a_new_age(table):
    young = spec(fig_labs.bands_figure(table, age_years=0.84))
    old = spec(fig_labs.bands_figure(table, age_years=40))
    assert young["data"][0]["x"] != old["data"][0]["x"]


def test_takeaways(table):
    assert fig_labs.bands_takeaway(table).startswith("5 of 6 results lie outside their age bands")
    assert "ANC below the critical limit (LL)" in fig_labs.bands_takeaway(table)
    normal = labs.interpret({"IgG": 800}, age_years=30, sex="F")
    assert fig_labs.bands_takeaway(normal) == "All 1 results lie inside their age bands (flag N)."
    assert "furthest result is CD19 at −∞" in fig_labs.zlog_takeaway(table)
    assert "IgG at +0.0" not in fig_labs.zlog_takeaway(normal)
    assert fig_labs.bands_takeaway(labs.interpret({}, age_years=1, sex="M")) == (
        "No results entered yet."
    )


def test_zlog_figure_clips_and_names_what_it_leaves_out(table):
    fig = spec(fig_labs.zlog_figure(table))
    assert "not shown (upper limit only): IgE" in fig["layout"]["title"]["text"]
    trace = fig["data"][0]
    assert trace["y"] == ["IgG", "IgA", "IgM", "CD19", "ANC"]
    assert min(trace["x"]) == -fig_labs.ZLOG_LIMIT
    assert any("off scale" in t for t in trace["text"])
    rect = fig["layout"]["shapes"][0]
    assert (rect["x0"], rect["x1"]) == (-1.96, 1.96)


def test_figure_inputs_are_checked():
    with pytest.raises(TypeError, match="interpreted"):
        fig_labs.bands_figure(pd.DataFrame({"a": [1]}), age_years=1)
    with pytest.raises(ValueError, match="age_years"):
        fig_labs.bands_figure(labs.interpret({}, age_years=1, sex="M"), age_years=-2)
    with pytest.raises(ValueError, match="title"):
        spec_figure({"title": {"text": " "}}, [])


def test_cohort_figure_uses_the_data_table_with_patterns():
    fig = spec(fig_dx.cohort_figure("infection"))
    assert {t["name"] for t in fig["data"]} == {
        "US XHIGM registry (n=79)",
        "USIDNET registry (n=145)",
    }
    winkelstein = next(t for t in fig["data"] if t["name"].startswith("US XHIGM"))
    assert dict(zip(winkelstein["y"], winkelstein["x"], strict=False))["Pneumonia"] == 81
    assert "81%" in winkelstein["text"]
    assert len({t["marker"]["pattern"]["shape"] for t in fig["data"]}) == 2
    assert "infections" in fig["layout"]["title"]["text"]
    assert fig_dx.cohort_takeaway("laboratory").startswith(
        "Most frequent laboratory findings shown: Normal serum IgM in 40%"
    )
    with pytest.raises(ValueError, match="kind"):
        fig_dx.cohort_figure("symptoms")


def test_differential_figure_marks_the_leader():
    frame = diagnosis.differential(
        {"age_years": 1, "sex": "M", "IgG": 80, "IgM": 250, "CD40L": "absent"}
    )
    fig = spec(fig_dx.differential_figure(frame, top=4, title="After stage 1"))
    bar = fig["data"][0]
    assert bar["y"][0] == "HIGM_CD40L" and len(bar["y"]) == 4
    assert bar["marker"]["pattern"]["shape"][0] == "x"
    assert fig["layout"]["title"]["text"] == "After stage 1"
    assert "add up to 1" in fig["layout"]["xaxis"]["title"]["text"]
    assert not fig["layout"].get("shapes")  # no 0.5 "no evidence" line: scores are shares
    assert sum(bar["x"]) <= 1.0 + 1e-6
    assert fig_dx.differential_takeaway(frame).startswith("Leading: X-linked hyper-IgM")
    with pytest.raises(ValueError, match="top"):
        fig_dx.differential_figure(frame, top=0)
    with pytest.raises(TypeError, match="frame"):
        fig_dx.differential_figure("frame")


def test_results_html_escapes():
    table = pd.DataFrame(
        [
            {
                "analyte": "IgG",
                "value": 800.0,
                "unit": "mg/dL",
                "low": 767.0,
                "high": 1590.0,
                "flag": "N",
                "source": "<script>x</script>",
            }
        ]
    )
    html = fig_labs.results_html(table, age_years=30, sex="M")
    assert "<script>" not in html and "&lt;script&gt;" in html
