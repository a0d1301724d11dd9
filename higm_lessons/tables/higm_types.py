"""``higm_types.csv``: HIGM types 1-5 and the related forms in the IUIS 2022 table.

``classic`` marks types 1-5; ``defect_step`` names the step of the switching
pathway the gene controls (``none`` when it is not one of the steps lesson 03
lets a learner knock out). ``lymphoid_hyperplasia`` means large, hyperplastic germinal
centres (as in AID and UNG deficiency): lymph nodes can be enlarged without it, as in
CD40L deficiency, whose nodes lack germinal centres. ``certainty`` is the weakest
evidence in the row and ``unsourced`` lists the cells without a direct source, so the
table never hides a guess.
"""

import pandas as pd
from pandera.pandas import Check, DataFrameSchema

from higm_lessons.checks import line_of
from higm_lessons.tables._columns import boolean, source, table, text

NAME = "higm_types.csv"
BOOLEANS = ["classic"]
INHERITANCE = [
    "X-linked recessive",
    "autosomal recessive",
    "autosomal recessive (presumed)",
    "autosomal recessive or autosomal dominant",
    "autosomal dominant",
]
STEPS = ["CD40LG", "CD40", "IKBKG", "AICDA", "UNG", "none"]
YES_NO = ["yes", "no", "variable", "unknown"]


def schema() -> DataFrameSchema:
    return table(
        {
            "type": text(checks=Check.str_matches(r"^[A-Za-z0-9-]+$")),
            "name": text(),
            "gene": text(),
            "protein": text(),
            "locus": text(checks=Check.str_matches(r"^(unknown|[0-9XY]{1,2}[pq][0-9.]+)$")),
            "inheritance": text(checks=Check.isin(INHERITANCE)),
            "classic": boolean(),
            "defect_step": text(checks=Check.isin(STEPS)),
            "mechanism": text(),
            "distinguishing_features": text(),
            "hsct": text(),
            "opportunistic_infections": text(checks=Check.isin(YES_NO)),
            "lymphoid_hyperplasia": text(checks=Check.isin(YES_NO)),
            "cells_losing_help": text(),
            "relative_frequency": text(),
            "certainty": text(checks=Check.isin(["high", "medium", "low"])),
            "unsourced": text(),
            "source": source(),
        },
        unique=["type"],
    )


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Types HIGM1-HIGM5 are all present and classic; each pathway step is named at most once."""
    problems = []
    classic = set(frame.loc[frame["classic"], "type"])
    missing = {f"HIGM{n}" for n in range(1, 6)} - classic
    if missing:
        problems.append(f"{where}: classic types missing: {sorted(missing)}")
    steps = frame.loc[frame["defect_step"] != "none", "defect_step"]
    for row in steps[steps.duplicated()].index:
        problems.append(f"{where}, {line_of(row)}: step {frame.loc[row, 'defect_step']} repeated")
    for row, (certainty, unsourced) in enumerate(
        zip(frame["certainty"], frame["unsourced"], strict=True)
    ):
        if certainty == "high" and unsourced != "none":
            problems.append(f"{where}, {line_of(row)}: certainty 'high' but cells are unsourced")
    return problems
