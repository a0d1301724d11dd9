"""Generated practice problems: endless isomorphic variants whose answers the course computes.

``generate(kind, seed=..., level=...)`` returns a :class:`Problem`: a prompt in
markdown, the answer computed by the course's own functions (``inheritance``,
``labs``, ``immunoglobulins``, ``treatment``), a tolerance for a numeric answer,
the worked steps, and the likely wrong answers (:class:`Distractor`), each tied
to a named misconception in ``data/misconceptions.csv`` and to the worked step
where the error enters. ``check(problem, response)`` returns :class:`Feedback`:
right or wrong, and, when a wrong answer is one of the distractors, the
misconception and its step. The same kind, seed and level always give the same
problem. Levels: 1 asks for one step, 2 and 3 for several.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from higm_lessons import checks, immunoglobulins, inheritance, labs, treatment
from higm_lessons.data import cached, load_table, table_files
from higm_lessons.quiz import parse_number

__all__ = [
    "FLAGS",
    "KINDS",
    "LEVELS",
    "Distractor",
    "Feedback",
    "Misconception",
    "Problem",
    "check",
    "generate",
    "misconception",
    "misconceptions",
    "near",
]

KINDS = (
    "offspring-risk",
    "carrier-risk",
    "lab-flag",
    "unit-conversion",
    "maternal-igg",
    "trough",
)
"""The problem kinds, in the order of the lessons that teach them."""
LEVELS = (1, 2, 3)
FLAGS = ("L", "N", "H")
"""The answers of a ``lab-flag`` problem (HL7 interpretation codes)."""

PROBABILITY_TOLERANCE = 0.005
RELATIVE_TOLERANCE = 0.01
"""A numeric answer within 1% counts (0.005 absolute for a probability)."""
MAX_DRAWS = 200
"""Draws of a lab value before a lab-flag problem settles for fewer wrong answers."""
ADULT_AGE_YEARS = 30.0
"""The age whose band stands for 'the adult band' in the lab-flag distractor."""

Value = float | str
Step = tuple[str, Value]


# --------------------------------------------------------------------------- data types
@dataclass(frozen=True)
class Misconception:
    """A named, likely error: one row of ``data/misconceptions.csv``."""

    id: str
    name: str
    explanation: str
    step: str
    source: str


@dataclass(frozen=True)
class Distractor:
    """A likely wrong answer, the misconception that produces it, and the worked step
    (a label in :attr:`Problem.steps`) where that error enters."""

    value: Value
    misconception: str
    step: str
    tolerance: float | None = None
    """How close a response must be to count as this value (None for a flag)."""

    def matches(self, response: Value) -> bool:
        """True when ``response`` counts as this wrong answer."""
        return near(response, self.value, self.tolerance)


@dataclass(frozen=True)
class Problem:
    """One generated problem.

    ``answer`` is a float (a probability from 0 to 1, or a value in ``unit``) or,
    for ``lab-flag``, one of :data:`FLAGS`. ``unit`` is ``""`` for a probability,
    ``"flag"`` for a flag, else the answer's unit (``"mg/dL"``, ``"mg/kg"``, ...).
    ``tolerance`` is the absolute tolerance of a numeric answer (None for a flag).
    ``steps`` are the worked solution as ``(label, value)`` pairs, labels unique, the
    last one the answer.
    ``distractors`` are the likely wrong answers; no two of the intervals (value plus
    or minus its tolerance) of the answer and the distractors overlap, so a
    response matches at most one of them.
    """

    kind: str
    seed: int
    level: int
    prompt: str
    answer: Value
    unit: str
    tolerance: float | None
    steps: tuple[Step, ...]
    distractors: tuple[Distractor, ...]

    def step(self, label: str) -> Value:
        """The value of the worked step called ``label``."""
        for name, value in self.steps:
            if name == label:
                return value
        raise ValueError(f"label must be one of {[name for name, _ in self.steps]}, not {label!r}")

    def matches(self, response: Value) -> bool:
        """True when ``response`` counts as the answer (within the tolerance for a number)."""
        return near(response, self.answer, self.tolerance)


def near(response: Value, target: Value, tolerance: float | None) -> bool:
    """True when ``response`` is ``target`` (a flag) or within ``tolerance`` of it (a number)."""
    if isinstance(target, str) or isinstance(response, str):
        return response == target
    slack = 1e-12 * max(1.0, abs(target))
    return abs(response - target) <= (tolerance or 0.0) + slack


@dataclass(frozen=True)
class Feedback:
    """The outcome of :func:`check`.

    ``misconception`` and ``step`` are set when a wrong response matches a
    distractor: the named error and the label of the worked step where it happened.
    """

    correct: bool
    response: Value
    answer: Value
    message: str
    misconception: Misconception | None = None
    step: str | None = None


# --------------------------------------------------------------------------- vocabulary
def _parse_misconceptions(path: Path, _sources: Path) -> dict[str, Misconception]:
    table = load_table(path.name)
    return {
        row.id: Misconception(row.id, row.name, row.explanation, row.step, row.source)
        for row in table.itertuples(index=False)
    }


def misconceptions() -> dict[str, Misconception]:
    """The course's vocabulary of misconceptions, by id (``data/misconceptions.csv``)."""
    return dict(cached(_parse_misconceptions, *table_files("misconceptions.csv")))


