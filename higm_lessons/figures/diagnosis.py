"""Figures for diagnostic reasoning: HIGM features in cohorts, and a differential's scores."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from higm_lessons import theme
from higm_lessons.data import load_table
from higm_lessons.figures._fast import spec_figure

KINDS = ("infection", "complication", "laboratory")
KIND_LABELS = {
    "all": "all features",
    "infection": "infections",
    "complication": "complications",
    "laboratory": "laboratory findings",
}


def cohort_table(kind: str = "all") -> pd.DataFrame:
    """Rows of ``higm_cohort_features.csv``, optionally one kind, largest first."""
    if kind not in KIND_LABELS:
        raise ValueError(f"kind must be one of {list(KIND_LABELS)}, not {kind!r}")
    table = load_table("higm_cohort_features.csv")
    if kind != "all":
        table = table[table["kind"] == kind]
    return table.sort_values("percent", ascending=False).reset_index(drop=True)


def _title(text: str) -> dict[str, Any]:
    return {"text": text, "x": 0.0, "xanchor": "left", "font": {"size": 18}}


def cohort_figure(kind: str = "all") -> go.Figure:
    """Horizontal bars: how often each feature was seen in the two HIGM registries.
    The cohorts differ in bar pattern and colour, and each bar is labelled."""
    table = cohort_table(kind)
    order = list(table["feature"])[::-1]
    data = []
    for i, (cohort, group) in enumerate(table.groupby("cohort", sort=True)):
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "x": group["percent"].tolist(),
                "y": group["feature"].tolist(),
                "name": cohort,
                "text": [f"{p:g}%" for p in group["percent"]],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {
                    "color": theme.COLORWAY[i],
                    "line": {"color": "#222", "width": 1},
                    "pattern": {
                        "shape": theme.PATTERNS[i + 1],
                        "fgcolor": "#222",
                        "fillmode": "overlay",
                    },
                },
                "hovertemplate": "%{y}: %{x:g}%<extra>" + cohort + "</extra>",
            }
        )
    layout = {
        "title": _title(f"How often HIGM patients had each feature ({KIND_LABELS[kind]})"),
        "height": 160 + 28 * max(len(table), 1),
        "barmode": "group",
        "legend": {"orientation": "h", "y": -0.15, "x": 0},
        "margin": {"l": 80, "r": 60, "t": 70, "b": 90},
        "xaxis": {
            **theme.AXIS,
            "title": {"text": "Patients with the feature (%)"},
            "range": [0, 105],
        },
        "yaxis": {
            **theme.AXIS,
            "title": {"text": "Feature"},
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": order,
        },
    }
    return spec_figure(layout, data)


def cohort_takeaway(kind: str = "all") -> str:
    """One sentence: the most frequent feature shown, with its cohort."""
    table = cohort_table(kind)
    if table.empty:
        return "No features of this kind in the course data."
    top = table.iloc[0]
    return (
        f"Most frequent {KIND_LABELS[kind]} shown: {top['feature']} in {top['percent']:g}% "
        f"of the {top['cohort']} (source: {top['source']}). Registries record what doctors "
        "reported, so rarer features may be under-counted."
    )


def differential_figure(
    frame: pd.DataFrame, *, top: int = 6, title: str = "Differential"
) -> go.Figure:
    """Horizontal bars of the ``top`` scores of a differential, best at the top, labelled;
    the leader is also marked by a cross-hatched bar."""
    if not isinstance(frame, pd.DataFrame) or "score" not in frame.columns:
        raise TypeError("frame must be the DataFrame returned by diagnosis.differential()")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a whole number of 1 or more, not {top!r}")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("title must be a non-empty string")
    shown = frame.head(top)
    n = len(shown)
    colours = [theme.OKABE_ITO["vermillion"]] + [theme.OKABE_ITO["sky_blue"]] * (n - 1)
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "x": shown["score"].round(4).tolist(),
            "y": shown["code"].tolist(),
            "text": [f"{s:.2f}" for s in shown["score"]],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": shown["name"].tolist(),
            "marker": {
                "color": colours,
                "line": {"color": "#222", "width": 1},
                "pattern": {"shape": ["x"] + [""] * (n - 1), "fgcolor": "#222"},
            },
            "hovertemplate": "%{customdata}: %{x:.2f}<extra></extra>",
        }
    ]
    layout = {
        "title": _title(title),
        "height": 130 + 40 * n,
        "showlegend": False,
        "margin": {"l": 130, "r": 60, "t": 70, "b": 60},
        "xaxis": {
            **theme.AXIS,
            "title": {"text": "Score (prior × evidence; the ten scores add up to 1)"},
            "range": [0, 1.08],
        },
        "yaxis": {
            **theme.AXIS,
            "title": {"text": "Condition"},
            "autorange": "reversed",
            "automargin": True,
        },
    }
    return spec_figure(layout, data)


def differential_takeaway(frame: pd.DataFrame) -> str:
    """One sentence naming the leading condition and its margin over the next."""
    if not isinstance(frame, pd.DataFrame) or "score" not in frame.columns:
        raise TypeError("frame must be the DataFrame returned by diagnosis.differential()")
    first, second = frame.iloc[0], frame.iloc[1]
    return (
        f"Leading: {first['name']} (score {first['score']:.2f}), ahead of "
        f"{second['name']} ({second['score']:.2f})."
    )
