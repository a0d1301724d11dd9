"""A teaching differential diagnosis for a child or adult with suspected antibody deficiency.

The rules follow the ESID Registry 2019 working definitions (Seidel et al. 2019)
and the IUIS phenotypes (Tangye et al. 2022), with thresholds from
``data/diagnostic_rules.csv`` and age bands from ``data/reference_intervals.csv``.
Each rule adds a weight for or against a condition and a plain-language reason.

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

import functools
import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from higm_lessons import labs
from higm_lessons.data import DataError, load_table

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
def check_patient(patient: Mapping) -> dict:
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
            value = patient[key]
            if not isinstance(value, str) or value not in allowed:
                raise ValueError(
                    f"patient['{key}']: unknown finding {value!r}; accepted: {list(allowed)}"
                )
            clean[key] = value
    for key in BOOLEAN_FINDINGS:
        if key in patient and patient[key] is not None:
            if not isinstance(patient[key], bool):
                raise ValueError(f"patient['{key}'] must be True or False, not {patient[key]!r}")
            clean[key] = patient[key]
    for analyte in labs.ANALYTES:
        if analyte in patient and patient[analyte] is not None:
            value, unit = labs.parse_value(patient[analyte], analyte, field=f"patient[{analyte!r}]")
            clean[analyte] = labs.convert(value, unit, labs.DEFAULT_UNITS[analyte], analyte=analyte)
    return clean


# --------------------------------------------------------------------------- facts
@functools.cache
def _rules_index(stamp: tuple) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for record in load_table("diagnostic_rules.csv").to_dict(orient="records"):
        grouped.setdefault(record["rule"], []).append(record)
    return grouped


def _rule(rule: str, *, age_years: float) -> dict:
    days = labs.age_days(age_years)
    for row in _rules_index(labs._stamp("diagnostic_rules.csv")).get(rule, []):
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
    findings: dict
    labs: dict = field(default_factory=dict)  # analyte -> interpreted row (dict)
    igg_counted: bool = True
    caveats: list = field(default_factory=list)

    def flag(self, analyte: str) -> str | None:
        return self.labs[analyte]["flag"] if analyte in self.labs else None

    def status(self, analyte: str) -> str | None:
        """``low`` / ``normal`` / ``high`` (None if not measured)."""
        code = self.flag(analyte)
        if code is None:
            return None
        return {"L": "low", "LL": "low", "N": "normal", "H": "high", "HH": "high"}[code]

    def phrase(self, analyte: str) -> str:
        """``'IgG 45 mg/dL (age band 246–904 mg/dL, 9 to <15 months)'``."""
        row = self.labs[analyte]
        band = labs.interval_text(row["low"], row["high"], row["unit"])
        return (
            f"{analyte} {labs.format_value(row['value'])} {row['unit']} "
            f"(age band {band}, {row['band']})"
        )


def _facts(clean: dict) -> Facts:
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
        facts.caveats.append(
            f"At {labs.age_text(facts.age)} ({labs.age_days(facts.age)} days, under "
            f"{_rule('maternal_igg', age_years=facts.age)['threshold']:g} days) much of the IgG "
            "in the blood is the mother's (it crossed the placenta), so a normal IgG does not "
            "rule out an antibody defect. The differential does not count IgG at this age; "
            "look at IgA, IgM, B cells and CD40L instead."
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


def _igg(f: Facts, *, low: float, normal: float, markedly: float | None = None) -> list:
    """IgG evidence, unless IgG cannot be read (infant under 6 months, or on IVIG)."""
    if "IgG" not in f.labs or not f.igg_counted:
        return []
    status = f.status("IgG")
    if status == "low":
        value = f.labs["IgG"]["value"]
        if markedly is not None and _holds("agamma_igg", value, age_years=f.age):
            limit = _rule("agamma_igg", age_years=f.age)["threshold"]
            return [(markedly, f"{f.phrase('IgG')} is markedly low, under {limit:g} mg/dL")]
        return [(low, f"{f.phrase('IgG')} is below the age band")]
    return [(normal, f"{f.phrase('IgG')} is not low")]


def _level(f: Facts, analyte: str, weights: dict, texts: dict | None = None) -> list:
    """Evidence from an analyte's status (``low``/``normal``/``high``) with given weights."""
    status = f.status(analyte)
    if status is None or status not in weights or weights[status] == 0:
        return []
    wording = {"low": "is below the age band", "normal": "is within the age band"}
    wording["high"] = "is above the age band"
    template = (texts or {}).get(status) or "{phrase} " + wording[status]
    text = template.format(phrase=f.phrase(analyte))
    return [(weights[status], text)]


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


