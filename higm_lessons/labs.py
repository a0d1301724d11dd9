"""Reading an immunology lab report: units, age-specific reference intervals, flags, zlog.

Analytes and their default units (the unit of ``data/reference_intervals.csv``):

* ``IgG``, ``IgA``, ``IgM``: mg/dL (also g/L; 1 g/L = 100 mg/dL);
* ``IgE``: kU/L (IU/mL is the same): international units of a World Health Organization
  reference preparation. A conventional mass equivalence exists, but IgE is reported and
  compared with its own limit in kU/L, so the course never converts it to a mass unit;
* ``CD3``, ``CD4``, ``CD8``, ``CD19``: cells/uL (also 10^9/L; 1 x 10^9/L = 1000/uL);
* ``ANC`` (absolute neutrophil count): 10^9/L (also cells/uL).

Flags follow the HL7/FHIR interpretation codes: ``N`` inside the interval
(limits inclusive), ``L`` below, ``H`` above, and ``LL``/``HH`` beyond a critical
limit where ``data/critical_limits.csv`` defines one (strictly beyond it).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping
from numbers import Real
from pathlib import Path
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from higm_lessons import checks
from higm_lessons.data import cached, load_table, table_files

DAYS_PER_YEAR = 365.25
LAST_DAY = 43830  # 120 years, the end of the open adult band
MAX_AGE_YEARS = LAST_DAY / DAYS_PER_YEAR

ANALYTES = ("IgG", "IgA", "IgM", "IgE", "CD3", "CD4", "CD8", "CD19", "ANC")
DEFAULT_UNITS = {
    "IgG": "mg/dL",
    "IgA": "mg/dL",
    "IgM": "mg/dL",
    "IgE": "kU/L",
    "CD3": "cells/uL",
    "CD4": "cells/uL",
    "CD8": "cells/uL",
    "CD19": "cells/uL",
    "ANC": "10^9/L",
}
NAMES = {
    "IgG": "Immunoglobulin G",
    "IgA": "Immunoglobulin A",
    "IgM": "Immunoglobulin M",
    "IgE": "Immunoglobulin E (total)",
    "CD3": "T cells (CD3+)",
    "CD4": "Helper T cells (CD4+)",
    "CD8": "Cytotoxic T cells (CD8+)",
    "CD19": "B cells (CD19+)",
    "ANC": "Absolute neutrophil count",
}
LOINC = {
    "IgG": "2465-3",
    "IgA": "2458-8",
    "IgM": "2472-9",
    "IgE": "19113-0",
    "CD3": "8122-4",
    "CD4": "24467-3",
    "CD8": "14135-8",
    "CD19": "8116-6",
    "ANC": "751-8",
}
"""LOINC codes (absolute counts for the cells), as in the research notes' cross-checked table."""

# Multiply a value in the unit by the factor to get the analyte's default unit.
_MASS = {"mg/dL": 1.0, "g/L": 100.0}
_ACTIVITY = {"kU/L": 1.0, "IU/mL": 1.0}
_CELLS_PER_UL = {"cells/uL": 1.0, "10^9/L": 1000.0}
_PER_NL = {"10^9/L": 1.0, "cells/uL": 0.001}
FACTORS = {
    "IgG": _MASS,
    "IgA": _MASS,
    "IgM": _MASS,
    "IgE": _ACTIVITY,
    "CD3": _CELLS_PER_UL,
    "CD4": _CELLS_PER_UL,
    "CD8": _CELLS_PER_UL,
    "CD19": _CELLS_PER_UL,
    "ANC": _PER_NL,
}
UNITS = ("mg/dL", "g/L", "kU/L", "IU/mL", "cells/uL", "10^9/L")

