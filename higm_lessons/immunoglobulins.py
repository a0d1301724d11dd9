"""The five immunoglobulin classes: facts from ``data/immunoglobulins.csv``."""

from __future__ import annotations

import pandas as pd

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
    if not isinstance(isotype, str):
        raise TypeError(f"isotype must be one of {list(ISOTYPES)}, not {type(isotype).__name__}")
    if isotype not in ISOTYPES:
        raise ValueError(f"isotype must be one of {list(ISOTYPES)}, not {isotype!r}")
    return isotype


def format_share(share: float) -> str:
    """A serum share as a percentage a learner can read: 72.9%, 0.16%, 0.0003%."""
    percent = 100 * share
    if percent >= 1:
        return f"{percent:.1f}%"
    if percent >= 0.01:
        return f"{percent:.2f}%"
    return f"{percent:.1g}%"


def serum_share_table() -> pd.DataFrame:
    """Mean adult serum level and share of the total for each class, formatted for reading."""
    table = classes()
    return pd.DataFrame(
        {
            "mean adult serum level (mg/mL)": [f"{v:g}" for v in table["mean_serum_mg_per_ml"]],
            "share of serum immunoglobulin": [format_share(s) for s in table["serum_share"]],
            "source": table["source"],
        },
        index=pd.Index(table.index, name="class"),
    )
