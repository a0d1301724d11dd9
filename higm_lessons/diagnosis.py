"""A teaching differential diagnosis for a child or adult with suspected antibody deficiency.

The rules follow the ESID Registry 2019 working definitions (Seidel et al. 2019)
and the IUIS phenotypes (Tangye et al. 2022), with thresholds from
``data/diagnostic_rules.csv`` and age bands from ``data/reference_intervals.csv``.
The rules themselves are data: each row of ``data/diagnosis_weights.csv`` names a
condition, a finding and its value, a weight for or against the condition, the
plain-language reason the learner reads, a source and a rationale. This module
only turns a patient into findings and adds up the rows that match, so an
instructor can change a rule without touching Python.

How prior and evidence combine (Bayes' rule, as in lesson 05). Each condition
starts from its base rate for the patient's age and sex, its ``prior``, from
``data/condition_priors.csv`` ("no immunodeficiency" takes the rest). A weight is
read as the natural logarithm of a likelihood ratio, so a condition's summed
weights (``evidence``) multiply its prior by ``exp(evidence)``::

    score_i = prior_i * exp(evidence_i) / sum_j(prior_j * exp(evidence_j))

The scores of the ten conditions add up to 1. The weights are the course's
teaching judgement, not measured likelihood ratios, so the scores are a
reasoning aid, not probabilities, and never advice about a real patient.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from higm_lessons import checks, labs
from higm_lessons.checks import line_of
from higm_lessons.data import DataError, cached, load_table, table_files

CODES = (
    "HIGM_CD40L",
    "HIGM_CD40",
    "HIGM_AID_UNG",
    "HIGM_NEMO",
    "XLA",
    "CVID",
    "THI",
    "SCID",
    "SIGAD",
    "NORMAL",
)
NAMES = {
    "HIGM_CD40L": "X-linked hyper-IgM syndrome (CD40 ligand deficiency, HIGM1)",
    "HIGM_CD40": "CD40 deficiency (HIGM3)",
    "HIGM_AID_UNG": "AID or UNG deficiency (HIGM2 or HIGM5)",
    "HIGM_NEMO": "NEMO deficiency (ectodermal dysplasia with immunodeficiency)",
    "XLA": "X-linked agammaglobulinaemia (BTK deficiency)",
    "CVID": "Common variable immunodeficiency",
    "THI": "Transient hypogammaglobulinaemia of infancy",
    "SCID": "Severe combined immunodeficiency",
    "SIGAD": "Selective IgA deficiency",
    "NORMAL": "No immunodeficiency (a healthy immune system)",
}
GENES = {
    "HIGM_CD40L": ("CD40LG",),
    "HIGM_CD40": ("CD40",),
    "HIGM_AID_UNG": ("AICDA", "UNG"),
    "HIGM_NEMO": ("IKBKG",),
    "XLA": ("BTK",),
    "SCID": ("IL2RG", "JAK3", "RAG1", "RAG2", "ADA", "IL7R", "DCLRE1C"),
}
KNOWN_GENES = tuple(g for genes in GENES.values() for g in genes)
FINDINGS = {
    "CD40L": ("present", "reduced", "absent"),
    "CD40": ("present", "absent"),
    "switched_memory_B": ("normal", "reduced"),
    "vaccine_response": ("normal", "poor"),
    "variant_gene": (*KNOWN_GENES, "none"),
}
"""Findings with a fixed set of values. ``variant_gene`` is the gene in which genetic
testing found a disease-causing variant, or ``"none"`` when a gene panel found none."""
BOOLEAN_FINDINGS = (
    "opportunistic_infection",
    "lymphoid_hyperplasia",
    "ectodermal_dysplasia",
    "recurrent_infections",
    "on_ivig",
    "follow_up_normal_igg",
)
"""Yes/no findings. ``on_ivig``: immunoglobulin replacement in the last months, so the
measured IgG is largely donor IgG. ``follow_up_normal_igg``: IgG later came into the
normal range without treatment (the hindsight finding of THI)."""
PATIENT_KEYS = ("age_years", "sex", *labs.ANALYTES, *FINDINGS, *BOOLEAN_FINDINGS)


# --------------------------------------------------------------------------- input
def check_patient(patient: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a patient mapping; return a clean copy (findings checked, sex as M/F).

    Raises ValueError naming the field for an unknown key, an unknown finding
    value, a bad age or sex, or a bad lab value.
    """
    if not isinstance(patient, Mapping):
        raise TypeError("patient must be a mapping such as {'age_years': 1.5, 'sex': 'M'}")
    unknown = [k for k in patient if k not in PATIENT_KEYS]
    if unknown:
        raise ValueError(f"patient: unknown field(s) {unknown}; accepted: {list(PATIENT_KEYS)}")
    for key in ("age_years", "sex"):
        if key not in patient:
            raise ValueError(f"patient: {key} is required")
    clean = {
        "age_years": labs.check_age(patient["age_years"], field="patient['age_years']"),
        "sex": labs.check_sex(patient["sex"], field="patient['sex']", required=True),
    }
    for key, allowed in FINDINGS.items():
        if key in patient and patient[key] is not None:
            clean[key] = checks.one_of(f"patient['{key}']", patient[key], allowed)
    for key in BOOLEAN_FINDINGS:
        if key in patient and patient[key] is not None:
            clean[key] = checks.boolean(f"patient['{key}']", patient[key])
    for analyte in labs.ANALYTES:
        if analyte in patient and patient[analyte] is not None:
            value, unit = labs.parse_value(patient[analyte], analyte, field=f"patient[{analyte!r}]")
            clean[analyte] = labs.convert(value, unit, labs.DEFAULT_UNITS[analyte], analyte=analyte)
    return clean


