"""Figures for lesson 09: a learner's score by lesson, and a class summary for instructors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from higm_lessons import checks, theme

RIGHT = theme.OKABE_ITO["bluish_green"]
WRONG = theme.OKABE_ITO["vermillion"]
OPEN = "#d9d9d9"
POINTS = theme.OKABE_ITO["blue"]
MEAN = theme.OKABE_ITO["black"]


def _empty(fig: go.Figure, text: str) -> go.Figure:
    fig.add_annotation(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return fig


def score_figure(scores: pd.DataFrame) -> go.Figure:
    """Stacked bars per lesson: right, wrong and not yet answered (from ``score_by_lesson``)."""
    needed = {"lesson", "title", "right", "wrong", "unanswered"}
    if not isinstance(scores, pd.DataFrame) or not needed <= set(scores.columns):
        raise TypeError(f"scores must be a DataFrame with columns {sorted(needed)}")
    labels = [f"{n} · {t}" for n, t in zip(scores["lesson"], scores["title"], strict=True)]
    fig = theme.figure(
        title="Your final assessment by lesson",
        x_title="Questions (number)",
        y_title="Lesson revisited",
        height=120 + 34 * max(len(scores), 1),
        barmode="stack",
        legend={"orientation": "h", "y": -0.18, "x": 0},
        margin={"l": 20, "r": 30, "t": 60, "b": 70},
    )
    if scores.empty:
        return _empty(fig, "No questions to score")
    for column, name, colour, shape in (
        ("right", "right", RIGHT, ""),
        ("wrong", "wrong", WRONG, "x"),
        ("unanswered", "not answered yet", OPEN, "."),
    ):
        values = scores[column].to_numpy()
        fig.add_bar(
            x=values,
            y=labels,
            orientation="h",
            name=name,
            text=[f"{v} {name}" if v else "" for v in values],
            textposition="inside",
            insidetextanchor="middle",
            marker={"color": colour, "pattern": {"shape": shape}},
            hovertemplate="%{y}: %{x} " + name + "<extra></extra>",
        )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(dtick=1)
    return fig


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
    fig = theme.figure(
        title="Class scores by lesson (latest attempt at each question)",
        x_title="Lesson",
        y_title="Share of questions right (%)",
        height=400,
        legend={"orientation": "h", "y": -0.2, "x": 0},
    )
    if scores.empty:
        return _empty(fig, "No usable progress exports")
    lessons = [str(c) for c in scores.columns]
    xs, ys, names = [], [], []
    for position, lesson in enumerate(scores.columns):
        column = scores[lesson].dropna()
        spread = np.linspace(-0.25, 0.25, len(column)) if len(column) > 1 else np.zeros(1)
        xs += list(position + spread)
        ys += list(100 * column.to_numpy())
        names += list(column.index)
    fig.add_scatter(
        x=xs,
        y=ys,
        mode="markers",
        name="one learner",
        text=names,
        marker={"color": POINTS, "symbol": "circle-open", "size": 9},
        hovertemplate="%{text}: %{y:.0f}%<extra></extra>",
    )
    means = 100 * scores.mean()
    fig.add_scatter(
        x=list(range(len(lessons))),
        y=means.to_numpy(),
        mode="markers+text",
        name="class mean",
        text=[f"mean {m:.0f}%" for m in means],
        textposition="middle right",
        marker={"color": MEAN, "symbol": "diamond", "size": 14},
        hovertemplate="lesson %{x}: class mean %{y:.0f}%<extra></extra>",
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(len(lessons))),
        ticktext=lessons,
        range=[-0.6, len(lessons) - 0.1],
    )
    fig.update_yaxes(range=[-5, 105])
    return fig


def difficulty_figure(questions: pd.DataFrame, *, top: int = 15) -> go.Figure:
    """The ``top`` hardest questions: share of learners wrong at their first try."""
    top = checks.whole("top", top, low=1)
    needed = {"lesson", "question", "learners", "right_first_try", "difficulty"}
    if not isinstance(questions, pd.DataFrame) or not needed <= set(questions.columns):
        raise TypeError(f"questions must be a DataFrame with columns {sorted(needed)}")
    shown = questions.head(top)
    fig = theme.figure(
        title=f"The {len(shown)} hardest questions for this class",
        x_title="Learners wrong at their first try (%)",
        y_title="Question (lesson · id)",
        height=140 + 28 * max(len(shown), 1),
        showlegend=False,
        margin={"l": 80, "r": 30, "t": 60, "b": 60},
    )
    if shown.empty:
        return _empty(fig, "No usable progress exports")
    wrong = shown["learners"] - shown["right_first_try"]
    fig.add_bar(
        x=100 * shown["difficulty"],
        y=[f"{lesson} · {q}" for lesson, q in zip(shown["lesson"], shown["question"], strict=True)],
        orientation="h",
        text=[f"{w} of {n} wrong" for w, n in zip(wrong, shown["learners"], strict=True)],
        textposition="outside",
        cliponaxis=False,
        marker={"color": WRONG, "pattern": {"shape": "x"}},
        hovertemplate="%{y}: %{x:.0f}% wrong at first try<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(range=[0, 115])
    return fig
