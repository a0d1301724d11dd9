"""Unit tests for higm_lessons.figures: figure builders and their one-line takeaways."""

from __future__ import annotations

import pytest

from higm_lessons import theme
from higm_lessons.figures.immunoglobulins import (
    HIGHLIGHT,
    OTHERS,
    serum_share_figure,
    serum_share_takeaway,
)
from higm_lessons.immunoglobulins import ISOTYPES, classes


def test_the_figure_is_titled_and_in_the_course_theme():
    fig = serum_share_figure("IgM")
    assert "IgM" in fig.layout.title.text
    assert fig.layout.xaxis.title.text == "Share of total serum immunoglobulin (%)"
    assert fig.layout.yaxis.title.text == "Immunoglobulin class"
    assert list(fig.layout.template.layout.colorway) == theme.COLORWAY
    assert {HIGHLIGHT, OTHERS} <= set(theme.OKABE_ITO.values())
    assert fig.layout.showlegend is False


def test_the_bars_show_each_class_share():
    fig = serum_share_figure()
    assert len(fig.data) == 1
    bar = fig.data[0]
    assert bar.type == "bar" and bar.orientation == "h"
    assert list(bar.y) == list(ISOTYPES)
    assert list(bar.x) == pytest.approx(list(100 * classes()["serum_share"]))
    assert fig.layout.yaxis.autorange == "reversed"  # IgG at the top
    assert tuple(fig.layout.xaxis.range) == (0, 100)


@pytest.mark.parametrize("isotype", ISOTYPES)
def test_the_highlight_differs_by_colour_pattern_and_label(isotype):
    bar = serum_share_figure(isotype).data[0]
    at = list(ISOTYPES).index(isotype)
    colours, shapes, texts = list(bar.marker.color), list(bar.marker.pattern.shape), list(bar.text)
    assert colours[at] == HIGHLIGHT
    assert shapes[at] == "x"
    assert texts[at].startswith(f"◀ {isotype}: ")
    others = [i for i in range(len(ISOTYPES)) if i != at]
    assert all(colours[i] == OTHERS and colours[i] != HIGHLIGHT for i in others)
    assert all(shapes[i] == "" for i in others)
    assert all("◀" not in texts[i] for i in others)
    assert f"({isotype} marked)" in serum_share_figure(isotype).layout.title.text


def test_bar_labels_are_readable_percentages():
    texts = list(serum_share_figure("IgG").data[0].text)
    assert texts == ["◀ IgG: 72.9%", "18.9%", "8.1%", "0.0003%", "0.16%"]


@pytest.mark.parametrize(
    ("isotype", "rank", "share"),
    [
        ("IgG", "largest", "72.9%"),
        ("IgA", "second largest", "18.9%"),
        ("IgM", "third largest", "8.1%"),
        ("IgD", "fourth largest", "0.16%"),
        ("IgE", "smallest", "0.0003%"),
    ],
)
def test_the_takeaway(isotype, rank, share):
    text = serum_share_takeaway(isotype)
    assert text.startswith(f"{isotype} makes up about {share} ")
    assert f"the {rank} share of the five classes" in text
    assert "janeway2001" in text


@pytest.mark.parametrize("bad", ["IgX", "igm", ""])
def test_a_bad_isotype_is_a_value_error(bad):
    with pytest.raises(ValueError, match="isotype"):
        serum_share_figure(bad)
    with pytest.raises(ValueError, match="isotype"):
        serum_share_takeaway(bad)


def test_a_non_text_isotype_is_a_type_error():
    with pytest.raises(TypeError):
        serum_share_figure(None)