def _b_cell_evidence(f: Facts, weights: dict) -> list:
    state = _b_cells(f)
    if state is None or weights.get(state, 0) == 0:
        return []
    text = {
        "absent": f"B cells are (almost) absent: {f.phrase('CD19')}, under "
        f"{_rule('b_cells_absent', age_years=f.age)['threshold']:g}% of lymphocytes (estimated)",
        "low": f"B cells are low: {f.phrase('CD19')}",
        "normal": f"B cells are present in normal numbers: {f.phrase('CD19')}",
        "high": f"B cells are present, even above the band: {f.phrase('CD19')}",
    }[state]
    return [(weights[state], text)]


def _profound_t(f: Facts) -> bool | None:
    if "CD4" not in f.labs:
        return None
    return _holds("profound_cd4", f.labs["CD4"]["value"], age_years=f.age)


def _t_cell_evidence(f: Facts, *, profound: float, fine: float) -> list:
    state = _profound_t(f)
    if state is None:
        return []
    limit = _rule("profound_cd4", age_years=f.age)["threshold"]
    if state:
        return [(profound, f"{f.phrase('CD4')} is below {limit:g}/uL, a profound T-cell defect")]
    return [(fine, f"CD4 T cells are not profoundly low ({f.phrase('CD4')})")] if fine else []


def _finding(f: Facts, key: str, weights: dict, texts: dict) -> list:
    value = f.findings.get(key)
    if value is None or weights.get(value, 0) == 0:
        return []
    return [(weights[value], texts[value])]


def _gene(f: Facts, code: str, *, none_weight: float = -2.0) -> list:
    found = f.findings.get("variant_gene")
    if found is None:
        return []
    own = GENES.get(code, ())
    if found in own:
        return [(6.0, f"Genetic testing found a disease-causing variant in {found}")]
    if found == "none":
        if not own:
            return [(1.0, "Genetic testing found no variant in the known single-gene causes")]
        return [(none_weight, f"Genetic testing found no variant in {', '.join(own)}")]
    return [(-5.0, f"Genetic testing found a variant in {found}, which causes another condition")]


def _sex_x_linked(f: Facts, gene: str) -> list:
    if f.sex == "M":
        return [(0.5, f"A boy: {gene} is on the X chromosome, so X-linked disease affects boys")]
    return [
        (
            -2.5,
            f"A girl: {gene} is on the X chromosome; affected girls are exceptional "
            "(for example with very skewed X-inactivation)",
        )
    ]


def _cd40l(f: Facts, weights: dict) -> list:
    texts = {
        "absent": "CD40 ligand is absent on activated CD4 T cells (flow cytometry)",
        "reduced": "CD40 ligand expression is weak on activated CD4 T cells",
        "present": "CD40 ligand is expressed normally on activated CD4 T cells",
    }
    return _finding(f, "CD40L", weights, texts)


def _cd40(f: Facts, weights: dict) -> list:
    texts = {
        "absent": "CD40 is absent from the B cells",
        "present": "CD40 is present on the B cells",
    }
    return _finding(f, "CD40", weights, texts)


def _vaccines(f: Facts, weights: dict) -> list:
    texts = {
        "normal": "Antibody responses to vaccines are normal",
        "poor": "Antibody responses to vaccines are poor",
    }
    return _finding(f, "vaccine_response", weights, texts)


def _memory(f: Facts, weights: dict) -> list:
    texts = {
        "reduced": "Switched memory B cells are reduced",
        "normal": "Switched memory B cells are normal",
    }
    return _finding(f, "switched_memory_B", weights, texts)


def _flag_finding(f: Facts, key: str, yes: float, no: float, yes_text: str, no_text: str):
    value = f.findings.get(key)
    if value is True and yes:
        return [(yes, yes_text)]
    if value is False and no:
        return [(no, no_text)]
    return []


def _neutropenia(f: Facts, weight: float, text: str) -> list:
    if f.status("ANC") == "low" and weight:
        return [(weight, f"{f.phrase('ANC')} shows neutropenia: {text}")]
    return []


