"""Lesson 01 widgets and figures: each control changes what is shown; bad states show messages."""

from __future__ import annotations

import re

import pytest

from higm_lessons.figures import immunoglobulins as figs
from higm_lessons.immunoglobulins import ISOTYPES
from higm_lessons.widgets import immunoglobulins

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def payload(output) -> dict:
    assert len(output.outputs) == 2  # the figure, then its numbers as text ("Show the data")
    return output.outputs[0]["data"][PLOTLY_MIME]


def text(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


@pytest.mark.parametrize("isotype", ISOTYPES)
def test_structure_figures_are_drawn_with_shapes(isotype):
    fig = figs.structure_figure(isotype)
    paths = [s for s in fig.layout.shapes if s.type == "path"]
    circles = [s for s in fig.layout.shapes if s.type == "circle"]
    units = {"IgM": 5, "IgA": 3}.get(isotype, 1)  # IgA: serum monomer + secretory dimer
    assert len([p for p in paths if p.line.color == figs.HEAVY]) == 2 * units
    assert len([p for p in paths if p.line.dash == "dot"]) == 2 * units  # light chains
    assert len(circles) == (1 if isotype in ("IgM", "IgA") else 0)  # J chain
    assert isotype in fig.layout.title.text


def test_structure_takeaway_has_the_facts():
    assert figs.structure_takeaway("IgG") == (
        "IgG is a monomer; in serum it weighs about 146 kDa and has a half-life of about 21 "
        "days. It makes up 72.9% of serum immunoglobulin and crosses the placenta "
        "(source: janeway2001)."
    )


def test_comparison_figure_and_takeaway():
    fig = figs.comparison_figure("half-life", "IgM")
    assert list(fig.data[0].x) == [21, 6, 10, 2, 3]
    assert list(fig.data[0].marker.pattern.shape) == ["", "", "x", "", ""]
    assert "approximate" in figs.comparison_takeaway("half-life", "IgM")
    assert "approximate" not in figs.comparison_takeaway("half-life", "IgA")
    assert figs.comparison_figure("serum share", "IgA").layout.title.text.endswith("(IgA marked)")
    with pytest.raises(ValueError, match="metric"):
        figs.comparison_figure("size", "IgG")
    with pytest.raises(TypeError, match="metric"):
        figs.comparison_takeaway(None, "IgG")


def test_pattern_figure_places_every_class():
    fig = figs.pattern_figure("HIGM")
    ys = {}
    for trace in fig.data:
        for x, y in zip(trace.x, trace.y, strict=True):
            ys.setdefault(x, []).append(y)
    assert ys == {"IgG": [-1.0], "IgA": [-1.0], "IgE": [-1.0], "IgM": [0.0, 1.0]}
    healthy = figs.pattern_figure("healthy")
    assert [list(t.y) for t in healthy.data] == [[0.0, 0.0, 0.0, 0.0]]
    assert "only about half" in figs.pattern_takeaway("HIGM")


def test_explorer_reacts_to_every_class():
    box = immunoglobulins.class_explorer()
    inner = box.inner
    assert "higm-explorer" in box._dom_classes
    seen = set()
    for isotype in ["IgM", "IgA", "IgE", "IgD", "IgG"]:
        before = payload(inner.figure)["layout"]["title"]["text"]
        inner.control.value = isotype
        after = payload(inner.figure)["layout"]["title"]["text"]
        assert after != before and after.startswith(isotype)
        assert f"{isotype} is a" in text(inner.takeaway.value)
        seen.add(inner.facts.value)
        assert inner.status.value == ""
    assert len(seen) == 5
    assert "Main roles" in inner.facts.value and "&" not in text(inner.facts.value).replace(
        "&amp;", ""
    )


def test_compare_widget_reacts_to_both_controls():
    inner = immunoglobulins.class_comparison().inner
    inner.highlight.value = "IgE"
    assert "IgE marked" in payload(inner.figure)["layout"]["title"]["text"]
    inner.metric.value = "serum share"
    assert "Share of adult serum" in payload(inner.figure)["layout"]["title"]["text"]
    assert "IgE makes up" in text(inner.takeaway.value)


def test_pattern_toggle_reacts():
    inner = immunoglobulins.pattern_toggle().inner
    assert "healthy" in payload(inner.figure)["layout"]["title"]["text"]
    inner.control.value = "HIGM"
    assert "HIGM" in payload(inner.figure)["layout"]["title"]["text"]
    assert "normal or high" in inner.table.value
    assert "IgM is normal or high" in text(inner.takeaway.value)


def test_a_failing_update_becomes_a_message(monkeypatch):
    inner = immunoglobulins.class_explorer().inner

    def broken(_isotype):
        raise ValueError("isotype must be one of the five classes")

    monkeypatch.setattr(immunoglobulins, "structure_figure", broken)
    inner.control.value = "IgM"
    assert "higm-msg-error" in inner.status.value
    assert "isotype must be one of" in inner.status.value