# Other ways people write the same units (compared without spaces, case-insensitive).
_ALIASES = {
    "mg/dl": "mg/dL",
    "g/l": "g/L",
    "ku/l": "kU/L",
    "kiu/l": "kU/L",
    "k[iu]/l": "kU/L",
    "iu/ml": "IU/mL",
    "[iu]/ml": "IU/mL",
    "cells/ul": "cells/uL",
    "cells/µl": "cells/uL",
    "cells/μl": "cells/uL",
    "/ul": "cells/uL",
    "/µl": "cells/uL",
    "/μl": "cells/uL",
    "cells/mm3": "cells/uL",
    "/mm3": "cells/uL",
    "10^9/l": "10^9/L",
    "x10^9/l": "10^9/L",
    "×10^9/l": "10^9/L",
    "10*9/l": "10^9/L",
    "10e9/l": "10^9/L",
    "x10e9/l": "10^9/L",
    "10⁹/l": "10^9/L",
    "×10⁹/l": "10^9/L",
    "x10⁹/l": "10^9/L",
    "/nl": "10^9/L",
}
_MASS_UNITS = {"mg/dL", "g/L", "mg/L", "g/dL", "ng/mL", "ug/L", "µg/L", "ug/mL", "µg/mL"}
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+"
_VALUE_RE = re.compile(rf"^\s*({_NUMBER})\s*(.*?)\s*$")


IGE_MASS_MESSAGE = (
    "it is reported in kU/L (the same as IU/mL), units of a WHO reference preparation, and is "
    "read against its own limit in kU/L. A conventional mass equivalence exists, but reports "
    "and reference limits use kU/L, so enter the value in kU/L"
)
"""Why IgE is taken in kU/L only (the end of the error for an IgE value in a mass unit)."""


class UnitWarning(UserWarning):
    """A value that looks as if it was entered in the wrong unit."""


# --------------------------------------------------------------------------- checks
def check_analyte(analyte: object, *, field: str = "analyte") -> str:
    """Return ``analyte`` if it is one of :data:`ANALYTES`, else raise naming ``field``."""
    if not isinstance(analyte, str):
        raise TypeError(f"{field} must be one of {list(ANALYTES)}, not {type(analyte).__name__}")
    if analyte not in ANALYTES:
        raise ValueError(f"{field}: unknown analyte {analyte!r}; accepted: {list(ANALYTES)}")
    return analyte


def check_age(age_years: object, *, field: str = "age_years") -> float:
    """A finite age in years from 0 to under 120, else a ValueError naming ``field``."""
    if isinstance(age_years, bool) or not isinstance(age_years, Real):
        raise TypeError(f"{field} must be a number of years (0 to under 120), not {age_years!r}")
    age = float(age_years)
    if not math.isfinite(age) or age < 0 or age >= MAX_AGE_YEARS:
        raise ValueError(f"{field} must be from 0 to under 120 years, not {age_years!r}")
    return age


@overload
def check_sex(sex: object, *, field: str = "sex", required: Literal[True]) -> str: ...
@overload
def check_sex(sex: object, *, field: str = "sex", required: bool = False) -> str | None: ...
def check_sex(sex: object, *, field: str = "sex", required: bool = False) -> str | None:
    """``"M"``, ``"F"`` (``"male"``/``"female"`` accepted) or None when not required."""
    if sex is None and not required:
        return None
    mapping = {"m": "M", "male": "M", "f": "F", "female": "F"}
    accepted = "'M' or 'F'" + ("" if required else " (or None)")
    if not isinstance(sex, str):
        raise TypeError(f"{field} must be {accepted}, not {sex!r}")
    if sex.strip().lower() in mapping:
        return mapping[sex.strip().lower()]
    raise ValueError(f"{field} must be {accepted}, not {sex!r}")


AGE_UNITS = {"days": 1 / DAYS_PER_YEAR, "months": 1 / 12, "years": 1.0}


def age_in_years(value: float, unit: str) -> float:
    """An age given in ``"days"``, ``"months"`` or ``"years"``, in years (checked)."""
    unit = checks.one_of("age unit", unit, AGE_UNITS)
    age = checks.number(f"age in {unit}", value)
    return check_age(age * AGE_UNITS[unit], field=f"age ({age:g} {unit})")


