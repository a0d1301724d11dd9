"""Figures about the immunoglobulin classes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from higm_lessons import theme
from higm_lessons.checks import one_of
from higm_lessons.figures._fast import fast_figure
from higm_lessons.immunoglobulins import (
    check_isotype,
    classes,
    first_below_band,
    format_level,
    format_share,
    ig_pattern,
    igg_bands,
)

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
        f"classes (mean adult level {format_level(row['mean_serum_mg_per_ml'])} mg/mL; source: "
        f"{row['source']})."
    )


# --------------------------------------------------------------------------- structure
HEAVY = theme.OKABE_ITO["blue"]
LIGHT = theme.OKABE_ITO["orange"]
JOINING = theme.OKABE_ITO["bluish_green"]
SECRETORY = theme.OKABE_ITO["reddish_purple"]


Point = tuple[float, float]


def _rotate(points: list[Point], angle: float, centre: Point) -> list[Point]:
    """Rotate (x, y) points about the origin by ``angle`` radians, then move them to ``centre``."""
    c, s = np.cos(angle), np.sin(angle)
    return [(centre[0] + c * x - s * y, centre[1] + s * x + c * y) for x, y in points]


def _path(points: list[Point]) -> str:
    return "M " + " L ".join(f"{x:.3f},{y:.3f}" for x, y in points)


# One Y-shaped unit, stem (Fc) pointing down from the hinge at (0, 0); units of the drawing.
_HEAVY_CHAINS = (
    [(-0.07, -1.0), (-0.07, 0.0), (-0.62, 0.75)],
    [(0.07, -1.0), (0.07, 0.0), (0.62, 0.75)],
)
_LIGHT_CHAINS = ([(-0.2, 0.12), (-0.72, 0.82)], [(0.2, 0.12), (0.72, 0.82)])


def _add_unit(shapes: list, centre: Point, angle: float, scale: float = 1.0) -> None:
    """Draw one Y-shaped antibody unit: heavy chains thick and solid, light chains dotted."""
    for chain in _HEAVY_CHAINS:
        points = _rotate([(scale * x, scale * y) for x, y in chain], angle, centre)
        shapes.append({"type": "path", "path": _path(points), "line": {"color": HEAVY, "width": 6}})
    for chain in _LIGHT_CHAINS:
        points = _rotate([(scale * x, scale * y) for x, y in chain], angle, centre)
        shapes.append(
            {
                "type": "path",
                "path": _path(points),
                "line": {"color": LIGHT, "width": 4, "dash": "dot"},
            }
        )


def _add_j_chain(shapes: list, centre: Point, radius: float = 0.16) -> None:
    x, y = centre
    shapes.append(
        dict(
            type="circle",
            x0=x - radius,
            y0=y - radius,
            x1=x + radius,
            y1=y + radius,
            line={"color": JOINING, "width": 3},
            fillcolor=JOINING,
        )
    )


def _label(notes: list, x: float, y: float, text: str, ax: float = 40, ay: float = -30) -> None:
    notes.append(dict(x=x, y=y, text=text, showarrow=True, arrowhead=2, ax=ax, ay=ay))


def _monomer(shapes: list, notes: list, centre: Point = (0.0, 0.0), labels: bool = True) -> None:
    _add_unit(shapes, (centre[0], centre[1] + 0.2), 0.0)
    if labels:
        _label(notes, centre[0] + 0.07, centre[1] - 0.5, "heavy chain (solid)", ax=70, ay=10)
        _label(notes, centre[0] - 0.55, centre[1] + 0.8, "light chain (dotted)", ax=-40, ay=-30)
        _label(notes, centre[0] - 0.35, centre[1] + 0.6, "antigen-binding arm", ax=-70, ay=30)


def _dimer(shapes: list, notes: list, centre: Point = (0.0, 0.0)) -> None:
    x, y = centre
    _add_unit(shapes, (x - 1.05, y), -np.pi / 2, 0.9)
    _add_unit(shapes, (x + 1.05, y), np.pi / 2, 0.9)
    _add_j_chain(shapes, (x, y))
    shapes.append(
        dict(
            type="path",
            path=f"M {x - 0.9},{y + 0.3} Q {x},{y + 0.9} {x + 0.9},{y + 0.3}",
            line={"color": SECRETORY, "width": 4, "dash": "dash"},
        )
    )
    _label(notes, x, y - 0.16, "J chain", ax=0, ay=40)
    _label(notes, x, y + 0.6, "secretory component (dashed)", ax=0, ay=-40)


def _pentamer(shapes: list, notes: list, centre: Point = (0.0, 0.0)) -> None:
    x, y = centre
    for k in range(5):
        angle = 2 * np.pi * k / 5
        # The stem points to the centre: the hinge sits 1.05 out along the angle.
        hinge = (x + 1.05 * np.sin(angle), y + 1.05 * np.cos(angle))
        _add_unit(shapes, hinge, -angle, 0.85)
    _add_j_chain(shapes, (x, y), 0.14)
    _label(notes, x + 0.05, y - 0.1, "J chain", ax=60, ay=60)


def structure_figure(isotype: str) -> go.Figure:
    """A schematic of ``isotype``'s shape drawn with plotly shapes (not to scale)."""
    check_isotype(isotype)
    row = classes().loc[isotype]
    fig = theme.figure(
        title=f"{isotype}: {row['structure']} ({row['molecular_weight_kda']:g} kDa in serum)",
        x_title="Schematic, not to scale",
        y_title="Schematic",
        height=380,
        showlegend=False,
    )
    shapes: list = []
    notes: list = []
    height = 1.6
    if row["structure"] == "pentamer":
        _pentamer(shapes, notes)
        span, height = (-2.6, 2.6), 2.2
    elif isotype == "IgA":
        _monomer(shapes, notes, (-2.2, 0.0), labels=False)
        _dimer(shapes, notes, (1.4, 0.0))
        notes.append(dict(x=-2.2, y=-1.3, text="serum: monomer", showarrow=False))
        notes.append(dict(x=1.4, y=-1.3, text="secretions: dimer", showarrow=False))
        span = (-3.4, 3.4)
    else:
        _monomer(shapes, notes)
        span = (-2.0, 2.0)
    fig.update_layout(shapes=shapes, annotations=notes)
    fig.update_xaxes(range=list(span), showticklabels=False, showgrid=False, ticks="")
    fig.update_yaxes(
        range=[-height, height], showticklabels=False, showgrid=False, ticks="", scaleanchor="x"
    )
    return fig


