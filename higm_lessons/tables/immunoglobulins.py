"""``immunoglobulins.csv``: the five immunoglobulin classes."""

from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.tables._columns import boolean, source, table, text

NAME = "immunoglobulins.csv"
BOOLEANS = ["crosses_placenta"]


def schema() -> DataFrameSchema:
    return table(
        {
            "isotype": text(checks=Check.isin(["IgG", "IgA", "IgM", "IgE", "IgD"])),
            "heavy_chain": text(),
            "structure": text(),
            "subunits": Column(int, Check.isin([1, 2, 5])),
            "molecular_weight_kda": Column(float, Check.gt(0)),
            "mean_serum_mg_per_ml": Column(float, Check.gt(0)),
            "half_life_days": Column(float, Check.gt(0)),
            "crosses_placenta": boolean(),
            "main_roles": text(),
            "source": source(),
        },
        unique=["isotype"],
    )
