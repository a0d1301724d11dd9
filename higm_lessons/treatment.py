"""Immunoglobulin replacement as a one-compartment model (lesson 10).

Each dose is an instant infusion that raises serum IgG by ``dose / volume``;
IgG then falls by first-order elimination with rate ``k = ln 2 / half-life``.
The patient's own IgG, ``baseline_mg_dl``, is taken as constant. With doses at
day 0, τ, 2τ, ... the level at day t (n = the number of doses so far) is::

    C(t) = baseline + ΔC · e^(-k·(t - (n-1)·τ)) · (1 - e^(-k·n·τ)) / (1 - e^(-k·τ))

and the steady-state trough (the level just before a dose, once doses balance
elimination) is ``baseline + ΔC / (e^(k·τ) - 1)``.

A dose given under the skin (``route="SC"``) is not all absorbed: only the
fraction ``F`` (the bioavailability relative to an infusion into a vein) reaches
the blood, so each SC dose raises the level by ``F · dose / volume``.

Every default comes from ``data/treatment.csv`` (an argument left at ``None`` is
read from it): the IgG half-life, the bioavailability of each route, and a volume
of distribution calibrated so that, dosing every 4 weeks, each extra 100 mg/kg
raises the steady-state trough by the published average. It is a teaching model
of shape and proportion, not a dosing tool.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Real
from typing import TypedDict, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from higm_lessons import checks
from higm_lessons.data import load_table

FOUR_WEEKS = 28.0
"""Drug use is compared per 4 weeks, whatever the interval (a unit of comparison, not medicine)."""
ROUTES = {"IV": "ivig", "SC": "scig"}
"""Each route and the prefix of its rows in data/treatment.csv (``ivig_bioavailability``, ...)."""


class Kinetics(TypedDict, total=False):
    """The body and route arguments shared by the model's functions (all optional)."""

    half_life_days: float | None
    volume_dl_per_kg: float | None
    baseline_mg_dl: float
    route: str


_DEFAULTS = {
    "DEFAULT_HALF_LIFE_DAYS": "igg_half_life_days",
    "DEFAULT_VOLUME_DL_PER_KG": "volume_dl_per_kg",
}


