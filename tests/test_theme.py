"""Unit tests for higm_lessons.theme: the course's colour-blind-safe plotly look."""

from __future__ import annotations

import itertools

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from higm_lessons import theme

OKABE_ITO_HEX = [
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
]
PLOTLY_NAMED_DASHES = {"solid", "dot", "dash", "longdash", "dashdot", "longdashdot"}


def test_the_palette_is_exactly_okabe_ito():
    assert list(theme.OKABE_ITO.values()) == OKABE_ITO_HEX
    assert sorted(theme.COLORWAY) == sorted(OKABE_ITO_HEX)
    assert len(set(theme.COLORWAY)) == 8
    assert theme.COLORWAY[-1] == "#F0E442"  # yellow, weak on white, comes last


def test_register_is_idempotent():
    name = theme.register()
    assert name == theme.TEMPLATE_NAME == "higm"
    template = pio.templates[name]
    assert theme.register() == name
    assert pio.templates[name] is template


def test_the_template_colorway_is_okabe_ito():
    template = pio.templates[theme.register()]
    assert list(template.layout.colorway) == theme.COLORWAY
    assert set(template.layout.colorway) == set(OKABE_ITO_HEX)


def test_scatter_defaults_differ_by_more_than_colour():
    scatters = pio.templates[theme.register()].data.scatter
    assert len(scatters) == len(theme.COLORWAY) == 8
    symbols = [trace.marker.symbol for trace in scatters]
    dashes = [trace.line.dash for trace in scatters]
    assert symbols == theme.SYMBOLS
    assert dashes == theme.DASHES
    assert len(set(symbols)) == 8  # every series has its own marker
    # plotly names six dash styles; the first six series each get their own,
    # and neighbouring series never share one
    assert set(dashes[:6]) == PLOTLY_NAMED_DASHES
    assert all(a != b for a, b in itertools.pairwise(dashes))
    assert len(set(dashes)) == 8, "every series needs its own dash, not only its own colour"
    # no two series share both symbol and dash
    assert len(set(zip(symbols, dashes, strict=True))) == 8


def test_bar_defaults_differ_in_pattern():
    bars = pio.templates[theme.register()].data.bar
    shapes = [trace.marker.pattern.shape for trace in bars]
    assert shapes == theme.PATTERNS
    assert len(set(shapes)) == len(shapes) == 8
    assert all(trace.marker.line.width == 1 for trace in bars)  # outlined, so pale bars show


def test_figure_sets_the_titles_and_the_template():
    fig = theme.figure(title="IgG by age", x_title="Age (months)", y_title="IgG (g/L)", height=300)
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text == "IgG by age"
    assert fig.layout.xaxis.title.text == "Age (months)"
    assert fig.layout.yaxis.title.text == "IgG (g/L)"
    assert fig.layout.height == 300
    assert list(fig.layout.template.layout.colorway) == theme.COLORWAY


@pytest.mark.parametrize("argument", ["title", "x_title", "y_title"])
@pytest.mark.parametrize("bad", ["", "   ", None, 3])
def test_figure_requires_every_title(argument, bad):
    titles = {"title": "T", "x_title": "X (unit)", "y_title": "Y (unit)", argument: bad}
    with pytest.raises(ValueError) as info:
        theme.figure(**titles)
    assert str(info.value).startswith(f"{argument} must be")
