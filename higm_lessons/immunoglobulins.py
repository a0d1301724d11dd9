"""The five immunoglobulin classes: facts from ``data/immunoglobulins.csv``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from higm_lessons import checks
from higm_lessons.checks import one_of
from higm_lessons.data import load_table

ISOTYPES = ("IgG", "IgA", "IgM", "IgE", "IgD")


def classes() -> pd.DataFrame:
    """One row per class (IgG, IgA, IgM, IgE, IgD), indexed by isotype.

    Columns include ``structure``, ``molecular_weight_kda``, ``half_life_days``,
    ``crosses_placenta``, ``mean_serum_mg_per_ml``, ``serum_share`` (fraction of
    total serum immunoglobulin, computed from the mean adult serum levels),
    ``main_roles`` and ``source``.
    """
    table = load_table("immunoglobulins.csv").set_index("isotype").loc[list(ISOTYPES)]
    total = table["mean_serum_mg_per_ml"].sum()
    table.insert(
        table.columns.get_loc("mean_serum_mg_per_ml") + 1,
        "serum_share",
        table["mean_serum_mg_per_ml"] / total,
    )
    return table


def check_isotype(isotype: object) -> str:
    """Return ``isotype`` if it names one of the five classes, else raise a clear error."""
    return one_of("isotype", isotype, ISOTYPES)


def format_level(mg_per_ml: float) -> str:
    """A serum level in plain decimals a learner can read: 13.5, 0.03, 0.00005 (never 5e-05)."""
    return np.format_float_positional(float(mg_per_ml), precision=3, unique=True, trim="-",
                                      fractional=False)  # fmt: skip


def format_share(share: float) -> str:
    """A serum share as a percentage a learner can read: 72.9%, 0.16%, 0.0003%."""
    percent = 100 * share
    if percent >= 1:
        return f"{percent:.1f}%"
    if percent >= 0.01:
        return f"{percent:.2f}%"
    return f"{np.format_float_positional(percent, precision=1, fractional=False)}%"


def serum_share_table() -> pd.DataFrame:
    """Mean adult serum level and share of the total for each class, formatted for reading."""
    table = classes()
    levels = [format_level(v) for v in table["mean_serum_mg_per_ml"]]
    return pd.DataFrame(
        {
            "mean adult serum level (mg/mL)": levels,
            "share of serum immunoglobulin": [format_share(s) for s in table["serum_share"]],
            "source": table["source"],
        },
        index=pd.Index(table.index, name="class"),
    )


# --------------------------------------------------------------------------- which classes
DEFECTS = (None, "CD40LG", "CD40", "AICDA", "UNG", "IKBKG")
"""The defects ``isotypes_made`` knows: no defect, or the gene knocked out."""

UNSWITCHED = frozenset({"IgM", "IgD"})
"""Made by every naive B cell without class switching: IgM, and IgD by alternative
splicing of the same heavy-chain transcript."""

ISOTYPE_NOTES = {
    None: "With every step working, B cells make all five classes.",
    "CD40LG": "No CD40 signal from T cells: B cells make IgM and IgD only.",
    "CD40": "No CD40 receptor: B cells make IgM and IgD only.",
    "AICDA": "No AID: switching never starts; B cells make IgM and IgD only.",
    "UNG": "No UNG: switch-region DNA is not cut; B cells make IgM and IgD only.",
    "IKBKG": (
        "NEMO variants are hypomorphic, so switching is reduced rather than abolished and "
        "varies between patients: some make a little IgG, and some even have raised IgA. "
        "Only IgM and IgD are made reliably, and that is what is listed."
    ),
}


def check_defect(defect: object) -> str | None:
    """Return ``defect`` if it is one of :data:`DEFECTS`, else raise a clear error."""
    return one_of("defect", defect, DEFECTS[1:], optional=True)


def isotypes_made(defect: str | None = None) -> set[str]:
    """The immunoglobulin classes B cells still make with ``defect`` knocked out.

    ``None`` (no defect): all five. ``"CD40LG"``, ``"CD40"``, ``"AICDA"``, ``"UNG"``: IgM and
    IgD only, because class switching fails while IgD comes from alternative splicing,
    not switching. ``"IKBKG"`` (NEMO): IgM and IgD are the classes made reliably; switching is
    reduced and variable, see ``ISOTYPE_NOTES["IKBKG"]``.
    """
    if check_defect(defect) is None:
        return set(ISOTYPES)
    return set(UNSWITCHED)


# --------------------------------------------------------------------------- infant IgG
MAX_MATERNAL_MG_DL = 3000.0
HALF_LIFE_RANGE = (5.0, 60.0)
CURVE_DAYS = 1096  # 36 months


def model_parameters() -> dict[str, float]:
    """The infant IgG model's parameters by name, from ``data/infant_igg.csv``."""
    table = load_table("infant_igg.csv")
    return dict(zip(table["parameter"], table["value"].astype(float), strict=True))