def _higm_common(f: Facts, *, low_igm: float = -1.5) -> list:
    """What all class-switch (HIGM) defects share: low IgG with IgM normal or high."""
    ev = _igg(f, low=1.5, normal=-2.5)
    ev += _level(
        f,
        "IgM",
        {"high": 1.5, "low": low_igm},
        {
            "high": "{phrase} is above the age band: B cells make IgM but do not switch",
            "low": "{phrase} is low; unusual in HIGM, though it happens",
        },
    )
    ev += _level(f, "IgA", {"low": 0.75, "normal": -0.5})
    ev += _b_cell_evidence(f, {"absent": -3.0, "normal": 0.5, "high": 0.5})
    ev += _t_cell_evidence(f, profound=-2.0, fine=0.0)
    ev += _flag_finding(
        f,
        "recurrent_infections",
        0.5,
        -1.0,
        "Recurrent infections, as expected with low IgG",
        "No recurrent infections",
    )
    return ev


def _rules_cd40l(f: Facts) -> list:
    ev = _sex_x_linked(f, "CD40LG") + _higm_common(f, low_igm=-0.75)
    if f.status("IgM") == "normal":
        share = _cohort_percent("Normal serum IgM")
        ev.append(
            (0.0, f"{f.phrase('IgM')} is normal: IgM was normal in {share:g}% of a HIGM registry")
        )
    ev += _flag_finding(
        f,
        "opportunistic_infection",
        1.5,
        0.0,
        "An opportunistic infection (such as Pneumocystis pneumonia): CD40 ligand is also "
        "needed by macrophages, so T-cell help fails",
        "",
    )
    ev += _neutropenia(f, 0.75, "common in HIGM1")
    ev += _cd40l(f, {"absent": 4.0, "reduced": 1.0, "present": -2.0})
    if f.findings.get("CD40L") == "present":
        ev.append(
            (
                0.0,
                "Normal CD40L staining does not exclude HIGM1: some CD40LG variants make a "
                "non-functional protein that still stains with antibodies but does not bind CD40; "
                "a CD40-binding test and CD40LG sequencing decide",
            )
        )
    if f.findings.get("CD40L") == "reduced":
        ev.append((0.0, "Weak CD40L staining often has no CD40LG variant; genetic testing decides"))
    ev += _cd40(f, {"absent": -3.0})
    ev += _memory(f, {"reduced": 0.5, "normal": -1.0})
    ev += _vaccines(f, {"poor": 0.5, "normal": -1.5})
    ev += _flag_finding(
        f,
        "lymphoid_hyperplasia",
        0.5,
        0.0,
        "Enlarged lymph nodes, tonsils or spleen: nodes are present in HIGM1 and often "
        "enlarged; it is their germinal centres that are missing",
        "",
    )
    ev += _flag_finding(
        f, "ectodermal_dysplasia", -2.0, 0.0, "Ectodermal dysplasia points to NEMO", ""
    )
    return ev + _gene(f, "HIGM_CD40L")


def _rules_cd40(f: Facts) -> list:
    ev = [(0.0, "Autosomal recessive: boys and girls alike"), *_higm_common(f)]
    ev += _flag_finding(
        f,
        "opportunistic_infection",
        1.5,
        0.0,
        "An opportunistic infection: CD40 deficiency looks just like HIGM1",
        "",
    )
    ev += _neutropenia(f, 0.5, "seen in CD40 deficiency as in HIGM1")
    ev += _flag_finding(
        f,
        "lymphoid_hyperplasia",
        0.5,
        0.0,
        "Enlarged lymph nodes, tonsils or spleen: nodes are present, though without "
        "germinal centres, as in HIGM1",
        "",
    )
    ev += _cd40l(f, {"present": 1.0, "absent": -4.0})
    ev += _cd40(f, {"absent": 4.0, "present": -3.0})
    ev += _memory(f, {"reduced": 0.5, "normal": -1.0})
    ev += _vaccines(f, {"poor": 0.5, "normal": -1.5})
    ev += _flag_finding(
        f, "ectodermal_dysplasia", -2.0, 0.0, "Ectodermal dysplasia points to NEMO", ""
    )
    return ev + _gene(f, "HIGM_CD40")