def structure_takeaway(isotype: str) -> str:
    """The facts beside the structure drawing, as one sentence."""
    check_isotype(isotype)
    row = classes().loc[isotype]
    placenta = "crosses the placenta" if row["crosses_placenta"] else "does not cross the placenta"
    return (
        f"{isotype} is a {row['structure']}; in serum it weighs about "
        f"{row['molecular_weight_kda']:g} kDa and has a half-life of about "
        f"{row['half_life_days']:g} days. It makes up "
        f"{format_share(row['serum_share'])} of serum immunoglobulin and {placenta} "
        f"(source: {row['source']})."
    )


# --------------------------------------------------------------------------- comparison
METRICS = {
    "serum share": ("serum_share", 100.0, "Share of serum immunoglobulin (%)"),
    "half-life": ("half_life_days", 1.0, "Serum half-life (days)"),
}


def _check_metric(metric: object) -> str:
    return one_of("metric", metric, METRICS)


def comparison_figure(metric: str = "half-life", highlight: str = "IgG") -> go.Figure:
    """Bars comparing the five classes by ``metric`` ("serum share" or "half-life")."""
    _check_metric(metric)
    if metric == "serum share":
        return serum_share_figure(highlight)
    check_isotype(highlight)
    table = classes()
    column, factor, label = METRICS[metric]
    values = factor * table[column]
    marked = [iso == highlight for iso in table.index]
    fig = theme.figure(
        title=f"Serum half-life by class ({highlight} marked)",
        x_title=label,
        y_title="Immunoglobulin class",
        height=360,
        showlegend=False,
    )
    fig.add_bar(
        x=values,
        y=list(table.index),
        orientation="h",
        text=[f"◀ {v:g} d" if m else f"{v:g} d" for v, m in zip(values, marked, strict=True)],
        textposition="outside",
        cliponaxis=False,
        marker={
            "color": [HIGHLIGHT if m else OTHERS for m in marked],
            "pattern": {"shape": ["x" if m else "" for m in marked]},
        },
        hovertemplate="%{y}: %{x} days<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 1.25 * values.max()])
    return fig


def comparison_takeaway(metric: str, highlight: str) -> str:
    """One sentence on where ``highlight`` stands on ``metric``."""
    _check_metric(metric)
    if metric == "serum share":
        return serum_share_takeaway(highlight)
    check_isotype(highlight)
    table = classes()
    days = table["half_life_days"]
    longest = days.idxmax()
    text = (
        f"{highlight} lasts about {days[highlight]:g} days in serum; {longest} lasts longest "
        f"({days[longest]:g} days), which is why the mother's {longest} still protects a baby "
        f"for months (source: {table.loc[highlight, 'source']})."
    )
    if highlight == "IgM":
        text += " Textbooks quote different half-lives for IgM; treat the figure as approximate."
    return text


# --------------------------------------------------------------------------- patterns
_LEVEL_Y = {"low": -1.0, "normal": 0.0, "high": 1.0}


def pattern_figure(pattern: str) -> go.Figure:
    """Each serum class placed below, within or above its reference interval for ``pattern``."""
    rows = ig_pattern(pattern)
    fig = theme.figure(
        title=f"Serum immunoglobulins: {pattern} pattern",
        x_title="Immunoglobulin class",
        y_title="vs reference interval",
        height=380,
        showlegend=False,
        margin={"l": 110},
    )
    fig.add_hrect(
        y0=-0.5,
        y1=0.5,
        fillcolor="#dddddd",
        line={"width": 1, "dash": "dot", "color": "#777"},
        layer="below",
        annotation_text="reference interval",
        annotation_position="top left",
    )
    low = [iso for iso, level in rows["level"].items() if level == "low"]
    normal = [iso for iso, level in rows["level"].items() if level == "normal"]
    either = [iso for iso, level in rows["level"].items() if level == "normal or high"]
    high = [iso for iso, level in rows["level"].items() if level == "high"]
    for group, y, symbol, color, label in (
        (low, -1.0, "triangle-down", theme.OKABE_ITO["vermillion"], "low"),
        (normal, 0.0, "circle", theme.OKABE_ITO["bluish_green"], "normal"),
        (high, 1.0, "triangle-up", theme.OKABE_ITO["blue"], "high"),
    ):
        if group:
            fig.add_scatter(
                x=group,
                y=[y] * len(group),
                mode="markers+text",
                marker={"symbol": symbol, "size": 22, "color": color},
                text=[label] * len(group),
                textposition="middle right",
                hovertemplate="%{x}: " + label + "<extra></extra>",
            )
    for iso in either:
        fig.add_scatter(
            x=[iso, iso],
            y=[0.0, 1.0],
            mode="lines+markers+text",
            line={"color": theme.OKABE_ITO["blue"], "width": 8},
            marker={"symbol": ["circle", "triangle-up"], "size": 20},
            text=["", "normal or high"],
            textposition="middle right",
            hovertemplate=f"{iso}: normal or high<extra></extra>",
        )
    fig.update_yaxes(
        range=[-1.6, 1.6],
        tickvals=[-1, 0, 1],
        ticktext=["below", "within", "above"],
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(rows.index))
    return fig


def pattern_takeaway(pattern: str) -> str:
    """The pattern in words, with its caveat."""
    rows = ig_pattern(pattern)
    if pattern == "healthy":
        return (
            "In a healthy person every class sits within the reference interval for age "
            "(course bands: Mayo Clinic for IgG, IgA and IgM; ARUP for IgE)."
        )
    low = ", ".join(iso for iso, level in rows["level"].items() if level == "low")
    return (
        f"In HIGM {low} are low while IgM is normal or high: B cells make IgM but cannot "
        f"switch. {rows.loc['IgM', 'note']} (sources: {rows.loc['IgM', 'source']})."
    )


# --------------------------------------------------------------------------- infant IgG
MONTH = 365.25 / 12
_TRACES = (
    ("maternal", "mother's IgG", 1, "dash"),
    ("own", "infant's own IgG", 2, "dot"),
    ("total", "total IgG", 0, "solid"),
)


def _band_parts(last_day: float) -> tuple[list[dict], dict]:
    """The IgG reference bands up to ``last_day``: their shapes, and a legend entry for them."""
    bands = igg_bands()
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": band.age_low_days / MONTH,
            "x1": min(band.age_high_days, last_day) / MONTH,
            "y0": band.low,
            "y1": band.high,
            "fillcolor": "rgba(150,150,150,0.18)",
            "line": {"color": "#777", "width": 1, "dash": "dot"},
            "layer": "below",
        }
        for band in bands.itertuples()
        if band.age_low_days < last_day
    ]
    legend = {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "marker": {"symbol": "square", "size": 14, "color": "rgba(150,150,150,0.35)"},
        "name": f"reference band ({bands['source'].iloc[0]})",
    }
    return shapes, legend