def misconception(misconception_id: str) -> Misconception:
    """One misconception by its id."""
    known = misconceptions()
    return known[checks.one_of("misconception_id", misconception_id, sorted(known))]


# --------------------------------------------------------------------------- helpers
def _rng(kind: str, seed: int, level: int) -> np.random.Generator:
    return np.random.default_rng([seed, KINDS.index(kind), level])


def _pick(rng: np.random.Generator, options: Sequence[Any] | np.ndarray) -> Any:
    return options[int(rng.integers(len(options)))]


def _keep(
    answer: Value,
    tolerance: Callable[[float], float] | None,
    candidates: list[Distractor],
    *,
    high: float = math.inf,
) -> tuple[Distractor, ...]:
    """The candidates that are valid and distinct, each with its tolerance (``tolerance(value)``):
    no two intervals (value plus or minus its tolerance) of the answer and the kept distractors
    overlap; for flags, no two values are the same."""
    if tolerance is None:
        kept_flags: list[Distractor] = []
        for item in candidates:
            if item.value not in [answer, *(d.value for d in kept_flags)]:
                kept_flags.append(item)
        return tuple(kept_flags)
    taken = [(float(answer), tolerance(float(answer)))]
    kept: list[Distractor] = []
    for item in candidates:
        value = float(item.value)
        own = tolerance(value)
        apart = all(abs(value - v) > own + t for v, t in taken)
        if math.isfinite(value) and 0.0 <= value <= high and apart:
            kept.append(Distractor(value, item.misconception, item.step, own))
            taken.append((value, own))
    return tuple(kept)


def _probability_tolerance(_value: float) -> float:
    return PROBABILITY_TOLERANCE


def _relative(answer: float) -> float:
    return RELATIVE_TOLERANCE * abs(answer)


# --------------------------------------------------------------------------- offspring risk
_WORDS = {
    "non-carrier": "is not a carrier and is unaffected",
    "carrier": "is an unaffected carrier",
    "affected": "is affected",
}


_MODE_NAMES = {"x-linked": "X-linked recessive", "autosomal": "autosomal recessive"}
_STATUS = {"non-carrier": "a non-carrier", "carrier": "a carrier", "affected": "affected"}


@functools.cache
def _offspring_cases(level: int) -> tuple[tuple[str, str, str, str, str], ...]:
    """Every (mode, mother, father, sex, outcome) a level asks about (pure rules, no data,
    so remembered for the session)."""
    cases = []
    for mode in inheritance.MODES:
        for mother in inheritance.STATUSES:
            for father in inheritance.STATUSES:
                if mode == "x-linked" and father == "carrier":
                    continue
                risks = inheritance.offspring_risks(mode, mother, father)
                for sex in inheritance.SEXES:
                    for outcome in ("affected", "carrier"):
                        if mode == "x-linked" and sex == "son" and outcome == "carrier":
                            continue
                        p = float(risks.loc[sex, outcome])
                        if level == 2:
                            p = float(risks[outcome].mean())
                        if level > 1 and not 0 < p < 1:
                            continue
                        cases.append((mode, mother, father, sex, outcome))
    return tuple(cases)


def _other_mode(mode: str, mother: str, father: str, sex: str, outcome: str) -> float | None:
    """The same risk worked out with the other mode's rules (None where they do not apply)."""
    other = "autosomal" if mode == "x-linked" else "x-linked"
    if other == "x-linked" and (father == "carrier" or (sex == "son" and outcome == "carrier")):
        return None
    return float(inheritance.offspring_risks(other, mother, father).loc[sex, outcome])


Parts = tuple[float, str, list[Step], list[Distractor]]
"""A level's answer, question, worked steps (after the gametes) and likely wrong answers."""


def _one_sex(case: dict, rng: np.random.Generator) -> Parts:
    """Level 1: the chance for a child of a given sex."""
    sex, outcome, risks = case["sex"], case["outcome"], case["risks"]
    label = f"Chance a {sex} {_WORDS[outcome]}"
    p = float(risks.loc[sex, outcome])
    wrong = [Distractor(p / 2, "sex-share-multiplied", label)]
    if case["mode"] != "x-linked" or sex != "son":
        other = "carrier" if outcome == "affected" else "affected"
        wrong.append(Distractor(float(risks.loc[sex, other]), "carrier-affected-confused", label))
    if case["other_mode"] is not None:
        wrong.append(Distractor(case["other_mode"], "mode-confused", "Father's gametes"))
    question = f"What is the chance that a **{sex}** of theirs {_WORDS[outcome]}?"
    return p, question, [(label, p)], wrong