# --------------------------------------------------------------------------- facts
def _rules_index(path: Path, _sources: Path) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in load_table(path.name).to_dict(orient="records"):
        grouped.setdefault(record["rule"], []).append(record)
    return grouped


def _rule_rows(rule: str) -> list[dict[str, Any]]:
    return cached(_rules_index, *table_files("diagnostic_rules.csv")).get(rule, [])


def _rule(rule: str, *, age_years: float) -> dict[str, Any]:
    days = labs.age_days(age_years)
    for row in _rule_rows(rule):
        if row["age_low_days"] <= days < row["age_high_days"]:
            return row
    raise ValueError(f"diagnostic_rules.csv has no {rule!r} row for age {age_years} years")


def _years(days: float) -> str:
    """Days as whole years for reasons: 1461 -> '4'."""
    return f"{days / labs.DAYS_PER_YEAR:.0f}"


def _cohort_percent(feature: str) -> float:
    table = load_table("higm_cohort_features.csv")
    return float(table.loc[table["feature"] == feature, "percent"].iloc[0])


def _holds(rule: str, quantity: float, *, age_years: float) -> bool:
    row = _rule(rule, age_years=age_years)
    if row["comparison"] == "below":
        return quantity < row["threshold"]
    return quantity >= row["threshold"]


@dataclass
class Facts:
    """What the rules read about one patient, derived once."""

    age: float
    sex: str
    findings: dict[str, Any]
    labs: dict[str, dict[str, Any]] = field(default_factory=dict)  # analyte -> interpreted row
    igg_counted: bool = True
    caveats: list[str] = field(default_factory=list)

    def flag(self, analyte: str) -> str | None:
        return self.labs[analyte]["flag"] if analyte in self.labs else None

    def status(self, analyte: str) -> str | None:
        """``low`` / ``normal`` / ``high`` (None if not measured)."""
        return self.measured_status(analyte) if analyte in self.labs else None

    def measured_status(self, analyte: str) -> str:
        """``low`` / ``normal`` / ``high`` of an analyte that was measured."""
        return {"L": "low", "LL": "low", "N": "normal", "H": "high", "HH": "high"}[
            self.labs[analyte]["flag"]
        ]

    def phrase(self, analyte: str) -> str:
        """``'IgG 45 mg/dL (age band 246–904 mg/dL, 9 to <15 months)'``."""
        row = self.labs[analyte]
        band = labs.interval_text(row["low"], row["high"], row["unit"])
        return (
            f"{analyte} {labs.format_value(row['value'])} {row['unit']} "
            f"(age band {band}, {row['band']})"
        )