def age_days(age_years: float) -> int:
    """Whole days of age (1 year = 365.25 days, rounded down), as the tables store ages."""
    return math.floor(check_age(age_years) * DAYS_PER_YEAR + 1e-9)


def age_text(age_years: float) -> str:
    """An age as people say it: days under a month, months under 2 years, else years."""
    days = age_days(age_years)
    if days < 30:
        return f"{days} day" + ("s" if days != 1 else "")
    if age_years < 2:
        months = int(age_years * 12 + 1e-9)
        return f"{months} month" + ("s" if months != 1 else "")
    return f"{int(age_years + 1e-9)} years"


# --------------------------------------------------------------------------- units
def normalise_unit(unit: object, *, field: str = "unit") -> str:
    """The course's spelling of a unit (``'x10^9/L'`` -> ``'10^9/L'``), or a clear error."""
    if not isinstance(unit, str):
        raise TypeError(f"{field} must be a unit such as 'mg/dL', not {type(unit).__name__}")
    key = unit.replace(" ", "").lower()
    if unit in UNITS:
        return unit
    if key in _ALIASES:
        return _ALIASES[key]
    raise ValueError(f"{field}: unknown unit {unit!r}; accepted: {list(UNITS)}")


def units_for(analyte: str) -> list[str]:
    """Units accepted for ``analyte``, its default unit first."""
    check_analyte(analyte)
    return list(FACTORS[analyte])


@overload
def convert(value: float, from_unit: str, to_unit: str, *, analyte: str) -> float: ...
@overload
def convert(
    value: npt.ArrayLike, from_unit: str, to_unit: str, *, analyte: str
) -> npt.NDArray[np.float64]: ...
def convert(
    value: npt.ArrayLike, from_unit: str, to_unit: str, *, analyte: str
) -> float | npt.NDArray[np.float64]:
    """Convert ``value`` (a number or an array) between two units accepted for ``analyte``.

    IgE in a mass unit raises: IgE is reported and read in kU/L (= IU/mL), against its own
    limit, and the course does not convert it to mass (see :data:`IGE_MASS_MESSAGE`).
    """
    check_analyte(analyte)
    units = {}
    for name, unit in (("from_unit", from_unit), ("to_unit", to_unit)):
        if analyte == "IgE" and isinstance(unit, str) and unit.replace(" ", "") in _MASS_UNITS:
            raise ValueError(
                f"{name}: IgE cannot be given in a mass unit ({unit!r}); " + IGE_MASS_MESSAGE
            )
        units[name] = normalise_unit(unit, field=name)
        if units[name] not in FACTORS[analyte]:
            raise ValueError(
                f"{name}: {analyte} is not reported in {units[name]}; "
                f"accepted: {units_for(analyte)}"
            )
    array = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"value must be finite and 0 or more, not {value!r}")
    factor = FACTORS[analyte][units["from_unit"]] / FACTORS[analyte][units["to_unit"]]
    result = _tidy(array * factor)
    return float(result) if result.ndim == 0 else result


def _tidy(values: np.ndarray) -> np.ndarray:
    """Round away float noise (8.2 x 100 = 819.9999999999999) to 12 significant digits."""
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        digits = np.clip(11 - np.floor(np.log10(np.where(values > 0, values, 1.0))), -280, 280)
        scale = 10.0**digits
        tidy = np.round(values * scale) / scale
    return np.where(np.isfinite(tidy), tidy, values)