def _any_child(case: dict, rng: np.random.Generator) -> Parts:
    """Level 2: the chance for a baby whose sex is not known."""
    outcome, risks = case["outcome"], case["risks"]
    son, daughter = (float(risks.loc[s, outcome]) for s in inheritance.SEXES)
    question = (
        "They expect a baby whose sex they do not know yet. What is the chance that the baby "
        f"{_WORDS[outcome]}?"
    )
    label = "Chance the baby is a son"
    steps: list[Step] = [
        (f"Chance a son {_WORDS[outcome]}", son),
        (f"Chance a daughter {_WORDS[outcome]}", daughter),
        (label, 0.5),
    ]
    wrong = [
        Distractor(son, "sex-ignored", label),
        Distractor(daughter, "sex-ignored", label),
        Distractor(son + daughter, "sexes-added", label),
    ]
    return 0.5 * son + 0.5 * daughter, question, steps, wrong


def _at_least_one(case: dict, rng: np.random.Generator) -> Parts:
    """Level 3: the chance that at least one of several children of a given sex is affected."""
    sex, outcome = case["sex"], case["outcome"]
    p = float(case["risks"].loc[sex, outcome])
    n = int(rng.integers(2, 4))
    none = "Chance none of them does"
    steps: list[Step] = [
        (f"Chance a {sex} {_WORDS[outcome]}", p),
        ("Number of children", float(n)),
        (none, (1 - p) ** n),
    ]
    wrong = [
        Distractor(n * p, "risks-added", none),
        Distractor(p**n, "all-not-any", none),
        Distractor(p, "one-child-only", "Number of children"),
    ]
    if case["other_mode"] is not None:
        wrong.append(
            Distractor(1 - (1 - case["other_mode"]) ** n, "mode-confused", "Father's gametes")
        )
    question = (
        f"They plan **{n} {sex}s**. What is the chance that **at least one** of them "
        f"{_WORDS[outcome]}?"
    )
    return 1 - (1 - p) ** n, question, steps, wrong


_OFFSPRING_LEVELS = {1: _one_sex, 2: _any_child, 3: _at_least_one}


def _offspring(rng: np.random.Generator, level: int) -> dict:
    cases = _offspring_cases(level)
    mode, mother, father, sex, outcome = cases[int(rng.integers(len(cases)))]
    square = inheritance.punnett_square(mode, mother, father)
    case = {
        "mode": mode,
        "sex": sex,
        "outcome": outcome,
        "risks": inheritance.offspring_risks(mode, mother, father),
        "other_mode": _other_mode(mode, mother, father, sex, outcome),
    }
    answer, question, extra, wrong = _OFFSPRING_LEVELS[level](case, rng)
    steps: list[Step] = [
        ("Mother's gametes", " or ".join(square["egg"].unique())),
        ("Father's gametes", " or ".join(square["sperm"].unique())),
        *extra,
        ("Answer", answer),
    ]
    family = (
        f"A couple, in a family with **{_MODE_NAMES[mode]}** HIGM "
        f"(full penetrance): the mother is **{_STATUS[mother]}**, the father "
        f"**{_STATUS[father]}**."
    )
    return {
        "prompt": f"{family}\n\n{question} Give a probability from 0 to 1.",
        "answer": answer,
        "unit": "",
        "tolerance": PROBABILITY_TOLERANCE,
        "steps": steps,
        "distractors": _keep(answer, _probability_tolerance, wrong, high=1.0),
    }


# --------------------------------------------------------------------------- carrier risk
def _person(
    pid: str, father: str | None, mother: str | None, sex: str, affected: bool | None = None
) -> dict:
    return {"id": pid, "father": father, "mother": mother, "sex": sex, "affected": affected}


def _carrier_family(level: int, sons: int, brothers: int) -> list[dict]:
    """The consultand, her affected brother, parents and healthy sons (more by level)."""
    rows = [
        _person("mother", None, None, "F"),
        _person("father", None, None, "M", False),
        _person("brother", "father", "mother", "M", True),
        _person("consultand", "father", "mother", "F"),
        _person("husband", None, None, "M", False),
    ]
    if level == 1:  # the mother's own brother is affected too: she is as good as a carrier
        rows[0] = _person("mother", "grandfather", "grandmother", "F")
        rows[:0] = [
            _person("grandfather", None, None, "M", False),
            _person("grandmother", None, None, "F"),
            _person("uncle", "grandfather", "grandmother", "M", True),
        ]
    rows += [
        _person(f"healthy brother {i + 1}", "father", "mother", "M", False) for i in range(brothers)
    ]
    rows += [_person(f"son {i + 1}", "husband", "consultand", "M", False) for i in range(sons)]
    return rows