def _rules_aid(f: Facts) -> list:
    ev = [(0.0, "Autosomal recessive: boys and girls alike"), *_higm_common(f)]
    ev += _flag_finding(
        f,
        "opportunistic_infection",
        -2.0,
        0.5,
        "An opportunistic infection is not expected: the defect is inside B cells, "
        "T-cell help to macrophages works",
        "No opportunistic infections, as expected when only B cells are affected",
    )
    ev += _flag_finding(
        f,
        "lymphoid_hyperplasia",
        1.5,
        -0.5,
        "Enlarged lymph nodes and tonsils (giant germinal centres), typical of AID and UNG",
        "No lymphoid hyperplasia, which AID and UNG deficiency often show",
    )
    ev += _cd40l(f, {"present": 1.0, "absent": -4.0})
    ev += _cd40(f, {"present": 0.5, "absent": -3.0})
    ev += _memory(f, {"reduced": 0.5, "normal": -1.0})
    ev += _vaccines(f, {"poor": 0.5, "normal": -1.5})
    ev += _flag_finding(
        f, "ectodermal_dysplasia", -2.0, 0.0, "Ectodermal dysplasia points to NEMO", ""
    )
    return ev + _gene(f, "HIGM_AID_UNG")


def _rules_nemo(f: Facts) -> list:
    ev = _sex_x_linked(f, "IKBKG")
    ev += _flag_finding(
        f,
        "ectodermal_dysplasia",
        3.0,
        -1.0,
        "Ectodermal dysplasia (conical teeth, sparse hair, little sweating) with infections",
        "No ectodermal dysplasia, though only some boys with NEMO deficiency have it",
    )
    ev += _igg(f, low=1.0, normal=-1.0)
    ev += _level(f, "IgM", {"high": 0.5})
    ev += _vaccines(f, {"poor": 1.0, "normal": -1.0})
    ev += _flag_finding(
        f,
        "opportunistic_infection",
        1.0,
        0.0,
        "A severe or unusual infection (mycobacteria and pneumococci are typical in NEMO)",
        "",
    )
    ev += _cd40l(f, {"present": 0.5, "absent": -3.0})
    ev += _cd40(f, {"absent": -3.0})
    return ev + _gene(f, "HIGM_NEMO")


def _rules_xla(f: Facts) -> list:
    ev = _sex_x_linked(f, "BTK")
    ev += _igg(f, low=0.75, normal=-2.0, markedly=1.5)
    ev += _level(
        f,
        "IgM",
        {"low": 1.0, "normal": -0.5, "high": -2.5},
        {"high": "{phrase} is high: B cells are there and making IgM, unlike XLA"},
    )
    ev += _level(f, "IgA", {"low": 0.5, "normal": -1.0})
    ev += _b_cell_evidence(f, {"absent": 4.0, "low": 0.5, "normal": -4.0, "high": -4.0})
    ev += _t_cell_evidence(f, profound=-2.0, fine=0.0)
    ev += _flag_finding(
        f,
        "lymphoid_hyperplasia",
        -2.0,
        0.0,
        "Large lymph nodes or tonsils: in XLA they are tiny, with no B cells to fill them",
        "",
    )
    ev += _flag_finding(
        f,
        "recurrent_infections",
        0.5,
        -1.0,
        "Recurrent bacterial infections",
        "No recurrent infections",
    )
    ev += _flag_finding(
        f,
        "opportunistic_infection",
        -1.0,
        0.0,
        "Opportunistic infections such as Pneumocystis are unusual in XLA (T cells work)",
        "",
    )
    ev += _cd40l(f, {"absent": -3.0})
    ev += _cd40(f, {"absent": -3.0})
    return ev + _gene(f, "XLA")


def _rules_cvid(f: Facts) -> list:
    age = labs.age_text(f.age)
    ev = []
    minimum = _years(_rule("cvid_min_age", age_years=f.age)["threshold"])
    if _holds("cvid_min_age", labs.age_days(f.age), age_years=f.age):
        ev.append((0.5, f"At {age}: CVID can be diagnosed from age {minimum}"))
    else:
        ev.append((-4.0, f"At {age}: CVID is only diagnosed from age {minimum} (ESID)"))
    ev += _igg(f, low=1.5, normal=-2.5)
    ev += _level(f, "IgA", {"low": 1.5, "normal": -2.0})
    ev += _level(
        f,
        "IgM",
        {"high": -1.5},
        {"high": "{phrase} is high, which points to a class-switch defect instead"},
    )
    ev += _vaccines(f, {"poor": 1.5, "normal": -1.5})
    ev += _memory(f, {"reduced": 1.0, "normal": -1.0})
    ev += _b_cell_evidence(f, {"absent": -2.0})
    ev += _t_cell_evidence(f, profound=-2.0, fine=0.0)
    ev += _flag_finding(
        f, "recurrent_infections", 0.5, -1.0, "Recurrent infections", "No recurrent infections"
    )
    ev += _flag_finding(
        f,
        "opportunistic_infection",
        -0.5,
        0.0,
        "Opportunistic infections are unusual in CVID; think of a combined defect",
        "",
    )
    ev += _cd40l(f, {"absent": -3.0})
    ev += _cd40(f, {"absent": -3.0})
    return ev + _gene(f, "CVID")


