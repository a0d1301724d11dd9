"""Prose claims: every number, band and verdict a lesson's text quotes from a model is
computed here and checked against the text.

Each entry of ``CLAIMS`` is one claim:

* ``lesson`` and ``quote``: the exact words of the lesson's text (markdown, read with
  nbformat; runs of white space count as one space) that make the claim;
* ``course``: the value the claim rests on, computed with the course's own functions and
  the inputs the text describes;
* ``oracle``: the same value computed independently, from the raw data files (read with
  ``csv`` and ``tomllib``, not the course's loaders) and closed forms or hand counting;
* ``holds``: what the quoted words say about that value.

Both values must satisfy ``holds``, and they must agree (``agree``: exactly or to a
relative 1e-9 by default; an absolute tolerance for values the course simulates; ``None``
where the oracle gives a bound rather than the same value). ``code``, when given, must
appear in a code cell: the inputs the text describes are the ones the notebook uses.
A data edit that changes a quoted number therefore fails here, and
``test_a_data_edit_breaks_the_claims_that_quote_it`` proves it for a few edits.

To add a lesson's claims, append ``Claim(...)`` entries; helpers for a lesson go in its
section above the list.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import math
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import nbformat
import numpy as np
import pytest

from higm_lessons import immunoglobulins as ig
from higm_lessons import inheritance, labs, pedigree
from higm_lessons.assessment import draw_questions, example_exports, topic_of
from higm_lessons.data import DATA_ENV

try:  # the instructors' class summary is moving to its own module
    from higm_lessons.classroom import class_summary
except ImportError:  # pragma: no cover - until the move
    from higm_lessons.progress import class_summary

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = {
    p.name[:2] if re.match(r"\d\d_", p.name) else p.stem: p
    for p in (ROOT / "notebooks").glob("*.ipynb")
}
"""Lessons by number; an instructors' notebook by its name (``instructor_class_summary``)."""
INSTRUCTORS = "instructor_class_summary"
MONTH = 365.25 / 12
WEEK = 7.0


@dataclass(frozen=True)
class Claim:
    lesson: str
    quote: str
    course: Callable[[], object]
    oracle: Callable[[], object]
    holds: Callable[[object], bool]
    agree: float | str | None = "exact"
    code: str | None = None

    @property
    def id(self) -> str:
        words = re.sub(r"[^a-z0-9]+", "-", self.quote.lower()).strip("-")
        return f"{self.lesson}-{words[:48].rstrip('-')}"


# --------------------------------------------------------------------------- reading
def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


PROMPT_CALL = re.compile(r"""\bprompt\(\s*["'](\d\d)["']\s*,\s*["']([^"']+)["']\s*\)""")


def _prompt_words(lesson: str, prompt_id: str) -> str:
    """What a prompt widget shows (read with tomllib from data/prompts/lesson_NN.toml): the
    prompt, its options with their feedback, and the model answer."""
    raw = tomllib.loads(_raw_path("prompts", f"lesson_{lesson}.toml").read_text(encoding="utf-8"))
    item = next(p for p in raw["prompts"] if p["id"] == prompt_id)
    options = [f"{o['text']}\n{o['feedback']}" for o in item.get("options", [])]
    return "\n".join([item["prompt"], *options, item["model_answer"]])


def _cells(lesson: str, kind: str) -> str:
    """The lesson's markdown (with the words of each prompt it calls) or its code."""
    nb = nbformat.read(NOTEBOOKS[lesson], as_version=4)
    texts = [c.source for c in nb.cells if c.cell_type == kind]
    if kind == "markdown":
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        calls = [m for source in code for m in PROMPT_CALL.findall(source)]
        texts += [_prompt_words(*call) for call in calls]
    # a glossary link <abbr title="...">CD40L</abbr> reads as its bare abbreviation
    return _squash(re.sub(r'<abbr title="[^"]*">([^<]*)</abbr>', r"\1", "\n".join(texts)))


def _raw_path(*parts: str) -> Path:
    """A data file as the course finds it: the instructor's folder first, then ``data/``."""
    override = os.environ.get(DATA_ENV, "").strip()
    if override and Path(override, *parts).exists():
        return Path(override, *parts)
    return ROOT.joinpath("data", *parts)


def _raw(name: str) -> list[dict[str, str]]:
    with _raw_path(name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _agrees(a: object, b: object, tolerance: float | str) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_agrees(a[k], b[k], tolerance) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_agrees(x, y, tolerance) for x, y in zip(a, b, strict=True))
    numbers = (int, float, Fraction, np.integer, np.floating)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool):
        if tolerance == "exact":
            return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
        return abs(float(a) - float(b)) <= float(tolerance)
    return a == b


# --------------------------------------------------------------------------- lessons 00-01
# The five classes: the course's table against the raw CSV.
def _classes_course() -> dict[str, dict]:
    table = ig.classes()
    return {
        k: {
            "share": float(table.loc[k, "serum_share"]),
            "half_life": float(table.loc[k, "half_life_days"]),
            "kda": float(table.loc[k, "molecular_weight_kda"]),
            "units": int(table.loc[k, "subunits"]),
            "structure": str(table.loc[k, "structure"]),
            "placenta": bool(table.loc[k, "crosses_placenta"]),
        }
        for k in table.index
    }


def _classes_oracle() -> dict[str, dict]:
    rows = {r["isotype"]: r for r in _raw("immunoglobulins.csv")}
    total = sum(float(r["mean_serum_mg_per_ml"]) for r in rows.values())
    return {
        k: {
            "share": float(r["mean_serum_mg_per_ml"]) / total,
            "half_life": float(r["half_life_days"]),
            "kda": float(r["molecular_weight_kda"]),
            "units": int(r["subunits"]),
            "structure": r["structure"],
            "placenta": r["crosses_placenta"].strip().lower() == "true",
        }
        for k, r in rows.items()
    }


def _ranked(classes: dict, key: str) -> list[str]:
    return sorted(classes, key=lambda k: classes[k][key], reverse=True)


def _from_classes(pick: Callable[[dict], object]) -> tuple[Callable, Callable]:
    return (lambda: pick(_classes_course())), (lambda: pick(_classes_oracle()))


def _igg_lead(c: dict) -> tuple[str, float]:
    """The class with the largest serum share, and how many times the runner-up's it is."""
    first, second = _ranked(c, "share")[:2]
    return first, c[first]["share"] / c[second]["share"]


def _biggest_molecule(c: dict) -> dict:
    first, second = _ranked(c, "kda")[:2]
    return {
        "biggest": first,
        "times_next": c[first]["kda"] / c[second]["kda"],
        "kda": c["IgM"]["kda"],
        "units": c["IgM"]["units"],
        "structure": c["IgM"]["structure"],
    }


def _longest_half_life(c: dict) -> tuple[str, float, float]:
    first, second = _ranked(c, "half_life")[:2]
    return first, c[first]["half_life"] / WEEK, c[first]["half_life"] / c[second]["half_life"]


def _higm_pattern_course() -> dict[str, str]:
    return ig.ig_pattern("HIGM")["level"].to_dict()


def _higm_pattern_oracle() -> dict[str, str]:
    return {r["isotype"]: r["level"] for r in _raw("ig_patterns.csv") if r["pattern"] == "HIGM"}


# --------------------------------------------------------------------------- lesson 02
# The infant IgG model. The oracle is the closed form the lesson states (maternal IgG
# x 0.5^(age / half-life), plus the infant's own curve as its data rows describe it),
# evaluated day by day in plain Python, with the bands read from the raw CSV.
def _igg_parameters() -> dict[str, float]:
    return {r["parameter"]: float(r["value"]) for r in _raw("infant_igg.csv")}


def _own_oracle(day: float) -> float:
    """The infant's own IgG: a Hill curve (plateau, half-time, steepness from the data)."""
    p = _igg_parameters()
    rise = (day / p["own_half_time"]) ** p["own_steepness"]
    return p["own_plateau"] * rise / (1 + rise)


def _igg_oracle(day: float, *, half_life=None, preterm=False, switching=True) -> float:
    p = _igg_parameters()
    start = p["maternal_igg_preterm" if preterm else "maternal_igg_term"]
    maternal = start * 0.5 ** (day / (half_life or p["igg_half_life"]))
    return maternal + (_own_oracle(day) if switching else 0.0)


def _band_oracle(day: float) -> tuple[float, float]:
    for r in _raw("reference_intervals.csv"):
        if (
            r["analyte"] == "IgG"
            and r["sex"] == "both"
            and float(r["age_low_days"]) <= day < float(r["age_high_days"])
        ):
            return float(r["low"]), float(r["high"])
    raise AssertionError(f"no IgG band for day {day}")


DAYS = range(0, 1461)  # birth to 4 years, day by day
CURVE = range(0, ig.CURVE_DAYS + 1)  # the lesson's plot: birth to 36 months


def _course_totals(days, **options) -> np.ndarray:
    return ig.infant_igg(np.asarray(days), **options)["total"].to_numpy()


def _nadir_oracle(**options) -> tuple[int, float]:
    totals = [_igg_oracle(d, **options) for d in CURVE]
    day = min(CURVE, key=lambda d: totals[d])
    return day, totals[day]


def _nadir_course(**options) -> tuple[int, float]:
    n = ig.igg_nadir(**options)
    return n["age_days"], n["total"]


def _first_below_oracle(**options) -> int | None:
    return next((d for d in CURVE if _igg_oracle(d, **options) < _band_oracle(d)[0]), None)


def _inside_from_course() -> float:
    """Weeks from which a healthy baby's total stays inside every band up to 4 years."""
    limits = ig.band_limits(np.asarray(DAYS))
    total = _course_totals(DAYS)
    outside = np.flatnonzero((total < limits["low"]) | (total > limits["high"]))
    return (outside[-1] + 1) / WEEK


def _inside_from_oracle() -> float:
    outside = [d for d in DAYS if not _band_oracle(d)[0] <= _igg_oracle(d) <= _band_oracle(d)[1]]
    return (outside[-1] + 1) / WEEK


