"""Figures for reading a lab report: each value against its age band, and a zlog strip."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from higm_lessons import labs, theme
from higm_lessons.figures._fast import spec_figure

BAND_FILL = "rgba(86, 180, 233, 0.25)"  # Okabe-Ito sky blue, light
BAND_LINE = theme.OKABE_ITO["blue"]
FLAG_STYLE = {
    "N": ("circle", theme.OKABE_ITO["bluish_green"]),
    "L": ("triangle-down", theme.OKABE_ITO["vermillion"]),
    "LL": ("triangle-down-open-dot", theme.OKABE_ITO["vermillion"]),
    "H": ("triangle-up", theme.OKABE_ITO["orange"]),
    "HH": ("triangle-up-open-dot", theme.OKABE_ITO["orange"]),
}
FIRST_DAY_YEARS = 1 / labs.DAYS_PER_YEAR  # a log age axis cannot start at 0
COLUMNS = 3


def _check(interpreted) -> pd.DataFrame:
    if not isinstance(interpreted, pd.DataFrame) or "flag" not in interpreted.columns:
        raise TypeError("interpreted must be the DataFrame returned by labs.interpret()")
    return interpreted


def bands_figure(interpreted: pd.DataFrame, *, age_years: float, sex: str | None = None):
    """One small panel per result: the reference band across all ages (shaded, dashed edges)
    and the patient's value at their age (marker shape and label give the flag)."""
    _check(interpreted)
    age = labs.check_age(age_years)
    title = f"Each result against its reference band, age {age:.3g} years"
    n = max(len(interpreted), 1)
    rows = math.ceil(n / COLUMNS)
    height = 270 * rows + 110
    gap_x, gap_y = 0.07, min(0.3, 85 / (height - 150))
    width = (1 - gap_x * (COLUMNS - 1)) / COLUMNS
    tall = (1 - gap_y * (rows - 1)) / rows
    x_age = max(age, FIRST_DAY_YEARS)
    layout = {
        "title": {"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 18}},
        "height": height,
        "showlegend": False,
        "margin": {"l": 70, "r": 20, "t": 80, "b": 70},
        "annotations": [],
    }
    data: list[dict] = []
    for i, row in enumerate(interpreted.itertuples(index=False)):
        r, c = divmod(i, COLUMNS)
        suffix = "" if i == 0 else str(i + 1)
        x0 = c * (width + gap_x)
        y1 = 1 - r * (tall + gap_y)
        layout[f"xaxis{suffix}"] = {
            **theme.AXIS,
            "domain": [max(0.0, x0), min(1.0, x0 + width)],
            "anchor": f"y{suffix}",
            "type": "log",
            "range": [math.log10(FIRST_DAY_YEARS), math.log10(110)],
            "tickvals": [1 / 12, 1, 10, 100],
            "ticktext": ["1 mo", "1 y", "10 y", "100 y"],
            "title": {"text": "age" if r == rows - 1 else ""},
        }
        layout[f"yaxis{suffix}"] = {
            **theme.AXIS,
            "domain": [max(0.0, y1 - tall), min(1.0, y1)],
            "anchor": f"x{suffix}",
            "rangemode": "tozero",
            "title": {"text": row.unit},
        }
        table = labs.bands(row.analyte, sex=sex)
        xs = np.append(np.maximum(table["age_low_years"], FIRST_DAY_YEARS), 110.0).tolist()
        lows = np.nan_to_num(table["low"].to_numpy(dtype=float), nan=0.0)
        highs = table["high"].to_numpy(dtype=float)
        axes = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
        data.append(
            {
                "type": "scatter",
                "x": xs,
                "y": np.append(lows, lows[-1]).tolist(),
                "mode": "lines",
                "line": {"shape": "hv", "color": BAND_LINE, "dash": "dot", "width": 1.5},
                "hoverinfo": "skip",
                **axes,
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": xs,
                "y": np.append(highs, highs[-1]).tolist(),
                "mode": "lines",
                "line": {"shape": "hv", "color": BAND_LINE, "dash": "dash", "width": 1.5},
                "fill": "tonexty",
                "fillcolor": BAND_FILL,
                "hovertemplate": "upper limit %{y}<extra></extra>",
                **axes,
            }
        )
        symbol, colour = FLAG_STYLE[row.flag]
        data.append(
            {
                "type": "scatter",
                "x": [x_age],
                "y": [float(row.value)],
                "mode": "markers+text",
                "marker": {
                    "symbol": symbol,
                    "size": 15,
                    "color": colour,
                    "line": {"color": "#222", "width": 1},
                },
                "text": [row.flag],
                "textposition": "middle right",
                "textfont": {"size": 14, "color": "#222"},
                "hovertemplate": f"{row.analyte} %{{y}} {row.unit} ({row.flag})<extra></extra>",
                **axes,
            }
        )
        layout["annotations"].append(
            {
                "text": (
                    f"<b>{row.analyte}</b> {labs.format_value(row.value)} {row.unit}: {row.flag}"
                ),
                "xref": f"x{suffix} domain",
                "yref": f"y{suffix} domain",
                "x": 0.0,
                "y": 1.02,
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 13},
            }
        )
    if interpreted.empty:
        layout["annotations"].append(
            {"text": "Enter at least one result", "showarrow": False, "x": 0.5, "y": 0.5}
        )
    return spec_figure(layout, data)


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


def zlog_figure(interpreted: pd.DataFrame):
    """All results on one axis as zlog values; the shaded band (-1.96 to 1.96) is 'normal'
    for every analyte. IgE (upper limit only) cannot be shown and is named in the title."""
    _check(interpreted)
    table = labs.zlog_table(interpreted)
    left_out = [a for a in interpreted["analyte"] if a not in set(table["analyte"])]
    title = "Results on one scale (zlog)"
    if left_out:
        title += f"; not shown (upper limit only): {', '.join(left_out)}"
    z = table["zlog"].to_numpy(dtype=float)
    shown = np.clip(z, -ZLOG_LIMIT, ZLOG_LIMIT)
    labels = [
        f"{labs.format_value(v)} {u} ({f}" + (", off scale)" if abs(zz) > ZLOG_LIMIT else ")")
        for v, u, f, zz in zip(table["value"], table["unit"], table["flag"], z, strict=True)
    ]
    edge = {"type": "line", "yref": "paper", "y0": 0, "y1": 1}
    layout = {
        "title": {"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 18}},
        "height": 140 + 45 * max(len(table), 1),
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
    data = [
        {
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
    ]
    return spec_figure(layout, data)


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
