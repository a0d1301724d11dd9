"""Recessive inheritance with full penetrance: exact offspring risks, simulated families,
and exact Bayesian carrier risk on a pedigree.

Modes: ``"x-linked"`` (the *CD40LG* form of HIGM) and ``"autosomal"`` (the
*AICDA*, *CD40* and *UNG* forms). A parent is ``"non-carrier"``, ``"carrier"``
(one variant copy) or ``"affected"`` (two copies; in X-linked mode a man with
the variant on his one X). An X-linked father cannot be a carrier. Alleles are
written ``A`` (working copy) and ``a`` (variant); in X-linked mode they sit on
the X chromosome (``X^A``, ``X^a``) and sons get their father's ``Y``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from higm_lessons import bayes, checks
from higm_lessons.checks import one_of
from higm_lessons.pedigree import PedigreeLike, descendants, make_pedigree, topological_order

MODES = ("x-linked", "autosomal")
STATUSES = ("non-carrier", "carrier", "affected")
SEXES = ("son", "daughter")
COLUMNS = [
    "sons",
    "daughters",
    "affected_sons",
    "affected_daughters",
    "carrier_sons",
    "carrier_daughters",
]
MAX_CHILDREN = 64
MAX_FAMILIES = 10_000_000


# --------------------------------------------------------------------------- checks
def check_mode(mode: object) -> str:
    """Return ``mode`` if it is ``"x-linked"`` or ``"autosomal"``, else raise."""
    return one_of("mode", mode, MODES)


def check_parents(mode: str, mother: object, father: object) -> tuple[str, str]:
    """Check both parents' statuses for ``mode``; an X-linked father cannot be a carrier."""
    check_mode(mode)
    for name, value in (("mother", mother), ("father", father)):
        one_of(name, value, STATUSES)
    if mode == "x-linked" and father == "carrier":
        raise ValueError(
            "father cannot be a 'carrier' in x-linked mode: a man has one X, so with the "
            "variant he is 'affected', without it a 'non-carrier'"
        )
    return mother, father  # type: ignore[return-value]


def _count(value: object, name: str, low: int, high: int) -> int:
    return checks.whole(name, value, low=low, high=high)


# --------------------------------------------------------------------------- exact risks
_COPIES = {"non-carrier": 0, "carrier": 1, "affected": 2}


def _alleles(status: str) -> tuple[str, str]:
    return {"non-carrier": ("A", "A"), "carrier": ("A", "a"), "affected": ("a", "a")}[status]


def punnett_square(mode: str, mother: str, father: str) -> pd.DataFrame:
    """Every combination of the parents' gametes, each equally likely.

    One row per (egg, sperm) pair: ``egg``, ``sperm``, ``sex`` ("son" or
    "daughter", set by the father's X or Y), ``child`` (the genotype, such as
    ``"X^A X^a"`` or ``"A a"``), ``status`` and ``probability``. Sperm carry
    the father's sex chromosome too, so sons and daughters stand apart.
    """
    check_parents(mode, mother, father)
    eggs = _alleles(mother)
    rows: list[tuple[str, str, str, str, str]] = []
    if mode == "x-linked":
        sperms = [(f"X^{_alleles(father)[0]}", "daughter"), ("Y", "son")]
        for egg in eggs:
            for sperm, sex in sperms:
                if sex == "son":
                    child = f"X^{egg} Y"
                    status = "affected" if egg == "a" else "non-carrier"
                else:
                    pair = sorted([egg, sperm[-1]])  # "A" sorts before "a"
                    child = f"X^{pair[0]} X^{pair[1]}"
                    status = STATUSES[pair.count("a")]
                rows.append((f"X^{egg}", sperm, sex, child, status))
    else:
        for egg in eggs:
            for allele in _alleles(father):
                for chromosome, sex in (("X", "daughter"), ("Y", "son")):
                    pair = sorted([egg, allele])
                    status = STATUSES[pair.count("a")]
                    rows.append((egg, f"{allele} {chromosome}", sex, " ".join(pair), status))
    table = pd.DataFrame(rows, columns=["egg", "sperm", "sex", "child", "status"])
    table["probability"] = 1 / len(table)
    return table