def _excess_course() -> tuple[float, bool]:
    """Weeks of the last day above the band; and whether the infant's own IgG alone stays
    at or under the band's upper limit then (the excess is all the mother's)."""
    limits = ig.band_limits(np.asarray(DAYS))
    curve = ig.infant_igg(np.asarray(DAYS))
    above = np.flatnonzero(curve["total"].to_numpy() > limits["high"].to_numpy())
    own_under = bool((curve["own"].to_numpy() <= limits["high"].to_numpy())[above].all())
    return above[-1] / WEEK, own_under


def _excess_oracle() -> tuple[float, bool]:
    above = [d for d in DAYS if _igg_oracle(d) > _band_oracle(d)[1]]
    return above[-1] / WEEK, all(_own_oracle(d) <= _band_oracle(d)[1] for d in above)


def _longer_half_life_course() -> tuple[float, int]:
    (d21, v21), (d30, v30) = _nadir_course(), _nadir_course(half_life_days=30)
    return v30 - v21, d30 - d21


def _longer_half_life_oracle() -> tuple[float, int]:
    (d21, v21), (d30, v30) = _nadir_oracle(), _nadir_oracle(half_life=30)
    return v30 - v21, d30 - d21


def _preterm_course() -> dict:
    p = ig.model_parameters()
    (dt, vt), (dp, vp) = _nadir_course(), _nadir_course(preterm=True)
    return {
        "start_ratio": p["maternal_igg_preterm"] / p["maternal_igg_term"],
        "deeper_by": vt - vp,
        "earlier_by": dt - dp,
        "below_band_from": ig.first_below_band(preterm=True),
    }


def _preterm_oracle() -> dict:
    p = _igg_parameters()
    (dt, vt), (dp, vp) = _nadir_oracle(), _nadir_oracle(preterm=True)
    return {
        "start_ratio": p["maternal_igg_preterm"] / p["maternal_igg_term"],
        "deeper_by": vt - vp,
        "earlier_by": dt - dp,
        "below_band_from": _first_below_oracle(preterm=True),
    }


def _first_band_course() -> tuple[float, float]:
    first = ig.igg_bands().iloc[0]
    return float(first["age_low_days"]), float(first["age_high_days"]) / MONTH


def _first_band_oracle() -> tuple[float, float]:
    rows = [r for r in _raw("reference_intervals.csv") if r["analyte"] == "IgG"]
    first = min((r for r in rows if r["sex"] == "both"), key=lambda r: float(r["age_low_days"]))
    return float(first["age_low_days"]), float(first["age_high_days"]) / MONTH


def _milestones(rows: list[dict]) -> list[tuple[float, str]]:
    return [(float(r["age_days"]) / 365.25, r["share_text"]) for r in rows]


def _half_life_slider(rows: list[dict]) -> tuple[float, float, float]:
    """The half-life slider's default, lowest and highest value (days)."""
    row = next(r for r in rows if r["parameter"] == "igg_half_life")
    return float(row["value"]), float(row["widget_min"]), float(row["widget_max"])


MEET = 0.02  # curves "meet" when the preterm total is within 2% of the term total


def _meet_course() -> float:
    term, preterm = _course_totals(CURVE), _course_totals(CURVE, preterm=True)
    return int(np.flatnonzero((term - preterm) / term < MEET)[0]) / MONTH


def _meet_oracle() -> float:
    day = next(
        d for d in CURVE if 1 - _igg_oracle(d, preterm=True) / _igg_oracle(d) < MEET
    )
    return day / MONTH


def _early_weeks_course() -> float:
    """Largest relative gap between a boy without switching and a healthy boy, first 4 weeks."""
    weeks = range(0, 29)
    healthy = _course_totals(weeks)
    higm = _course_totals(weeks, class_switching=False)
    return float(np.max((healthy - higm) / healthy))


def _early_weeks_oracle() -> float:
    return max(1 - _igg_oracle(d, switching=False) / _igg_oracle(d) for d in range(0, 29))


def _runs_out_course() -> tuple[float, bool]:
    n = ig.igg_nadir(class_switching=False)
    return n["total"], n["recovers"]


def _runs_out_oracle() -> tuple[float, bool]:
    totals = [_igg_oracle(d, switching=False) for d in CURVE]
    return min(totals), totals.index(min(totals)) < len(totals) - 1


# --------------------------------------------------------------------------- lesson 04
# Exact risks: the course's Punnett square against hand counting of equally likely
# (egg, sperm) pairs with fractions.
_COPIES = {"non-carrier": "AA", "carrier": "Aa", "affected": "aa"}
_STATUS = {0: "non-carrier", 1: "carrier", 2: "affected"}


def _punnett_oracle(mode: str, mother: str, father: str) -> dict[str, dict[str, Fraction]]:
    tally: dict[str, dict[str, Fraction]] = {
        sex: {s: Fraction(0) for s in _STATUS.values()} for sex in ("son", "daughter")
    }
    eggs = _COPIES[mother]
    if mode == "x-linked":
        his_x = "a" if father == "affected" else "A"
        for egg in eggs:  # each egg 1/2; each sperm (X or Y) 1/2 of that sex's children
            tally["son"]["affected" if egg == "a" else "non-carrier"] += Fraction(1, 2)
            tally["daughter"][_STATUS[(egg + his_x).count("a")]] += Fraction(1, 2)
    else:
        for egg in eggs:
            for sperm in _COPIES[father]:
                status = _STATUS[(egg + sperm).count("a")]
                for sex in tally:
                    tally[sex][status] += Fraction(1, 4)
    return tally


def _punnett_course(mode: str, mother: str, father: str) -> dict[str, dict[str, Fraction]]:
    table = inheritance.offspring_risks(mode, mother, father)
    return {
        sex: {s: Fraction(float(table.loc[sex, s])).limit_denominator(64) for s in table.columns}
        for sex in table.index
    }


def _risks(pick: Callable[[Callable], object]) -> tuple[Callable, Callable]:
    return (lambda: pick(_punnett_course)), (lambda: pick(_punnett_oracle))


def _simulator_default(name: str):
    import inspect

    from higm_lessons.widgets.inheritance import FamilySimulator

    return inspect.signature(FamilySimulator.__init__).parameters[name].default


def _daughters_affected(risks: Callable) -> list[tuple[str, str]]:
    """The X-linked parent pairs that can have an affected daughter."""
    return sorted(
        (mother, father)
        for mother in _COPIES
        for father in ("non-carrier", "affected")
        if risks("x-linked", mother, father)["daughter"]["affected"] > 0
    )


def _seed_course() -> tuple[bool, bool]:
    def run(seed):
        return inheritance.simulate_families(
            "x-linked", "carrier", "non-carrier", families=1000, children=4, seed=seed
        )

    return run(7).equals(run(7)), not run(7).equals(run(8))


def _standard_errors(families_small: int, families_large: int, *, course: bool):
    """Standard error of the share of affected sons, for a small and a large run."""
    out = []
    for families in (families_small, families_large):
        sims = inheritance.simulate_families(
            "x-linked", "carrier", "non-carrier", families=families, children=4, seed=3
        )
        if course:
            summary = inheritance.family_summary(sims, "x-linked", "carrier", "non-carrier")
            row = summary[(summary["sex"] == "son") & (summary["status"] == "affected")]
            out.append(float(row["standard_error"].iloc[0]))
        else:
            out.append(math.sqrt(0.5 * 0.5 / int(sims["sons"].sum())))
    return tuple(out)


def _small_families_course() -> dict:
    """Ten families of the simulator's default size, over 400 seeds."""
    children = _simulator_default("children")
    shares = []
    for seed in range(400):
        sims = inheritance.simulate_families(
            "x-linked", "carrier", "non-carrier", families=10, children=children, seed=seed
        )
        shares.append(sims["affected_sons"].sum() / max(1, sims["sons"].sum()))
    shares = np.asarray(shares)
    return {
        "sons": 10 * children / 2,
        "third_to_two_thirds": float(np.mean((shares >= 0.3) & (shares <= 0.7))),
        "beyond_a_tenth": float(np.mean(np.abs(shares - 0.5) > 0.1)),
    }


def _small_families_oracle() -> dict:
    """The same chances, exactly: sons ~ Binomial(40, 1/2), affected ~ Binomial(sons, 1/2)."""
    children = 10 * _simulator_default("children")
    inside = beyond = 0.0
    for sons in range(children + 1):
        p_sons = math.comb(children, sons) / 2**children
        for hit in range(sons + 1):
            p = p_sons * math.comb(sons, hit) / 2**sons
            share = hit / sons if sons else 0.0
            inside += p * (0.3 <= share <= 0.7)
            beyond += p * (abs(share - 0.5) > 0.1)
    return {"sons": children / 2, "third_to_two_thirds": inside, "beyond_a_tenth": beyond}


def _million_course() -> dict:
    sims = inheritance.simulate_families(
        "x-linked", "carrier", "non-carrier", families=1_000_000,
        children=_simulator_default("children"), seed=_simulator_default("seed"),
    )  # fmt: skip
    return {
        "distance_from_half": abs(sims["affected_sons"].sum() / sims["sons"].sum() - 0.5),
        "affected_girls": int(sims["affected_daughters"].sum()),
    }


def _million_oracle() -> dict:
    sons = 1_000_000 * _simulator_default("children") / 2
    exact = _punnett_oracle("x-linked", "carrier", "non-carrier")
    return {
        "distance_from_half": 4 * math.sqrt(0.25 / sons),  # four standard errors
        "affected_girls": int(exact["daughter"]["affected"]),
    }


def _p_values_course() -> float:
    """Share of 20 seeds whose chi-square p-value is above 0.05 (100,000 families each)."""
    large = 0
    for seed in range(20):
        sims = inheritance.simulate_families(
            "x-linked", "carrier", "non-carrier", families=100_000, children=4, seed=seed
        )
        large += inheritance.chi_square(sims, "x-linked", "carrier", "non-carrier")[
            "p_value"
        ] > 0.05
    return large / 20


def _affected_father_course() -> tuple[bool, int]:
    sims = inheritance.simulate_families(
        "x-linked", "non-carrier", "affected", families=100_000, children=3, seed=4
    )
    return bool((sims["carrier_daughters"] == sims["daughters"]).all()), int(
        sims["affected_sons"].sum()
    )


