"""Figures for lesson 12: a learner's score by lesson, and a class summary for instructors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from higm_lessons import checks, theme
from higm_lessons.figures._fast import fast_figure

RIGHT = theme.OKABE_ITO["bluish_green"]
WRONG = theme.OKABE_ITO["vermillion"]
OPEN = "#d9d9d9"
POINTS = theme.OKABE_ITO["blue"]
MEAN = theme.OKABE_ITO["black"]


def _empty(text: str) -> dict:
    """An annotation saying the figure has nothing to show."""
    return {"text": text, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}


def status_bars(
    labels: list[str], parts: dict[str, list[int]], *, short: bool = False
) -> list[dict]:
    """Stacked horizontal bar traces for right, wrong and not-yet-answered counts (in that
    order in ``parts``), told apart by colour *and* fill pattern; ``short`` labels the
    segments with the first word of each name only."""
    return [
        {
            "type": "bar",
            "orientation": "h",
            "x": values,
            "y": labels,
            "name": name,
            "text": [f"{v} {name.split(' ')[0] if short else name}" if v else "" for v in values],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "marker": {"color": colour, "pattern": {"shape": shape}},
            "hovertemplate": "%{y}: %{x} " + name + "<extra></extra>",
        }
        for (name, values), colour, shape in zip(
            parts.items(), (RIGHT, WRONG, OPEN), ("", "x", "."), strict=True
        )
    ]


def score_figure(scores: pd.DataFrame) -> go.Figure:
    """Stacked bars per lesson: right, wrong and not yet answered (from ``score_by_lesson``)."""
    needed = {"lesson", "title", "right", "wrong", "unanswered"}
    if not isinstance(scores, pd.DataFrame) or not needed <= set(scores.columns):
        raise TypeError(f"scores must be a DataFrame with columns {sorted(needed)}")
    labels = [f"{n} · {t}" for n, t in zip(scores["lesson"], scores["title"], strict=True)]
    layout = {
        "height": 120 + 34 * max(len(scores), 1),
        "barmode": "stack",
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "margin": {"l": 20, "r": 30, "t": 60, "b": 70},
    }
    data = []
    if scores.empty:
        layout["annotations"] = [_empty("No questions to score")]
    else:
        layout["yaxis"] = {"autorange": "reversed", "automargin": True}
        layout["xaxis"] = {"dtick": 1}
        data = status_bars(
            labels,
            {
                "right": [int(v) for v in scores["right"]],
                "wrong": [int(v) for v in scores["wrong"]],
                "not answered yet": [int(v) for v in scores["unanswered"]],
            },
        )
    return fast_figure(
        title="Your final assessment by lesson",
        x_title="Questions (number)",
        y_title="Lesson revisited",
        data=data,
        **layout,
    )


def score_takeaway(scores: pd.DataFrame) -> str:
    """One sentence on the learner's results: total, strongest and weakest lesson."""
    if not isinstance(scores, pd.DataFrame) or "answered" not in scores.columns:
        raise TypeError("scores must come from higm_lessons.assessment.score_by_lesson")
    total, answered = int(scores["questions"].sum()), int(scores["answered"].sum())
    if answered == 0:
        return f"You have not answered any of the {total} questions yet."
    right = int(scores["right"].sum())
    text = f"You have answered {answered} of {total} questions; {right} right"
    done = scores[scores["answered"] > 0].sort_values(["score", "lesson"], kind="stable")
    weakest = done.iloc[0]
    if len(done) > 1 and weakest["score"] < done["score"].max():
        text += (
            f"; your lowest share right is in lesson {weakest['lesson']} "
            f"({weakest['title']}: {int(weakest['right'])} of {int(weakest['answered'])}), "
            "so revisit that lesson first"
        )
    return text + "."