def _number(value: object, name: str, low: float, high: float) -> float:
    """A finite real number in [low, high], else a clear error naming ``name``."""
    return checks.number(name, value, low=float(low), high=float(high))


def _flag(value: object, name: str) -> bool:
    return checks.boolean(name, value)


def check_ages(age_days: object) -> np.ndarray:
    """Ages in days (0 = birth) as a 1-D float array: a number or a list/array of numbers."""
    if isinstance(age_days, str | bytes | bool | np.bool_ | dict | set):
        raise TypeError(
            f"age_days must be a number of days or a list of them (0 = birth), not {age_days!r}"
        )
    try:
        ages = np.asarray(age_days)
    except (ValueError, TypeError) as exc:
        raise TypeError(f"age_days must be a number of days or a list of them: {exc}") from None
    if ages.dtype.kind not in "iuf":
        raise TypeError(
            f"age_days must be a number of days or a list of numbers (0 = birth), not {age_days!r}"
        )
    if ages.ndim > 1:
        raise ValueError(f"age_days must be a number or a flat list, not a {ages.ndim}-D array")
    ages = np.atleast_1d(ages.astype(float))
    if ages.size == 0:
        raise ValueError("age_days must hold at least one age")
    if not np.isfinite(ages).all():
        raise ValueError("age_days must be finite numbers of days; found NaN or infinity")
    if (ages < 0).any():
        raise ValueError(f"age_days must be 0 (birth) or more, not {ages[ages < 0][0]:g}")
    return ages


def model_settings(
    *,
    maternal_igg_mg_dl: float | None = None,
    half_life_days: float | None = None,
    preterm: bool = False,
) -> dict[str, float]:
    """The checked maternal IgG at birth (mg/dL) and half-life (days) a curve will use."""
    preterm = _flag(preterm, "preterm")
    params = model_parameters()
    if maternal_igg_mg_dl is None:
        maternal = params["maternal_igg_preterm" if preterm else "maternal_igg_term"]
    elif preterm:
        raise ValueError(
            "give either maternal_igg_mg_dl or preterm=True, not both: preterm=True uses the "
            "published preterm figure"
        )
    else:
        maternal = _number(maternal_igg_mg_dl, "maternal_igg_mg_dl", 0.0, MAX_MATERNAL_MG_DL)
    if half_life_days is None:
        half_life = params["igg_half_life"]
    else:
        half_life = _number(half_life_days, "half_life_days", *HALF_LIFE_RANGE)
    return {"maternal_igg_mg_dl": maternal, "half_life_days": half_life}