def _affected_father_oracle() -> tuple[bool, int]:
    exact = _punnett_oracle("x-linked", "non-carrier", "affected")
    return exact["daughter"]["carrier"] == 1, int(exact["son"]["affected"])


def _even_split_course() -> float:
    sims = inheritance.simulate_families(
        "autosomal", "carrier", "carrier", families=1_000_000, children=4, seed=1
    )
    return inheritance.affected_sex_ratio(sims)["share_boys"]


def _even_split_oracle() -> float:
    exact = _punnett_oracle("autosomal", "carrier", "carrier")
    boys, girls = exact["son"]["affected"], exact["daughter"]["affected"]
    return float(boys / (boys + girls))


# --------------------------------------------------------------------------- lesson 13
# The made-up class of the instructors' section: the course's class summary against the
# example files read directly (JSON, bytes and answer overlaps).
CLASS = {"learners": 12, "seed": 2025}


def _problems_course(folder: Path) -> set[tuple[str, str]]:
    summary = class_summary(example_exports(folder, **CLASS))
    kinds = []
    for problem in summary.problems:
        files = problem.split(": ")[0]
        kind = (
            "merged" if "merged" in problem else "copy" if "counted once" in problem
            else "skipped" if "skipped" in problem else problem
        )  # fmt: skip
        kinds.append((kind, "+".join(sorted(files.split(", ")))))
    return set(kinds)


def _read_class(folder: Path, seed: int) -> tuple[set, dict[str, list[dict]]]:
    """Problems and each learner's answers, from the raw example files."""
    paths = example_exports(folder, learners=CLASS["learners"], seed=seed)
    problems, seen, answers = set(), {}, {}
    for path in sorted(paths):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            problems.add(("skipped", path.name))
            continue
        if not isinstance(payload, dict) or payload.get("format") != "higm-lessons-progress":
            problems.add(("skipped", path.name))
            continue
        if digest in seen:
            problems.add(("copy", path.name))
            continue
        seen[digest] = path.name
        answers[path.name] = payload["answers"]
    # Files sharing any answer are one learner's exports at different times.
    key = lambda a: (a["question"], a["answered_at"], json.dumps(a["answer"]))  # noqa: E731
    groups: list[list[str]] = []
    for name in answers:
        mine = {key(a) for a in answers[name]}
        joined = [g for g in groups if any(mine & {key(a) for n in g for a in answers[n]})]
        merged = [name] + [n for g in joined for n in g]
        groups = [g for g in groups if g not in joined] + [merged]
    learners = {}
    for group in groups:
        if len(group) > 1:
            problems.add(("merged", "+".join(sorted(group))))
        unique = {key(a): a for n in group for a in answers[n]}
        learners["+".join(sorted(group))] = list(unique.values())
    return problems, learners


def _problems_oracle(folder: Path) -> set[tuple[str, str]]:
    return _read_class(folder, CLASS["seed"])[0]


def _hardest_course(folder: Path, seed: int) -> frozenset[str]:
    sub = folder / str(seed)
    sub.mkdir()
    questions = class_summary(example_exports(sub, learners=CLASS["learners"], seed=seed)).questions
    return frozenset(questions.loc[questions["difficulty"] == questions["difficulty"].max(),
                                   "question"])  # fmt: skip


def _hardest_oracle(folder: Path, seed: int) -> frozenset[str]:
    """Difficulty: the share of learners wrong at their first try at a question."""
    sub = folder / f"oracle-{seed}"
    sub.mkdir()
    wrong, asked = {}, {}
    for attempts in _read_class(sub, seed)[1].values():
        first = {}
        for a in sorted(attempts, key=lambda a: a["answered_at"]):
            first.setdefault(a["question"], a["correct"])
        for question, right in first.items():
            asked[question] = asked.get(question, 0) + 1
            wrong[question] = wrong.get(question, 0) + (not right)
    share = {q: wrong[q] / asked[q] for q in asked}
    return frozenset(q for q, s in share.items() if s == max(share.values()))


def _summary_course(folder: Path) -> dict:
    summary = class_summary(example_exports(folder, **CLASS))
    questions, lessons = summary.questions, summary.lessons
    return {
        "difficulty": dict(zip(questions["question"], questions["difficulty"], strict=True)),
        "mean_score": dict(zip(lessons["lesson"], lessons["mean_score"], strict=True)),
    }


def _summary_oracle(folder: Path) -> dict:
    """Difficulty from each learner's first try; lesson scores from the latest try at each
    question, averaged over the learners who answered in that lesson; final-assessment
    answers counted towards the lesson each question revisits (the bank's [topics])."""
    bank = tomllib.loads(_raw_path("questions", "final_test.toml").read_text(encoding="utf-8"))
    topic = bank["topics"]
    first, latest = {}, {}
    for learner, attempts in _read_class(folder, CLASS["seed"])[1].items():
        for a in sorted(attempts, key=lambda a: a["answered_at"]):
            first.setdefault((learner, a["question"]), a["correct"])
            latest[(learner, a["question"])] = a["correct"]
    asked: dict[str, list[bool]] = {}
    for (_learner, question), right in first.items():
        asked.setdefault(question, []).append(right)
    marks: dict[str, dict[str, list[bool]]] = {}
    for (learner, question), right in latest.items():
        lesson = topic.get(question, question[:2])  # a borrowed question: its own lesson
        marks.setdefault(lesson, {}).setdefault(learner, []).append(right)
    return {
        "difficulty": {q: 1 - sum(r) / len(r) for q, r in asked.items()},
        "mean_score": {
            lesson: sum(sum(r) / len(r) for r in by_learner.values()) / len(by_learner)
            for lesson, by_learner in marks.items()
        },
    }


SEEDS = (2025, 2026, 2027, 2028, 2029)


def _with_folder(function: Callable[[Path], object]) -> Callable[[], object]:
    def run():
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            return function(Path(folder))

    return run


def _draws_course() -> dict:
    """What the final test draws, over 40 seeds and a retake of each: the shapes of the draws
    (questions, lessons, lessons with a second question), whether the extra lessons vary."""
    shapes, extras, neighbours, overlap = set(), set(), 0, 0
    for seed in range(40):
        drawn = draw_questions(seed)
        lessons = [topic_of(q) for q in drawn]
        twice = tuple(sorted(n for n in set(lessons) if lessons.count(n) == 2))
        shapes.add((len(drawn), len(set(lessons)), len(twice), max(map(lessons.count, lessons))))
        extras.add(twice)
        neighbours += sum(a == b for a, b in itertools.pairwise(lessons))
        retake = draw_questions(seed + 1000, avoid=[q.id for q in drawn])
        overlap += len({q.id for q in drawn} & {q.id for q in retake})
    return {"shapes": sorted(shapes), "random": len(extras) > 1, "neighbours": neighbours,
            "overlap": overlap}  # fmt: skip


def _draws_oracle() -> dict:
    """From the raw TOML: per_lesson questions from every lesson with a pool and one more from
    (total - per_lesson x lessons) of them; a pool of at least twice per_lesson + 1 in each
    lesson lets a retake avoid the last attempt entirely."""
    final = tomllib.loads(_raw_path("questions", "final_test.toml").read_text(encoding="utf-8"))
    draw = final["draw"]
    per_lesson, total, exclude = draw["per_lesson"], draw["total"], set(draw["exclude"])
    pool: dict[str, int] = {}
    for lesson in final["topics"].values():
        pool[lesson] = pool.get(lesson, 0) + 1
    for number in [r["number"] for r in _raw("lessons.csv") if r["number"] < final["lesson"]]:
        raw = _raw_path("questions", f"lesson_{number}.toml").read_text(encoding="utf-8")
        ids = [q["id"] for q in tomllib.loads(raw)["questions"] if q["id"] not in exclude
               and not q.get("deep_dive")]  # fmt: skip
        pool[number] = pool.get(number, 0) + len(ids)
    extra = total - per_lesson * len(pool)
    fresh = all(size >= 2 * (per_lesson + 1) for size in pool.values())
    return {"shapes": [(total, len(pool), extra, per_lesson + 1)], "random": 0 < extra < len(pool),
            "neighbours": 0, "overlap": 0 if fresh else None}  # fmt: skip


# --------------------------------------------------------------------------- lesson 03
# The knockout explorer and the types table. The oracle reads ``higm_types.csv`` and
# ``immunoglobulins.csv`` directly: a knocked-out link stops switching, so only the classes
# whose heavy chain needs no switch (mu, and delta by splicing) are still made.
def _types_oracle() -> dict[str, dict[str, str]]:
    return {r["type"]: r for r in _raw("higm_types.csv")}


def _unswitched_oracle() -> list[str]:
    return sorted(r["isotype"] for r in _raw("immunoglobulins.csv")
                  if r["heavy_chain"] in ("mu", "delta"))  # fmt: skip


def _knockout_course(gene: str) -> dict:
    from higm_lessons.higm_types import knockout

    k = knockout(gene)
    return {
        "made": sorted(k["made"]),
        "cells": k["cells_losing_help"],
        "infections": k["opportunistic_infections"],
        "nodes": k["lymphoid_hyperplasia"],
    }


def _knockout_oracle(gene: str) -> dict:
    row = next(r for r in _types_oracle().values() if r["defect_step"] == gene)
    return {
        "made": _unswitched_oracle(),
        "cells": [c.strip() for c in row["cells_losing_help"].split(";")],
        "infections": row["opportunistic_infections"],
        "nodes": row["lymphoid_hyperplasia"],
    }


def _filtered_course(**filters) -> list[str]:
    from higm_lessons.higm_types import filter_types

    return sorted(filter_types(**filters).index)


def _filtered_oracle(*, inheritance=None, opportunistic_infections=None,
                     lymphoid_hyperplasia=None, classic_only=False) -> list[str]:  # fmt: skip
    keep = []
    for name, r in _types_oracle().items():
        if inheritance and inheritance not in r["inheritance"]:
            continue
        if opportunistic_infections and r["opportunistic_infections"] != opportunistic_infections:
            continue
        if lymphoid_hyperplasia and r["lymphoid_hyperplasia"] != lymphoid_hyperplasia:
            continue
        if classic_only and r["classic"].strip().lower() != "true":
            continue
        keep.append(name)
    return sorted(keep)


