"""Figures for reading a lab report: each value against its age band, and a zlog strip."""

from __future__ import annotations

import html
import math
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from higm_lessons import labs, theme
from higm_lessons.figures._fast import spec_figure

BAND_FILL = "rgba(86, 180, 233, 0.25)"  # Okabe-Ito sky blue, light
BAND_LINE = theme.OKABE_ITO["blue"]
FLAG_STYLE = {
    "N": ("circle", theme.OKABE_ITO["bluish_green"]),
    "L": ("triangle-down", theme.OKABE_ITO["vermillion"]),
    "LL": ("triangle-down-open-dot", theme.OKABE_ITO["vermillion"]),
    "H": ("triangle-up", theme.edge(theme.OKABE_ITO["orange"])),
    "HH": ("triangle-up-open-dot", theme.edge(theme.OKABE_ITO["orange"])),
}
FIRST_DAY_YEARS = 1 / labs.DAYS_PER_YEAR  # a log age axis cannot start at 0
COLUMNS = 3


Spec = dict[str, Any]
"""A plotly layout or trace as a plain dict (see :mod:`higm_lessons.figures._fast`)."""


def _check(interpreted: object) -> pd.DataFrame:
    if not isinstance(interpreted, pd.DataFrame) or "flag" not in interpreted.columns:
        raise TypeError("interpreted must be the DataFrame returned by labs.interpret()")
    return interpreted


def _title(text: str) -> Spec:
    return {"text": text, "x": 0.0, "xanchor": "left", "font": {"size": 18}}


class _Grid(NamedTuple):
    """Where the panels sit: ``rows`` of up to :data:`COLUMNS`, in paper coordinates (one
    result gets the whole width)."""

    columns: int
    rows: int
    height: int
    gap_x: float
    gap_y: float
    width: float
    tall: float

    @classmethod
    def for_panels(cls, n: int) -> _Grid:
        columns = min(max(n, 1), COLUMNS)
        rows = math.ceil(max(n, 1) / columns)
        height = 270 * rows + 110
        gap_x, gap_y = 0.07, min(0.3, 85 / (height - 150))
        width = (1 - gap_x * (columns - 1)) / columns
        tall = (1 - gap_y * (rows - 1)) / rows
        return cls(columns, rows, height, gap_x, gap_y, width, tall)


def bands_figure(
    interpreted: pd.DataFrame,
    *,
    age_years: float,
    sex: str | None = None,
    analyte: str | None = None,
) -> go.Figure:
    """One panel per result (or only ``analyte``'s): the reference band across all ages
    (shaded, dashed edges) and the patient's value at their age (marker shape and label give
    the flag)."""
    _check(interpreted)
    age = labs.check_age(age_years)
    title = f"Each result against its reference band, age {age:.3g} years"
    if analyte is not None:
        if analyte not in set(interpreted["analyte"]):
            raise ValueError(f"analyte {analyte!r} is not among the interpreted results")
        interpreted = interpreted[interpreted["analyte"] == analyte]
        title = f"{analyte} against its reference band at every age, age {age:.3g} years"
    grid = _Grid.for_panels(len(interpreted))
    layout: Spec = {
        "title": _title(title),
        "height": grid.height,
        "showlegend": False,
        "margin": {"l": 70, "r": 20, "t": 80, "b": 70},
    }
    data: list[Spec] = []
    shapes: list[Spec] = []
    x_age = max(age, FIRST_DAY_YEARS)
    for i, row in enumerate(interpreted.itertuples(index=False)):
        suffix = "" if i == 0 else str(i + 1)
        label = _panel_label(row.analyte, float(row.value), row.unit, row.flag)
        bottom = i + grid.columns >= len(interpreted)  # no panel below: age ticks labelled
        layout.update(_panel_axes(grid, i, suffix, row.unit, label, bottom=bottom))
        axes = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
        shapes.append(_band_shape(labs.bands(row.analyte, sex=sex), suffix))
        data.append(_value_trace(row.analyte, float(row.value), row.unit, row.flag, x_age, axes))
    layout["shapes"] = shapes
    if interpreted.empty:
        layout["annotations"] = [
            {"text": "Enter at least one result", "showarrow": False, "x": 0.5, "y": 0.5}
        ]
    return spec_figure(layout, data)