def infant_igg(
    age_days: ArrayLike,
    *,
    class_switching: bool = True,
    maternal_igg_mg_dl: float | None = None,
    half_life_days: float | None = None,
    preterm: bool = False,
) -> pd.DataFrame:
    """Serum IgG of an infant, in mg/dL, at each age in ``age_days`` (0 = birth).

    ``maternal``: the mother's IgG carried across the placenta, falling by first-order decay
    at the IgG half-life. ``own``: the infant's own IgG, a slowly starting curve that rises
    over the first years (calibrated to the course's IgG reference bands), and zero without
    class switching. ``total`` = maternal + own. Defaults come from ``data/infant_igg.csv``;
    ``preterm=True`` starts from the published preterm cord-blood figure instead.
    """
    ages = check_ages(age_days)
    switching = _flag(class_switching, "class_switching")
    settings = model_settings(
        maternal_igg_mg_dl=maternal_igg_mg_dl, half_life_days=half_life_days, preterm=preterm
    )
    params = model_parameters()
    maternal = settings["maternal_igg_mg_dl"] * np.exp2(-ages / settings["half_life_days"])
    if switching:
        rise = (ages / params["own_half_time"]) ** params["own_steepness"]
        own = params["own_plateau"] * rise / (1.0 + rise)
    else:
        own = np.zeros_like(ages)
    return pd.DataFrame(
        {"age_days": ages, "maternal": maternal, "own": own, "total": maternal + own}
    )


def igg_curve(**options: Any) -> pd.DataFrame:
    """``infant_igg`` for every day from birth to 36 months (the lesson 02 plot)."""
    return infant_igg(np.arange(CURVE_DAYS + 1), **options)


def igg_nadir(**options: Any) -> dict:
    """The lowest total IgG over the first 36 months: ``age_days``, ``total`` and ``recovers``.

    ``recovers`` is False when the total is still falling at 36 months (no class switching):
    then there is no true nadir, only an ever lower level.
    """
    return nadir_of(igg_curve(**options))


def nadir_of(curve: pd.DataFrame) -> dict:
    """The nadir of a curve from :func:`infant_igg` (see :func:`igg_nadir`)."""
    row = int(curve["total"].to_numpy().argmin())
    return {
        "age_days": int(curve["age_days"].iloc[row]),
        "total": float(curve["total"].iloc[row]),
        "recovers": row < len(curve) - 1,
    }


def igg_bands() -> pd.DataFrame:
    """The course's IgG reference bands (``reference_intervals.csv``), ages in days."""
    table = load_table("reference_intervals.csv")
    bands = table[(table["analyte"] == "IgG") & (table["sex"] == "both")]
    return bands.sort_values("age_low_days").reset_index(drop=True)


def band_limits(age_days: ArrayLike) -> pd.DataFrame:
    """For each age, the IgG band's ``low`` and ``high`` (mg/dL) and its ``source``."""
    ages = check_ages(age_days)
    bands = igg_bands()
    index = np.searchsorted(bands["age_high_days"].to_numpy(), ages, side="right")
    if (index >= len(bands)).any():
        raise ValueError("age_days must be below the last reference band's upper age")
    rows = bands.iloc[index]
    return pd.DataFrame(
        {
            "age_days": ages,
            "low": rows["low"].to_numpy(float),
            "high": rows["high"].to_numpy(float),
            "source": rows["source"].to_numpy(),
        }
    )


def first_below_band(**options: Any) -> int | None:
    """First day (up to 36 months) on which total IgG falls below the band's lower limit."""
    return first_below_of(igg_curve(**options))


def first_below_of(curve: pd.DataFrame) -> int | None:
    """First age (days) in a curve from :func:`infant_igg` with total below the band's low."""
    limits = band_limits(curve["age_days"])
    below = np.flatnonzero(curve["total"].to_numpy() < limits["low"].to_numpy())
    return int(curve["age_days"].iloc[below[0]]) if below.size else None


def diagnosis_milestones() -> pd.DataFrame:
    """Cohort milestones for the age at diagnosis of X-linked HIGM (``diagnosis_age.csv``)."""
    return load_table("diagnosis_age.csv")


# --------------------------------------------------------------------------- patterns
PATTERNS = ("healthy", "HIGM")
SERUM_ISOTYPES = ("IgG", "IgA", "IgM", "IgE")


def ig_pattern(pattern: str) -> pd.DataFrame:
    """Serum IgG, IgA, IgM and IgE levels (low, normal, normal or high) for ``pattern``."""
    one_of("pattern", pattern, PATTERNS)
    table = load_table("ig_patterns.csv")
    rows = table[table["pattern"] == pattern].set_index("isotype").loc[list(SERUM_ISOTYPES)]
    return rows.drop(columns="pattern")