def _unit_note() -> dict:
    """The unit conversion in the figure's top right corner (a new dict for each figure)."""
    return {
        "x": 1, "y": 1, "xref": "paper", "yref": "paper", "xanchor": "right",
        "yanchor": "bottom", "text": "100 mg/dL = 1 g/L", "showarrow": False,
        "font": {"size": 12},
    }  # fmt: skip


def _igg_by_age_figure(
    title: str, last_day: float, traces: list[dict], *, months: float, dtick: int
) -> go.Figure:
    """Serum IgG (mg/dL) against age (months, 0 to ``months``), over the IgG reference bands:
    built from trusted dicts (:func:`fast_figure`), as the IgG explorer redraws it on every
    change of its sliders."""
    shapes, legend = _band_parts(last_day)
    return fast_figure(
        title=title,
        x_title="Age (months)",
        y_title="Serum IgG (mg/dL)",
        data=[legend, *traces],
        height=460,
        legend={"orientation": "h", "y": -0.22},
        margin={"l": 90},
        annotations=[_unit_note()],
        shapes=shapes,
        xaxis={"range": [0, months], "dtick": dtick},
        yaxis={"range": [0, 1400]},
    )


CURVE_STEP = 3  # days between plotted points of the infant IgG curves


def infant_igg_figure(
    curve: pd.DataFrame, nadir: dict, below_day: int | None, *, title: str
) -> go.Figure:
    """Maternal, own and total IgG (mg/dL) against age (months) over the IgG reference bands."""
    # The curves are smooth: every CURVE_STEP-th day (and the last) draws the same lines with
    # a third of the points to send and draw; the nadir and band markers use the exact days.
    shown = curve.iloc[np.unique(np.r_[np.arange(0, len(curve), CURVE_STEP), len(curve) - 1])]
    months = (shown["age_days"] / MONTH).to_numpy(dtype=np.float32)
    traces = [
        {
            "type": "scatter",
            "x": months,
            "y": shown[column].to_numpy(dtype=np.float32),
            "mode": "lines",
            "name": label,
            "line": {
                "color": theme.COLORWAY[index],
                "dash": dash,
                "width": 4 if index == 0 else 2.5,
            },
            "hovertemplate": f"{label}: %{{y:.0f}} mg/dL at %{{x:.1f}} months<extra></extra>",
        }
        for column, label, index, dash in _TRACES
    ]
    if nadir["recovers"]:
        text = f"nadir: {nadir['total']:.0f} mg/dL at {nadir['age_days'] / MONTH:.1f} months"
        black = theme.OKABE_ITO["black"]
        traces.append(_marker(nadir["age_days"] / MONTH, nadir["total"], text, "star", black, 18,
                              "nadir (lowest total)"))  # fmt: skip
    if below_day is not None:
        level = float(curve["total"].iloc[int(np.searchsorted(curve["age_days"], below_day))])
        text = f"below the band from {below_day / MONTH:.1f} months"
        color = theme.OKABE_ITO["vermillion"]
        traces.append(_marker(below_day / MONTH, level, text, "triangle-down", color, 16,
                              "first below the band"))  # fmt: skip
    last_day = float(curve["age_days"].iloc[-1])
    return _igg_by_age_figure(title, last_day, traces, months=last_day / MONTH, dtick=3)