def _panel_axes(
    grid: _Grid, i: int, suffix: str, unit: str, label: str, *, bottom: bool
) -> Spec:
    """The x axis (age, log scale; its title names the result) and y axis (the result's
    unit) of panel ``i``. Every panel shares the age ticks (grid lines); only the lowest
    panel of each column labels them, as each label is text the browser must lay out."""
    r, c = divmod(i, grid.columns)
    x0 = c * (grid.width + grid.gap_x)
    y1 = 1 - r * (grid.tall + grid.gap_y)
    return {
        f"xaxis{suffix}": {
            **theme.AXIS,
            "domain": [max(0.0, x0), min(1.0, x0 + grid.width)],
            "anchor": f"y{suffix}",
            "type": "log",
            "range": [math.log10(FIRST_DAY_YEARS), math.log10(110)],
            "tickvals": [1 / 12, 1, 10, 100],
            "ticktext": ["1 mo", "1 y", "10 y", "100 y"],
            "showticklabels": bottom,
            "title": {"text": label, "font": {"size": 13}, "standoff": 4},
        },
        f"yaxis{suffix}": {
            **theme.AXIS,
            "domain": [max(0.0, y1 - grid.tall), min(1.0, y1)],
            "anchor": f"x{suffix}",
            "rangemode": "tozero",
            "nticks": 4,
            "title": {"text": unit},
        },
    }


def _band_shape(table: pd.DataFrame, suffix: str) -> Spec:
    """The reference band across ages as one filled outline with dashed edges (a layout shape
    is far cheaper for the browser to draw than filled line traces)."""
    xs = np.append(np.maximum(table["age_low_years"], FIRST_DAY_YEARS), 110.0)
    lows = np.nan_to_num(table["low"].to_numpy(dtype=float), nan=0.0)
    highs = table["high"].to_numpy(dtype=float)
    lower = [(x, y) for lo, hi, y in zip(xs[:-1], xs[1:], lows, strict=True) for x in (lo, hi)]
    upper = [(x, y) for lo, hi, y in zip(xs[:-1], xs[1:], highs, strict=True) for x in (lo, hi)]
    points = lower + upper[::-1]
    path = "M" + "L".join(f"{x:.6g},{y:.6g}" for x, y in points) + "Z"
    return {
        "type": "path",
        "path": path,
        "xref": f"x{suffix}",
        "yref": f"y{suffix}",
        "fillcolor": BAND_FILL,
        "line": {"color": BAND_LINE, "dash": "dash", "width": 1.5},
        "layer": "below",
    }


def _value_trace(
    analyte: str, value: float, unit: str, code: str, x_age: float, axes: dict[str, str]
) -> Spec:
    """The patient's value at their age; the marker's shape and its label give the flag."""
    symbol, colour = FLAG_STYLE[code]
    return {
        "type": "scatter",
        "x": [x_age],
        "y": [value],
        "mode": "markers+text",
        "marker": {
            "symbol": symbol,
            "size": 15,
            "color": colour,
            "line": {"color": "#222", "width": 1},
        },
        "text": [code],
        "textposition": "middle right",
        "textfont": {"size": 14, "color": "#222"},
        "hovertemplate": f"{analyte} %{{y}} {unit} ({code})<extra></extra>",
        **axes,
    }


def _panel_label(analyte: str, value: float, unit: str, code: str) -> str:
    """The panel's name, the result and its flag, then what the axis shows (age)."""
    return f"<b>{analyte}</b> {labs.format_value(value)} {unit}: {code} · age"


def bands_takeaway(interpreted: pd.DataFrame) -> str:
    """One sentence: how many results lie outside their age band, and which."""
    _check(interpreted)
    if interpreted.empty:
        return "No results entered yet."
    outside = interpreted[interpreted["flag"] != "N"]
    if outside.empty:
        return f"All {len(interpreted)} results lie inside their age bands (flag N)."
    parts = [
        f"{a} {labs.FLAG_WORDS[f]} ({f})"
        for a, f in zip(outside["analyte"], outside["flag"], strict=True)
    ]
    return (
        f"{len(outside)} of {len(interpreted)} results lie outside their age bands: "
        + "; ".join(parts)
        + "."
    )


ZLOG_LIMIT = 8.0  # values beyond this are drawn at the edge and labelled off-scale


def zlog_figure(interpreted: pd.DataFrame) -> go.Figure:
    """All results on one axis as zlog values; the shaded band (-1.96 to 1.96) is 'normal'
    for every analyte. IgE (upper limit only) cannot be shown and is named in the title."""
    _check(interpreted)
    table = labs.zlog_table(interpreted)
    left_out = [a for a in interpreted["analyte"] if a not in set(table["analyte"])]
    title = "Results on one scale (zlog)"
    if left_out:
        title += f"; not shown (upper limit only): {', '.join(left_out)}"
    return spec_figure(_zlog_layout(title, len(table)), [_zlog_trace(table)])