def _filtered(**filters) -> tuple[Callable, Callable]:
    return (lambda: _filtered_course(**filters)), (lambda: _filtered_oracle(**filters))


def _known_genes_course() -> tuple[int, int, str]:
    from higm_lessons.higm_types import types_table

    classic = types_table()[types_table()["classic"]]
    return len(classic), int((classic["gene"] != "unknown").sum()), classic.loc["HIGM4", "gene"]


def _known_genes_oracle() -> tuple[int, int, str]:
    classic = [r for r in _raw("higm_types.csv") if r["classic"].strip().lower() == "true"]
    genes = {r["type"]: r["gene"] for r in classic}
    return len(classic), sum(g != "unknown" for g in genes.values()), genes["HIGM4"]


# --------------------------------------------------------------------------- lesson 05
# Carrier risks: the course's exact variable elimination against closed forms. A woman
# whose carrier prior is p and who has n unaffected sons has posterior
# p / 2^n / (p / 2^n + 1 - p). At mutation-selection balance for an X-linked disorder that
# stops affected men having children, with new variants at rate u in eggs and r*u in
# sperm, carrier women are 2(1 + r)u and affected boys (2 + r)u, so the mother of an
# isolated case is a carrier with chance (1 + r)/(2 + r) and a share 1/(2 + r) of cases are new.
def _after_sons(prior: Fraction, sons: int) -> Fraction:
    return prior / 2**sons / (prior / 2**sons + 1 - prior)


def _constants_oracle() -> dict[str, float]:
    return {r["key"]: float(r["value"]) for r in _raw("inheritance_constants.csv")}


def _person(who, father, mother, sex, affected=False) -> dict:
    return {"id": who, "father": father, "mother": mother, "sex": sex, "affected": affected}


def _classic_family(sons: int) -> list[dict]:
    """Section 2's family: the woman's mother is an obligate carrier (her father is affected)."""
    return [
        _person("grandfather", None, None, "M", affected=True),
        _person("grandmother", None, None, "F"),
        _person("mother", "grandfather", "grandmother", "F"),
        _person("father", None, None, "M"),
        _person("woman", "father", "mother", "F"),
        _person("partner", None, None, "M"),
        *(_person(f"son {k + 1}", "partner", "woman", "M") for k in range(sons)),
    ]


def _builder_family() -> list[dict]:
    from higm_lessons.widgets.pedigrees import START_FAMILY

    return START_FAMILY


def _builder_course(more_sons: int, *, son_affected: bool = False) -> tuple[float, float]:
    """II-3's and her daughter's risk after the builder adds sons to II-3 (id 4)."""
    from higm_lessons.widgets.pedigrees import PedigreeBuilder

    builder = PedigreeBuilder()
    builder.person.value = "4"
    for _ in range(more_sons):
        builder.child("M")
    if son_affected:
        next(p for p in builder.people if p["id"] == "6")["affected"] = True
    risks = inheritance.carrier_risks(builder.pedigree, "x-linked")
    return float(risks["4"]), float(risks["7"])


def _builder_oracle(more_sons: int, *, son_affected: bool = False) -> tuple[float, float]:
    """Prior one third (half her mother's two thirds), one unaffected son at the start."""
    if son_affected:
        return 1.0, 0.5
    woman = _after_sons(_isolated_oracle_fraction(0) / 2, 1 + more_sons)
    return float(woman), float(woman / 2)


def _isolated_oracle_fraction(brothers: int, ratio: int = 1) -> Fraction:
    return _after_sons(Fraction(1 + ratio, 2 + ratio), brothers)


def _bayes_course() -> dict[str, list[float]]:
    table = inheritance.bayes_table(_classic_family(3), "x-linked", "woman", mutation_rate=1e-9)
    return {column: [float(x) for x in table[column]] for column in table.columns}


def _bayes_oracle() -> dict[str, list[Fraction]]:
    prior = [Fraction(1, 2), Fraction(1, 2)]
    conditional = [Fraction(1, 2) ** 3, Fraction(1)]
    joint = [p * c for p, c in zip(prior, conditional, strict=True)]
    return {"prior": prior, "conditional": conditional, "joint": joint,
            "posterior": [j / sum(joint) for j in joint]}  # fmt: skip


def _isolated_course(brothers: int, ratio: float = 1.0) -> float:
    from higm_lessons.widgets.pedigrees import isolated_case

    return float(inheritance.carrier_risks(isolated_case(brothers), "x-linked",
                                           male_to_female_ratio=ratio)["4"])  # fmt: skip


def _isolated_oracle(brothers: int, ratio: float = 1.0) -> float:
    return float(_after_sons(Fraction(1 + ratio) / Fraction(2 + ratio), brothers))


def _haemophilia_course() -> tuple[float, float, float]:
    from higm_lessons.carrier_testing import constants

    c = constants()
    ratio = c["haemophilia_rate_ratio"]
    return ratio, _isolated_course(0, ratio), c["haemophilia_mother_carrier_share"]


def _haemophilia_oracle() -> tuple[float, float, float]:
    c = _constants_oracle()
    ratio = c["haemophilia_rate_ratio"]
    return ratio, (1 + ratio) / (2 + ratio), c["haemophilia_mother_carrier_share"]


def _flow_course() -> tuple[float, float, float]:
    from higm_lessons.carrier_testing import expected_positive_share as share

    return share("control"), share("patient"), share("carrier", 0.5)


def _flow_oracle() -> tuple[float, float, float]:
    c = _constants_oracle()
    control, patient = c["cd40l_positive_control"], c["cd40l_positive_patient"]
    return control, patient, (control + patient) / 2  # half her T cells use each X


def _staining_course() -> tuple[float, float, float, float]:
    from higm_lessons.carrier_testing import constants, patients_with_normal_staining

    c = constants()
    low, high = patients_with_normal_staining()
    return c["cd40l_staining_abnormal_low"], c["cd40l_staining_abnormal_high"], low, high


def _staining_oracle() -> tuple[float, float, float, float]:
    c = _constants_oracle()
    low, high = c["cd40l_staining_abnormal_low"], c["cd40l_staining_abnormal_high"]
    return low, high, 1 - high, 1 - low


# --------------------------------------------------------------------------- lesson 07
# Flags: the course's interpreter (fed as the notebook or the widget feeds it) against
# the raw interval and critical-limit tables, unit conversions done by hand, the age
# band found by whole days (365.25 a year) and the inclusive limits of section 1.
_TO_DEFAULT = {"mg/dL": 1.0, "g/L": 100.0, "cells/uL": 1.0, "10^9/L": 1.0, "x10^9/L": 1.0,
               "kU/L": 1.0}  # fmt: skip


def _band_row(analyte: str, years: float) -> dict[str, str]:
    day = math.floor(years * 365.25 + 1e-9)
    return next(r for r in _raw("reference_intervals.csv")
                if r["analyte"] == analyte and r["sex"] == "both"
                and float(r["age_low_days"]) <= day < float(r["age_high_days"]))  # fmt: skip


def _flag_oracle(analyte: str, entry, years: float) -> tuple[float, float | None, float, str]:
    if isinstance(entry, str):
        number, unit = entry.split(" ", 1)
        value = float(number) * _TO_DEFAULT[unit.replace(" ", "")]
    else:
        value = float(entry)
    row = _band_row(analyte, years)
    low = float(row["low"]) if row["low"] else None
    high = float(row["high"])
    flag = "L" if low is not None and value < low else "H" if value > high else "N"
    for r in _raw("critical_limits.csv"):
        if r["analyte"] == analyte and r["critical_low"] and value < float(r["critical_low"]):
            flag = "LL"
    return value, low, high, flag


def _report_oracle(results: dict, years: float) -> dict[str, tuple]:
    return {a: _flag_oracle(a, v, years) for a, v in results.items()}


def _report_course(results: dict, years: float) -> dict[str, tuple]:
    table = labs.interpret(results, age_years=years, sex="M")
    return {r.analyte: (r.value, None if r.low is None else float(r.low), float(r.high), r.flag)
            for r in table.itertuples()}  # fmt: skip


DEMO = {"IgG": "0.6 g/L", "IgA": 4, "IgM": "310 mg/dL", "CD19": 1100, "ANC": "0.4 x10^9/L"}


def _panel_course(case: str | None, years: float | None = None) -> dict[str, tuple]:
    """The lab panel widget filled from a case (the age it shows, or ``years``)."""
    import warnings

    from higm_lessons.widgets.labs import LabPanelWidget

    panel = LabPanelWidget(case)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _report_course(panel.results(), panel.age_years() if years is None else years)