_NAMES = ("Rosa", "Amira", "Lena", "Mei", "Sofia", "Zanele", "Ines", "Priya")


def _carrier_prompt(level: int, sons: int, brothers: int, name: str) -> str:
    plural = "s" if sons != 1 else ""
    lines = [f"{name}'s brother has **X-linked HIGM** (CD40L deficiency); her father is healthy."]
    if level == 1:
        lines.append("Her mother's brother is affected too, so her mother is a carrier.")
    else:
        lines.append("No one else in the family is known to be affected (an isolated case).")
    if brothers:
        lines.append(f"{name} also has {brothers} healthy brother{'s' if brothers != 1 else ''}.")
    lines.append(f"{name} has **{sons} healthy son{plural}**.")
    model = (
        "Use the course's model: full penetrance, and new variants arise at the same small rate "
        "in eggs and sperm (so an isolated case may be a new variant)."
    )
    return (
        " ".join(lines) + f"\n\n{model}\n\nWhat is the chance that {name} is a carrier? "
        "Give a probability from 0 to 1."
    )


def _carrier(rng: np.random.Generator, level: int) -> dict:
    name = str(_pick(rng, _NAMES))
    sons = int(rng.integers(1, 5))
    brothers = int(rng.integers(1, 3)) if level == 3 else 0
    family = _carrier_family(level, sons, brothers)
    answer = float(inheritance.carrier_risks(family, "x-linked")["consultand"])
    table = inheritance.bayes_table(family, "x-linked", "consultand")
    prior, cond, joint = (
        table[c].astype(float).tolist() for c in ("prior", "conditional", "joint")
    )
    steps: list[Step] = [
        ("Prior: carrier", prior[0]),
        ("Prior: not a carrier", prior[1]),
        ("Conditional: healthy sons if a carrier", cond[0]),
        ("Conditional: healthy sons if not a carrier", cond[1]),
        ("Joint: carrier", joint[0]),
        ("Joint: not a carrier", joint[1]),
        ("Posterior: carrier", answer),
    ]
    half = 0.5**sons
    wrong = [
        Distractor(prior[0], "unaffected-sons-ignored", "Conditional: healthy sons if a carrier"),
        Distractor(joint[0], "joint-not-normalised", "Posterior: carrier"),
        Distractor(cond[0], "conditional-as-answer", "Joint: carrier"),
    ]
    if level > 1:
        wrong.append(
            Distractor(0.5 * half / (0.5 * half + 0.5), "isolated-case-obligate", "Prior: carrier")
        )
    return {
        "prompt": _carrier_prompt(level, sons, brothers, name),
        "answer": answer,
        "unit": "",
        "tolerance": PROBABILITY_TOLERANCE,
        "steps": steps,
        "distractors": _keep(answer, _probability_tolerance, wrong, high=1.0),
    }


# --------------------------------------------------------------------------- lab flags
_FLAG_ANALYTES = {
    1: ("IgG", "IgA", "IgM", "CD4", "CD19"),
    2: ("IgG", "IgA", "IgM", "CD3", "CD4", "CD8", "CD19", "ANC"),
    3: ("IgG", "IgA", "IgM", "CD4", "CD19", "ANC"),
}
_CONFUSION = {
    "mg/dL": "unit-mass-confused",
    "g/L": "unit-mass-confused",
    "cells/uL": "unit-count-confused",
    "10^9/L": "unit-count-confused",
}