def _zlog_layout(title: str, results: int) -> Spec:
    """One zlog axis with the shaded reference interval and dotted lines at ±5."""
    edge = {"type": "line", "yref": "paper", "y0": 0, "y1": 1}
    return {
        "title": _title(title),
        "height": 140 + 45 * max(results, 1),
        "showlegend": False,
        "xaxis": {
            **theme.AXIS,
            "title": {"text": "zlog (reference interval = −1.96 to +1.96)"},
            "range": [-ZLOG_LIMIT - 1, ZLOG_LIMIT + 1],
        },
        "yaxis": {**theme.AXIS, "title": {"text": "Analyte"}, "autorange": "reversed"},
        "shapes": [
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": -labs.ZLOG_NORMAL,
                "x1": labs.ZLOG_NORMAL,
                "y0": 0,
                "y1": 1,
                "fillcolor": BAND_FILL,
                "line": {"color": BAND_LINE, "dash": "dash", "width": 1},
                "layer": "below",
            },
            *[
                {**edge, "x0": x, "x1": x, "line": {"color": "#999", "dash": "dot", "width": 1}}
                for x in (-5, 5)
            ],
        ],
        "annotations": [
            {
                "text": "reference interval",
                "x": 0,
                "y": 1.02,
                "xref": "x",
                "yref": "paper",
                "showarrow": False,
                "font": {"size": 12},
            }
        ],
    }


def _zlog_trace(table: pd.DataFrame) -> Spec:
    """One marker per result, drawn at the edge (and labelled) when off the scale."""
    z = table["zlog"].to_numpy(dtype=float)
    shown = np.clip(z, -ZLOG_LIMIT, ZLOG_LIMIT)
    labels = [
        f"{labs.format_value(v)} {u} ({f}" + (", off scale)" if abs(zz) > ZLOG_LIMIT else ")")
        for v, u, f, zz in zip(table["value"], table["unit"], table["flag"], z, strict=True)
    ]
    return {
        "type": "scatter",
        "x": shown.tolist(),
        "y": list(table["analyte"]),
        "mode": "markers+text",
        "marker": {
            "symbol": [FLAG_STYLE[f][0] for f in table["flag"]],
            "color": [FLAG_STYLE[f][1] for f in table["flag"]],
            "size": 15,
            "line": {"color": "#222", "width": 1},
        },
        "text": labels,
        "textposition": ["middle left" if v > 0 else "middle right" for v in shown],
        "cliponaxis": False,
        "hovertemplate": "%{y}: zlog %{x:.2f}<extra></extra>",
    }


def zlog_takeaway(interpreted: pd.DataFrame) -> str:
    """One sentence naming the result furthest from its reference interval in zlog units."""
    _check(interpreted)
    table = labs.zlog_table(interpreted)
    if table.empty:
        return "No result with both reference limits to standardise yet."
    far = table.iloc[int(np.argmax(np.abs(table["zlog"].to_numpy())))]
    z = far["zlog"]
    where = "inside" if abs(z) <= labs.ZLOG_NORMAL else ("below" if z < 0 else "above")
    ztext = "−∞" if np.isneginf(z) else f"{z:+.1f}"
    return (
        f"On the zlog scale the furthest result is {far['analyte']} at {ztext} "
        f"({where} the reference interval of −1.96 to +1.96); around ±5 is very abnormal."
    )


# --------------------------------------------------------------------------- table
FLAG_SYMBOLS = {"N": "●", "L": "▼", "LL": "▼▼", "H": "▲", "HH": "▲▲"}


def results_html(table: pd.DataFrame, *, age_years: float, sex: str | None) -> str:
    """The interpreted results as an escaped HTML table: value, flag, interval, band, source."""
    if table.empty:
        return "<p><i>No results entered yet.</i></p>"
    rows = []
    for row in table.itertuples(index=False):
        info = labs.interval_row(row.analyte, age_years=age_years, sex=sex)
        flag = f"{FLAG_SYMBOLS[row.flag]} {row.flag} ({labs.FLAG_WORDS[row.flag]})"
        cells = [
            f"<b>{html.escape(row.analyte)}</b><br><small>{html.escape(labs.NAMES[row.analyte])}"
            "</small>",
            html.escape(labs.with_g_per_l(row.value, row.analyte)),
            html.escape(flag),
            html.escape(labs.interval_text(row.low, row.high, row.unit)),
            html.escape(info["band"]),
            f"<code>{html.escape(row.source)}</code><br><small>{html.escape(info['method'])}"
            "</small>",
        ]
        rows.append(
            f'<tr class="higm-flag-{row.flag}"><td>' + "</td><td>".join(cells) + "</td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Analyte", "Result", "Flag", "Reference interval", "Age band", "Source")
    )
    return (
        '<table class="higm-results" style="border-collapse:collapse" border="1" cellpadding="4">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
