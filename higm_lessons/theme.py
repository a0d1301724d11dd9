"""The course's one plotly look: the Okabe-Ito colour-blind-safe palette, with
marker symbols, line dashes and bar patterns that vary alongside colour so no
figure relies on colour alone (Okabe & Ito 2008; Wong 2011)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from higm_lessons.presenting import font_scale

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""The eight Okabe-Ito colours by name."""

# Order for data series: the strongest contrasts first, yellow (weak on white) last.
COLORWAY = [
    OKABE_ITO[name]
    for name in (
        "blue",
        "orange",
        "bluish_green",
        "vermillion",
        "reddish_purple",
        "sky_blue",
        "black",
        "yellow",
    )
]
EDGE = {
    OKABE_ITO["orange"]: "#BF8400",
    OKABE_ITO["sky_blue"]: "#1D97DC",
    OKABE_ITO["yellow"]: "#9C920C",
}
"""Darker shades (same hue, lower lightness) of the three Okabe-Ito colours that reach less
than 3:1 on white, for lines and markers that carry meaning (WCAG 2.1, 1.4.11 non-text
contrast). Fills and bars keep the palette colour and get a dark outline instead."""

TEXT = "#1a1a1a"
"""The course's text colour (17:1 on white)."""
PAPER = "#ffffff"
"""The background of every figure."""


def edge(colour: str) -> str:
    """The colour to draw a meaningful line or marker in: ``colour`` itself when it reaches
    3:1 on white, else its darker shade from :data:`EDGE`."""
    return EDGE.get(colour.upper(), colour)


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour (0 black .. 1 white)."""
    if not isinstance(colour, str):
        raise TypeError(f"colour must be a '#rrggbb' string, not {colour!r}")
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    try:
        red, green, blue = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        raise ValueError(f"colour must be a '#rrggbb' string, not {colour!r}") from None
    if len(text) != 6:
        raise ValueError(f"colour must be a '#rrggbb' string, not {colour!r}")
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "cross", "triangle-down"]
# Plotly names six dash styles; the last two are custom patterns so all eight differ.
DASHES = [
    "solid",
    "dash",
    "dot",
    "dashdot",
    "longdash",
    "longdashdot",
    "12px,4px,2px,4px,2px,4px",
    "2px,8px",
]
PATTERNS = ["", "/", "x", ".", "\\", "+", "-", "|"]

TEMPLATE_NAME = "higm"
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


AXIS = {
    "showline": True,
    "linecolor": "#444",
    "ticks": "outside",
    "gridcolor": "#e5e5e5",
    "zeroline": False,
    "title": {"standoff": 8},
}


def _build_template(scale: float = 1.0) -> go.layout.Template:
    """The course template; ``scale`` enlarges its fonts (for the projector, see
    :mod:`higm_lessons.presenting`)."""
    template = go.layout.Template()
    template.layout = go.Layout(
        colorway=COLORWAY,
        font={"family": FONT, "size": round(15 * scale), "color": TEXT},
        title={"x": 0.0, "xanchor": "left", "font": {"size": round(18 * scale)}},
        paper_bgcolor=PAPER,
        plot_bgcolor=PAPER,
        margin={k: round(v * scale) for k, v in {"l": 70, "r": 30, "t": 70, "b": 60}.items()},
        legend={"bgcolor": "rgba(255,255,255,0.85)", "bordercolor": "#777", "borderwidth": 1},
        hoverlabel={"font": {"family": FONT, "size": round(14 * scale)}},
        xaxis=AXIS,
        yaxis=AXIS,
    )
    # Trace defaults cycle through these in order, so the n-th series differs in
    # symbol, dash and pattern as well as colour; its line is drawn in a shade that
    # reaches 3:1 on white (the n-th colour, or its darker shade).
    template.data.scatter = [
        go.Scatter(
            marker={"symbol": symbol, "size": 9},
            line={"dash": dash, "width": 2.5, "color": edge(colour)},
        )
        for symbol, dash, colour in zip(SYMBOLS, DASHES, COLORWAY, strict=True)
    ]
    template.data.bar = [
        go.Bar(
            marker={
                "pattern": {"shape": shape, "fillmode": "overlay", "fgcolor": "#222"},
                "line": {"color": "#222", "width": 1},
            }
        )
        for shape in PATTERNS
    ]
    return template


def register() -> str:
    """Register the course template with plotly (idempotent) and return its name.
    When the lesson is presented on a projector its fonts are larger."""
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = _build_template(font_scale())
    return TEMPLATE_NAME


def figure(*, title: str, x_title: str, y_title: str, **layout: Any) -> go.Figure:
    """A new figure in the course style. A title and both axis titles (with units) are required."""
    for name, value in (("title", title), ("x_title", x_title), ("y_title", y_title)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty string; every course figure is labelled")
    fig = go.Figure(layout={"template": register(), **layout})
    fig.update_layout(title={"text": title}, xaxis_title=x_title, yaxis_title=y_title)
    return fig
