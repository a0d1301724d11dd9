"""The HIGM types and the class-switching pathway (lesson 03), from ``data/higm_types.csv``.

The pathway has five steps, each one a gene a learner can knock out:
activated T cell (CD40 ligand, *CD40LG*) -> B-cell receptor CD40 (*CD40*) -> NEMO in the
signal to NF-kappaB (*IKBKG*) -> AID (*AICDA*) -> UNG (*UNG*) -> switched classes.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from higm_lessons import checks
from higm_lessons.checks import one_of
from higm_lessons.data import load_table
from higm_lessons.immunoglobulins import (
    ISOTYPE_NOTES,
    ISOTYPES,
    check_defect,
    isotypes_made,
)

PATHWAY = (
    ("CD40LG", "CD40 ligand", "on the activated CD4 T cell"),
    ("CD40", "CD40", "receptor on the B cell (and on macrophages and dendritic cells)"),
    ("IKBKG", "NEMO", "carries the CD40 signal to NF-kappaB"),
    ("AICDA", "AID", "deaminates cytosines in switch-region DNA"),
    ("UNG", "UNG", "removes the uracils so the DNA can be cut and rejoined"),
)
"""The knock-out steps in order: (gene, protein label, what it does)."""

YES_NO = ("yes", "no", "variable", "unknown")
TYPE_CHOICES = ("HIGM1", "HIGM2", "HIGM3", "HIGM4", "HIGM5", "NEMO")
"""Answers offered in the "which type is this?" exercise."""


def types_table() -> pd.DataFrame:
    """Every type and related form, one row each, indexed by ``type``."""
    return load_table("higm_types.csv").set_index("type")


def inheritance_modes() -> list[str]:
    """The distinct inheritance entries in the table, in table order."""
    return list(dict.fromkeys(types_table()["inheritance"]))


def _choice(value: object, name: str, allowed: Iterable[str]) -> str | None:
    return one_of(name, value, allowed, optional=True)


def filter_types(
    *,
    inheritance: str | None = None,
    opportunistic_infections: str | None = None,
    lymphoid_hyperplasia: str | None = None,
    classic_only: bool = False,
) -> pd.DataFrame:
    """The types table narrowed by any of the filters (``None`` = no filter).

    ``inheritance`` matches by mode: "X-linked", "autosomal recessive" or "autosomal dominant".
    A form with more than one mode counts under each (AID deficiency, "autosomal recessive or
    autosomal dominant", is found under both), and "autosomal recessive (presumed)" counts as
    autosomal recessive.
    """
    table = types_table()
    modes = ("X-linked", "autosomal recessive", "autosomal dominant")
    _choice(inheritance, "inheritance", modes)
    _choice(opportunistic_infections, "opportunistic_infections", YES_NO)
    _choice(lymphoid_hyperplasia, "lymphoid_hyperplasia", YES_NO)
    checks.boolean("classic_only", classic_only)
    keep = pd.Series(True, index=table.index)
    if inheritance is not None:
        keep &= table["inheritance"].str.contains(inheritance, regex=False)
    if opportunistic_infections is not None:
        keep &= table["opportunistic_infections"] == opportunistic_infections
    if lymphoid_hyperplasia is not None:
        keep &= table["lymphoid_hyperplasia"] == lymphoid_hyperplasia
    if classic_only:
        keep &= table["classic"]
    return table[keep]


def knockout(defect: str | None) -> dict:
    """What follows when one pathway step is knocked out (``None``: nothing knocked out).

    Keys: ``defect``, ``step`` (index in :data:`PATHWAY`, or None), ``type`` and ``name`` of
    the matching row, ``made`` and ``lost`` (classes, in the course order), ``isotype_note``,
    ``cells_losing_help`` (list), ``opportunistic_infections``, ``lymphoid_hyperplasia``,
    ``features``, ``hsct``, ``inheritance``, ``certainty`` and ``source``.
    """
    check_defect(defect)
    made = isotypes_made(defect)
    result = {
        "defect": defect,
        "step": None,
        "made": [iso for iso in ISOTYPES if iso in made],
        "lost": [iso for iso in ISOTYPES if iso not in made],
        "isotype_note": ISOTYPE_NOTES[defect],
    }
    if defect is None:
        return result | {
            "type": None,
            "name": "No defect",
            "cells_losing_help": [],
            "opportunistic_infections": "no",
            "lymphoid_hyperplasia": "no",
            "features": "Every step works: T-cell help reaches B cells, macrophages and "
            "dendritic cells, and B cells switch to IgG, IgA and IgE.",
            "hsct": "Not applicable.",
            "inheritance": "not applicable",
            "certainty": "high",
            "source": "janeway2001",
        }
    table = types_table()
    row = table[table["defect_step"] == defect].iloc[0]
    return result | {
        "step": [gene for gene, _, _ in PATHWAY].index(defect),
        "type": row.name,
        "name": row["name"],
        "cells_losing_help": [c.strip() for c in row["cells_losing_help"].split(";")],
        "opportunistic_infections": row["opportunistic_infections"],
        "lymphoid_hyperplasia": row["lymphoid_hyperplasia"],
        "features": row["distinguishing_features"],
        "hsct": row["hsct"],
        "inheritance": row["inheritance"],
        "certainty": row["certainty"],
        "source": row["source"],
    }


def type_cases() -> pd.DataFrame:
    """The "which type is this?" cases, indexed by ``case``."""
    return load_table("higm_type_cases.csv").set_index("case")


def check_type_answer(case: str, answer: str) -> dict:
    """Judge an answer to a case: ``correct``, ``answer`` (the right type), ``explanation``,
    ``chosen`` (the chosen type's name and features, to compare) and ``source``."""
    cases = type_cases()
    one_of("case", case, cases.index)
    one_of("answer", answer, TYPE_CHOICES)
    row = cases.loc[case]
    chosen = types_table().loc[answer]
    return {
        "correct": answer == row["answer"],
        "answer": row["answer"],
        "explanation": row["explanation"],
        "chosen": f"{answer} ({chosen['name']}): {chosen['distinguishing_features']}",
        "source": row["source"],
    }


CASES_PER_SET = 5
"""How many cases one learner's set of "which type is this?" holds."""
SEED_LIMIT = 2**31
"""Seeds for a learner's set are drawn from 0 up to (not including) this number."""


def draw_cases(seed: int, count: int = CASES_PER_SET) -> list[str]:
    """``count`` case ids drawn from the pool with ``seed`` (the same seed, the same set).

    The draw ignores the answers: a type may come up twice in a set and another not at
    all, so the last case cannot be solved by elimination.
    """
    seed = checks.seed(seed)
    cases = list(type_cases().index)
    count = checks.whole("count", count, low=1, high=len(cases))
    rng = checks.generator(seed)
    return [str(cases[i]) for i in rng.choice(len(cases), size=count, replace=False)]
