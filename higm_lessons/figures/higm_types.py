"""The class-switching pathway diagram for lesson 03, drawn with plotly shapes."""

from __future__ import annotations

import plotly.graph_objects as go

from higm_lessons import theme
from higm_lessons.higm_types import PATHWAY, knockout

ACTIVE = "#e8f2fa"
BLOCKED = "#eeeeee"
BORDER = theme.OKABE_ITO["blue"]
CROSS = theme.OKABE_ITO["vermillion"]

# Node positions (x centre, y centre) in drawing units; width 1.7, height 0.9.
_STEP_X = {"CD40LG": 1.0, "CD40": 3.0, "IKBKG": 5.0, "AICDA": 7.0, "UNG": 9.0}
_ROW_Y = 2.0
_W, _H = 1.7, 0.95


def _box(
    parts: tuple[list, list], x: float, y: float, text: str, *, active: bool, knocked: bool = False
) -> None:
    shapes, notes = parts
    shapes.append(
        dict(
            type="rect",
            x0=x - _W / 2,
            x1=x + _W / 2,
            y0=y - _H / 2,
            y1=y + _H / 2,
            fillcolor=ACTIVE if active else BLOCKED,
            line={
                "color": CROSS if knocked else (BORDER if active else "#999"),
                "width": 4 if knocked else 2,
                "dash": "dash" if knocked else ("solid" if active else "dot"),
            },
        )
    )
    notes.append(dict(x=x, y=y, text=text, showarrow=False, font={"size": 13}))
    if knocked:
        notes.append(
            dict(
                x=x,
                y=y + _H / 2 + 0.28,
                text="<b>✕ knocked out</b>",
                showarrow=False,
                font={"color": CROSS, "size": 14},
            )
        )


def _arrow(
    parts: tuple[list, list],
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    *,
    active: bool,
    label: str = "",
) -> None:
    parts[1].append(
        dict(
            x=x1,
            y=y1,
            ax=x0,
            ay=y0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowwidth=3 if active else 1.5,
            arrowcolor=BORDER if active else "#aaa",
            text=label,
            font={"size": 12},
        )
    )


def pathway_figure(defect: str | None = None, result: dict | None = None) -> go.Figure:
    """The pathway with ``defect`` knocked out: blocked steps grey and dotted, the knocked-out
    step dashed with a cross, and the classes still made listed at the end. ``result`` may
    pass in ``knockout(defect)`` when the caller already has it."""
    result = knockout(defect) if result is None else result
    genes = [gene for gene, _, _ in PATHWAY]
    broken_at = genes.index(defect) if defect is not None else len(genes)
    title = (
        "Class switching with every step working"
        if defect is None
        else f"Class switching with {defect} knocked out ({result['type']})"
    )
    fig = theme.figure(
        title=title,
        x_title="Signal flows left to right (schematic)",
        y_title="Schematic",
        height=420,
        showlegend=False,
    )
    parts: tuple[list, list] = ([], [])
    _draw_steps(parts, genes, broken_at)
    _draw_outcome(parts, defect, result)
    fig.update_layout(shapes=parts[0], annotations=parts[1])
    fig.update_xaxes(range=[-0.1, 12.3], showticklabels=False, showgrid=False, ticks="")
    fig.update_yaxes(range=[-0.5, 3.0], showticklabels=False, showgrid=False, ticks="")
    return fig


def _draw_steps(parts: tuple[list, list], genes: list[str], broken_at: int) -> None:
    """One box per step of the pathway, joined by arrows; the steps after a defect grey."""
    for i, (gene, protein, _role) in enumerate(PATHWAY):
        cell = "T cell" if gene == "CD40LG" else "B cell"
        text = f"<b>{protein}</b><br><i>{gene}</i><br>{cell}"
        _box(
            parts,
            _STEP_X[gene],
            _ROW_Y,
            text,
            active=i < broken_at,
            knocked=i == broken_at,
        )
        if i:
            _arrow(
                parts,
                _STEP_X[genes[i - 1]] + _W / 2,
                _ROW_Y,
                _STEP_X[gene] - _W / 2,
                _ROW_Y,
                active=i <= broken_at,
            )


def _draw_outcome(parts: tuple[list, list], defect: str | None, result: dict) -> None:
    """The classes made at the end, and the branch of T-cell help to macrophages."""
    made = ", ".join(result["made"])
    lost = ", ".join(result["lost"]) or "none"
    _box(
        parts,
        11.2,
        _ROW_Y,
        f"<b>Classes made</b><br>{made}<br>lost: {lost}",
        active=defect is None,
    )
    _arrow(parts, _STEP_X["UNG"] + _W / 2, _ROW_Y, 11.2 - _W / 2, _ROW_Y, active=defect is None)
    # The second branch: T-cell help to macrophages and dendritic cells through CD40.
    helped = "macrophages" not in result["cells_losing_help"]
    macro_text = "<b>Macrophages and<br>dendritic cells</b><br>" + (
        "activated" if helped else "no help: opportunistic<br>infections"
    )
    _box(parts, 3.0, 0.3, macro_text, active=helped, knocked=False)
    _arrow(parts, _STEP_X["CD40LG"], _ROW_Y - _H / 2, 3.0 - _W / 2, 0.3, active=helped)
    parts[1].append(dict(x=1.3, y=0.95, text="help via CD40", showarrow=False, font={"size": 12}))


def pathway_takeaway(defect: str | None, result: dict | None = None) -> str:
    """The knockout's consequences in one or two sentences."""
    result = knockout(defect) if result is None else result
    if defect is None:
        return (
            "With every step working, T-cell help reaches B cells, macrophages and dendritic "
            "cells, and B cells make all five classes."
        )
    cells = "; ".join(result["cells_losing_help"])
    infections = {
        "yes": "so opportunistic infections are expected (see the typical features)",
        "no": "so opportunistic infections are not a feature",
    }.get(result["opportunistic_infections"], "opportunistic infections are not well described")
    return (
        f"Knocking out {defect} ({result['type']}) leaves B cells making only "
        f"{' and '.join(result['made'])}. Cells that lose help: {cells}; {infections}."
    )
