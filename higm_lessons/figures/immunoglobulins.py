"""Figures about the immunoglobulin classes."""

from __future__ import annotations

import plotly.graph_objects as go

from higm_lessons import theme
from higm_lessons.immunoglobulins import check_isotype, classes, format_share

HIGHLIGHT = theme.OKABE_ITO["vermillion"]
OTHERS = theme.OKABE_ITO["sky_blue"]


def _styles(highlight: str) -> dict:
    """Per-bar colours, patterns and labels that mark ``highlight`` by more than colour."""
    check_isotype(highlight)
    table = classes()
    marked = [iso == highlight for iso in table.index]
    return {
        "color": [HIGHLIGHT if m else OTHERS for m in marked],
        "pattern": ["x" if m else "" for m in marked],
        "text": [
            f"◀ {iso}: {format_share(s)}" if m else format_share(s)
            for iso, s, m in zip(table.index, table["serum_share"], marked, strict=True)
        ],
        "title": f"Share of adult serum immunoglobulin by class ({highlight} marked)",
    }


def serum_share_figure(highlight: str = "IgG") -> go.Figure:
    """Horizontal bars of each class's share of adult serum immunoglobulin."""
    styles = _styles(highlight)
    table = classes()
    fig = theme.figure(
        title=styles["title"],
        x_title="Share of total serum immunoglobulin (%)",
        y_title="Immunoglobulin class",
        height=360,
        showlegend=False,
    )
    fig.add_bar(
        x=100 * table["serum_share"],
        y=list(table.index),
        orientation="h",
        text=styles["text"],
        textposition="outside",
        cliponaxis=False,
        marker={"color": styles["color"], "pattern": {"shape": styles["pattern"]}},
        hovertemplate="%{y}: %{x:.3g}% of serum immunoglobulin<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 100])
    return fig


def serum_share_takeaway(isotype: str) -> str:
    """One sentence a learner can read instead of (or beside) the bar chart."""
    check_isotype(isotype)
    table = classes()
    row = table.loc[isotype]
    rank = list(table["serum_share"].rank(ascending=False).astype(int).loc[list(table.index)])
    order = ["largest", "second largest", "third largest", "fourth largest", "smallest"]
    return (
        f"{isotype} makes up about {format_share(row['serum_share'])} of the immunoglobulin in "
        f"adult serum, the {order[rank[list(table.index).index(isotype)] - 1]} share of the five "
        f"classes (mean adult level {row['mean_serum_mg_per_ml']:g} mg/mL; source: "
        f"{row['source']})."
    )