def __getattr__(name: str) -> float:
    """``DEFAULT_HALF_LIFE_DAYS`` and ``DEFAULT_VOLUME_DL_PER_KG``, read from data/treatment.csv."""
    if name in _DEFAULTS:
        return parameters()[_DEFAULTS[name]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- checks
def _number(name: str, value: object, *, minimum: float = 0.0, strict: bool = True) -> float:
    """A finite real number above (or, with ``strict=False``, at least) ``minimum``."""
    value = checks.number(name, value)
    if value < minimum or (strict and value == minimum):
        relation = "above" if strict else "at least"
        raise ValueError(f"{name} must be {relation} {minimum:g}, not {value:g}")
    return value


def _days(days: object) -> npt.NDArray[np.float64]:
    """Days as a 1-D float array of finite numbers >= 0 (a single number is allowed)."""
    if isinstance(days, str | bytes | bool):
        raise TypeError(f"days must be a number or a list of numbers of days, not {days!r}")
    array = np.atleast_1d(np.asarray(days, dtype=object))
    if array.ndim != 1 or array.size == 0:
        raise ValueError("days must be one number or a flat, non-empty list of days")
    for item in array:
        if isinstance(item, bool) or not isinstance(item, Real):
            raise TypeError(f"days must hold numbers only, not {type(item).__name__} {item!r}")
    values = array.astype(float)
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError("days must be finite numbers of days from 0 (the first dose) on")
    return values


def _rate(half_life_days: float | None = None) -> float:
    if half_life_days is None:
        half_life_days = parameters()["igg_half_life_days"]
    return math.log(2) / _number("half_life_days", half_life_days)


def _volume(volume_dl_per_kg: float | None = None) -> float:
    if volume_dl_per_kg is None:
        volume_dl_per_kg = parameters()["volume_dl_per_kg"]
    return _number("volume_dl_per_kg", volume_dl_per_kg)


def _route(route: object) -> str:
    """The route as "IV" or "SC" (any case)."""
    if not isinstance(route, str):
        raise TypeError(f"route must be 'IV' or 'SC', not {type(route).__name__} {route!r}")
    key = route.strip().upper()
    if key not in ROUTES:
        raise ValueError(f"route must be 'IV' (intravenous) or 'SC' (subcutaneous), not {route!r}")
    return key


def bioavailability(route: str = "IV") -> float:
    """The fraction of a dose that reaches the blood by ``route``, relative to an IV infusion.

    From data/treatment.csv: 1 for IV (the reference) and about two-thirds for SC.
    """
    return parameters()[f"{ROUTES[_route(route)]}_bioavailability"]


def _kinetics(
    interval_days: float,
    half_life_days: float | None,
    volume_dl_per_kg: float | None,
    baseline_mg_dl: float,
) -> tuple[float, float, float, float]:
    """The checked schedule and body parameters: (interval, elimination rate, volume, baseline).

    ``None`` for the half-life or the volume means the value in data/treatment.csv.
    """
    return (
        _number("interval_days", interval_days),
        _rate(half_life_days),
        _volume(volume_dl_per_kg),
        _number("baseline_mg_dl", baseline_mg_dl, strict=False),
    )


# --------------------------------------------------------------------------- the model
def igg_levels(
    days: npt.ArrayLike,
    *,
    dose_mg_per_kg: float,
    interval_days: float,
    half_life_days: float | None = None,
    volume_dl_per_kg: float | None = None,
    baseline_mg_dl: float = 0.0,
    route: str = "IV",
) -> pd.DataFrame:
    """Serum IgG (mg/dL) on the given days; doses at day 0, interval, 2 x interval, ...

    A level on a dosing day is the level just after that day's dose. ``route`` is
    "IV" or "SC"; an SC dose raises the level by its absorbed fraction only.
    Returns columns ``day`` and ``igg_mg_dl``, one row per requested day, in order.
    """
    dose = _number("dose_mg_per_kg", dose_mg_per_kg)
    tau, k, volume, baseline = _kinetics(
        interval_days, half_life_days, volume_dl_per_kg, baseline_mg_dl
    )
    t = _days(days)
    rise = bioavailability(route) * dose / volume
    # Doses given so far, counting one on the day itself (a small tolerance absorbs
    # rounding, so that day 56 with a 28-day interval counts the dose of day 56).
    given = np.floor(t / tau + 1e-12) + 1
    since_last = np.maximum(t - (given - 1) * tau, 0.0)
    accumulated = -np.expm1(-k * tau * given) / -np.expm1(-k * tau)
    levels = baseline + rise * np.exp(-k * since_last) * accumulated
    return pd.DataFrame({"day": t, "igg_mg_dl": levels})


def steady_state_trough(
    dose_mg_per_kg: float,
    interval_days: float,
    *,
    half_life_days: float | None = None,
    volume_dl_per_kg: float | None = None,
    baseline_mg_dl: float = 0.0,
    route: str = "IV",
) -> float:
    """The lowest level (mg/dL), just before a dose, once repeated dosing has settled."""
    dose = _number("dose_mg_per_kg", dose_mg_per_kg)
    tau, k, volume, baseline = _kinetics(
        interval_days, half_life_days, volume_dl_per_kg, baseline_mg_dl
    )
    absorbed = bioavailability(route) * dose
    if k * tau > 700:  # e^(k·τ) overflows: nothing is left of a dose by the next one
        return baseline
    return float(baseline + (absorbed / volume) / math.expm1(k * tau))


def dose_for_trough(
    target_trough_mg_dl: float,
    interval_days: float,
    *,
    half_life_days: float | None = None,
    volume_dl_per_kg: float | None = None,
    baseline_mg_dl: float = 0.0,
    route: str = "IV",
) -> float:
    """The dose (mg/kg) whose steady-state trough is exactly ``target_trough_mg_dl``.

    By ``route="SC"`` the dose is larger by 1 / bioavailability: only part of it is absorbed.
    """
    target = _number("target_trough_mg_dl", target_trough_mg_dl)
    tau, k, volume, baseline = _kinetics(
        interval_days, half_life_days, volume_dl_per_kg, baseline_mg_dl
    )
    fraction = bioavailability(route)
    if target <= baseline:
        raise ValueError(
            f"target_trough_mg_dl ({target:g}) must be above baseline_mg_dl ({baseline:g}); "
            "no dose is needed to stay above a level the patient already has"
        )
    if k * tau > 700:
        raise ValueError(
            f"interval_days ({tau:g}) is too long for half_life_days: almost nothing of a dose "
            "is left by the next one, so no finite dose keeps the trough up"
        )
    return float((target - baseline) * volume * math.expm1(k * tau) / fraction)


def per_four_weeks(dose_mg_per_kg: float, interval_days: float) -> float:
    """How much drug (mg/kg) a schedule uses in 4 weeks, so schedules can be compared."""
    dose = _number("dose_mg_per_kg", dose_mg_per_kg)
    tau = _number("interval_days", interval_days)
    return dose * FOUR_WEEKS / tau


def compare_schedules(
    target_trough_mg_dl: float,
    schedules: Iterable[tuple[str, float]],
    *,
    half_life_days: float | None = None,
    volume_dl_per_kg: float | None = None,
    baseline_mg_dl: float = 0.0,
) -> pd.DataFrame:
    """For each (route, interval) schedule, the dose reaching the target trough and its drug use.

    ``schedules`` is a list of pairs such as ``[("SC", 7), ("IV", 28)]``. Columns ``route``,
    ``interval_days``, ``dose_mg_per_kg``, ``mg_per_kg_per_4_weeks``; least drug first.
    """
    if isinstance(schedules, str) or not hasattr(schedules, "__iter__"):
        raise TypeError(
            "schedules must be a list of (route, interval_days) pairs, such as [('SC', 7)]"
        )
    pairs = []
    for item in schedules:
        if isinstance(item, str) or not isinstance(item, tuple | list) or len(item) != 2:
            raise TypeError(f"schedules must hold (route, interval_days) pairs, not {item!r}")
        pairs.append((_route(item[0]), _number("interval_days", item[1])))
    if not pairs:
        raise ValueError("schedules must hold at least one (route, interval_days) pair")
    rows = []
    for route, tau in dict.fromkeys(pairs):
        dose = dose_for_trough(
            target_trough_mg_dl,
            tau,
            half_life_days=half_life_days,
            volume_dl_per_kg=volume_dl_per_kg,
            baseline_mg_dl=baseline_mg_dl,
            route=route,
        )
        rows.append((route, tau, dose, per_four_weeks(dose, tau)))
    frame = pd.DataFrame(
        rows, columns=["route", "interval_days", "dose_mg_per_kg", "mg_per_kg_per_4_weeks"]
    )
    return frame.sort_values("mg_per_kg_per_4_weeks", kind="stable").reset_index(drop=True)


def cheapest_schedules(
    target_trough_mg_dl: float,
    intervals_days: Iterable[float] = (7, 14, 21, 28),
    *,
    half_life_days: float | None = None,
    volume_dl_per_kg: float | None = None,
    baseline_mg_dl: float = 0.0,
    route: str = "IV",
) -> pd.DataFrame:
    """For each interval by one route, the dose reaching the target trough and the drug it uses
    per 4 weeks.

    Columns ``interval_days``, ``dose_mg_per_kg``, ``mg_per_kg_per_4_weeks``; least drug first.
    """
    if isinstance(intervals_days, str) or not hasattr(intervals_days, "__iter__"):
        raise TypeError("intervals_days must be a list of intervals in days, such as [7, 28]")
    intervals = [_number("intervals_days", tau) for tau in intervals_days]
    if not intervals:
        raise ValueError("intervals_days must hold at least one interval")
    route = _route(route)
    frame = compare_schedules(
        target_trough_mg_dl,
        [(route, tau) for tau in intervals],
        half_life_days=half_life_days,
        volume_dl_per_kg=volume_dl_per_kg,
        baseline_mg_dl=baseline_mg_dl,
    )
    return frame.drop(columns="route")


def grams_per_infusion(dose_mg_per_kg: float, weight_kg: float) -> float:
    """Grams of immunoglobulin in one infusion for a patient of ``weight_kg``."""
    dose = _number("dose_mg_per_kg", dose_mg_per_kg)
    weight = _number("weight_kg", weight_kg)
    if weight > 250:
        raise ValueError(f"weight_kg must be a body weight from above 0 to 250 kg, not {weight:g}")
    return dose * weight / 1000.0


# --------------------------------------------------------------------------- sourced relations
def parameters() -> dict[str, float]:
    """Every parameter in data/treatment.csv, by name."""
    table = load_table("treatment.csv")
    return dict(zip(table["parameter"], table["value"].astype(float), strict=True))


def parameter_table() -> pd.DataFrame:
    """data/treatment.csv with its units, sources and notes, indexed by parameter."""
    return load_table("treatment.csv").set_index("parameter")


def target_band() -> tuple[float, float]:
    """The course's trough target band (low, high) in mg/dL."""
    p = parameters()
    return p["trough_target_low_mg_dl"], p["trough_target_high_mg_dl"]


@overload
def pneumonia_rate(trough_mg_dl: float) -> float: ...
@overload
def pneumonia_rate(trough_mg_dl: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
def pneumonia_rate(trough_mg_dl: npt.ArrayLike) -> float | npt.NDArray[np.float64]:
    """Modelled pneumonia incidence (cases per patient-year) at a steady trough IgG (mg/dL).

    Orange et al. 2010: incidence is multiplied by the rate ratio (0.726) for each
    100 mg/dL of trough, anchored at 0.113 cases per patient-year at 500 mg/dL.
    Accepts a number (returns a float) or a list/array (returns an array).
    """
    scalar = isinstance(trough_mg_dl, Real) and not isinstance(trough_mg_dl, bool)
    if scalar:
        troughs = np.array([_number("trough_mg_dl", trough_mg_dl, strict=False)])
    else:
        try:
            troughs = _days(trough_mg_dl)
        except (TypeError, ValueError) as exc:
            raise type(exc)(str(exc).replace("days", "trough_mg_dl")) from None
    p = parameters()
    steps = (troughs - p["pneumonia_reference_trough_mg_dl"]) / 100.0
    rates = p["pneumonia_rate_at_reference"] * p["pneumonia_rate_ratio_per_100_mg_dl"] ** steps
    return float(rates[0]) if scalar else rates


def replacement_summary(
    *,
    dose_mg_per_kg: float,
    interval_days: float,
    weight_kg: float,
    half_life_days: float | None = None,
    volume_dl_per_kg: float | None = None,
    baseline_mg_dl: float = 0.0,
    route: str = "IV",
) -> dict[str, float]:
    """What a schedule means: grams per infusion, drug per 4 weeks, troughs and pneumonia rate."""
    kinetics: Kinetics = {
        "half_life_days": half_life_days,
        "volume_dl_per_kg": volume_dl_per_kg,
        "baseline_mg_dl": baseline_mg_dl,
        "route": route,
    }
    trough = steady_state_trough(dose_mg_per_kg, interval_days, **kinetics)
    tau, k, volume, baseline = _kinetics(
        interval_days, half_life_days, volume_dl_per_kg, baseline_mg_dl
    )
    fraction = bioavailability(route)
    rise = fraction * float(dose_mg_per_kg) / volume
    grams = grams_per_infusion(dose_mg_per_kg, weight_kg)
    low, high = target_band()
    return {
        "bioavailability": fraction,
        "grams_per_infusion": grams,
        "grams_per_4_weeks": grams * FOUR_WEEKS / tau,
        "mg_per_kg_per_4_weeks": per_four_weeks(dose_mg_per_kg, tau),
        # Just before the second dose: the first dose after one interval of elimination.
        "first_trough_mg_dl": baseline + rise * math.exp(-k * tau),
        "steady_trough_mg_dl": trough,
        "steady_peak_mg_dl": trough + rise,
        "pneumonia_per_patient_year": pneumonia_rate(trough),
        "target_low_mg_dl": low,
        "target_high_mg_dl": high,
    }


def model_check() -> pd.DataFrame:
    """The model's steady-state troughs at the studies' lowest and highest mean doses,
    every 3 and every 4 weeks, beside the range of mean troughs the studies reported.

    The model matches the published *extra* trough per extra dose; the absolute
    levels it gives are lower than those reported (see lesson 10).
    """
    p = parameters()
    rows = []
    for dose in (p["study_dose_low_mg_kg"], p["study_dose_high_mg_kg"]):
        for tau in (p["ivig_interval_short_days"], p["ivig_interval_long_days"]):
            rows.append(
                {
                    "dose_mg_per_kg": round(dose),
                    "interval_days": round(tau),
                    "model_trough_mg_dl": round(steady_state_trough(dose, tau)),
                    "reported_mean_troughs_mg_dl": (
                        f"{p['study_trough_low_mg_dl']:.0f} to {p['study_trough_high_mg_dl']:.0f}"
                    ),
                }
            )
    return pd.DataFrame(rows)
