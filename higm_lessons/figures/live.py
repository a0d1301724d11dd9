"""The live classroom's figure: how a class answered one question, and how sure it was.

``vote_figure(row, labels)`` draws one row of the classroom service's distribution
(answer counts crossed with confidence) as stacked horizontal bars, one bar per
answer, one segment per confidence rating. Colours are Okabe-Ito and never alone:
each rating also has its bar pattern and the legend names it; every segment carries
its count. ``vote_takeaway`` says the same in one sentence. No student is named:
the service sends only counts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go

from higm_lessons import theme
from higm_lessons.progress import CONFIDENCE

RATINGS = (*CONFIDENCE, "")
RATING_NAMES = {"sure": "sure", "think so": "think so", "guessing": "guessing", "": "not said"}
RATING_STYLE = {
    "sure": (theme.OKABE_ITO["blue"], ""),
    "think so": (theme.OKABE_ITO["sky_blue"], "/"),
    "guessing": (theme.OKABE_ITO["orange"], "x"),
    "": ("#BBBBBB", "."),
}
MAX_LABEL = 60


def answer_label(response: str, labels: Mapping[str, str] | None = None) -> str:
    """A readable answer from the service's JSON text (an option's text when known)."""
    try:
        value: Any = json.loads(response)
    except (TypeError, ValueError):
        value = response
    text = labels.get(str(value), str(value)) if labels else str(value)
    if isinstance(value, list):
        text = ", ".join(labels.get(str(v), str(v)) if labels else str(v) for v in value)
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _answers(n: int) -> str:
    return f"{n} answer" if n == 1 else f"{n} answers"


def _check(row: Mapping[str, Any]) -> None:
    if not isinstance(row, Mapping) or not {"item", "round", "votes", "by_confidence"} <= set(
        row
    ):
        raise TypeError("row must be one question of the classroom distribution (a dict)")


def vote_figure(row: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> go.Figure:
    """Stacked bars: for each answer, how many chose it, split by their confidence."""
    _check(row)
    answers = list(row["by_confidence"])
    names = [answer_label(a, labels) for a in answers]
    fig = theme.figure(
        title=f"{row['item']}, round {row['round']}: {_answers(int(row['votes']))}",
        x_title="Students (number)",
        y_title="Answer",
        barmode="stack",
        height=150 + 40 * max(len(answers), 1),
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"dtick": 1 if row["votes"] <= 10 else None, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.25, "x": 0, "title": {"text": "How sure"}},
        margin={"l": 20, "r": 30, "t": 60, "b": 90},
    )
    for rating in RATINGS:
        counts = [int(row["by_confidence"][a].get(rating, 0)) for a in answers]
        if not any(counts) and rating == "":
            continue
        colour, pattern = RATING_STYLE[rating]
        fig.add_bar(
            x=counts,
            y=names,
            orientation="h",
            name=RATING_NAMES[rating],
            marker={"color": colour, "pattern": {"shape": pattern, "fgcolor": "#222"},
                    "line": {"color": "#222", "width": 1}},
            text=[str(c) if c else "" for c in counts],
            textposition="inside",
            hovertemplate="%{y}: %{x} " + RATING_NAMES[rating] + "<extra></extra>",
        )  # fmt: skip
    return fig


def vote_takeaway(row: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """One sentence: how many answered, the most common answer, how many were sure."""
    _check(row)
    votes = int(row["votes"])
    if votes == 0:
        return f"No answers yet in round {row['round']}."
    top, split = next(iter(row["by_confidence"].items()))
    chosen = sum(split.values())
    sure = sum(int(s.get("sure", 0)) for s in row["by_confidence"].values())
    right = ""
    if row.get("judged"):
        right = f" {row['right']} of the {row['judged']} judged answers are right."
    return (
        f"{_answers(votes)} in round {row['round']}: the most common is "
        f"\u201c{answer_label(top, labels)}\u201d ({chosen}, {chosen / votes:.0%}); "
        f"{sure} of {votes} said they were sure.{right}"
    )
