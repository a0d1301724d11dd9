"""``diagnosis_weights.csv``: the weights and reasons of the teaching differential diagnosis.

One row per rule: when ``finding`` takes ``value`` in a patient, ``condition`` gains
``weight`` (positive for, negative against, 0 for a note) and the learner reads
``reason``. A weight is read as the natural logarithm of a likelihood ratio; its
size is the course's teaching judgement. ``source`` names the reference for the
rationale (``course`` where the rule itself is the course's judgement), and
``rationale`` says why in a sentence.

``reason`` may use placeholders filled in for the patient, such as ``{phrase}``
(the lab value with its age band) or ``{age}``; which ones a finding offers is
listed in :data:`PLACEHOLDERS`. A finding with no row for a condition carries no
weight for it.
"""

import string

import pandas as pd
from pandera.pandas import Check, Column, DataFrameSchema

from higm_lessons.checks import line_of
from higm_lessons.tables._columns import source, table, text

NAME = "diagnosis_weights.csv"

_YES_NO = ("yes", "no")
_FLAG = ("yes", "no", "unknown")
_LEVEL = ("low", "normal", "high")
VALUES = {
    "sex": ("M", "F", "any"),
    "age_stage": ("maternal_igg", "early_childhood", "from_cvid_age"),
    "scid_onset": _YES_NO,
    "sigad_age": _YES_NO,
    "IgG": ("low", "markedly_low", "normal", "high"),
    "IgA": ("low", "under_sigad_limit", "normal", "high"),
    "IgM": _LEVEL,
    "CD3": _LEVEL,
    "CD4": _LEVEL,
    "B_cells": ("absent", "low", "normal", "high"),
    "profound_T": _YES_NO,
    "neutropenia": ("yes",),
    "sigad_iga_criterion": ("yes",),
    "opportunistic_infection": _FLAG,
    "recurrent_infections": _FLAG,
    "lymphoid_hyperplasia": _FLAG,
    "ectodermal_dysplasia": _FLAG,
    "on_ivig": _FLAG,
    "follow_up_normal_igg": _FLAG,
    "CD40L": ("present", "reduced", "absent"),
    "CD40": ("present", "absent"),
    "switched_memory_B": ("normal", "reduced"),
    "vaccine_response": ("normal", "poor"),
    "variant_gene": ("own", "none", "other"),
}
"""Each finding and the values a rule can name. ``IgG`` ``markedly_low`` falls back to
``low`` and ``high`` to ``normal`` when a condition has no row for them; ``IgA``
``under_sigad_limit`` falls back to the IgA's own band. ``variant_gene``: ``own``
is a variant in the condition's own gene, ``other`` in another condition's gene."""

PLACEHOLDERS = {
    "IgG": {"phrase", "limit"},
    "IgA": {"phrase", "limit"},
    "IgM": {"phrase", "normal_igm_share"},
    "CD3": {"phrase"},
    "CD4": {"phrase"},
    "B_cells": {"phrase", "limit"},
    "profound_T": {"phrase", "limit"},
    "neutropenia": {"phrase"},
    "sigad_iga_criterion": {"phrase", "limit", "minimum"},
    "age_stage": {"age", "minimum"},
    "sigad_age": {"age", "minimum"},
    "scid_onset": {"age"},
    "variant_gene": {"found"},
}
"""Placeholders a ``reason`` may use, by finding (none for the others)."""


def schema() -> DataFrameSchema:
    return table(
        {
            "condition": text(checks=Check.str_matches(r"^[A-Z][A-Z0-9_]*$")),
            "finding": text(checks=Check.isin(list(VALUES))),
            "value": text(),
            "weight": Column(float, Check.in_range(-20, 20)),
            "reason": text(),
            "source": source(),
            "rationale": text(),
        }
    )


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def check(frame: pd.DataFrame, where: str) -> list[str]:
    """Values and placeholders that fit their finding; no row given twice."""
    problems = []
    seen = set()
    for row, rec in enumerate(frame.itertuples(index=False)):
        at = f"{where}, {line_of(row)}"
        if rec.value not in VALUES[rec.finding]:
            problems.append(
                f"{at}, column 'value': {rec.value!r} is not a value of {rec.finding}; "
                f"accepted: {list(VALUES[rec.finding])}"
            )
        try:
            used = _placeholders(rec.reason)
        except ValueError as exc:
            problems.append(f"{at}, column 'reason': unreadable placeholder ({exc})")
            continue
        unknown = used - PLACEHOLDERS.get(rec.finding, set())
        if unknown:
            problems.append(
                f"{at}, column 'reason': placeholder(s) {sorted(unknown)} are not offered for "
                f"{rec.finding}; offered: {sorted(PLACEHOLDERS.get(rec.finding, set()))}"
            )
        key = (rec.condition, rec.finding, rec.value, rec.reason)
        if key in seen:
            problems.append(f"{at}: the same rule is given twice")
        seen.add(key)
    return problems