def _facts(clean: dict[str, Any]) -> Facts:
    facts = Facts(age=clean["age_years"], sex=clean["sex"], findings=clean)
    measured = {a: clean[a] for a in labs.ANALYTES if a in clean}
    if measured:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", labs.UnitWarning)
            table = labs.interpret(measured, age_years=facts.age, sex=facts.sex)
        facts.caveats.extend(table.attrs.get("warnings", []))
        for row in table.to_dict(orient="records"):
            info = labs.interval_row(row["analyte"], age_years=facts.age, sex=facts.sex)
            facts.labs[row["analyte"]] = {**row, "band": info["band"]}
    if _holds("maternal_igg", labs.age_days(facts.age), age_years=facts.age):
        facts.igg_counted = False
        days = labs.age_days(facts.age)
        whose = (
            "the IgG is a mix of the mother's (it crossed the placenta and is still fading) and "
            "the baby's own at its physiological low point, read with care"
            if _holds("mixed_igg", days, age_years=facts.age)
            else "the IgG in the blood is largely the mother's (it crossed the placenta)"
        )
        facts.caveats.append(
            f"At {labs.age_text(facts.age)} ({days} days, under "
            f"{_rule('maternal_igg', age_years=facts.age)['threshold']:g} days) {whose}, so a "
            "normal IgG does not rule out an antibody defect. The differential does not count "
            "IgG at this age; look at IgA, IgM, B cells and CD40L instead."
        )
    if clean.get("on_ivig"):
        facts.igg_counted = False
        facts.caveats.append(
            "On immunoglobulin replacement (IVIG or SCIG) the measured IgG is mostly donor IgG, "
            "so it says nothing about the patient's own production. The differential does not "
            "count IgG; IgA, IgM, B cells, CD40L and genetic tests can still be read."
        )
    return facts


# --------------------------------------------------------------------------- rules
Evidence = tuple[float, str]  # (weight, reason); weight > 0 supports, < 0 argues against

_LAB_STATUS = {"L": "low", "LL": "low", "N": "normal", "H": "high", "HH": "high"}


Rule = tuple[str, str, float, str]
"""One row of data/diagnosis_weights.csv: (finding, value, weight, reason template)."""


def _weights_index(path: Path, _sources: Path) -> dict[str, list[Rule]]:
    """Rules by condition, in file order."""
    table = load_table(path.name)
    problems = [
        f"data/diagnosis_weights.csv, {line_of(row)}, column 'condition': unknown condition "
        f"{code!r}; accepted: {list(CODES)}"
        for row, code in enumerate(table["condition"])
        if code not in CODES
    ]
    if problems:
        raise DataError("\n".join(problems))
    index: dict[str, list[Rule]] = {code: [] for code in CODES}
    for rec in table.itertuples(index=False):
        index[rec.condition].append((rec.finding, rec.value, float(rec.weight), rec.reason))
    return index


def _offered(path: Path, sources: Path) -> dict[str, dict[str, set[str]]]:
    """For each condition, the values each finding has rows for."""
    offered: dict[str, dict[str, set[str]]] = {code: {} for code in CODES}
    for code, rules in cached(_weights_index, path, sources).items():
        for finding, value, _weight, _reason in rules:
            offered[code].setdefault(finding, set()).add(value)
    return offered


def _rules(code: str) -> tuple[list[Rule], dict[str, set[str]]]:
    files = table_files("diagnosis_weights.csv")
    return cached(_weights_index, *files)[code], cached(_offered, *files)[code]


def _b_cells(f: Facts) -> str | None:
    """``absent`` (under 2% of lymphocytes, estimated), ``low``, ``normal``, ``high``."""
    if "CD19" not in f.labs:
        return None
    cd19 = f.labs["CD19"]["value"]
    if "CD3" in f.labs:
        total = cd19 + f.labs["CD3"]["value"]
        share = 100 * cd19 / total if total > 0 else 0.0
        if _holds("b_cells_absent", share, age_years=f.age):
            return "absent"
    elif cd19 == 0:
        return "absent"
    return f.status("CD19")


def _limit(rule: str, f: Facts) -> str:
    return f"{_rule(rule, age_years=f.age)['threshold']:g}"


def _age_states(f: Facts) -> dict[str, list[str]]:
    """The age findings: which stage of childhood, and the ESID age limits."""
    days = labs.age_days(f.age)
    if _holds("maternal_igg", days, age_years=f.age):
        stage = "maternal_igg"
    elif _holds("cvid_min_age", days, age_years=f.age):
        stage = "from_cvid_age"
    else:
        stage = "early_childhood"
    yes_no = {True: ["yes"], False: ["no"]}
    return {
        "age_stage": [stage],
        "scid_onset": yes_no[_holds("scid_onset", days, age_years=f.age)],
        "sigad_age": yes_no[_holds("sigad_min_age", days, age_years=f.age)],
    }


def _igg_states(f: Facts) -> list[str]:
    """IgG, most specific first; none when IgG cannot be read (infant, replacement)."""
    if "IgG" not in f.labs or not f.igg_counted:
        return []
    status = f.measured_status("IgG")
    if status == "low" and _holds("agamma_igg", f.labs["IgG"]["value"], age_years=f.age):
        return ["markedly_low", "low"]
    return ["high", "normal"] if status == "high" else [status]