def offspring_risks(mode: str, mother: str, father: str) -> pd.DataFrame:
    """Exact chance that each son and each daughter is affected, a carrier, or neither.

    Index ``["son", "daughter"]``; columns ``["affected", "carrier",
    "non-carrier"]``; each row sums to 1. In X-linked mode a son with the
    variant is "affected" (never "carrier").
    """
    square = punnett_square(mode, mother, father)
    table = pd.DataFrame(0.0, index=list(SEXES), columns=["affected", "carrier", "non-carrier"])
    for sex, group in square.groupby("sex"):
        counts = group["status"].value_counts()
        for status, n in counts.items():
            table.loc[sex, status] = float(Fraction(int(n), len(group)))
    return table


# --------------------------------------------------------------------------- simulation
def _plane(rng: np.random.Generator, families: int, dtype: type) -> np.ndarray:
    """One random bit per child: ``families`` words of random bits, bit k for child k."""
    width = np.dtype(dtype).itemsize
    words = -(-families * width // 8)
    raw = rng.integers(0, 2**64, size=words, dtype=np.uint64, endpoint=False)
    return raw.view(dtype)[:families]


def simulate_families(
    mode: str,
    mother: str,
    father: str,
    *,
    families: int,
    children: int,
    seed: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Simulate ``families`` families of ``children`` children each for one pair of parents.

    Each child's sex is random (1:1) and each parent passes on one of their two
    copies at random (Mendel). One row per family; columns ``sons``,
    ``daughters``, ``affected_sons``, ``affected_daughters``, ``carrier_sons``,
    ``carrier_daughters`` (carriers are unaffected; an X-linked son with the
    variant is affected). ``seed``: a whole number or a numpy ``Generator`` for
    a reproducible run.

    Vectorised: each random choice (sex, the mother's copy, the father's copy)
    is one bit of a machine word holding one family, and counts are bit counts.
    """
    check_parents(mode, mother, father)
    families = _count(families, "families", 1, MAX_FAMILIES)
    children = _count(children, "children", 1, MAX_CHILDREN)
    out = _child_counts(checks.generator(seed), mode, mother, father, families, children)
    return pd.DataFrame(out.T, columns=COLUMNS, copy=False)


def _child_counts(
    rng: np.random.Generator, mode: str, mother: str, father: str, families: int, children: int
) -> np.ndarray:
    """The counts of :func:`simulate_families`, one column per family, from random bit planes."""
    dtype = next(
        t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if children <= 8 * t(0).itemsize
    )
    full = dtype(2**children - 1)
    zero = dtype(0)
    sons = _plane(rng, families, dtype) & full  # bit set: this child is a son
    daughters = ~sons & full

    def from_parent(status: str) -> Any:
        """Bit set where this parent passes on the variant (random only for a carrier)."""
        if status == "carrier":
            return _plane(rng, families, dtype)
        return full if status == "affected" else zero

    maternal = from_parent(mother)
    count = np.bitwise_count
    out = np.empty((len(COLUMNS), families), dtype=np.int16)
    out[0] = count(sons)
    out[1] = children - out[0]
    if mode == "x-linked":
        out[2] = count(sons & maternal)
        out[4] = 0
        if father == "affected":  # every daughter gets his X with the variant
            out[3] = count(daughters & maternal)
            out[5] = out[1] - out[3]
        else:
            out[3] = 0
            out[5] = count(daughters & maternal)
    else:
        paternal = from_parent(father)
        both = maternal & paternal
        one = maternal ^ paternal
        out[2] = count(sons & both)
        out[3] = count(daughters & both)
        out[4] = count(sons & one)
        out[5] = count(daughters & one)
    return out


def _check_simulation(sims: object) -> pd.DataFrame:
    if not isinstance(sims, pd.DataFrame) or list(sims.columns) != COLUMNS:
        raise TypeError(f"sims must be a DataFrame from simulate_families (columns {COLUMNS})")
    if sims.empty:
        raise ValueError("sims has no families; simulate at least one")
    return sims


def family_summary(sims: pd.DataFrame, mode: str, mother: str, father: str) -> pd.DataFrame:
    """Observed against exact: one row per (sex, status) among all simulated children.

    Columns ``sex``, ``status``, ``observed`` (children), ``observed_share``
    (of that sex), ``exact`` (from :func:`offspring_risks`), ``standard_error``
    of the observed share, and ``z`` (how many standard errors apart; 0 where
    the exact share is 0 or 1 and the observation agrees).
    """
    _check_simulation(sims)
    risks = offspring_risks(mode, mother, father)
    rows = []
    for sex, total_col in (("son", "sons"), ("daughter", "daughters")):
        total = int(sims[total_col].sum())
        plural = total_col
        counts = {
            "affected": int(sims[f"affected_{plural}"].sum()),
            "carrier": int(sims[f"carrier_{plural}"].sum()),
        }
        counts["non-carrier"] = total - counts["affected"] - counts["carrier"]
        for status in ("affected", "carrier", "non-carrier"):
            p = float(risks.loc[sex, status])
            share = counts[status] / total if total else 0.0
            se = math.sqrt(p * (1 - p) / total) if total else 0.0
            z = (share - p) / se if se > 0 else 0.0 if share == p else math.inf
            rows.append((sex, status, counts[status], share, p, se, z))
    return pd.DataFrame(
        rows,
        columns=["sex", "status", "observed", "observed_share", "exact", "standard_error", "z"],
    )


def chi_square(sims: pd.DataFrame, mode: str, mother: str, father: str) -> dict:
    """Pearson's chi-square test of the simulated children against the exact risks.

    Categories are (sex, status) with a non-zero expected count; expected
    counts take each sex's observed total times the exact risk. Returns
    ``statistic``, ``dof``, ``p_value`` and ``impossible`` (children seen in a
    category the exact risks give probability 0: should always be 0).
    """
    from scipy import stats

    summary = family_summary(sims, mode, mother, father)
    totals = summary.groupby("sex")["observed"].transform("sum")
    expected = totals * summary["exact"]
    possible = summary["exact"] > 0
    impossible = int(summary.loc[~possible, "observed"].sum())
    observed = summary.loc[possible, "observed"].to_numpy(float)
    expected = expected[possible].to_numpy(float)
    used = expected > 0
    dof = int(used.sum()) - summary.loc[possible & (totals > 0), "sex"].nunique()
    if dof <= 0:
        return {"statistic": 0.0, "dof": 0, "p_value": 1.0, "impossible": impossible}
    statistic = float(((observed[used] - expected[used]) ** 2 / expected[used]).sum())
    return {
        "statistic": statistic,
        "dof": dof,
        "p_value": float(stats.chi2.sf(statistic, dof)),
        "impossible": impossible,
    }


def convergence(
    sims: pd.DataFrame, mode: str, mother: str, father: str, *, points: int = 60
) -> pd.DataFrame:
    """Running shares as families accumulate, at about ``points`` log-spaced family counts.

    Columns ``families``, then for each (sex, status) with a non-trivial exact
    risk: ``"<status> <sex>s"`` running share, and ``"exact <status> <sex>s"``.
    """
    _check_simulation(sims)
    points = _count(points, "points", 2, 10_000)
    risks = offspring_risks(mode, mother, father)
    n = len(sims)
    at = np.unique(np.geomspace(1, n, num=points).astype(int)) - 1
    out = {"families": at + 1}
    for sex, plural in (("son", "sons"), ("daughter", "daughters")):
        total = np.cumsum(sims[plural].to_numpy(np.int64))[at]
        for status in ("affected", "carrier"):
            p = float(risks.loc[sex, status])
            if status == "carrier" and p == 0.0:
                continue  # X-linked sons are never carriers
            running = np.cumsum(sims[f"{status}_{plural}"].to_numpy(np.int64))[at]
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.where(total > 0, running / np.maximum(total, 1), np.nan)
            out[f"{status} {plural}"] = share
            out[f"exact {status} {plural}"] = np.full(len(at), p)
    frame = pd.DataFrame(out)
    return frame.dropna().reset_index(drop=True)


def affected_sex_ratio(sims: pd.DataFrame) -> dict:
    """Affected children by sex: ``boys``, ``girls`` and ``share_boys`` (None if nobody)."""
    _check_simulation(sims)
    boys = int(sims["affected_sons"].sum())
    girls = int(sims["affected_daughters"].sum())
    total = boys + girls
    return {"boys": boys, "girls": girls, "share_boys": boys / total if total else None}


# --------------------------------------------------------------------------- carrier risk
MAX_MUTATION_RATE = 0.1
MIN_MUTATION_RATE = 1e-12
_LIMIT_RATE = 1e-9  # the vanishing founder rate used when mutation_rate is 0 (X-linked)


def _rate(value: object, name: str, low: float, high: float, *, zero: bool) -> float:
    value = checks.number(name, value)
    if not (low <= value <= high or (zero and value == 0)):
        allowed = f"0 or from {low:g} to {high:g}" if zero else f"from {low:g} to {high:g}"
        raise ValueError(f"{name} must be {allowed}, not {value!r}")
    return value


def _model(
    pedigree: PedigreeLike,
    mode: str,
    mutation_rate: float,
    allele_frequency: float,
    rate_ratio: float,
    founder_rate: float | None = None,
    affected: Iterable | None = None,
) -> tuple[bayes.Model, pd.DataFrame]:
    ped = make_pedigree(pedigree, require_sex=True)
    index = {p: i for i, p in enumerate(ped["id"])}
    model = bayes.Model(
        mode=mode,
        male=ped["sex"].eq("M").to_numpy(),
        father=np.array([index[p] if p is not None else -1 for p in ped["father"]]),
        mother=np.array([index[p] if p is not None else -1 for p in ped["mother"]]),
        affected=tuple(ped["affected"] if affected is None else affected),
        mutation_rate=mutation_rate,
        rate_ratio=rate_ratio,
        allele_frequency=allele_frequency,
        founder_rate=mutation_rate if founder_rate is None else founder_rate,
        order=tuple(topological_order(ped)),
    )
    return model, ped


def _check_options(
    mode: str, mutation_rate: float, allele_frequency: float, male_to_female_ratio: float
) -> tuple[float, float, float]:
    check_mode(mode)
    mu = _rate(mutation_rate, "mutation_rate", MIN_MUTATION_RATE, MAX_MUTATION_RATE, zero=True)
    q = _rate(allele_frequency, "allele_frequency", 0.0, 1.0, zero=True)
    ratio = _rate(male_to_female_ratio, "male_to_female_ratio", 0.01, 100.0, zero=False)
    return mu, q, ratio


def _impossible(ped: pd.DataFrame, mode: str, mu: float, q: float) -> ValueError:
    """A ValueError saying why the affected statuses cannot happen, naming a person if it can."""
    status = dict(zip(ped["id"], ped["affected"], strict=True))
    sex = dict(zip(ped["id"], ped["sex"], strict=True))
    reason = ""
    for child, dad, mum in zip(ped["id"], ped["father"], ped["mother"], strict=True):
        if dad is None or status[child] is None:
            continue
        sick, son = status[child], sex[child] == "M"
        if mode == "x-linked":
            if not sick and son and status[mum] is True:
                reason = (
                    f"son {child!r} is unaffected but his mother {mum!r} is affected "
                    "(she passes the variant to every son)"
                )
            elif not sick and not son and status[dad] is True and status[mum] is True:
                reason = f"daughter {child!r} is unaffected but both her parents are affected"
            elif mu == 0 and sick and not son and status[dad] is False:
                reason = (
                    f"daughter {child!r} is affected but her father {dad!r} is not "
                    "(an affected girl needs the variant from her father too)"
                )
        elif not sick and status[dad] is True and status[mum] is True:
            reason = f"child {child!r} is unaffected but both parents are affected"
        if reason:
            break
    if not reason and mode == "autosomal" and q == 0 and mu == 0:
        reason = "allele_frequency is 0, so no founder can carry the variant"
    if not reason and mode == "autosomal" and q == 1:
        reason = "allele_frequency is 1, so every founder is affected"
    detail = f": {reason}" if reason else ""
    hint = "with mutation_rate 0 (no new mutations)" if mu == 0 else f"with mutation_rate {mu:g}"
    return ValueError(
        f"affected statuses are impossible under {mode} recessive inheritance {hint}{detail}. "
        "Check who is marked affected"
        + (", or allow new mutations with a mutation_rate above 0" if mu == 0 else "")
    )


def _posteriors(model: bayes.Model) -> np.ndarray:
    order = bayes.elimination_order(model)
    pool = bayes.factors(model)
    carrier = np.empty(model.size)
    for i in range(model.size):
        table, _ = bayes.marginal(model, i, order=order, pool=pool)
        total = table.sum()
        if total == 0:
            raise ZeroDivisionError  # caught by the caller: impossible evidence
        carrier[i] = table[1:].sum() / total
    return carrier


def _limit(run: Callable[[float | None], np.ndarray], mu: float, mode: str) -> np.ndarray:
    """Run ``run(founder_rate)``; at mutation_rate 0 (X-linked) take the limit of a
    vanishing founder rate by Richardson extrapolation (exact to rounding)."""
    if mu > 0 or mode == "autosomal":
        return run(None)
    small, double = run(_LIMIT_RATE), run(2 * _LIMIT_RATE)
    return np.clip(2 * small - double, 0.0, 1.0)


def carrier_risks(
    pedigree: PedigreeLike,
    mode: str,
    *,
    mutation_rate: float = 1e-6,
    allele_frequency: float = 1e-3,
    male_to_female_ratio: float = 1.0,
) -> pd.Series:
    """Exact posterior probability, per person id, of carrying at least one variant copy.

    ``pedigree``: a DataFrame (or list of dicts) with ``id``, ``father``,
    ``mother`` (None, NaN or "" for founders), ``sex`` ("M"/"F") and
    ``affected`` (True, False, or None/NaN for unknown). Full penetrance.

    Founders: X-linked, mutation-selection balance for a recessive that stops
    affected people having children, with new variants at ``mutation_rate``
    per gamete (``male_to_female_ratio`` times that in men's gametes), so a
    founder woman carries with probability about 4 x rate; autosomal,
    Hardy-Weinberg with ``allele_frequency``. Every gamete in the pedigree can
    carry a new variant at the same rates. ``mutation_rate=0`` means no new
    variants: X-linked founders then keep the carrier frequencies of the limit
    of a vanishing rate, and a pattern that needs a new variant raises
    ``ValueError``, as do unknown parent ids, one parent only, a father who is
    not male, a mother who is not female, duplicate ids and cycles.

    Exact: variable elimination over the genotypes (see :mod:`higm_lessons.bayes`).
    """
    mu, q, ratio = _check_options(mode, mutation_rate, allele_frequency, male_to_female_ratio)
    model, ped = _model(pedigree, mode, mu, q, ratio)

    def run(founder_rate: float | None) -> np.ndarray:
        m = model if founder_rate is None else _with(model, founder_rate=founder_rate)
        return _posteriors(m)

    try:
        values = _limit(run, mu, mode)
    except ZeroDivisionError:
        raise _impossible(ped, mode, mu, q) from None
    return pd.Series(values, index=pd.Index(ped["id"], name="id"), name="carrier_probability")


def _with(model: bayes.Model, **changes: Any) -> bayes.Model:
    from dataclasses import replace

    return replace(model, **changes)


def _prior_and_conditional(model: bayes.Model, i: int, up: np.ndarray) -> np.ndarray:
    """Person ``i``'s prior (from everyone but their descendants, ``up``) and the conditional
    chance of the descendants' findings, each for [carrier, not a carrier]."""
    order = bayes.elimination_order(model)
    full, log_full = bayes.marginal(model, i, order=order)
    upper, log_upper = bayes.marginal(model, i, evidence=up, order=order)
    if full.sum() == 0:
        raise ZeroDivisionError
    both = np.array([full[1:].sum(), full[0]])
    above = np.array([upper[1:].sum(), upper[0]])
    prior = above / above.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        conditional = np.where(above > 0, both / above * math.exp(log_full - log_upper), np.nan)
    return np.concatenate([prior, conditional])


def bayes_table(
    pedigree: PedigreeLike,
    mode: str,
    person: str | int,
    *,
    mutation_rate: float = 1e-6,
    allele_frequency: float = 1e-3,
    male_to_female_ratio: float = 1.0,
) -> pd.DataFrame:
    """The counselling table for one person: prior, conditional, joint and posterior.

    Rows ``["carrier", "not a carrier"]``. The prior uses everything known
    except the person's descendants; the conditional is the chance of what is
    seen in the descendants under each hypothesis; joint = prior x conditional;
    posterior = joint / sum of joints, equal to :func:`carrier_risks`. The
    conditional is NaN where the prior is 0 (a likelihood under an impossible
    hypothesis is undefined). Options as in :func:`carrier_risks`.
    """
    mu, q, ratio = _check_options(mode, mutation_rate, allele_frequency, male_to_female_ratio)
    model, ped = _model(pedigree, mode, mu, q, ratio)
    ids = list(ped["id"])
    person = str(person) if isinstance(person, int | np.integer) else person
    if not isinstance(person, str) or person not in ids:
        raise ValueError(f"person must be an id in the pedigree, not {person!r}")
    i = ids.index(person)
    below = descendants(ped, person)
    up = np.array([p not in below for p in ids])

    def run(founder_rate: float | None) -> np.ndarray:
        m = model if founder_rate is None else _with(model, founder_rate=founder_rate)
        return _prior_and_conditional(m, i, up)

    try:
        if mu > 0 or mode == "autosomal":
            values = run(None)
        else:
            small, double = run(_LIMIT_RATE), run(2 * _LIMIT_RATE)
            values = 2 * small - double
            values[:2] = np.clip(values[:2], 0, 1)
            values[2:] = np.where(np.isnan(values[2:]), np.nan, np.clip(values[2:], 0, 1))
    except ZeroDivisionError:
        raise _impossible(ped, mode, mu, q) from None
    prior, conditional = values[:2], values[2:]
    joint = prior * np.nan_to_num(conditional, nan=0.0)
    table = pd.DataFrame(
        {
            "prior": prior,
            "conditional": conditional,
            "joint": joint,
            "posterior": joint / joint.sum(),
        },
        index=pd.Index(["carrier", "not a carrier"], name="hypothesis"),
    )
    return table


def new_mutation_share(*, mutation_rate: float = 1e-6, male_to_female_ratio: float = 1.0) -> float:
    """Share of affected boys whose variant is new, at mutation-selection balance (X-linked).

    Affected men do not have children; variants arise at ``mutation_rate`` per
    gamete in women and ``male_to_female_ratio`` times that in men. With equal
    rates this is Haldane's one third; it falls as the ratio rises, because
    more new variants arise in men and reach sons only through a carrier daughter.
    """
    mu, _, ratio = _check_options("x-linked", mutation_rate, 0.0, male_to_female_ratio)
    if mu == 0:
        raise ValueError("mutation_rate must be above 0: without new variants there are no cases")
    women, men = bayes.x_linked_equilibrium(mu, mu * ratio)
    breeders = women[0] + women[1]
    new = mu * (women[0] + women[1] / 2) / breeders
    return float(new / men[1])