def parse_value(entry: object, analyte: str, *, field: str | None = None) -> tuple[float, str]:
    """Read one result: a number in the default unit, or text such as ``"1.2 g/L"``.

    Returns ``(value, unit)`` with the unit in the course's spelling. Raises
    ValueError naming ``field`` (default ``results['<analyte>']``) for a negative,
    NaN or infinite value, a malformed string, or a unit not accepted for the analyte.
    """
    check_analyte(analyte)
    field = field or f"results[{analyte!r}]"
    if isinstance(entry, bool) or not isinstance(entry, Real | str):
        raise TypeError(f"{field} must be a number or text such as '1.2 g/L', not {entry!r}")
    if isinstance(entry, str):
        match = _VALUE_RE.match(entry)
        if not match:
            raise ValueError(
                f"{field}: cannot read {entry!r}; write a number and a unit, "
                f"such as '{_example(analyte)}'"
            )
        number, unit_text = match.group(1), match.group(2)
        value = float(number.replace(",", ""))
        if unit_text:
            if analyte == "IgE" and unit_text.replace(" ", "") in _MASS_UNITS:
                raise ValueError(
                    f"{field}: IgE cannot be given in a mass unit ({unit_text!r}); "
                    + IGE_MASS_MESSAGE
                )
            try:
                unit = normalise_unit(unit_text, field=field)
            except ValueError:
                raise ValueError(
                    f"{field}: cannot read the unit {unit_text!r} in {entry!r}; "
                    f"accepted for {analyte}: {units_for(analyte)}, such as '{_example(analyte)}'"
                ) from None
        else:
            unit = DEFAULT_UNITS[analyte]
    else:
        value, unit = float(entry), DEFAULT_UNITS[analyte]
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{field} must be a finite number, not {entry!r}")
    if value < 0:
        raise ValueError(f"{field} must be 0 or more, not {entry!r}")
    if unit not in FACTORS[analyte]:
        raise ValueError(
            f"{field}: {analyte} is not reported in {unit}; accepted: {units_for(analyte)}"
        )
    return value, unit


def _example(analyte: str) -> str:
    return {"mg/dL": "820 mg/dL", "kU/L": "35 kU/L", "cells/uL": "1500 cells/uL"}.get(
        DEFAULT_UNITS[analyte], "2.5 10^9/L"
    )


# --------------------------------------------------------------------------- intervals
def _index(table: str) -> dict[str, list[dict[str, Any]]]:
    """Rows of a table grouped by analyte, as plain dicts (rebuilt when a file changes)."""
    return cached(_group_by_analyte, *table_files(table))


def _group_by_analyte(path: Path, _sources: Path) -> dict[str, list[dict[str, Any]]]:
    frame = load_table(path.name)
    records = frame.to_dict(orient="records")
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        for key, value in record.items():
            if isinstance(value, float) and math.isnan(value):
                record[key] = None
        grouped.setdefault(record["analyte"], []).append(record)
    return grouped


def _rows(table: str, analyte: str, days: int, sex: str | None) -> list[dict[str, Any]]:
    rows = [
        r for r in _index(table).get(analyte, []) if r["age_low_days"] <= days < r["age_high_days"]
    ]
    if rows and "sex" in rows[0]:
        specific = [r for r in rows if sex and r["sex"] == sex]
        rows = specific or [r for r in rows if r["sex"] == "both"]
    return rows


def interval_row(analyte: str, *, age_years: float, sex: str | None = None) -> dict[str, Any]:
    """Everything the table says about the interval that applies: limits, band, method, source.

    Keys: ``analyte``, ``low`` (None where only an upper limit exists), ``high``,
    ``unit``, ``source``, ``method``, ``loinc``, ``note``, ``age_low_days``,
    ``age_high_days``, ``band`` (a readable label of the age band).
    """
    check_analyte(analyte)
    days = age_days(age_years)
    sex = check_sex(sex)
    rows = _rows("reference_intervals.csv", analyte, days, sex)
    if not rows:
        if sex is None:
            raise ValueError(f"sex must be 'M' or 'F' for {analyte}: its intervals depend on sex")
        raise ValueError(f"age_years: no {analyte} interval covers {age_years} years")
    row = rows[0]
    low = None if row["low"] is None else float(row["low"])
    return {
        "analyte": analyte,
        "low": low,
        "high": float(row["high"]),
        "unit": row["unit"],
        "source": row["source"],
        "method": row["method"],
        "loinc": row["loinc"],
        "note": row["note"] if isinstance(row["note"], str) else "",
        "age_low_days": int(row["age_low_days"]),
        "age_high_days": int(row["age_high_days"]),
        "band": band_label(int(row["age_low_days"]), int(row["age_high_days"])),
    }


