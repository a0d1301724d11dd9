"""Figures of the course home: progress by lesson, mastery per objective, calibration.

Each comes with a one-sentence takeaway. Colours are Okabe-Ito and never alone: every
status also has its own marker or bar pattern and a text label.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from higm_lessons import theme
from higm_lessons.figures._fast import fast_figure
from higm_lessons.figures.assessment import status_bars
from higm_lessons.review import INTERVAL, MASTERED, MIN_ATTEMPTS

GREY = "#595959"
STATUS_STYLE = {
    "mastered": (theme.OKABE_ITO["bluish_green"], "circle"),
    "not yet mastered": (theme.OKABE_ITO["vermillion"], "diamond"),
}
NO_EVIDENCE = "not enough evidence yet"


def _need(frame: pd.DataFrame, columns: set[str], name: str) -> None:
    if not isinstance(frame, pd.DataFrame) or not columns <= set(frame.columns):
        raise TypeError(f"{name} must be a DataFrame with columns {sorted(columns)}")


# --------------------------------------------------------------------------- progress
def progress_figure(progress: pd.DataFrame) -> go.Figure:
    """Stacked bars per lesson: self-check questions right, wrong and not answered yet
    (from :func:`higm_lessons.home.progress_by_lesson`)."""
    _need(progress, {"lesson", "title", "questions", "answered", "right"}, "progress")
    labels = [f"{n} · {t}" for n, t in zip(progress["lesson"], progress["title"], strict=True)]
    parts = {
        "right at the latest try": [int(v) for v in progress["right"]],
        "wrong at the latest try": [
            int(a - r) for a, r in zip(progress["answered"], progress["right"], strict=True)
        ],
        "not answered yet": [
            int(q - a) for q, a in zip(progress["questions"], progress["answered"], strict=True)
        ],
    }
    data = status_bars(labels, parts, short=True)
    return fast_figure(
        title="Your self-check questions by lesson",
        x_title="Questions (number)",
        y_title="Lesson",
        data=data,
        barmode="stack",
        height=120 + 30 * max(len(progress), 1),
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"dtick": 1},
        legend={"orientation": "h", "y": -0.2, "x": 0},
        margin={"l": 20, "r": 30, "t": 60, "b": 80},
    )


def progress_takeaway(progress: pd.DataFrame) -> str:
    """One sentence: questions answered and right, and lessons finished."""
    _need(progress, {"questions", "answered", "right", "finished", "committed"}, "progress")
    total, answered = int(progress["questions"].sum()), int(progress["answered"].sum())
    if answered == 0 and int(progress["committed"].sum()) == 0:
        return (
            f"You have not answered any of the {total} self-check questions yet: "
            "start with lesson 00."
        )
    return (
        f"You have answered {answered} of the {total} self-check questions "
        f"({int(progress['right'].sum())} right at your latest try), finished the self-check "
        f"of {int(progress['finished'].sum())} of {len(progress)} lessons and made "
        f"{int(progress['committed'].sum())} other commitments (prompts, predictions, cases)."
    )


# --------------------------------------------------------------------------- mastery
def _label(objective: str, text: str) -> str:
    short = text if len(text) <= 48 else text[:45].rstrip() + "…"
    return f"{objective} {short}"


def _evidence_trace(levels: pd.DataFrame, labels: list[str]) -> dict:
    rows = [i for i, s in enumerate(levels["status"]) if s == NO_EVIDENCE]
    return {
        "type": "scatter",
        "mode": "markers+text",
        "name": f"{NO_EVIDENCE} (fewer than {MIN_ATTEMPTS} answers)",
        "x": [0.0] * len(rows),
        "y": [labels[i] for i in rows],
        "text": [
            f"{NO_EVIDENCE}: {int(levels['attempts'].iloc[i])} of {MIN_ATTEMPTS} answers"
            for i in rows
        ],
        "textposition": "middle right",
        "textfont": {"color": GREY, "size": 12},
        "marker": {"symbol": "circle-open", "color": GREY, "size": 8},
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }


def _status_trace(levels: pd.DataFrame, labels: list[str], status: str) -> dict:
    colour, symbol = STATUS_STYLE[status]
    rows = [i for i, s in enumerate(levels["status"]) if s == status]
    est = [float(levels["estimate"].iloc[i]) for i in rows]
    low = [float(levels["low"].iloc[i]) for i in rows]
    high = [float(levels["high"].iloc[i]) for i in rows]
    return {
        "type": "scatter",
        "mode": "markers+text",
        "name": status,
        "x": est,
        "y": [labels[i] for i in rows],
        "text": [f"{e:.0%} ({status})" for e in est],
        "textposition": "top center",
        "textfont": {"size": 11},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [h - e for h, e in zip(high, est, strict=True)],
            "arrayminus": [e - lo for e, lo in zip(est, low, strict=True)],
            "color": colour,
            "thickness": 2,
        },
        "marker": {"symbol": symbol, "color": colour, "size": 10},
        "hovertemplate": "%{y}: %{x:.0%}<extra>" + status + "</extra>",
    }


def mastery_figure(levels: pd.DataFrame) -> go.Figure:
    """Mastery per objective (from :func:`higm_lessons.review.mastery`): the estimate with its
    90% interval, by status, and "not enough evidence yet" written where it applies."""
    _need(levels, {"objective", "text", "attempts", "estimate", "low", "high", "status"}, "levels")
    labels = [_label(o, t) for o, t in zip(levels["objective"], levels["text"], strict=True)]
    data = [_evidence_trace(levels, labels)]
    data += [_status_trace(levels, labels, status) for status in STATUS_STYLE]
    return fast_figure(
        title=f"Mastery per objective (estimate and {INTERVAL:.0%} interval)",
        x_title="Chance of answering an item of the objective right (estimate)",
        y_title="Objective",
        data=data,
        height=140 + 22 * max(len(levels), 1),
        xaxis={"range": [0, 1.02], "tickformat": ".0%"},
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": labels,
            "tickfont": {"size": 11},
        },
        shapes=[
            {
                "type": "line",
                "x0": MASTERED,
                "x1": MASTERED,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": "#444", "dash": "dash", "width": 1.5},
            }
        ],
        annotations=[
            {
                "x": MASTERED,
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "text": f"mastery from {MASTERED:.0%}",
                "font": {"size": 11},
            }
        ],
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        margin={"l": 20, "r": 30, "t": 110, "b": 60},
    )


def mastery_takeaway(levels: pd.DataFrame) -> str:
    """One sentence: how many objectives are mastered, not yet, or lack evidence."""
    _need(levels, {"objective", "status", "estimate"}, "levels")
    counts = levels["status"].value_counts()
    mastered, weak = int(counts.get("mastered", 0)), int(counts.get("not yet mastered", 0))
    missing = int(counts.get(NO_EVIDENCE, 0))
    if mastered + weak == 0:
        text = (
            f"Not enough evidence yet for any of the {len(levels)} objectives: each needs "
            f"{MIN_ATTEMPTS} answers at its items before the course estimates it."
        )
        if "attempts" in levels.columns and int((levels["attempts"] > 0).sum()):
            text += f" You have answered items of {int((levels['attempts'] > 0).sum())} so far."
        return text
    text = (
        f"Of {len(levels)} objectives, {mastered} mastered, {weak} not yet mastered and "
        f"{missing} without enough evidence yet."
    )
    if weak:
        row = levels[levels["status"] == "not yet mastered"].sort_values("estimate").iloc[0]
        text += f" The weakest is {row['objective']} (about {row['estimate']:.0%})."
    return text


# --------------------------------------------------------------------------- calibration
def calibration_figure(table: pd.DataFrame) -> go.Figure:
    """Share right for each confidence rating (from :func:`higm_lessons.home.calibration`),
    with the number of answers on each point."""
    _need(table, {"confidence", "judged", "right", "share_right"}, "table")
    shown = table[table["judged"] > 0]
    order = list(table["confidence"])
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers+text",
            "name": "your answers",
            "x": [order.index(c) for c in shown["confidence"]],
            "y": [float(v) for v in shown["share_right"]],
            "text": [
                f"{int(r)} of {int(n)} right"
                for r, n in zip(shown["right"], shown["judged"], strict=True)
            ],
            "textposition": "top center",
            "marker": {"symbol": "square", "color": theme.OKABE_ITO["blue"], "size": 11},
            "line": {"color": theme.OKABE_ITO["blue"], "dash": "solid"},
            "customdata": list(shown["confidence"]),
            "hovertemplate": "%{customdata}: %{y:.0%} right (%{text})<extra></extra>",
        }
    ]
    layout: dict = {}
    if shown.empty:
        layout["annotations"] = [
            {
                "text": f"{NO_EVIDENCE}: no answer with a confidence rating",
                "showarrow": False,
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
            }
        ]
    return fast_figure(
        title="How sure you were, against how often you were right",
        x_title="How sure you said you were",
        y_title="Share of those answers right",
        data=data,
        height=380,
        xaxis={
            "tickvals": list(range(len(order))),
            "ticktext": order,
            "range": [-0.5, len(order) - 0.5],
        },
        yaxis={"range": [0, 1.12], "tickformat": ".0%"},
        showlegend=False,
        **layout,
    )


def calibration_takeaway(table: pd.DataFrame) -> str:
    """One sentence: the share right at each rating, and whether "sure" meant more often
    right than "guessing"."""
    _need(table, {"confidence", "judged", "right", "share_right"}, "table")
    shown = table[table["judged"] > 0]
    if shown.empty:
        return (
            f"{NO_EVIDENCE[0].upper()}{NO_EVIDENCE[1:]}: answer questions and say how sure you "
            "are, and this curve shows whether your confidence matches your results."
        )
    parts = [
        f"{c}: {r} of {n} right"
        for c, r, n in zip(shown["confidence"], shown["right"], shown["judged"], strict=True)
    ]
    share = dict(zip(shown["confidence"], shown["share_right"], strict=True))
    text = "Your answers: " + "; ".join(parts) + "."
    if "sure" in share and "guessing" in share:
        if share["sure"] > share["guessing"]:
            text += " When you were sure you were right more often than when guessing: good."
        else:
            text += (
                " Being sure did not mean being right more often than guessing: slow down "
                "on the answers you feel sure of."
            )
    return text