def _rules_thi(f: Facts) -> list:
    age = labs.age_text(f.age)
    ev = []
    days = labs.age_days(f.age)
    if _holds("maternal_igg", days, age_years=f.age):
        ev.append((-1.0, f"At {age}: too young, IgG is still largely the mother's"))
    elif not _holds("cvid_min_age", days, age_years=f.age):
        ev.append((0.5, f"At {age}: THI is found in early childhood, after the dip"))
    else:
        ev.append(
            (
                -1.5,
                f"At {age}: past early childhood; a lasting low IgG suggests CVID",
            )
        )
    ev += _igg(f, low=1.5, normal=-4.0)
    ev += _level(
        f,
        "IgM",
        {"normal": 0.5, "high": -1.5, "low": -0.5},
        {"high": "{phrase} is high, which THI does not explain"},
    )
    ev += _vaccines(f, {"normal": 2.0, "poor": -2.0})
    ev += _b_cell_evidence(f, {"absent": -3.0, "normal": 0.5, "high": 0.5})
    ev += _t_cell_evidence(f, profound=-2.0, fine=0.0)
    ev += _flag_finding(
        f,
        "opportunistic_infection",
        -4.0,
        0.0,
        "An opportunistic infection is not part of THI",
        "",
    )
    ev += _cd40l(f, {"absent": -3.0})
    ev += _cd40(f, {"absent": -3.0})
    ev += _flag_finding(
        f,
        "ectodermal_dysplasia",
        -2.0,
        0.0,
        "Ectodermal dysplasia is not part of THI",
        "",
    )
    follow_up = f.findings.get("follow_up_normal_igg")
    if follow_up is True:
        ev.append((3.0, "IgG later reached the normal range without treatment: THI in hindsight"))
    elif follow_up is False:
        ev.append((-3.0, "IgG stayed low on follow-up, so the deficiency was not transient"))
    else:
        ev.append((0.0, "THI can only be confirmed in hindsight, once IgG becomes normal"))
    return ev + _gene(f, "THI")


def _rules_scid(f: Facts) -> list:
    age = labs.age_text(f.age)
    ev = []
    if _holds("scid_onset", labs.age_days(f.age), age_years=f.age):
        ev.append((1.0, f"At {age}: SCID shows in the first year of life"))
    else:
        ev.append((-1.5, f"At {age}: classic SCID shows in the first year of life"))
    ev += _t_cell_evidence(f, profound=3.0, fine=-3.0)
    ev += _level(f, "CD3", {"low": 1.5, "normal": -1.5, "high": -1.5})
    ev += _level(f, "IgA", {"low": 0.5})
    ev += _level(f, "IgM", {"low": 0.5, "high": -1.0})
    ev += _flag_finding(
        f,
        "opportunistic_infection",
        1.0,
        0.0,
        "An opportunistic infection, as T cells fail",
        "",
    )
    ev += _flag_finding(
        f, "recurrent_infections", 0.5, -1.0, "Recurrent infections", "No recurrent infections"
    )
    ev += _cd40l(f, {"absent": -2.0})
    ev += _cd40(f, {"absent": -2.0})
    ev += _flag_finding(
        f, "ectodermal_dysplasia", -1.0, 0.0, "Ectodermal dysplasia points to NEMO", ""
    )
    return ev + _gene(f, "SCID")


