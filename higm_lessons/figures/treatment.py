"""Figures for lessons 10 and 11: IgG levels under replacement therapy, and transplant outcomes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from higm_lessons import labs, theme
from higm_lessons.data import load_table
from higm_lessons.treatment import (
    Kinetics,
    bioavailability,
    igg_levels,
    replacement_summary,
    steady_state_trough,
    target_band,
)

LEVEL = theme.OKABE_ITO["blue"]
TROUGH = theme.OKABE_ITO["vermillion"]
BAND = theme.OKABE_ITO["bluish_green"]
TARGET = theme.OKABE_ITO["reddish_purple"]
SIX_MONTHS = 182


def _sample_days(interval_days: float, horizon_days: float) -> np.ndarray:
    """Days to plot: a fine grid plus the moments just before each dose (the troughs)."""
    grid = np.linspace(0, horizon_days, 400)
    doses = np.arange(interval_days, horizon_days + 1e-9, interval_days)
    before = doses - 1e-6 * interval_days
    return np.unique(np.concatenate([grid, before, doses]))


def levels_figure(
    *,
    dose_mg_per_kg: float,
    interval_days: float,
    half_life_days: float | None = None,
    baseline_mg_dl: float = 0.0,
    route: str = "IV",
    horizon_days: float = SIX_MONTHS,
    target_mg_dl: float | None = None,
    title: str | None = None,
) -> go.Figure:
    """Serum IgG over ``horizon_days`` for a schedule, against the target band.

    Troughs are marked with triangles and labelled; the steady-state trough is a
    dashed line. ``target_mg_dl`` adds a dotted target line (for the exercise).
    ``route`` "SC" counts only the absorbed part of each dose.
    """
    kinetics: Kinetics = {
        "half_life_days": half_life_days,
        "baseline_mg_dl": baseline_mg_dl,
        "route": route,
    }
    levels, troughs = _levels_and_troughs(
        dose_mg_per_kg, interval_days, float(horizon_days), kinetics
    )
    steady = steady_state_trough(dose_mg_per_kg, interval_days, **kinetics)
    low, high = target_band()
    fig = theme.figure(
        title=title or f"Serum IgG with {dose_mg_per_kg:g} mg/kg every {interval_days:g} days",
        x_title="Days since the first dose",
        y_title="Serum IgG (mg/dL)",
        height=420,
        legend={"orientation": "h", "y": -0.22, "x": 0},
    )
    _add_target_band(fig, low, high)
    _add_levels(fig, levels, troughs)
    _add_reference_lines(fig, steady, target_mg_dl)
    top = max(float(levels["igg_mg_dl"].max()), high) * 1.1
    fig.update_yaxes(range=[0, top], rangemode="tozero")
    fig.update_xaxes(range=[0, horizon_days])
    return fig


def _levels_and_troughs(
    dose_mg_per_kg: float, interval_days: float, horizon_days: float, kinetics: Kinetics
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The level curve over the horizon, and the troughs just before each dose."""
    days = _sample_days(float(interval_days), horizon_days)
    levels = igg_levels(
        days, dose_mg_per_kg=dose_mg_per_kg, interval_days=interval_days, **kinetics
    )
    doses = np.arange(interval_days, horizon_days + 1e-9, interval_days)
    troughs = igg_levels(
        doses - 1e-6 * interval_days,
        dose_mg_per_kg=dose_mg_per_kg,
        interval_days=interval_days,
        **kinetics,
    )
    return levels, troughs


def _add_target_band(fig: go.Figure, low: float, high: float) -> None:
    fig.add_hrect(
        y0=low,
        y1=high,
        fillcolor=BAND,
        opacity=0.12,
        line_width=0,
        annotation_text=f"target band {low:,.0f} to {high:,.0f} mg/dL",
        annotation_position="top left",
    )


def _add_levels(fig: go.Figure, levels: pd.DataFrame, troughs: pd.DataFrame) -> None:
    """The level curve (with g/L on hover) and the trough markers."""
    fig.add_scatter(
        x=levels["day"],
        y=levels["igg_mg_dl"],
        mode="lines",
        name="IgG level",
        line={"color": LEVEL, "dash": "solid"},
        customdata=labs.convert(levels["igg_mg_dl"], "mg/dL", "g/L", analyte="IgG"),
        hovertemplate="day %{x:.0f}: %{y:.0f} mg/dL (%{customdata:.1f} g/L)<extra></extra>",
    )
    fig.add_scatter(
        x=troughs["day"],
        y=troughs["igg_mg_dl"],
        mode="markers",
        name="trough (just before a dose)",
        marker={"color": TROUGH, "symbol": "triangle-down", "size": 11},
        hovertemplate="trough before the dose on day %{x:.0f}: %{y:.0f} mg/dL<extra></extra>",
    )