def _marker(x: float, y: float, text: str, symbol: str, color: str, size: int, name: str) -> dict:
    """One labelled point (a marker with its text above right)."""
    return {
        "type": "scatter", "x": [x], "y": [y], "mode": "markers+text",
        "marker": {"symbol": symbol, "size": size, "color": color},
        "text": [text], "textposition": "top right", "name": name,
    }  # fmt: skip


def infant_igg_takeaway(
    nadir: dict, below_day: int | None, *, class_switching: bool, hide_below: bool = False
) -> str:
    """What the curve shows, in one or two sentences (``hide_below`` leaves out when the total
    first falls below the band, for a learner who has still to predict it)."""
    if class_switching and nadir["recovers"]:
        text = (
            f"The mother's IgG fades while the infant's own rises, so the total bottoms out at "
            f"about {nadir['total']:.0f} mg/dL at {nadir['age_days'] / MONTH:.1f} months, "
            "then recovers."
        )
    else:
        text = (
            "Without class switching the infant makes no IgG of his own: once the mother's "
            "IgG has gone there is no recovery, and the total keeps falling towards zero."
        )
    if hide_below:
        return text
    if below_day is None:
        return text + " The total never falls below the lower limit of the reference band for age."
    return text + f" It falls below the reference band at {below_day / MONTH:.1f} months."