def _age(rng: np.random.Generator, child: bool) -> tuple[float, str]:
    """An age in years and its words: whole months under 2 years, whole years above."""
    if not child:
        years = int(rng.integers(20, 70))
        return float(years), f"{years}-year-old"
    months = int(rng.integers(1, 24 + 15 * 12))
    if months < 24:
        return months / 12, f"{months}-month-old"
    return float(months // 12), f"{months // 12}-year-old"


def _flag_of(analyte: str, value: float, unit: str, age: float, sex: str) -> str:
    """The flag (L, N or H) of ``value`` in ``unit`` against the band for the age: quick
    enough to try many draws, and how a learner who misreads the unit or band flags it."""
    default = labs.convert(value, unit, labs.DEFAULT_UNITS[analyte], analyte=analyte)
    band = labs.reference_interval(analyte, age_years=age, sex=sex)
    code = labs.flag(default, band["low"], band["high"])
    return str(code)


def _interpreted(analyte: str, value: float, unit: str, age: float, sex: str) -> str:
    """The course's own reading of the report (``labs.interpret``), critical limits included."""
    entry = f"{labs.format_value(value)} {unit}".replace(",", "")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", labs.UnitWarning)
        return str(labs.interpret({analyte: entry}, age_years=age, sex=sex)["flag"].iloc[0])


def _shown(value: float) -> float:
    """A value rounded as a report prints it: three significant figures."""
    return float(f"{value:.3g}")


def _lab_draw(rng: np.random.Generator, level: int) -> dict:
    analyte = str(_pick(rng, _FLAG_ANALYTES[level]))
    child = level != 2
    age, age_words = _age(rng, child)
    sex = str(_pick(rng, ("M", "F")))
    default = labs.DEFAULT_UNITS[analyte]
    # levels 2 and 3 report in the other usual unit: the interval's unit must be worked out
    unit = default if level == 1 else next(u for u in labs.units_for(analyte) if u != default)
    band = labs.reference_interval(analyte, age_years=age, sex=sex)
    adult = labs.reference_interval(analyte, age_years=ADULT_AGE_YEARS, sex=sex)
    low = 0.4 * min(band["low"], adult["low"])
    high = 1.6 * max(band["high"], adult["high"])
    value = float(np.exp(rng.uniform(math.log(low), math.log(high))))
    shown = _shown(labs.convert(_shown(value), default, unit, analyte=analyte))
    return {
        "analyte": analyte,
        "age": age,
        "age_words": age_words,
        "sex": sex,
        "unit": unit,
        "shown": shown,
        "default": default,
    }


def _lab_problem(draw: dict, level: int) -> tuple[str, list[Step], list[Distractor]]:
    analyte, age, sex, unit, shown = (draw[k] for k in ("analyte", "age", "sex", "unit", "shown"))
    answer = _flag_of(analyte, shown, unit, age, sex)
    row = labs.interval_row(analyte, age_years=age, sex=sex)
    steps: list[Step] = [
        ("Value in the report's unit", shown),
        (
            "Value in the interval's unit",
            labs.convert(shown, unit, draw["default"], analyte=analyte),
        ),
        ("Age band", row["band"]),
        ("Reference interval low", row["low"]),
        ("Reference interval high", row["high"]),
        ("Flag", answer),
    ]
    wrong = []
    if level != 2:
        adult = _flag_of(analyte, shown, unit, ADULT_AGE_YEARS, sex)
        wrong.append(Distractor(adult, "adult-band-for-child", "Age band"))
    if level != 1:
        other = next(u for u in labs.units_for(analyte) if u != unit)
        misread = _flag_of(analyte, shown, other, age, sex)
        wrong.append(Distractor(misread, _CONFUSION[unit], "Value in the interval's unit"))
    return answer, steps, wrong


def _article(words: str) -> str:
    """'An' before a number said with a vowel sound (8, 11, 18, 80-89), else 'A'."""
    number = words.split("-")[0]
    return "An" if number.startswith("8") or number in ("12", "18") else "A"


def _analyte_name(analyte: str) -> str:
    """``'Immunoglobulin G (IgG)'``, ``'B cells (CD19+)'``: the name, with the symbol once."""
    name = labs.NAMES[analyte]
    return name if analyte in name else f"{name} ({analyte})"


def _band_table(analyte: str, age: float, sex: str) -> str:
    """A markdown table of the reference bands a learner chooses from: the patient's band,
    the band next to it and the adult band, in age order."""
    table = labs.bands(analyte, sex=sex)
    here = int(
        ((table["age_low_years"] <= age) & (age < table["age_high_years"])).to_numpy().argmax()
    )
    last = len(table) - 1
    rows = sorted({here, here + 1 if here < last else here - 1, last})
    lines = ["| Age band | Reference interval |", "|---|---|"]
    for i in rows:
        row = table.iloc[i]
        lines.append(
            f"| {row['band']} | {labs.interval_text(row['low'], row['high'], row['unit'])} |"
        )
    return "\n".join(lines)


def _lab_flag(rng: np.random.Generator, level: int) -> dict:
    wanted = 2 if level == 3 else 1
    attempt = 0
    while True:  # draws until the problem has its wrong answers (fewer after MAX_DRAWS)
        draw = _lab_draw(rng, level)
        answer, steps, wrong = _lab_problem(draw, level)
        kept = _keep(answer, None, wrong)
        attempt += 1
        if len(kept) < wanted and attempt < MAX_DRAWS:
            continue
        args = (draw["analyte"], draw["shown"], draw["unit"], draw["age"], draw["sex"])
        # the answer is the course's own reading; a critical flag (LL, HH) is drawn again
        if _interpreted(*args) == answer:
            break
    male = draw["sex"] == "M"
    who = ("boy" if male else "girl") if draw["age"] < 18 else ("man" if male else "woman")
    person = f"{_article(draw['age_words'])} {draw['age_words']} {who}"
    prompt = (
        f"{person} has **{_analyte_name(draw['analyte'])}** "
        f"of **{labs.format_value(draw['shown'])} {draw['unit']}**.\n\n"
        "Flag it against the reference interval for the age: "
        "`L` (below), `N` (within) or `H` (above).\n\n"
        + _band_table(draw["analyte"], draw["age"], draw["sex"])
    )
    return {
        "prompt": prompt,
        "answer": answer,
        "unit": "flag",
        "tolerance": None,
        "steps": steps,
        "distractors": kept,
    }


# --------------------------------------------------------------------------- unit conversion
_PER = {  # (quantity factor, volume factor) taking the first unit to the second
    ("mg/dL", "g/L"): (1e-3, 10.0),
    ("g/L", "mg/dL"): (1e3, 0.1),
    ("cells/uL", "10^9/L"): (1e-9, 1e6),
    ("10^9/L", "cells/uL"): (1e9, 1e-6),
}
_STEP_WORDS = {
    ("mg/dL", "g/L"): ("mg to g (divide by 1000)", "per dL to per L (1 L = 10 dL)"),
    ("g/L", "mg/dL"): ("g to mg (times 1000)", "per L to per dL (1 dL = 1/10 L)"),
    ("cells/uL", "10^9/L"): (
        "cells to 10^9 cells (divide by 10^9)",
        "per uL to per L (1 L = 10^6 uL)",
    ),
    ("10^9/L", "cells/uL"): (
        "10^9 cells to cells (times 10^9)",
        "per L to per uL (1 uL = 10^-6 L)",
    ),
}
_CONVERT_ANALYTES = {
    1: ("IgG", "IgA", "IgM", "CD4", "CD19", "ANC"),
    2: ("IgG", "IgA", "IgM"),
    3: ("CD3", "CD4", "CD8", "CD19", "ANC"),
}


def _conversion(rng: np.random.Generator, level: int) -> dict:
    analyte = str(_pick(rng, _CONVERT_ANALYTES[level]))
    units = labs.units_for(analyte)
    source, target = (units[0], units[1]) if rng.random() < 0.5 else (units[1], units[0])
    band = labs.reference_interval(analyte, age_years=float(rng.integers(1, 60)), sex=None)
    typical = float(np.exp(rng.uniform(math.log(0.5 * band["low"]), math.log(1.5 * band["high"]))))
    value = _shown(labs.convert(typical, units[0], source, analyte=analyte))
    answer = labs.convert(value, source, target, analyte=analyte)
    quantity, volume = _PER[source, target]
    tolerance = _relative(answer)
    if level == 1:
        steps: list[Step] = [
            ("Value", value),
            ("Conversion factor", quantity * volume),
            ("Converted value", answer),
        ]
        wrong = [
            Distractor(value / (quantity * volume), "conversion-inverted", "Conversion factor")
        ]
    else:
        words = _STEP_WORDS[source, target]
        steps = [
            ("Value", value),
            (f"Quantity factor: {words[0]}", quantity),
            (f"Volume factor: {words[1]}", volume),
            ("Converted value", answer),
        ]
        wrong = [
            Distractor(value / (quantity * volume), "conversion-inverted", steps[1][0]),
            Distractor(value * volume, "quantity-step-forgotten", steps[1][0]),
            Distractor(value * quantity, "volume-step-forgotten", steps[2][0]),
        ]
    prompt = (
        f"A report gives {analyte} as **{labs.format_value(value)} {source}**. "
        f"What is it in **{target}**?"
    )
    return {
        "prompt": prompt,
        "answer": answer,
        "unit": target,
        "tolerance": tolerance,
        "steps": steps,
        "distractors": _keep(answer, _relative, wrong),
    }


# --------------------------------------------------------------------------- maternal IgG
DAYS_PER_MONTH = labs.DAYS_PER_YEAR / 12


def _maternal_setting(rng: np.random.Generator, level: int) -> tuple[bool, float, str]:
    """(preterm, age in days, age in words) for a level."""
    half_life = immunoglobulins.model_settings()["half_life_days"]
    if level == 1:
        n = int(rng.integers(1, 5))
        days = n * half_life
        return False, days, f"{days:g} days"
    preterm = bool(rng.random() < 0.5)
    if level == 2:
        weeks = int(rng.integers(2, 21))
        return preterm, 7.0 * weeks, f"{weeks} weeks"
    months = int(rng.integers(1, 7))
    words = f"{months} month" + ("s" if months != 1 else "")
    return preterm, months * DAYS_PER_MONTH, words


def _maternal_igg(rng: np.random.Generator, level: int) -> dict:
    preterm, days, words = _maternal_setting(rng, level)
    settings = immunoglobulins.model_settings(preterm=preterm)
    start, half_life = settings["maternal_igg_mg_dl"], settings["half_life_days"]
    answer = float(immunoglobulins.infant_igg(days, preterm=preterm)["maternal"].iloc[0])
    n = days / half_life
    steps: list[Step] = [
        ("Maternal IgG at birth", start),
        ("Half-life", half_life),
        ("Age in days", days),
        ("Half-lives elapsed", n),
        ("Fraction left", 2.0**-n),
        ("Maternal IgG left", answer),
    ]
    wrong = [
        Distractor(start * 2.0 ** (-days / DAYS_PER_MONTH), "half-life-a-month", "Half-life"),
        Distractor(start * (1 - n / 2), "decay-linear", "Fraction left"),
        Distractor(start / (2 * n), "halvings-multiplied", "Fraction left"),
    ]
    birth = "preterm" if preterm else "at term"
    prompt = (
        f"A baby is born {birth} with **{start:g} mg/dL** of IgG, all of it from the mother. "
        f"IgG's half-life is **{half_life:g} days**.\n\nHow much of the mother's IgG "
        f"(mg/dL) is left at **{words}** of age?"
        + (f" Take a month as {DAYS_PER_MONTH:.4g} days." if "month" in words else "")
    )
    return {
        "prompt": prompt,
        "answer": answer,
        "unit": "mg/dL",
        "tolerance": _relative(answer),
        "steps": steps,
        "distractors": _keep(answer, _relative, wrong),
    }


# --------------------------------------------------------------------------- trough
def _trough_setting(rng: np.random.Generator, level: int) -> dict:
    """Route, interval and dose (or target) for a level, from the usual ranges in the data."""
    p = treatment.parameters()
    if level == 1 or (level == 3 and rng.random() < 0.5):
        route = "IV"
        interval = float(_pick(rng, (p["ivig_interval_short_days"], p["ivig_interval_long_days"])))
        doses = np.arange(p["ivig_dose_low_mg_kg"], p["ivig_dose_high_mg_kg"] + 1, 50.0)
    else:
        route, interval = "SC", p["scig_interval_days"]
        doses = np.arange(p["scig_dose_low_mg_kg"], p["scig_dose_high_mg_kg"] + 1, 10.0)
    targets = np.arange(p["trough_target_low_mg_dl"], p["trough_target_high_mg_dl"] + 1, 50.0)
    return {
        "route": route,
        "interval": interval,
        "dose": float(_pick(rng, doses)),
        "target": float(_pick(rng, targets)),
        "half_life": p["igg_half_life_days"],
        "volume": p["volume_dl_per_kg"],
        "gain": p["trough_gain_per_100_mg_kg"],
        "fraction": treatment.bioavailability(route),
    }


def _trough_steps(s: dict) -> list[Step]:
    k = math.log(2) / s["half_life"]
    return [
        ("Interval", s["interval"]),
        ("Half-life", s["half_life"]),
        ("Volume of distribution", s["volume"]),
        ("Fraction absorbed", s["fraction"]),
        ("Elimination rate", k),
        ("Growth over one interval", math.expm1(k * s["interval"])),
    ]


def _trough_level(s: dict) -> tuple[float, list[Step], list[Distractor]]:
    answer = treatment.steady_state_trough(s["dose"], s["interval"], route=s["route"])
    steps = [("Dose", s["dose"]), *_trough_steps(s)]
    rise = s["fraction"] * s["dose"] / s["volume"]
    growth = float(steps[-1][1])
    steps += [("Rise per dose", rise), ("Steady-state trough", answer)]
    wrong = [
        Distractor(rise / (1 + growth), "single-dose-not-steady-state", "Growth over one interval"),
        Distractor(s["gain"] * s["dose"] / 100, "interval-ignored", "Interval"),
    ]
    if s["route"] == "SC":
        wrong.append(Distractor(answer / s["fraction"], "sc-fully-absorbed", "Fraction absorbed"))
    return answer, steps, wrong


def _trough_dose(s: dict) -> tuple[float, list[Step], list[Distractor]]:
    answer = treatment.dose_for_trough(s["target"], s["interval"], route=s["route"])
    steps = [("Target trough", s["target"]), *_trough_steps(s)]
    growth = float(steps[-1][1])
    rise = s["target"] * growth
    steps += [("Rise per dose needed", rise), ("Dose", answer)]
    wrong = [
        Distractor(
            s["target"] * (1 + growth) * s["volume"] / s["fraction"],
            "single-dose-not-steady-state",
            "Growth over one interval",
        ),
        Distractor(100 * s["target"] / s["gain"] / s["fraction"], "interval-ignored", "Interval"),
    ]
    if s["route"] == "SC":
        wrong.append(Distractor(answer * s["fraction"], "sc-fully-absorbed", "Fraction absorbed"))
    return answer, steps, wrong


_ROUTE_WORDS = {"IV": "into a vein (IV)", "SC": "under the skin (SC)"}


def _trough(rng: np.random.Generator, level: int) -> dict:
    s = _trough_setting(rng, level)
    model = (
        f"Use the course's one-compartment model: IgG half-life **{s['half_life']:g} days**, "
        f"volume of distribution **{s['volume']:g} dL/kg**, and a fraction absorbed of "
        f"**{s['fraction']:g}** for this route; no IgG of the patient's own."
    )
    every = f"every **{s['interval']:g} days**, {_ROUTE_WORDS[s['route']]}"
    if level < 3:
        answer, steps, wrong = _trough_level(s)
        unit = "mg/dL"
        question = (
            f"A patient gets **{s['dose']:g} mg/kg** of immunoglobulin {every}. "
            "What is the steady-state trough (mg/dL)?"
        )
    else:
        answer, steps, wrong = _trough_dose(s)
        unit = "mg/kg"
        question = (
            f"What dose (mg/kg), given {every}, keeps the steady-state trough at "
            f"**{s['target']:g} mg/dL**?"
        )
    tolerance = _relative(answer)
    return {
        "prompt": f"{question}\n\n{model}",
        "answer": answer,
        "unit": unit,
        "tolerance": tolerance,
        "steps": steps,
        "distractors": _keep(answer, _relative, wrong),
    }


# --------------------------------------------------------------------------- public API
_GENERATORS: dict[str, Callable[[np.random.Generator, int], dict]] = {
    "offspring-risk": _offspring,
    "carrier-risk": _carrier,
    "lab-flag": _lab_flag,
    "unit-conversion": _conversion,
    "maternal-igg": _maternal_igg,
    "trough": _trough,
}


def generate(kind: str, *, seed: int, level: int = 1) -> Problem:
    """A problem of ``kind`` (one of :data:`KINDS`) at ``level`` (1 to 3); the same ``seed``
    always gives the same problem."""
    kind = checks.one_of("kind", kind, KINDS)
    seed = checks.seed(seed)
    level = checks.whole("level", level, low=LEVELS[0], high=LEVELS[-1])
    parts = _GENERATORS[kind](_rng(kind, seed, level), level)
    return Problem(
        kind=kind,
        seed=seed,
        level=level,
        prompt=parts["prompt"],
        answer=parts["answer"],
        unit=parts["unit"],
        tolerance=parts["tolerance"],
        steps=tuple((label, value) for label, value in parts["steps"]),
        distractors=tuple(parts["distractors"]),
    )


_FLAG_WORDS = {"l": "L", "low": "L", "n": "N", "normal": "N", "h": "H", "high": "H"}


def _response(problem: Problem, response: object) -> Value:
    """The learner's response in the answer's form: a flag, or a number (``'25%'`` is 0.25
    for a probability; ``'1/4'`` and a decimal comma are read too)."""
    if problem.tolerance is None:
        if not isinstance(response, str):
            raise TypeError(f"response must be one of {list(FLAGS)}, not {response!r}")
        key = response.strip().lower()
        if key not in _FLAG_WORDS:
            raise ValueError(f"response must be one of {list(FLAGS)}, not {response!r}")
        return _FLAG_WORDS[key]
    if isinstance(response, bool) or not isinstance(response, str | int | float):
        raise TypeError(f"response must be a number or text such as '0.25', not {response!r}")
    if isinstance(response, str) and not response.strip():
        raise ValueError("response must be a number; the box is empty")
    try:
        value = parse_number(response)
    except (TypeError, ValueError) as exc:
        raise ValueError(str(exc).replace("answer", "response", 1)) from None
    if isinstance(response, str) and response.strip().endswith("%") and problem.unit == "":
        value /= 100
    return value


def check(problem: Problem, response: object) -> Feedback:
    """Check a response; a wrong one that matches a distractor names its misconception
    and the worked step where it happened."""
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a Problem from generate(), not {type(problem).__name__}")
    value = _response(problem, response)
    if problem.matches(value):
        return Feedback(True, value, problem.answer, "Correct.")
    for wrong in problem.distractors:
        if wrong.matches(value):
            known = misconception(wrong.misconception)
            message = (
                f"Not quite: this is the answer you get if you {known.name[0].lower()}"
                f"{known.name[1:]}. {known.explanation} It happens at the step "
                f"*{wrong.step}*."
            )
            return Feedback(False, value, problem.answer, message, known, wrong.step)
    if isinstance(value, str):
        hint = f"Not quite: the flag is not {value}. Compare the value with the age's interval."
    else:
        side = "below" if value < float(problem.answer) else "above"
        hint = f"Not quite: your answer is {side} the answer by more than the tolerance."
    return Feedback(False, value, problem.answer, hint + " Work through the steps.")