def _rules_sigad(f: Facts) -> list:
    age = labs.age_text(f.age)
    ev = []
    if not _holds("sigad_min_age", labs.age_days(f.age), age_years=f.age):
        minimum = _years(_rule("sigad_min_age", age_years=f.age)["threshold"])
        ev.append(
            (
                -2.0,
                f"At {age}: IgA deficiency is only diagnosed from age {minimum}",
            )
        )
    if "IgA" in f.labs:
        value = f.labs["IgA"]["value"]
        limit = _rule("sigad_iga", age_years=f.age)["threshold"]
        if _holds("sigad_iga", value, age_years=f.age):
            ev.append((3.0, f"{f.phrase('IgA')} is under {limit:g} mg/dL"))
        elif f.status("IgA") == "low":
            ev.append((0.5, f"{f.phrase('IgA')} is low but not under {limit:g} mg/dL"))
        else:
            ev.append((-4.0, f"{f.phrase('IgA')} is not low"))
    if "IgG" in f.labs and f.igg_counted:
        if f.status("IgG") == "low":
            ev.append((-3.0, f"{f.phrase('IgG')} is low: IgA deficiency needs a normal IgG"))
        else:
            ev.append((1.5, f"{f.phrase('IgG')} is normal, as IgA deficiency requires"))
    ev += _level(
        f,
        "IgM",
        {"normal": 0.5, "high": -1.5, "low": -1.0},
        {
            "high": "{phrase} is high, which points to a class-switch defect",
            "low": "{phrase} is low: IgA deficiency needs a normal IgM",
        },
    )
    ev += _vaccines(f, {"normal": 1.0, "poor": -1.5})
    ev += _flag_finding(
        f,
        "opportunistic_infection",
        -2.0,
        0.0,
        "An opportunistic infection is not part of IgA deficiency",
        "",
    )
    ev += _b_cell_evidence(f, {"absent": -3.0})
    ev += _t_cell_evidence(f, profound=-2.0, fine=0.0)
    ev += _cd40l(f, {"absent": -3.0})
    ev += _cd40(f, {"absent": -3.0})
    ev += _flag_finding(
        f, "ectodermal_dysplasia", -2.0, 0.0, "Ectodermal dysplasia points to NEMO", ""
    )
    return ev + _gene(f, "SIGAD", none_weight=0.0)


def _iga_deficient(f: Facts, weight: float) -> list:
    """An IgA under the IgA-deficiency limit from the age IgA deficiency can be diagnosed."""
    if "IgA" not in f.labs or not _holds("sigad_min_age", labs.age_days(f.age), age_years=f.age):
        return []
    if not _holds("sigad_iga", f.labs["IgA"]["value"], age_years=f.age):
        return []
    limit = _rule("sigad_iga", age_years=f.age)["threshold"]
    return [
        (
            weight,
            f"{f.phrase('IgA')} is under {limit:g} mg/dL after age "
            f"{_years(_rule('sigad_min_age', age_years=f.age)['threshold'])}: "
            "that meets the ESID definition of IgA deficiency",
        )
    ]


def _rules_normal(f: Facts) -> list:
    ev = []
    if "IgG" in f.labs and f.igg_counted:
        ev += _level(f, "IgG", {"normal": 1.0, "high": 0.5, "low": -2.5})
    for analyte, low_weight in (("IgA", -2.5), ("IgM", -1.0), ("CD3", -1.0), ("CD4", -1.0)):
        ev += _level(f, analyte, {"normal": 0.3, "low": low_weight})
    ev += _level(f, "IgM", {"high": -1.5})
    ev += _iga_deficient(f, -8.0)
    ev += _b_cell_evidence(f, {"absent": -3.0, "low": -1.0, "normal": 0.3})
    ev += _t_cell_evidence(f, profound=-3.0, fine=0.0)
    ev += _neutropenia(f, -1.0, "worth explaining")
    ev += _vaccines(f, {"normal": 1.5, "poor": -2.0})
    ev += _memory(f, {"reduced": -1.5})
    ev += _flag_finding(
        f,
        "recurrent_infections",
        -0.5,
        1.0,
        "Frequent infections, though frequent colds are common in healthy young children",
        "No recurrent infections",
    )
    ev += _flag_finding(
        f,
        "opportunistic_infection",
        -10.0,
        0.5,
        "An opportunistic infection in a previously well person always needs explaining",
        "No opportunistic infections",
    )
    for key, text in (
        ("ectodermal_dysplasia", "Ectodermal dysplasia with infections needs explaining"),
        ("lymphoid_hyperplasia", "Lymphoid hyperplasia needs explaining"),
        ("on_ivig", "Someone on immunoglobulin replacement has a diagnosed antibody problem"),
    ):
        ev += _flag_finding(f, key, -3.0 if key == "on_ivig" else -1.5, 0.0, text, "")
    ev += _cd40l(f, {"absent": -4.0, "reduced": -0.5, "present": 0.5})
    ev += _cd40(f, {"absent": -4.0, "present": 0.3})
    found = f.findings.get("variant_gene")
    if found == "none":
        ev.append((0.5, "Genetic testing found no disease-causing variant"))
    elif found is not None:
        ev.append((-5.0, f"Genetic testing found a disease-causing variant in {found}"))
    return ev