def prediction_figure(predicted_months: float) -> go.Figure:
    """The reveal: a boy with X-linked HIGM, the learner's prediction and the cohort milestones."""
    from higm_lessons.immunoglobulins import diagnosis_milestones, infant_igg

    milestones = diagnosis_milestones()
    last_day = int(milestones["age_days"].max())
    curve = infant_igg(np.arange(last_day + 1), class_switching=False)
    below = first_below_band(class_switching=False)
    if below is None:
        raise ValueError("the model's IgG without class switching never falls below the band")
    total = {
        "type": "scatter",
        "x": (curve["age_days"] / MONTH).to_numpy(),
        "y": curve["total"].to_numpy(),
        "mode": "lines",
        "name": "his total IgG (all from his mother)",
        "line": {"color": theme.COLORWAY[0], "width": 4},
    }
    fig = _igg_by_age_figure("A boy with X-linked HIGM: IgG against the reference band",
                             last_day, [total], months=last_day / MONTH, dtick=6)  # fmt: skip
    fig.add_vline(
        x=predicted_months,
        line={"dash": "dash", "color": theme.edge(theme.OKABE_ITO["orange"]), "width": 3},
        annotation_text=f"your prediction: {predicted_months:g} months",
        annotation_position="bottom right",
    )
    fig.add_vline(
        x=below / MONTH,
        line={"dash": "solid", "color": theme.OKABE_ITO["vermillion"], "width": 3},
        annotation_text=f"below the band: {below / MONTH:.1f} months",
        annotation_position="top right",
    )
    for row in milestones.itertuples():
        fig.add_scatter(
            x=[row.age_days / MONTH],
            y=[900],
            mode="markers+text",
            marker={"symbol": "diamond", "size": 16, "color": theme.OKABE_ITO["reddish_purple"]},
            text=[f"{row.share_text} diagnosed by {row.age_days / 365.25:.0f} y"],
            textposition="bottom left" if row.age_days == last_day else "bottom center",
            name=f"cohort: {row.share_text} diagnosed ({row.source})",
        )
    return fig