def _lab_states(f: Facts) -> dict[str, list[str]]:
    """Immunoglobulins, T and B cells and neutrophils as rule values."""
    states = {"IgG": _igg_states(f)}
    for analyte in ("IgM", "CD3", "CD4"):
        if analyte in f.labs:
            states[analyte] = [f.measured_status(analyte)]
    if "IgA" in f.labs:
        under = _holds("sigad_iga", f.labs["IgA"]["value"], age_years=f.age)
        states["IgA"] = (["under_sigad_limit"] if under else []) + [f.measured_status("IgA")]
        if under and _holds("sigad_min_age", labs.age_days(f.age), age_years=f.age):
            states["sigad_iga_criterion"] = ["yes"]
    if (b_cells := _b_cells(f)) is not None:
        states["B_cells"] = [b_cells]
    if "CD4" in f.labs:
        profound = _holds("profound_cd4", f.labs["CD4"]["value"], age_years=f.age)
        states["profound_T"] = ["yes" if profound else "no"]
    if "ANC" in f.labs and _neutropenic(f):
        states["neutropenia"] = ["yes"]
    return states


def _neutropenic(f: Facts) -> bool:
    """Neutropenia: below the clinical threshold from age 1, below the age band before."""
    days = labs.age_days(f.age)
    if any(row["age_low_days"] <= days < row["age_high_days"] for row in _rule_rows("neutropenia")):
        return _holds("neutropenia", f.labs["ANC"]["value"], age_years=f.age)
    return f.status("ANC") == "low"


def _states(f: Facts) -> dict[str, list[str]]:
    """Each finding of the patient as rule values, most specific first."""
    states = {"sex": [f.sex, "any"], **_age_states(f), **_lab_states(f)}
    for key in BOOLEAN_FINDINGS:
        value = f.findings.get(key)
        states[key] = ["unknown"] if value is None else ["yes" if value else "no"]
    for key in ("CD40L", "CD40", "switched_memory_B", "vaccine_response"):
        if key in f.findings:
            states[key] = [f.findings[key]]
    return states


def _context(f: Facts) -> dict[str, dict[str, str]]:
    """What each finding's reason templates may fill in (see the weights table)."""
    age = {"age": labs.age_text(f.age)}
    phrase = {a: f.phrase(a) for a in f.labs}
    return {
        "IgG": {"phrase": phrase.get("IgG", ""), "limit": _limit("agamma_igg", f)},
        "IgA": {"phrase": phrase.get("IgA", ""), "limit": _limit("sigad_iga", f)},
        "IgM": {
            "phrase": phrase.get("IgM", ""),
            "normal_igm_share": f"{_cohort_percent('Normal serum IgM'):g}",
        },
        "CD3": {"phrase": phrase.get("CD3", "")},
        "CD4": {"phrase": phrase.get("CD4", "")},
        "B_cells": {"phrase": phrase.get("CD19", ""), "limit": _limit("b_cells_absent", f)},
        "profound_T": {"phrase": phrase.get("CD4", ""), "limit": _limit("profound_cd4", f)},
        "neutropenia": {"phrase": phrase.get("ANC", "")},
        "sigad_iga_criterion": {
            "phrase": phrase.get("IgA", ""),
            "limit": _limit("sigad_iga", f),
            "minimum": _years(_rule("sigad_min_age", age_years=f.age)["threshold"]),
        },
        "age_stage": {
            **age,
            "minimum": _years(_rule("cvid_min_age", age_years=f.age)["threshold"]),
        },
        "sigad_age": {
            **age,
            "minimum": _years(_rule("sigad_min_age", age_years=f.age)["threshold"]),
        },
        "scid_onset": age,
        "variant_gene": {"found": f.findings.get("variant_gene", "")},
    }


def _gene_state(f: Facts, code: str) -> list[str]:
    found = f.findings.get("variant_gene")
    if found is None:
        return []
    if found in GENES.get(code, ()):
        return ["own"]
    return ["none"] if found == "none" else ["other"]


def _evidence(
    code: str, f: Facts, states: dict[str, list[str]], context: dict[str, dict[str, str]]
) -> list[Evidence]:
    """The weighted reasons for one condition, in the order of the weights table.

    For each finding the most specific value that has rows for this condition is used.
    """
    rules, offered = _rules(code)
    chosen = {}
    for finding, candidates in {**states, "variant_gene": _gene_state(f, code)}.items():
        match = next((v for v in candidates if v in offered.get(finding, ())), None)
        if match is not None:
            chosen[finding] = match
    return [
        (weight, reason.format_map(context.get(finding, {})))
        for finding, value, weight, reason in rules
        if chosen.get(finding) == value
    ]