def class_scores_figure(scores: pd.DataFrame) -> go.Figure:
    """Each learner's share right per lesson (dots, spread so they do not overlap) and the mean."""
    if not isinstance(scores, pd.DataFrame):
        raise TypeError("scores must be a learner x lesson DataFrame from class_summary")
    layout: dict = {"height": 400, "legend": {"orientation": "h", "y": -0.2, "x": 0}}
    data: list[dict] = []
    if scores.empty:
        layout["annotations"] = [_empty("No usable progress exports")]
    else:
        data = _class_score_traces(scores)
        lessons = [str(c) for c in scores.columns]
        layout["xaxis"] = {
            "tickmode": "array",
            "tickvals": list(range(len(lessons))),
            "ticktext": lessons,
            "range": [-0.6, len(lessons) - 0.1],
        }
        layout["yaxis"] = {"range": [-5, 105]}
    return fast_figure(
        title="Class scores by lesson (latest attempt at each question)",
        x_title="Lesson",
        y_title="Share of questions right (%)",
        data=data,
        **layout,
    )


def _class_score_traces(scores: pd.DataFrame) -> list[dict]:
    """One learner's dots per lesson (spread sideways) and the class mean per lesson."""
    xs: list[float] = []
    ys: list[float] = []
    names: list[str] = []
    for position, lesson in enumerate(scores.columns):
        column = scores[lesson].dropna()
        spread = np.linspace(-0.25, 0.25, len(column)) if len(column) > 1 else np.zeros(1)
        xs += [float(x) for x in position + spread]
        ys += [float(y) for y in 100 * column.to_numpy(dtype=float)]
        names += [str(n) for n in column.index]
    means = 100 * scores.mean()
    return [
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "mode": "markers",
            "name": "one learner",
            "text": names,
            "marker": {"color": POINTS, "symbol": "circle-open", "size": 9},
            "hovertemplate": "%{text}: %{y:.0f}%<extra></extra>",
        },
        {
            "type": "scatter",
            "x": list(range(len(means))),
            "y": [float(m) for m in means],
            "mode": "markers+text",
            "name": "class mean",
            "text": [f"mean {m:.0f}%" for m in means],
            "textposition": "middle right",
            "marker": {"color": MEAN, "symbol": "diamond", "size": 14},
            "hovertemplate": "lesson %{x}: class mean %{y:.0f}%<extra></extra>",
        },
    ]


def _label_margin(labels: list[str]) -> int:
    """Pixels for horizontal tick labels at the course font size (15 px), with room for the
    axis title: about 8.5 px a character, within 80 to 360."""
    longest = max((len(label) for label in labels), default=0)
    return int(min(360, max(80, 40 + 8.5 * longest)))


def difficulty_figure(questions: pd.DataFrame, *, top: int = 15) -> go.Figure:
    """The ``top`` hardest questions: share of learners wrong at their first try."""
    top = checks.whole("top", top, low=1)
    needed = {"lesson", "question", "learners", "right_first_try", "difficulty"}
    if not isinstance(questions, pd.DataFrame) or not needed <= set(questions.columns):
        raise TypeError(f"questions must be a DataFrame with columns {sorted(needed)}")
    shown = questions.head(top)
    layout: dict = {
        "height": 140 + 28 * max(len(shown), 1),
        "showlegend": False,
        "margin": {"l": 80, "r": 30, "t": 60, "b": 60},
    }
    data = []
    if shown.empty:
        layout["annotations"] = [_empty("No usable progress exports")]
    else:
        wrong = shown["learners"] - shown["right_first_try"]
        labels = [
            f"{lesson} · {q}" for lesson, q in zip(shown["lesson"], shown["question"], strict=True)
        ]
        data.append(
            {
                "type": "bar",
                "x": [float(d) for d in 100 * shown["difficulty"]],
                "y": labels,
                "orientation": "h",
                "text": [
                    f"{w} of {n} wrong" for w, n in zip(wrong, shown["learners"], strict=True)
                ],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": WRONG, "pattern": {"shape": "x"}},
                "hovertemplate": "%{y}: %{x:.0f}% wrong at first try<extra></extra>",
            }
        )
        # A left margin fitted to the labels here: automargin would draw the figure twice.
        layout["yaxis"] = {"autorange": "reversed"}
        layout["margin"]["l"] = _label_margin(labels)
        layout["xaxis"] = {"range": [0, 115]}
    return fast_figure(
        title=f"The {len(shown)} hardest questions for this class",
        x_title="Learners wrong at their first try (%)",
        y_title="Question (lesson · id)",
        data=data,
        **layout,
    )