def reference_interval(analyte: str, *, age_years: float, sex: str | None = None) -> dict[str, Any]:
    """The age-specific interval: ``low`` (None if only an upper limit), ``high``, ``unit``,
    ``source`` (keys in ``sources.csv``). Limits are inclusive, in the default unit."""
    row = interval_row(analyte, age_years=age_years, sex=sex)
    return {key: row[key] for key in ("low", "high", "unit", "source")}


def critical_limits(analyte: str, *, age_years: float) -> tuple[float | None, float | None]:
    """``(critical_low, critical_high)`` for the age, None where the course defines none."""
    check_analyte(analyte)
    rows = _rows("critical_limits.csv", analyte, age_days(age_years), None)
    if not rows:
        return None, None
    low, high = rows[0]["critical_low"], rows[0]["critical_high"]
    return (None if low is None else float(low)), (None if high is None else float(high))


def band_label(start_days: int, end_days: int) -> str:
    """A readable age band, such as ``'9 to <15 months'`` or ``'18 years and over'``."""

    def fmt(days: int) -> str:
        years = days / DAYS_PER_YEAR
        if days == 0:
            return "birth"
        if years >= 0.99 and abs(years - round(years)) < 0.01:
            return f"{round(years)} year" + ("s" if round(years) != 1 else "")
        months = round(years * 12)
        return f"{months} month" + ("s" if months != 1 else "")

    if end_days >= LAST_DAY:
        return f"{fmt(start_days)} and over" if start_days else "all ages"
    start, end = fmt(start_days), fmt(end_days)
    if start_days == 0:
        return f"birth to <{end}"
    if start.split()[-1].rstrip("s") == end.split()[-1].rstrip("s"):
        return f"{start.split()[0]} to <{end}"
    return f"{start} to <{end}"


def bands(analyte: str, *, sex: str | None = None) -> pd.DataFrame:
    """Every age band of ``analyte``: ``age_low_years``, ``age_high_years``, ``low``, ``high``,
    ``unit``, ``band`` (for drawing the interval against age)."""
    check_analyte(analyte)
    sex = check_sex(sex)
    memo = cached(_band_memo, *table_files("reference_intervals.csv"))
    if (analyte, sex) not in memo:
        memo[analyte, sex] = _bands(analyte, sex)
    return memo[analyte, sex].copy()


def _band_memo(_path: Path, _sources: Path) -> dict[tuple[str, str | None], pd.DataFrame]:
    """An empty memo of band tables, one per version of the reference intervals file."""
    return {}


def _bands(analyte: str, sex: str | None) -> pd.DataFrame:
    rows = _index("reference_intervals.csv").get(analyte, [])
    specific = [r for r in rows if sex and r["sex"] == sex]
    chosen = specific or [r for r in rows if r["sex"] == "both"]
    rows = sorted(chosen, key=lambda r: r["age_low_days"])
    return pd.DataFrame(
        {
            "age_low_years": [r["age_low_days"] / DAYS_PER_YEAR for r in rows],
            "age_high_years": [r["age_high_days"] / DAYS_PER_YEAR for r in rows],
            "low": [np.nan if r["low"] is None else float(r["low"]) for r in rows],
            "high": [float(r["high"]) for r in rows],
            "unit": [r["unit"] for r in rows],
            "band": [band_label(r["age_low_days"], r["age_high_days"]) for r in rows],
        }
    )