def evidence(patient: Mapping[str, Any]) -> dict[str, list[Evidence]]:
    """Every condition's (weight, reason) pairs for ``patient``, from the weights table."""
    facts = _facts(check_patient(patient))
    return _all_evidence(facts)


def _all_evidence(f: Facts) -> dict[str, list[Evidence]]:
    states, context = _states(f), _context(f)
    return {code: _evidence(code, f, states, context) for code in CODES}


# --------------------------------------------------------------------------- priors
def _priors_table(path: Path, _sources: Path) -> tuple[tuple[str, str, int, int, float], ...]:
    """(condition, sex, first day, end day, prior) rows, checked against the codes."""
    table = load_table(path.name)
    unknown = sorted(set(table["condition"]) - set(CODES) - {"NORMAL"})
    missing = sorted(set(CODES) - set(table["condition"]) - {"NORMAL"})
    if unknown or missing or "NORMAL" in set(table["condition"]):
        raise DataError(
            "data/condition_priors.csv, column 'condition': "
            f"unknown codes {unknown}, missing codes {missing}; NORMAL must have no row "
            f"(it is the remainder). Accepted: {[c for c in CODES if c != 'NORMAL']}"
        )
    columns = ["condition", "sex", "age_low_days", "age_high_days", "prior"]
    return tuple(
        (code, who, int(low), int(high), float(prior))
        for code, who, low, high, prior in table[columns].itertuples(index=False)
    )


def priors(age_years: float, sex: str) -> dict[str, float]:
    """Base rate of each condition for a person of this age and sex (they add up to 1).

    From ``data/condition_priors.csv``; "no immunodeficiency" (``NORMAL``) is the remainder.
    """
    age = labs.check_age(age_years, field="age_years")
    sex = labs.check_sex(sex, field="sex", required=True)
    days = labs.age_days(age)
    result = {code: 0.0 for code in CODES}
    for code, who, low, high, prior in cached(_priors_table, *table_files("condition_priors.csv")):
        if who in (sex, "any") and low <= days < high:
            result[code] = prior
    result["NORMAL"] = 1.0 - sum(v for k, v in result.items() if k != "NORMAL")
    return result


def prior_text(prior: float) -> str:
    """A base rate in words, to 3 significant figures.

    ``'1 in 515,000'``, ``'99.9%'`` or ``'0 (not at this age)'``.
    """
    prior = checks.probability("prior", prior)
    if prior == 0:
        return "0 (not at this age)"
    if prior >= 0.5:
        return f"{100 * prior:.1f}%"
    n = 1 / prior
    digits = max(0, len(str(int(n))) - 3)
    return f"1 in {round(n, -digits):,.0f}"


def posterior(prior: Mapping[str, float], evidence: Mapping[str, float]) -> dict[str, float]:
    """Combine priors with summed weights: ``prior * exp(evidence)``, scaled to add up to 1."""
    if set(prior) != set(evidence):
        raise ValueError("prior and evidence must name the same conditions")
    top = max(evidence.values())
    raw = {code: prior[code] * math.exp(evidence[code] - top) for code in prior}
    total = sum(raw.values())
    if total <= 0:
        raise ValueError("prior must give at least one condition a base rate above 0")
    return {code: value / total for code, value in raw.items()}


def differential(patient: Mapping[str, Any]) -> pd.DataFrame:
    """Rank the ten conditions for ``patient``, best first.

    ``patient`` maps ``age_years``, ``sex`` ("M"/"F"), any analyte of
    :mod:`higm_lessons.labs` (number in the default unit, or text with a unit) and
    optional findings (see :data:`FINDINGS` and :data:`BOOLEAN_FINDINGS`).
    Columns: ``code``, ``name``, ``score`` (0 to 1; the ten add up to 1),
    ``supporting`` and ``against`` (lists of plain-language reasons), ``notes``,
    ``prior`` (base rate for the age and sex) and ``evidence`` (summed weights,
    0 = none either way). Notes that apply to the whole patient (infant under
    6 months, on IVIG) are in ``frame.attrs["caveats"]``.
    """
    facts = _facts(check_patient(patient))
    items = _all_evidence(facts)
    totals = {code: sum(weight for weight, _ in pairs) for code, pairs in items.items()}
    base = priors(facts.age, facts.sex)
    scores = posterior(base, totals)
    rows = [
        {
            "code": code,
            "name": NAMES[code],
            "score": scores[code],
            "supporting": [text for weight, text in items[code] if weight > 0],
            "against": [text for weight, text in items[code] if weight < 0],
            "notes": [text for weight, text in items[code] if weight == 0],
            "prior": base[code],
            "evidence": totals[code],
            "_order": order,
        }
        for order, code in enumerate(CODES)
    ]
    frame = pd.DataFrame(rows)
    frame = frame.sort_values(["score", "_order"], ascending=[False, True], kind="stable")
    frame = frame.drop(columns="_order").reset_index(drop=True)
    frame.attrs["caveats"] = list(facts.caveats)
    return frame


