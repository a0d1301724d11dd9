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
        font={"family": FONT, "size": round(15 * scale), "color": "#1a1a1a"},
        title={"x": 0.0, "xanchor": "left", "font": {"size": round(18 * scale)}},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={k: round(v * scale) for k, v in {"l": 70, "r": 30, "t": 70, "b": 60}.items()},
        legend={"bgcolor": "rgba(255,255,255,0.85)", "bordercolor": "#777", "borderwidth": 1},
        hoverlabel={"font": {"family": FONT, "size": round(14 * scale)}},
        xaxis=AXIS,
        yaxis=AXIS,
    )
    # Trace defaults cycle through these in order, so the n-th series differs in
    # symbol, dash and pattern as well as colour.
    template.data.scatter = [
        go.Scatter(marker={"symbol": symbol, "size": 9}, line={"dash": dash, "width": 2.5})
        for symbol, dash in zip(SYMBOLS, DASHES, strict=True)
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