# --------------------------------------------------------------------------- flags
@overload
def flag(
    value: float,
    low: float | None,
    high: float | None,
    *,
    critical_low: float | None = None,
    critical_high: float | None = None,
) -> str: ...
@overload
def flag(
    value: npt.ArrayLike,
    low: float | None,
    high: float | None,
    *,
    critical_low: float | None = None,
    critical_high: float | None = None,
) -> npt.NDArray[np.object_]: ...
def flag(
    value: npt.ArrayLike,
    low: float | None,
    high: float | None,
    *,
    critical_low: float | None = None,
    critical_high: float | None = None,
) -> str | npt.NDArray[np.object_]:
    """HL7 interpretation code(s) for ``value`` against inclusive limits (vectorised).

    ``low`` may be None (upper limit only). Beyond a critical limit (strictly)
    the flag is ``LL`` or ``HH``.
    """
    array = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"value must be finite, not {value!r}")
    for name, limit in (("low", low), ("high", high)):
        if limit is not None and not math.isfinite(limit):
            raise ValueError(f"{name} must be a finite number or None, not {limit!r}")
    if low is not None and high is not None and low > high:
        raise ValueError(f"low ({low}) must not be above high ({high})")
    codes = np.full(array.shape, "N", dtype=object)
    if low is not None:
        codes[array < low] = "L"
    if high is not None:
        codes[array > high] = "H"
    if critical_low is not None:
        codes[array < critical_low] = "LL"
    if critical_high is not None:
        codes[array > critical_high] = "HH"
    return str(codes) if codes.ndim == 0 else codes


FLAG_WORDS = {
    "N": "within the interval",
    "L": "below the interval",
    "H": "above the interval",
    "LL": "below the critical limit",
    "HH": "above the critical limit",
}


def wrong_unit_hint(
    analyte: str, value: float, unit: str, low: float | None, high: float
) -> str | None:
    """A warning text when ``value`` looks like a number written in another unit.

    ``value`` is in the default unit, converted from what was typed in ``unit``.
    The rule: the value is outside the interval, but the typed number read in
    one of the analyte's other units would fall inside it (an IgG of 8 in an
    adult is probably 8 g/L, not 8 mg/dL). IgE's two units (kU/L, IU/mL) are the same size,
    so never for IgE.
    """
    check_analyte(analyte)
    unit = normalise_unit(unit)
    if low is None or low <= value <= high:
        return None
    typed = value / FACTORS[analyte][unit]
    for other, factor in FACTORS[analyte].items():
        candidate = typed * factor
        if other != unit and factor != FACTORS[analyte][unit] and low <= candidate <= high:
            default = DEFAULT_UNITS[analyte]
            return (
                f"{analyte} {format_value(typed)} {unit} is far outside the age band "
                f"({interval_text(low, high, default)}); read as {format_value(typed)} {other} "
                f"it would be inside it. Was it written in {other}? Check the unit on the report."
            )
    return None


def interpret(
    results: Mapping[str, float | str], *, age_years: float, sex: str | None
) -> pd.DataFrame:
    """Flag each result against its age-specific interval.

    ``results`` maps analyte to a number in the default unit or text such as
    ``"1.2 g/L"``. Returns one row per analyte, in the order given, with columns
    ``analyte``, ``value``, ``unit``, ``low``, ``high``, ``flag``, ``source``
    (value and limits in the default unit; ``low`` None for upper-limit-only
    intervals). Values that look like a unit mix-up raise :class:`UnitWarning`
    and are listed in ``frame.attrs["warnings"]``.
    """
    if not isinstance(results, Mapping):
        raise TypeError("results must be a mapping of analyte to value, such as {'IgG': 820}")
    age = check_age(age_years)
    sex = check_sex(sex)
    rows, notes = [], []
    for analyte, entry in results.items():
        check_analyte(analyte, field="results")
        value, unit = parse_value(entry, analyte)
        value = convert(value, unit, DEFAULT_UNITS[analyte], analyte=analyte)
        interval = interval_row(analyte, age_years=age, sex=sex)
        critical_low, critical_high = critical_limits(analyte, age_years=age)
        code = flag(
            value,
            interval["low"],
            interval["high"],
            critical_low=critical_low,
            critical_high=critical_high,
        )
        hint = wrong_unit_hint(analyte, value, unit, interval["low"], interval["high"])
        if hint:
            notes.append(hint)
            warnings.warn(hint, UnitWarning, stacklevel=2)
        rows.append(
            {
                "analyte": analyte,
                "value": value,
                "unit": interval["unit"],
                "low": interval["low"],
                "high": interval["high"],
                "flag": code,
                "source": interval["source"],
            }
        )
    frame = pd.DataFrame(
        rows, columns=["analyte", "value", "unit", "low", "high", "flag", "source"]
    )
    frame["low"] = frame["low"].astype(object)
    frame.attrs["warnings"] = notes
    return frame


