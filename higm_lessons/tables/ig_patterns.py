"""``ig_patterns.csv``: serum immunoglobulin patterns (healthy, HIGM) as levels, not numbers."""

from pandera.pandas import Check, DataFrameSchema

from higm_lessons.tables._columns import source, table, text

NAME = "ig_patterns.csv"
LEVELS = ["low", "normal", "normal or high", "high"]


def schema() -> DataFrameSchema:
    return table(
        {
            "pattern": text(checks=Check.isin(["healthy", "HIGM"])),
            "isotype": text(checks=Check.isin(["IgG", "IgA", "IgM", "IgE"])),
            "level": text(checks=Check.isin(LEVELS)),
            "source": source(),
            "note": text(),
        },
        unique=["pattern", "isotype"],
    )