def _add_reference_lines(fig: go.Figure, steady: float, target_mg_dl: float | None) -> None:
    """The dashed steady-state trough and, for the exercise, the learner's dotted target."""
    fig.add_hline(
        y=steady,
        line={"color": TROUGH, "dash": "dash", "width": 2},
        annotation_text=f"steady-state trough {steady:,.0f} mg/dL",
        annotation_position="bottom right",
    )
    if target_mg_dl is not None:
        fig.add_hline(
            y=target_mg_dl,
            line={"color": TARGET, "dash": "dot", "width": 3},
            annotation_text=f"your target {target_mg_dl:,.0f} mg/dL",
            annotation_position="top right",
        )


def levels_takeaway(
    *,
    dose_mg_per_kg: float,
    interval_days: float,
    weight_kg: float,
    half_life_days: float | None = None,
    baseline_mg_dl: float = 0.0,
    route: str = "IV",
) -> str:
    """One sentence a learner can read instead of the level chart."""
    s = replacement_summary(
        dose_mg_per_kg=dose_mg_per_kg,
        interval_days=interval_days,
        weight_kg=weight_kg,
        half_life_days=half_life_days,
        baseline_mg_dl=baseline_mg_dl,
        route=route,
    )
    fraction = bioavailability(route)
    way = (
        "into a vein"
        if fraction == 1
        else f"under the skin (about {fraction:.0%} of it absorbed into the blood)"
    )
    trough = s["steady_trough_mg_dl"]
    if trough < s["target_low_mg_dl"]:
        where = f"below the target band (which starts at {s['target_low_mg_dl']:,.0f} mg/dL)"
    elif trough > s["target_high_mg_dl"]:
        where = f"above the band's upper edge of {s['target_high_mg_dl']:,.0f} mg/dL"
    else:
        where = "inside the target band"
    return (
        f"{dose_mg_per_kg:g} mg/kg every {interval_days:g} days {way} is "
        f"{s['grams_per_infusion']:.1f} g per dose for {weight_kg:g} kg; the level swings "
        f"between about {trough:,.0f} and {s['steady_peak_mg_dl']:,.0f} mg/dL once settled, "
        f"so the trough is {where}, and the modelled pneumonia rate is "
        f"{s['pneumonia_per_patient_year']:.3f} cases per patient-year."
    )


# --------------------------------------------------------------------------- transplant
def hsct_rows() -> pd.DataFrame:
    """The published survival figures (rows of data/hsct_outcomes.csv that measure survival)."""
    table = load_table("hsct_outcomes.csv")
    return table[table["measure"].str.contains("survival")].reset_index(drop=True)


def hsct_label(row: Mapping[str, object]) -> str:
    """One published survival figure as a bar label."""
    return f"{row['study']}: {row['measure']}, {row['group']} ({row['timepoint']})"


def hsct_figure(highlight: int = 0) -> go.Figure:
    """Horizontal bars of each published survival figure; ``highlight`` marks one row."""
    rows = hsct_rows()
    if isinstance(highlight, bool) or not isinstance(highlight, int | np.integer):
        raise TypeError(f"highlight must be a row number, not {highlight!r}")
    if not 0 <= highlight < len(rows):
        raise ValueError(f"highlight must be from 0 to {len(rows) - 1}, not {highlight}")
    labels = [hsct_label(r) for r in rows.to_dict(orient="records")]
    without = (rows["group"] == "without HSCT").to_numpy()
    marked = np.arange(len(rows)) == highlight
    fig = theme.figure(
        title="Published survival in X-linked HIGM, with and without transplant",
        x_title="Patients alive, or alive without events or disease (%)",
        y_title="Study and measure",
        height=380,
        showlegend=False,
        margin={"l": 20, "r": 30, "t": 70, "b": 60},
    )
    fig.add_bar(
        x=rows["percent"],
        y=labels,
        orientation="h",
        text=[
            f"{'◀ ' if m else ''}{p:.1f}% (cohort of {n}){' · without HSCT' if w else ''}"
            for p, n, w, m in zip(rows["percent"], rows["patients"], without, marked, strict=True)
        ],
        textposition="outside",
        cliponaxis=False,
        marker={
            "color": [
                theme.OKABE_ITO["vermillion"] if m else theme.OKABE_ITO["sky_blue"] for m in marked
            ],
            "pattern": {
                "shape": [
                    "/" if w else ("x" if m else "") for w, m in zip(without, marked, strict=True)
                ]
            },
        },
        hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(range=[0, 115])
    return fig


def hsct_takeaway(highlight: int = 0) -> str:
    """The marked figure in words, with its cohort, period and source."""
    rows = hsct_rows()
    if isinstance(highlight, bool) or not isinstance(highlight, int | np.integer):
        raise TypeError(f"highlight must be a row number, not {highlight!r}")
    if not 0 <= highlight < len(rows):
        raise ValueError(f"highlight must be from 0 to {len(rows) - 1}, not {highlight}")
    row = rows.iloc[int(highlight)]
    return (
        f"{row['study']} ({row['cohort']}; {row['patients']} patients, {row['period']}): "
        f"{row['measure']} {row['group']} was {row['percent']:.1f}% {row['timepoint']}. "
        f"{row['note'] or ''} Source: [{row['source']}]."
    )