# --------------------------------------------------------------------------- priors
@functools.cache
def _priors_table(stamp: tuple) -> pd.DataFrame:
    table = load_table("condition_priors.csv")
    unknown = sorted(set(table["condition"]) - set(CODES) - {"NORMAL"})
    missing = sorted(set(CODES) - set(table["condition"]) - {"NORMAL"})
    if unknown or missing or "NORMAL" in set(table["condition"]):
        raise DataError(
            "data/condition_priors.csv, column 'condition': "
            f"unknown codes {unknown}, missing codes {missing}; NORMAL must have no row "
            f"(it is the remainder). Accepted: {[c for c in CODES if c != 'NORMAL']}"
        )
    return table


def priors(age_years: float, sex: str) -> dict[str, float]:
    """Base rate of each condition for a person of this age and sex (they add up to 1).

    From ``data/condition_priors.csv``; "no immunodeficiency" (``NORMAL``) is the remainder.
    """
    age = labs.check_age(age_years, field="age_years")
    sex = labs.check_sex(sex, field="sex", required=True)
    days = labs.age_days(age)
    table = _priors_table(labs._stamp("condition_priors.csv"))
    rows = table[
        table["sex"].isin([sex, "any"])
        & (table["age_low_days"] <= days)
        & (days < table["age_high_days"])
    ]
    result = {code: 0.0 for code in CODES}
    for row in rows.itertuples(index=False):
        result[row.condition] = float(row.prior)
    result["NORMAL"] = 1.0 - sum(v for k, v in result.items() if k != "NORMAL")
    return result


def prior_text(prior: float) -> str:
    """A base rate in words, to 3 significant figures.

    ``'1 in 515,000'``, ``'99.9%'`` or ``'0 (not at this age)'``.
    """
    if isinstance(prior, bool) or not isinstance(prior, int | float) or not 0 <= prior <= 1:
        raise ValueError(f"prior must be a number from 0 to 1, not {prior!r}")
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


RULES: dict[str, Callable[[Facts], list]] = {
    "HIGM_CD40L": _rules_cd40l,
    "HIGM_CD40": _rules_cd40,
    "HIGM_AID_UNG": _rules_aid,
    "HIGM_NEMO": _rules_nemo,
    "XLA": _rules_xla,
    "CVID": _rules_cvid,
    "THI": _rules_thi,
    "SCID": _rules_scid,
    "SIGAD": _rules_sigad,
    "NORMAL": _rules_normal,
}


def differential(patient: Mapping) -> pd.DataFrame:
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
    evidence = {code: RULES[code](facts) for code in CODES}
    totals = {code: sum(weight for weight, _ in items) for code, items in evidence.items()}
    base = priors(facts.age, facts.sex)
    scores = posterior(base, totals)
    rows = [
        {
            "code": code,
            "name": NAMES[code],
            "score": scores[code],
            "supporting": [text for weight, text in evidence[code] if weight > 0],
            "against": [text for weight, text in evidence[code] if weight < 0],
            "notes": [text for weight, text in evidence[code] if weight == 0],
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


def bayes_table(patient: Mapping, *, top: int = 4) -> pd.DataFrame:
    """The ``top`` conditions with base rate, evidence and score, as text for printing."""
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a whole number of 1 or more, not {top!r}")
    frame = differential(patient).head(top)
    return pd.DataFrame(
        {
            "condition": frame["code"],
            "base rate": [prior_text(p) for p in frame["prior"]],
            "evidence": [f"{e:+.1f}" for e in frame["evidence"]],
            "score": [f"{s:.2f}" for s in frame["score"]],
        }
    )


def caveats(patient: Mapping) -> list[str]:
    """Notes that change how the whole result must be read (infant under 6 months, on IVIG)."""
    return list(_facts(check_patient(patient)).caveats)


# --------------------------------------------------------------------------- next tests
def _normal_cd40l_tips(clean: dict) -> list[str]:
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


def next_tests(patient: Mapping) -> list[str]:
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