def _panel_oracle(case: str, years: float | None = None) -> dict[str, tuple]:
    """The case file's results read with tomllib, at the age the widget shows (months,
    one decimal, under 2 years) or at ``years``."""
    for path in sorted(_raw_path("cases").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data["id"] == case:
            break
    analytes = {r["analyte"] for r in _raw("reference_intervals.csv")}
    results = {k: v for stage in data["stages"] for k, v in stage["findings"].items()
               if k in analytes}  # fmt: skip
    shown = round(data["age_years"] * 12, 1) / 12 if data["age_years"] < 2 else data["age_years"]
    return _report_oracle(results, shown if years is None else years)


def _panel(case: str, years: float | None = None) -> tuple[Callable, Callable]:
    return (lambda: _panel_course(case, years)), (lambda: _panel_oracle(case, years))


def _flags(report: dict) -> dict[str, str]:
    return {a: v[3] for a, v in report.items()}


def _on_the_limits(report: Callable[[dict, float], dict]) -> list[str]:
    """Every flag given to a value exactly on a limit of any band, at the band's first day."""
    flags = set()
    for r in _raw("reference_intervals.csv"):
        for limit in (r["low"], r["high"]):
            if limit:
                result = report({r["analyte"]: float(limit)}, float(r["age_low_days"]) / 365.25)
                flags |= set(_flags(result).values())
    return sorted(flags)


def _adult_igg_8_course() -> tuple[str, bool]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = labs.interpret({"IgG": "8 mg/dL"}, age_years=30, sex="F")
    warned = table.attrs["warnings"]
    inside = len(warned) == 1 and "read as 8 g/L it would be inside" in warned[0]
    return table["flag"].iloc[0], inside


def _adult_igg_8_oracle() -> tuple[str, bool]:
    _value, low, high, flag = _flag_oracle("IgG", "8 mg/dL", 30)
    return flag, low <= 8 * 100 <= high


def _critical_course() -> dict[str, tuple]:
    ages = sorted({float(r["age_low_days"]) / 365.25 for r in _raw("reference_intervals.csv")})
    return {a: sorted({labs.critical_limits(a, age_years=y) for y in ages}, key=str)
            for a in labs.ANALYTES}  # fmt: skip


def _critical_oracle() -> dict[str, tuple]:
    analytes = dict.fromkeys(r["analyte"] for r in _raw("reference_intervals.csv"))
    rows = _raw("critical_limits.csv")
    out = {}
    for a in analytes:
        mine = [r for r in rows if r["analyte"] == a]
        # one row per analyte, covering every age
        out[a] = ([(float(r["critical_low"]) if r["critical_low"] else None,
                    float(r["critical_high"]) if r["critical_high"] else None) for r in mine]
                  or [(None, None)])  # fmt: skip
    return out


def _zlog_limits_course() -> list[float]:
    rows = [r for r in _raw("reference_intervals.csv") if r["low"]]
    return [float(x) for r in rows for x in labs.zlog(
        [float(r["low"]), float(r["high"])], float(r["low"]), float(r["high"]))]  # fmt: skip


def _zlog_limits_oracle() -> list[float]:
    out = []
    for r in (r for r in _raw("reference_intervals.csv") if r["low"]):
        low, high = math.log(float(r["low"])), math.log(float(r["high"]))
        out += [(x - (low + high) / 2) * 3.92 / (high - low) for x in (low, high)]
    return out


def _ige_course() -> tuple[list[str], bool, bool]:
    try:
        labs.convert(100, "kU/L", "mg/dL", analyte="IgE")
    except ValueError:
        refused = True
    else:
        refused = False
    return sorted(labs.units_for("IgE")), refused, bool(labs.bands("IgE")["low"].isna().all())


def _ige_oracle() -> tuple[list[str], bool, bool]:
    rows = [r for r in _raw("reference_intervals.csv") if r["analyte"] == "IgE"]
    units = {r["unit"] for r in rows}  # kU/L, and IU/mL is the same unit
    return sorted(units | {"IU/mL"}), True, all(not r["low"] for r in rows)


def _trap_maternal_course() -> tuple[float, float, float]:
    from higm_lessons import cases

    day = math.floor(cases.get_case("infant-under-6-months").age_years * 365.25)
    left = float(ig.infant_igg([day])["maternal"].iloc[0])
    p = ig.model_parameters()
    return day / p["igg_half_life"], left / p["maternal_igg_term"], left


def _trap_maternal_oracle() -> tuple[float, float, float]:
    case = tomllib.loads(_raw_path("cases", "13_infant_trap.toml").read_text(encoding="utf-8"))
    day = math.floor(case["age_years"] * 365.25)
    p = _igg_parameters()
    left = _igg_oracle(day, switching=False)
    return day / p["igg_half_life"], left / p["maternal_igg_term"], left


def _maternal_half_course() -> float:
    curve = ig.infant_igg(np.asarray(CURVE))
    below = (curve["maternal"] / curve["total"]).to_numpy() < 0.5
    return int(np.flatnonzero(below)[0]) / MONTH


def _maternal_half_oracle() -> float:
    day = next(d for d in CURVE
               if _igg_oracle(d, switching=False) / _igg_oracle(d) < 0.5)  # fmt: skip
    return day / MONTH


# --------------------------------------------------------------------------- the claims
def _about(target: float, within: float) -> Callable[[float], bool]:
    return lambda v: abs(v - target) <= within


# The course home: the mastery rule it states, from review.mastery on made-up answers, and
# independently from the Beta(1 + right, 1 + wrong) posterior with scipy.
HOME = "course_home"


def _home_statuses_course(folder: Path) -> dict[str, object]:
    from higm_lessons.progress import ProgressStore
    from higm_lessons.review import INTERVAL, mastery

    found: dict[str, object] = {"interval": INTERVAL}
    for n, right in ((2, 2), (3, 3), (6, 6), (6, 4)):
        store = ProgressStore(folder / f"{n}-{right}.sqlite")
        for i in range(n):
            store.record("04", "04-why-boys", f"answer {i}", i < right, "sure")
        row = mastery(store).set_index("objective").loc["04-3"]
        found[f"{right} of {n}"] = row["status"]
    return found


def _home_statuses_oracle(_folder: Path) -> dict[str, object]:
    from scipy.stats import beta

    found: dict[str, object] = {"interval": 0.95 - 0.05}
    for n, right in ((2, 2), (3, 3), (6, 6), (6, 4)):
        if n < 3:
            found[f"{right} of {n}"] = "not enough evidence yet"
            continue
        a, b = 1 + right, 1 + n - right
        good = a / (a + b) >= 0.75 and beta.ppf(0.05, a, b) >= 0.50
        found[f"{right} of {n}"] = "mastered" if good else "not yet mastered"
    return found


CLAIMS = [
    # Lesson 00: the serum-share chart of the 30-second check.
    Claim("00", "The IgG bar is by far the longest",
          *_from_classes(_igg_lead), lambda v: v[0] == "IgG" and v[1] >= 2),
    Claim("00", "IgA and IgM are much shorter",
          *_from_classes(lambda c: max(c["IgA"]["share"], c["IgM"]["share"]) / c["IgG"]["share"]),
          lambda v: v <= 0.5),
    Claim("00", "the IgD and IgE bars are too small to see",
          *_from_classes(lambda c: max(c["IgD"]["share"], c["IgE"]["share"])),
          lambda v: v < 0.01),  # under 1% of the axis: about a pixel
    Claim("00", "Serum IgE is tiny, a few parts in a million of the total",
          *_from_classes(lambda c: c["IgE"]["share"]), lambda v: 1e-6 <= v < 1e-5),
    Claim("00", "its serum half-life of a couple of days",
          *_from_classes(lambda c: c["IgE"]["half_life"]), lambda v: 1.5 <= v <= 3),
    Claim("00", "more than half had symptoms and a diagnosis by age 1, and more than 90% by "
          "age 4",
          lambda: _milestones(ig.diagnosis_milestones().to_dict("records")),
          lambda: _milestones(_raw("diagnosis_age.csv")),
          lambda v: [(round(age), text) for age, text in v]
          == [(1, "more than half"), (4, "more than 90%")]),
    # Lesson 01: the class explorer and comparison.
    Claim("01", "IgM has five units (a pentamer, about 970 kDa), by far the biggest molecule",
          *_from_classes(_biggest_molecule),
          lambda v: v["biggest"] == "IgM" and v["times_next"] >= 2 and v["units"] == 5
          and v["structure"] == "pentamer" and round(v["kda"], -1) == 970),
    Claim("01", "IgA is one unit in blood but two (a dimer with a J chain and a secretory "
          "component) in secretions",
          *_from_classes(lambda c: (c["IgA"]["units"], c["IgA"]["structure"])),
          lambda v: v == (1, "monomer in serum, dimer in secretions")),
    Claim("01", "ten binding arms",
          *_from_classes(lambda c: 2 * c["IgM"]["units"]), lambda v: v == 10),
    Claim("01", "Their size is one reason neither can cross the placenta",
          *_from_classes(lambda c: (c["IgM"]["placenta"], c["IgA"]["placenta"])),
          lambda v: v == (False, False)),
    Claim("01", "IgG is by far the largest share of the antibody in blood",
          *_from_classes(_igg_lead), lambda v: v[0] == "IgG" and v[1] >= 2),
    Claim("01", "IgG lasts about three weeks in the blood, much longer than the other classes",
          *_from_classes(_longest_half_life),
          lambda v: v[0] == "IgG" and round(v[1]) == 3 and v[2] >= 2),
    Claim("01", "gives IgM a half-life of 10 days",
          *_from_classes(lambda c: c["IgM"]["half_life"]), lambda v: v == 10),
    Claim("01", "IgE has the shortest half-life and the smallest share of serum",
          *_from_classes(lambda c: (_ranked(c, "half_life")[-1], _ranked(c, "share")[-1])),
          lambda v: v == ("IgE", "IgE")),
    Claim("01", "IgM is a pentamer, secretory IgA a dimer; IgG, IgE and IgD are single units.",
          *_from_classes(lambda c: {k: (c[k]["units"], c[k]["structure"]) for k in sorted(c)}),
          lambda v: v["IgM"] == (5, "pentamer") and "dimer in secretions" in v["IgA"][1]
          and all(v[k] == (1, "monomer") for k in ("IgG", "IgE", "IgD"))),
    Claim("01", "IgG is the largest share of serum antibody, has the longest half-life and is "
          "the only class that crosses the placenta",
          *_from_classes(lambda c: (_ranked(c, "share")[0], _ranked(c, "half_life")[0],
                                    sorted(k for k in c if c[k]["placenta"]))),
          lambda v: v == ("IgG", "IgG", ["IgG"])),
    Claim("01", "a **normal or high IgM with low or absent IgG, IgA and IgE**",
          _higm_pattern_course, _higm_pattern_oracle,
          lambda v: v == {"IgG": "low", "IgA": "low", "IgM": "normal or high", "IgE": "low"}),
    # Lesson 02: the infant IgG model (the lesson's defaults unless the text says otherwise).
    Claim("02", "cord blood at 28-33 weeks held about half the IgG of cord blood at term",
          lambda: ig.model_parameters()["maternal_igg_preterm"]
          / ig.model_parameters()["maternal_igg_term"],
          lambda: _igg_parameters()["maternal_igg_preterm"]
          / _igg_parameters()["maternal_igg_term"],
          _about(0.5, 0.1)),
    Claim("02", "First lengthen the half-life to 30 days. Then set it back to 21 days",
          lambda: _half_life_slider(ig.load_table("infant_igg.csv").to_dict("records")),
          lambda: _half_life_slider(_raw("infant_igg.csv")),
          lambda v: v[0] == 21 and v[1] <= 30 <= v[2]),
    Claim("02", "halving roughly every three weeks",
          lambda: ig.model_parameters()["igg_half_life"] / WEEK,
          lambda: _igg_parameters()["igg_half_life"] / WEEK, lambda v: round(v) == 3),
    Claim("02", "a curve that starts slowly and levels off by about age 3",
          lambda: float(ig.infant_igg([1096])["own"].iloc[0]
                        / ig.model_parameters()["own_plateau"]),
          lambda: _own_oracle(1096) / _igg_parameters()["own_plateau"],
          lambda v: v >= 0.99),
    Claim("02", "the **physiological nadir**, at about 3 to 6 months of age",
          lambda: _nadir_course()[0] / MONTH, lambda: _nadir_oracle()[0] / MONTH,
          lambda v: 3 <= round(v) <= 6),
    Claim("02", "inside the laboratory reference bands the course uses (Mayo Clinic "
          "Laboratories) from about six weeks of age to 4 years",
          _inside_from_course, _inside_from_oracle, _about(6, 1)),
    Claim("02", "In the model the excess lasts about the first six weeks and is entirely the "
          "mother's IgG",
          _excess_course, _excess_oracle, lambda v: abs(v[0] - 6) <= 1 and v[1]),
    Claim("02", "A longer half-life keeps the mother's IgG around longer, so the nadir is "
          "shallower and comes a little later",
          _longer_half_life_course, _longer_half_life_oracle,
          lambda v: v[0] > 0 and 0 < v[1] <= 30),
    Claim("02", "Ticking *Born preterm* starts the mother's share at about half the term "
          "level: the nadir is deeper and earlier, and it may dip below the reference band "
          "even though the baby is healthy",
          _preterm_course, _preterm_oracle,
          lambda v: abs(v["start_ratio"] - 0.5) <= 0.1 and v["deeper_by"] > 0
          and v["earlier_by"] > 0 and v["below_band_from"] is not None),
    Claim("02", "By about 5 months the preterm and term curves meet again",
          _meet_course, _meet_oracle, lambda v: round(v) == 5),
    Claim("02", "For the first weeks he looks like any other baby",
          _early_weeks_course, _early_weeks_oracle, lambda v: v < 0.01),
    Claim("02", "Then it runs out, and nothing replaces it.",
          _runs_out_course, _runs_out_oracle, lambda v: v[0] < 1 and not v[1]),
    Claim("02", "the laboratory's first band covers birth to 5 months in one interval",
          _first_band_course, _first_band_oracle, lambda v: v[0] == 0 and round(v[1]) == 5),
    Claim("02", "more than half were diagnosed by age 1 and more than 90% by age 4",
          lambda: _milestones(ig.diagnosis_milestones().to_dict("records")),
          lambda: _milestones(_raw("diagnosis_age.csv")),
          lambda v: [(round(age), text) for age, text in v]
          == [(1, "more than half"), (4, "more than 90%")]),
    Claim("02", "In the model his IgG falls below the band within the first few months",
          lambda: ig.first_below_band(class_switching=False) / MONTH,
          lambda: _first_below_oracle(switching=False) / MONTH, lambda v: 1 <= v <= 4),
    # Lesson 04: exact risks (Punnett squares) and simulated families.
    Claim("04", "With a carrier mother, each son has a one-in-two chance of being affected, and "
          "each daughter a one-in-two chance of being a carrier, but no chance of being affected",
          *_risks(lambda r: (r("x-linked", "carrier", "non-carrier")["son"]["affected"],
                             r("x-linked", "carrier", "non-carrier")["daughter"]["carrier"],
                             r("x-linked", "carrier", "non-carrier")["daughter"]["affected"])),
          lambda v: v == (Fraction(1, 2), Fraction(1, 2), 0)),
    Claim("04", "a carrier mother gives each son a one-in-two chance of being affected and each "
          "daughter a one-in-two chance of being a carrier",
          *_risks(lambda r: (r("x-linked", "carrier", "non-carrier")["son"]["affected"],
                             r("x-linked", "carrier", "non-carrier")["daughter"]["carrier"])),
          lambda v: v == (Fraction(1, 2), Fraction(1, 2))),
    Claim("04", "each daughter is a carrier or (if she also gets her mother's variant) "
          "affected, each with chance one half; the sons do not change",
          *_risks(lambda r: (r("x-linked", "carrier", "affected")["daughter"],
                             r("x-linked", "carrier", "affected")["son"]
                             == r("x-linked", "carrier", "non-carrier")["son"])),
          lambda v: v[0] == {"affected": Fraction(1, 2), "carrier": Fraction(1, 2),
                             "non-carrier": 0} and v[1]),
    Claim("04", "**every daughter of an affected man is a carrier** (an *obligate* carrier), "
          "and **none of his sons is affected** through him",
          *_risks(lambda r: (r("x-linked", "non-carrier", "affected")["daughter"]["carrier"],
                             r("x-linked", "non-carrier", "affected")["son"]["affected"])),
          lambda v: v == (1, 0)),
    Claim("04", "two carrier parents give each child, boy or girl, a one-in-four chance of "
          "being affected and a one-in-two chance of being a carrier",
          *_risks(lambda r: [(r("autosomal", "carrier", "carrier")[sex]["affected"],
                              r("autosomal", "carrier", "carrier")[sex]["carrier"])
                             for sex in ("son", "daughter")]),
          lambda v: v == [(Fraction(1, 4), Fraction(1, 2))] * 2),
    Claim("04", "all carriers, unless the other parent is a carrier too",
          *_risks(lambda r: (r("autosomal", "non-carrier", "affected")["son"]["carrier"],
                             r("autosomal", "non-carrier", "affected")["daughter"]["carrier"],
                             r("autosomal", "carrier", "affected")["son"]["carrier"])),
          lambda v: v[0] == v[1] == 1 and v[2] < 1),
    Claim("04", "for the same illness she would need a variant on *both*, so her father would "
          "have to be affected and her mother a carrier",
          *_risks(_daughters_affected),
          lambda v: ("carrier", "affected") in v and all(f == "affected" for _m, f in v)
          and all(m != "non-carrier" for m, _f in v)),
    Claim("04", "The seed fixes the random numbers, so the same seed always gives the same "
          "families.",
          _seed_course, lambda: (True, True), lambda v: v == (True, True)),
    Claim("04", "it shrinks as the number of children grows",
          lambda: _standard_errors(100, 10_000, course=True),
          lambda: _standard_errors(100, 10_000, course=False), lambda v: v[1] < v[0] / 5),
    Claim("04", "With 10 families (about 20 sons) the share of affected sons often lands "
          "anywhere from about a third to two thirds",
          _small_families_course, _small_families_oracle,
          lambda v: v["sons"] == 20 and v["third_to_two_thirds"] >= 0.8
          and v["beyond_a_tenth"] >= 0.3,
          agree=0.06),
    Claim("04", "With a million families it sits within a fraction of a percentage point of "
          "one half",
          _million_course, _million_oracle,
          lambda v: v["distance_from_half"] < 0.01, agree=None),
    Claim("04", "Not a single affected girl appears",
          _million_course, _million_oracle, lambda v: v["affected_girls"] == 0, agree=None),
    Claim("04", "the chi-square p-value is usually large",
          _p_values_course, lambda: 0.95,  # p is uniform when the exact risks are true
          lambda v: v >= 0.75, agree=0.2),
    Claim("04", "In 100,000 simulated families of an affected father and a non-carrier mother, "
          "every daughter is a carrier and no son is affected.",
          _affected_father_course, _affected_father_oracle, lambda v: v == (True, 0),
          code='"x-linked", "non-carrier", "affected", families=100_000, children=3, seed=4'),
    Claim("04", "the affected children split evenly between boys and girls",
          _even_split_course, _even_split_oracle, _about(0.5, 0.01), agree=0.01),
    # Lesson 13: the assessment's bank and the instructors' example class.
    Claim("13", "Each attempt takes one question from each of lessons 00 to 12, and one more "
          "from each of six of them chosen at random, 19 in all",
          _draws_course, _draws_oracle,
          lambda v: v["shapes"] == [(19, 13, 6, 2)] and v["random"], code="final_test()"),
    Claim("13", "one wrong answer in a lesson with two questions",
          _draws_course, _draws_oracle, lambda v: all(s[2] > 0 for s in v["shapes"])),
    Claim("13", "no two questions in a row come from the same lesson",
          _draws_course, _draws_oracle, lambda v: v["neighbours"] == 0),
    Claim("13", "draws a fresh set, leaving out the questions you had last time",
          _draws_course, _draws_oracle, lambda v: v["overlap"] == 0),
    Claim(INSTRUCTORS, "It reports four: a copy of learner 2's file (counted once), a notes file "
          "that is not a progress export and a truncated export (both skipped), and an early "
          "export of learner 1 that shares answers with the later one (merged into one learner).",
          _with_folder(_problems_course), _with_folder(_problems_oracle),
          lambda v: v == {
              ("copy", "higm_progress_learner02_copy.json"),
              ("skipped", "notes_from_learner05.json"),
              ("skipped", "higm_progress_learner07_truncated.json"),
              ("merged", "higm_progress_learner01.json+higm_progress_learner01_early.json"),
          },
          code="class_summary_panel(learners=12, seed=2025)"),
    Claim(INSTRUCTORS, "A question's *difficulty* is the share of learners who were wrong at their "
          "first try.",
          _with_folder(lambda f: _summary_course(f)["difficulty"]),
          _with_folder(lambda f: _summary_oracle(f)["difficulty"]),
          lambda v: bool(v) and all(0 <= d <= 1 for d in v.values())),
    Claim(INSTRUCTORS, "A learner's lesson score uses their latest attempt at each question; "
          "answers in the final test count towards the lesson each question revisits.",
          _with_folder(lambda f: _summary_course(f)["mean_score"]),
          _with_folder(lambda f: _summary_oracle(f)["mean_score"]),
          lambda v: sorted(v) == [f"{n:02d}" for n in range(13)]),
    Claim(INSTRUCTORS, "The hardest question changes with the seed",
          _with_folder(lambda f: {s: _hardest_course(f, s) for s in SEEDS}),
          _with_folder(lambda f: {s: _hardest_oracle(f, s) for s in SEEDS}),
          lambda v: not frozenset.intersection(*v.values())),
    # Lesson 03: the knockout explorer and the types table.
    Claim("03", "Knock out CD40 ligand, then AID. Both leave B cells making only IgM and IgD.",
          lambda: [_knockout_course(g)["made"] for g in ("CD40LG", "AICDA")],
          lambda: [_knockout_oracle(g)["made"] for g in ("CD40LG", "AICDA")],
          lambda v: v == [["IgD", "IgM"], ["IgD", "IgM"]], code="knockout_explorer()"),
    Claim("03", "Without CD40 ligand, macrophages and dendritic cells lose T-cell help too, so "
          "opportunistic infections such as *Pneumocystis* pneumonia",
          lambda: _knockout_course("CD40LG"), lambda: _knockout_oracle("CD40LG"),
          lambda v: {"macrophages", "dendritic cells"} <= set(v["cells"])
          and v["infections"] == "yes"),
    Claim("03", "Without AID the T cells and macrophages work normally; only the B cells fail. "
          "There are no opportunistic infections, but B cells pile up in giant germinal centres",
          lambda: _knockout_course("AICDA"), lambda: _knockout_oracle("AICDA"),
          lambda v: all(c.startswith("B cells") for c in v["cells"]) and v["infections"] == "no"
          and v["nodes"] == "yes"),
    Claim("03", "The widget lists only IgM and IgD as *reliably* made",
          lambda: _knockout_course("IKBKG")["made"], lambda: _knockout_oracle("IKBKG")["made"],
          lambda v: v == ["IgD", "IgM"]),
    Claim("03", "four types have a known gene, but the gene behind type 4 (HIGM4) has never "
          "been found",
          _known_genes_course, _known_genes_oracle, lambda v: v == (5, 4, "unknown")),
    Claim("03", "NEMO deficiency is **X-linked**, like CD40L deficiency",
          *_filtered(inheritance="X-linked"), lambda v: v == ["HIGM1", "NEMO"]),
    Claim("03", "AID deficiency is usually recessive, but one altered copy that truncates the "
          "C-terminal end of AID causes a **dominant** form",
          lambda: [_filtered_course(inheritance=m) for m in ("autosomal recessive",
                                                             "autosomal dominant")],
          lambda: [_filtered_oracle(inheritance=m) for m in ("autosomal recessive",
                                                             "autosomal dominant")],
          lambda v: "HIGM2" in v[0] and "HIGM2" in v[1]),
    Claim("03", "IkappaB-alpha gain of function (*NFKBIA*) and activated PI3K-delta syndrome "
          "(APDS; *PIK3CD* gain of function or *PIK3R1* variants) are **dominant**",
          *_filtered(inheritance="autosomal dominant"),
          lambda v: v == ["APDS1", "APDS2", "HIGM2", "NFKBIA-GOF"]),
    Claim("03", "Opportunistic infections: CD40L deficiency, CD40 deficiency, NEMO deficiency "
          "and IkappaB-alpha gain of function.",
          *_filtered(opportunistic_infections="yes"),
          lambda v: v == ["HIGM1", "HIGM3", "NEMO", "NFKBIA-GOF"]),
    Claim("03", "Lymphoid hyperplasia among types 1-5: AID deficiency and UNG deficiency",
          *_filtered(lymphoid_hyperplasia="yes", classic_only=True),
          lambda v: v == ["HIGM2", "HIGM5"]),
    # Lesson 05: carrier risks (exact). Lesson 06: new mutations and the carrier-testing figures.
    Claim("05", "| **prior** | 1/2 | 1/2 | | **conditional**: chance of three unaffected sons | "
          "(1/2)<sup>3</sup> = 1/8 | 1 | | **joint** = prior × conditional | 1/16 | 1/2 | | "
          "**posterior** = joint ÷ sum of joints | 1/9 | 8/9 |",
          _bayes_course, _bayes_oracle,
          lambda v: _agrees(v, {"prior": [0.5, 0.5], "conditional": [0.125, 1],
                                "joint": [0.0625, 0.5], "posterior": [1 / 9, 8 / 9]}, 5e-5),
          agree=1e-6, code='bayes_table(family, "x-linked", "woman", mutation_rate=1e-9)'),
    Claim("05", "with 0, 1, 2, 3 or 4 unaffected sons the risk is 1/2, 1/3, 1/5, 1/9 and 1/17",
          lambda: [float(inheritance.carrier_risks(_classic_family(n), "x-linked",
                                                   mutation_rate=1e-9)["woman"])
                   for n in range(5)],
          lambda: [float(_after_sons(Fraction(1, 2), n)) for n in range(5)],
          lambda v: _agrees(v, [1 / 2, 1 / 3, 1 / 5, 1 / 9, 1 / 17], 5e-5), agree=1e-6),
    Claim("05", "Her daughter II-3 is a carrier too, almost certainly. III-2 and III-3 are "
          "identical twins, unaffected. III-4, a girl whose status is not known (question "
          "mark), has a carrier probability of one half.",
          lambda: [float(inheritance.carrier_risks(pedigree.example("x-linked"), "x-linked")[p])
                   for p in ("2", "4", "9")],
          lambda: [1.0, 1.0, 0.5],  # obligate carriers (affected sons); half her mother's X
          lambda v: v[0] > 0.999 and v[1] > 0.999 and abs(v[2] - 0.5) < 5e-4, agree=5e-4),
    Claim("05", "II-3 starts with a prior of one third, not one half",
          lambda: float(inheritance.bayes_table(_builder_family(), "x-linked", "4")
                        .loc["carrier", "prior"]),
          lambda: float(_isolated_oracle(0) / 2), _about(1 / 3, 5e-4), agree=5e-4),
    Claim("05", "Each unaffected son halves her odds of being a carrier, and her daughter's risk, "
          "half of her mother's, falls with it.",
          lambda: [_builder_course(n) for n in range(4)],
          lambda: [_builder_oracle(n) for n in range(4)],
          lambda v: all(abs(d / w - 0.5) < 1e-3 for w, d in v)
          and all(abs((b[0] / (1 - b[0])) / (a[0] / (1 - a[0])) - 0.5) < 1e-3
                  for a, b in itertools.pairwise(v)),
          agree=1e-4),
    Claim("05", "About 3%. Her mother (I-2) has an affected son",
          lambda: _builder_course(3), lambda: _builder_oracle(3),
          lambda v: round(v[0] * 100) == 3 and abs(v[0] - 1 / 33) < 1e-4, agree=1e-4),
    Claim("05", "One affected son makes II-3 an obligate carrier (apart from a tiny chance of a "
          "second new mutation): her risk jumps close to certainty, and her daughter's to one "
          "half.",
          lambda: _builder_course(0, son_affected=True),
          lambda: _builder_oracle(0, son_affected=True),
          lambda v: v[0] > 0.99 and abs(v[1] - 0.5) < 0.01, agree=0.01),
    Claim("06", "about **one third** of affected boys of such a disorder carry a *new* variant",
          lambda: inheritance.new_mutation_share(),
          lambda: _constants_oracle()["haldane_new_mutation_share"], _about(1 / 3, 1e-3),
          agree=1e-5),
    Claim("06", "With equal rates the mother's risk is two thirds and one third of cases are new "
          "variants (Haldane).",
          lambda: (_isolated_course(0), inheritance.new_mutation_share()),
          lambda: (_isolated_oracle(0), 1 / (2 + 1)),
          lambda v: abs(v[0] - 2 / 3) < 1e-3 and abs(v[1] - 1 / 3) < 1e-3, agree=1e-5),
    Claim("06", "Unaffected brothers lower her risk (with one brother it is one half, with two "
          "one third)",
          lambda: [_isolated_course(b) for b in (1, 2)],
          lambda: [_isolated_oracle(b) for b in (1, 2)],
          lambda v: abs(v[0] - 1 / 2) < 1e-3 and abs(v[1] - 1 / 3) < 1e-3, agree=1e-5),
    Claim("06", "a male-to-female mutation-rate ratio of about 3.1, implying that about 80% of "
          "mothers of an isolated patient are carriers",
          _haemophilia_course, _haemophilia_oracle,
          lambda v: v[0] == 3.1 and round(v[1], 2) == v[2] == 0.8, agree=1e-5),
    Claim("06", "at a ratio of 3.1 it is about 80%",
          _haemophilia_course, _haemophilia_oracle,
          lambda v: v[0] == 3.1 and round(v[1], 2) == 0.8, agree=1e-5),
    Claim("06", "about 90% of activated cluster of differentiation 4 (CD4) T cells from healthy "
          "people carry the partner",
          _flow_course, _flow_oracle, lambda v: v[0] == 0.9),
    Claim("06", "against about 5% in boys with X-linked HIGM. In their carrier mothers about "
          "50% are positive",
          _flow_course, _flow_oracle, lambda v: v[1] == 0.05 and abs(v[2] - 0.5) <= 0.05),
    Claim("06", "absent or markedly reduced CD40L staining in 80-90% of affected boys "
          "[mayo_xhim], so 10-20% stain normally",
          _staining_course, _staining_oracle,
          lambda v: [round(x, 6) for x in v] == [0.8, 0.9, 0.1, 0.2]),
    # Lesson 07: bands, flags and units of the example panels.
    Claim("07", "IgG and IgA are below their age bands, IgM is above its band, B cells (CD19) "
          "are normal and the ANC is below the critical limit, so it is flagged LL.",
          lambda: _report_course(DEMO, 10 / 12), lambda: _report_oracle(DEMO, 10 / 12),
          lambda v: _flags(v) == {"IgG": "L", "IgA": "L", "IgM": "H", "CD19": "N",
                                  "ANC": "LL"},
          code='"CD19": 1100, "ANC": "0.4 x10^9/L"}, age_years=10 / 12'),
    Claim("07", "An IgM of 310 mg/dL is above the band at 10 months (40–143 mg/dL) and still "
          "above the adult band (37–286 mg/dL)",
          lambda: [_panel_course("higm1-classic", y)["IgM"] for y in (None, 30)],
          lambda: [_panel_oracle("higm1-classic", y)["IgM"] for y in (None, 30)],
          lambda v: v == [(310, 40, 143, "H"), (310, 37, 286, "H")], code="lab_panel()"),
    Claim("07", "the lymphocyte counts of an infant, normal at 10 months, are far above the "
          "adult bands, so CD3, CD4, CD8 and CD19 turn H",
          lambda: [_flags(_panel_course("higm1-classic", y)) for y in (None, 30)],
          lambda: [_flags(_panel_oracle("higm1-classic", y)) for y in (None, 30)],
          lambda v: [{k: f[k] for k in ("CD3", "CD4", "CD8", "CD19")} for f in v]
          == [dict.fromkeys(("CD3", "CD4", "CD8", "CD19"), "N"),
              dict.fromkeys(("CD3", "CD4", "CD8", "CD19"), "H")]
          and all(v[0][k] == v[1][k] for k in ("IgG", "IgA", "IgM"))),
    Claim("07", "It flags IgG 8 mg/dL as L and warns that 8 would be inside the adult band if "
          "it were g/L (800 mg/dL).",
          _adult_igg_8_course, _adult_igg_8_oracle, lambda v: v == ("L", True)),
    Claim("07", "**1 g/L = 100 mg/dL**",
          lambda: labs.convert(1, "g/L", "mg/dL", analyte="IgG"),
          lambda: 1000 / 10,  # 1000 mg per g, 10 dL per L
          lambda v: v == 100),
    Claim("07", "One 10^9/L is 1000 cells/µL.",
          lambda: labs.convert(1, "10^9/L", "cells/uL",
                                                              analyte="CD4"),
          lambda: 10**9 / 10**6,  # a litre is a million microlitres
          lambda v: v == 1000),
    Claim("07", "The course's helpers take IgE in kU/L (or IU/mL) only.",
          _ige_course, _ige_oracle, lambda v: v == (["IU/mL", "kU/L"], True, True)),
    Claim("07", "Associated Regional and University Pathologists (ARUP) Laboratories, which "
          "publish only an upper limit",
          _ige_course, _ige_oracle, lambda v: v[2]),
    Claim("07", "Its lower limit, 1.5 × 10^9/L, is also the usual threshold for neutropenia",
          lambda: labs.reference_interval(
              "ANC", age_years=30)["low"],
          lambda: float(_band_row("ANC", 30)["low"]), lambda v: v == 1.5),
    Claim("07", "the band for 5 to 18 years starts higher, at 1.7 × 10^9/L",
          lambda: labs.reference_interval("ANC", age_years=10)["low"],
          lambda: float(_band_row("ANC", 10)["low"]), lambda v: v == 1.7),
    Claim("07", "A school child at 1.6 is flagged L, a reason to repeat the count, but is not "
          "neutropenic.",
          lambda: (_report_course({"ANC": "1.6 x10^9/L"}, 10)["ANC"][3],
                   _report_course({"ANC": "1.6 x10^9/L"}, 30)["ANC"][3]),
          lambda: (_flag_oracle("ANC", "1.6 x10^9/L", 10)[3],
                   "L" if 1.6 < 1.5 else "N"),  # the clinical threshold: below 1.5
          lambda v: v == ("L", "N")),
    Claim("07", "The only critical limit in the course is severe neutropenia, an ANC below "
          "0.5 × 10^9/L",
          _critical_course, _critical_oracle,
          lambda v: v["ANC"] == [(0.5, None)]
          and all(x == [(None, None)] for k, x in v.items() if k != "ANC")),
    Claim("07", "The lower limit then maps to −1.96 and the upper limit to +1.96 for every test",
          _zlog_limits_course, _zlog_limits_oracle,
          lambda v: _agrees(v, [-1.96, 1.96] * (len(v) // 2), 1e-9), agree=1e-9),
    Claim("07", "Limits are inclusive: a value on a limit is N.",
          lambda: _on_the_limits(_report_course), lambda: _on_the_limits(_report_oracle),
          lambda v: v == ["N"]),
    Claim("07", "IgG and IgA are flagged L, IgM (95 mg/dL) is N, and the cell counts are normal.",
          *_panel("higm1-normal-igm"),
          lambda v: _flags(v) == {"IgG": "L", "IgA": "L", "IgM": "N", "ANC": "N", "CD3": "N",
                                  "CD4": "N", "CD8": "N", "CD19": "N"} and v["IgM"][0] == 95),
    Claim("07", "IgG 150 mg/dL is N for his age",
          *_panel("infant-under-6-months"), lambda v: v["IgG"][0] == 150 and v["IgG"][3] == "N"),
    Claim("07", "The worrying lines are IgA (L) and ANC (L)",
          *_panel("infant-under-6-months"),
          lambda v: {a for a, f in _flags(v).items() if f != "N"} == {"IgA", "ANC"}
          and v["IgA"][3] == v["ANC"][3] == "L"),
    Claim("07", "At 9 weeks, three IgG half-lives after birth, about an eighth of his mother's "
          "IgG is left, which is all of his 150 mg/dL.",
          _trap_maternal_course, _trap_maternal_oracle,
          lambda v: round(v[0]) == 3 and abs(v[1] - 1 / 8) < 0.01 and abs(v[2] - 150) <= 10),
    Claim("07", "the mother's share falls below half at about 3 months",
          _maternal_half_course, _maternal_half_oracle, lambda v: round(v) == 3),
    Claim("07", "a baby who makes no IgG of his own drops below the age band at about 2.5 "
          "months",
          lambda: ig.first_below_band(class_switching=False) / MONTH,
          lambda: _first_below_oracle(switching=False) / MONTH, _about(2.5, 0.25)),
    Claim("07", "The mother's IgG crossed the placenta and halves about every 3 weeks",
          lambda: ig.model_parameters()["igg_half_life"] / WEEK,
          lambda: _igg_parameters()["igg_half_life"] / WEEK, lambda v: round(v) == 3),
    Claim(HOME, "with a range (the 90% interval) that narrows as you answer more. With fewer "
          "than three answers it says *not enough evidence yet* instead of guessing. An objective "
          "counts as mastered when the estimate is at least 75% and the low end of its range at "
          "least 50%.",
          _with_folder(_home_statuses_course), _with_folder(_home_statuses_oracle),
          lambda v: v == {"interval": pytest.approx(0.90), "2 of 2": "not enough evidence yet",
                          "3 of 3": "not yet mastered", "6 of 6": "mastered",
                          "4 of 6": "not yet mastered"},
          code="course_home()"),
]  # fmt: skip


# --------------------------------------------------------------------------- the tests
@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_claim_is_in_the_text_and_holds(claim: Claim):
    assert _squash(claim.quote) in _cells(claim.lesson, "markdown"), (
        f"lesson {claim.lesson} no longer says {claim.quote!r}: update or remove this claim"
    )
    if claim.code:
        assert claim.code in _cells(claim.lesson, "code"), (
            f"lesson {claim.lesson} no longer runs {claim.code!r}, the inputs the text describes"
        )
    course, oracle = claim.course(), claim.oracle()
    assert claim.holds(oracle), f"independent computation: {oracle!r} contradicts the text"
    assert claim.holds(course), f"the course computes {course!r}, which contradicts the text"
    if claim.agree is not None:
        assert _agrees(course, oracle, claim.agree), (
            f"the course computes {course!r}, an independent computation {oracle!r}"
        )


def test_claims_have_unique_ids_and_cover_their_lessons():
    ids = [c.id for c in CLAIMS]
    assert len(ids) == len(set(ids))
    lessons = {"00", "01", "02", "03", "04", "05", "06", "07", "13", INSTRUCTORS}
    assert {c.lesson for c in CLAIMS} >= lessons


def _claim(lesson: str, start: str) -> Claim:
    return next(c for c in CLAIMS if c.lesson == lesson and c.quote.startswith(start))


EDITS = [
    # (file, the row to change, column, new value), then the claim that must fail
    (("immunoglobulins.csv", {"isotype": "IgM"}, "molecular_weight_kda", "800"), "01", "IgM has"),
    (("immunoglobulins.csv", {"isotype": "IgM"}, "half_life_days", "13"), "01", "gives IgM"),
    (("immunoglobulins.csv", {"isotype": "IgE"}, "mean_serum_mg_per_ml", "0.0005"), "00",
     "Serum IgE"),
    (("infant_igg.csv", {"parameter": "igg_half_life"}, "value", "28"), "02", "By about 5"),
    (("infant_igg.csv", {"parameter": "own_half_time"}, "value", "100"), "02", "the **physio"),
    (("reference_intervals.csv", {"analyte": "IgG", "age_low_days": "0"}, "high", "250"), "02",
     "In the model the excess"),
    (("higm_types.csv", {"type": "NFKBIA-GOF"}, "opportunistic_infections", "no"), "03",
     "Opportunistic infections:"),
    (("inheritance_constants.csv", {"key": "cd40l_staining_abnormal_low"}, "value", "0.7"), "06",
     "absent or markedly"),
    (("reference_intervals.csv", {"analyte": "IgM", "age_low_days": "6574"}, "high", "400"), "07",
     "An IgM of 310"),
]  # fmt: skip


def _edit_id(edit) -> str:
    (name, where, column, _value), _lesson, _start = edit
    return "-".join([name, *where.values(), column])


@pytest.mark.parametrize("edit", EDITS, ids=_edit_id)
def test_a_data_edit_breaks_the_claims_that_quote_it(edit, tmp_path, monkeypatch):
    (name, where, column, value), lesson, start = edit
    rows = _raw(name)
    chosen = [r for r in rows if all(r[k] == v for k, v in where.items())]
    assert len(chosen) == 1, f"{name}: {where} must pick one row"
    chosen[0][column] = value
    with (tmp_path / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    claim = _claim(lesson, start)
    course, oracle = claim.course(), claim.oracle()
    assert not claim.holds(course), f"the edit left {claim.id} true for the course"
    assert not claim.holds(oracle), f"the edit left {claim.id} true for the oracle"


def test_lessons_01_and_02_quote_one_igg_half_life():
    """Lesson 01's table and lesson 02's model both give IgG's half-life (IgG1, the same
    textbook): the two data files must not drift apart."""
    table = {r["isotype"]: float(r["half_life_days"]) for r in _raw("immunoglobulins.csv")}
    assert ig.model_parameters()["igg_half_life"] == table["IgG"]
    assert float(ig.classes().loc["IgG", "half_life_days"]) == _igg_parameters()["igg_half_life"]