# --------------------------------------------------------------------------- zlog
ZLOG_NORMAL = 1.96  # the zlog reference interval is -1.96 to +1.96 by construction


@overload
def zlog(value: float, low: float, high: float) -> float: ...
@overload
def zlog(
    value: npt.ArrayLike, low: npt.ArrayLike, high: npt.ArrayLike
) -> npt.NDArray[np.float64]: ...
def zlog(
    value: npt.ArrayLike, low: npt.ArrayLike, high: npt.ArrayLike
) -> float | npt.NDArray[np.float64]:
    """zlog standardisation (Hoffmann et al. 2017), vectorised.

    zlog = (ln x - (ln low + ln high) / 2) * 3.92 / (ln high - ln low), so the
    reference limits map to -1.96 and +1.96 for every analyte and unit. Needs
    both limits (0 < low < high); a value of 0 gives -inf (off the scale).
    """
    values = np.asarray(value, dtype=float)
    lows = np.asarray(low, dtype=float)
    highs = np.asarray(high, dtype=float)
    if not (np.all(np.isfinite(values)) and np.all(values >= 0)):
        raise ValueError(f"value must be finite and 0 or more, not {value!r}")
    if not (np.all(np.isfinite(lows)) and np.all(lows > 0)):
        raise ValueError(f"low must be above 0 (zlog needs a lower limit), not {low!r}")
    if not (np.all(np.isfinite(highs)) and np.all(highs > lows)):
        raise ValueError(f"high must be above low, not {high!r}")
    with np.errstate(divide="ignore"):
        logs = np.log(values)
    result = (logs - (np.log(lows) + np.log(highs)) / 2) * 3.92 / (np.log(highs) - np.log(lows))
    return float(result) if result.ndim == 0 else result


def zlog_table(interpreted: pd.DataFrame) -> pd.DataFrame:
    """zlog of each interpreted row that has both limits (IgE, upper limit only, is left out).

    Columns: ``analyte``, ``value``, ``unit``, ``zlog``, ``flag``.
    """
    if not isinstance(interpreted, pd.DataFrame) or "flag" not in interpreted.columns:
        raise TypeError("interpreted must be the DataFrame returned by interpret()")
    mask = np.array([v is not None and v > 0 for v in interpreted["low"]], dtype=bool)
    usable = interpreted.loc[mask]
    values = usable["value"].to_numpy(dtype=float)
    z = (
        zlog(values, usable["low"].to_numpy(dtype=float), usable["high"].to_numpy(dtype=float))
        if len(usable)
        else np.array([])
    )
    return pd.DataFrame(
        {
            "analyte": usable["analyte"].to_numpy(),
            "value": values,
            "unit": usable["unit"].to_numpy(),
            "zlog": np.atleast_1d(z),
            "flag": usable["flag"].to_numpy(),
        }
    )


def format_value(value: float) -> str:
    """A lab value as a report prints it: 820, 0.07, 1500, 2.5."""
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def interval_text(low: float | None, high: float, unit: str) -> str:
    """``'246-904 mg/dL'`` or ``'≤97 kU/L'`` for an upper-limit-only interval."""
    if low is None:
        return f"≤{format_value(high)} {unit}"
    return f"{format_value(low)}–{format_value(high)} {unit}"


def with_g_per_l(value: float, analyte: str) -> str:
    """Immunoglobulin G/A/M in mg/dL with g/L beside it (course convention); others as is."""
    check_analyte(analyte)
    text = f"{format_value(value)} {DEFAULT_UNITS[analyte]}"
    if DEFAULT_UNITS[analyte] == "mg/dL":
        text += f" ({convert(value, 'mg/dL', 'g/L', analyte=analyte):.3g} g/L)"
    return text