def bayes_table(patient: Mapping[str, Any], *, top: int = 4) -> pd.DataFrame:
    """The ``top`` conditions with base rate, evidence and score, as text for printing."""
    top = checks.whole("top", top, low=1)
    frame = differential(patient).head(top)
    return pd.DataFrame(
        {
            "condition": frame["code"],
            "base rate": [prior_text(p) for p in frame["prior"]],
            "evidence": [f"{e:+.1f}" for e in frame["evidence"]],
            "score": [f"{s:.2f}" for s in frame["score"]],
        }
    )


def caveats(patient: Mapping[str, Any]) -> list[str]:
    """Notes that change how the whole result must be read (infant under 6 months, on IVIG)."""
    return list(_facts(check_patient(patient)).caveats)


# --------------------------------------------------------------------------- next tests
def _normal_cd40l_tips(clean: dict[str, Any]) -> list[str]:
    """Next steps when CD40L stains normally in a patient with the HIGM pattern."""
    tips = []
    if clean["sex"] == "M":
        tips.append(
            "CD40L stains normally, but that does not exclude X-linked HIGM: some CD40LG "
            "variants make a non-functional protein that still stains. Ask for a functional "
            "test (binding of CD40-Ig or soluble CD40 to activated T cells) and CD40LG "
            "sequencing."
        )
    if "CD40" not in clean:
        tips.append("Also test CD40 on B cells (CD40 deficiency, boys and girls alike).")
    return tips


def next_tests(patient: Mapping[str, Any]) -> list[str]:
    """Plain-language suggestions of the next investigation, in the usual order of work-up.

    Serum immunoglobulins first; lymphocyte subsets when IgG is low; CD40 ligand
    flow cytometry for a boy with the HIGM pattern; when CD40L stains normally, a
    CD40-binding test and *CD40LG* sequencing in a boy, and CD40 on B cells; then
    genetic testing to confirm.
    """
    clean = check_patient(patient)
    facts = _facts(clean)
    tips = []
    if not any(a in clean for a in ("IgG", "IgA", "IgM")):
        tips.append("Measure serum IgG, IgA and IgM and read them against age-specific intervals.")
        return tips
    if not facts.igg_counted:
        tips.append(
            "IgG cannot be read now (maternal IgG, or immunoglobulin replacement): rely on IgA, "
            "IgM, B cells and CD40L, and repeat IgG later if needed."
        )
    switch_pattern = facts.status("IgM") in ("normal", "high") and (
        (facts.igg_counted and facts.status("IgG") == "low") or facts.status("IgA") == "low"
    )
    if not all(a in clean for a in ("CD3", "CD4", "CD19")):
        tips.append("Count lymphocyte subsets (CD3, CD4, CD8, CD19) by flow cytometry.")
    if "vaccine_response" not in clean and facts.status("IgG") != "low":
        tips.append("Test antibody responses to vaccines (tetanus, pneumococcal).")
    if switch_pattern or facts.findings.get("opportunistic_infection"):
        if "CD40L" not in clean:
            tips.append(
                "Test CD40 ligand expression on activated CD4 T cells by flow cytometry "
                "(the key test for X-linked HIGM in a boy)."
            )
        elif clean["CD40L"] == "present" and "variant_gene" not in clean:
            tips.extend(_normal_cd40l_tips(clean))
    if "variant_gene" not in clean:
        tips.append(
            "Confirm with genetic testing (CD40LG first in a boy with absent CD40L; "
            "otherwise a panel including CD40, AICDA, UNG, IKBKG and BTK)."
        )
    if not tips:
        tips.append("The work-up is complete: weigh the differential and its reasons.")
    return tips
