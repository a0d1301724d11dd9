"""Exact genotype inference on a pedigree: a factor graph solved by variable elimination.

Each person has one genotype variable: the number of variant copies (0, 1 or
2; a man's X chromosome gives 0 or 1 in X-linked mode). Each person brings one
factor: the founder's population prior, or the probability of their genotype
given their parents' genotypes (Mendel, plus new mutations in the gametes),
multiplied by what is known about them (affected, unaffected or unknown; full
penetrance). Summing the product of all factors over every genotype but one,
variable by variable (numpy ``einsum``), gives that person's exact posterior.
Loops (a union between relatives) need no special treatment.

The same model runs forwards (:func:`sample`) to simulate genotypes, which the
tests use for a Monte Carlo check of the exact answers.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np

MODES = ("x-linked", "autosomal")


@dataclass(frozen=True)
class Model:
    """A pedigree as arrays: who is whose parent, sexes, evidence and the rates."""

    mode: str
    male: np.ndarray  # bool per person
    father: np.ndarray  # row of the father, -1 for founders
    mother: np.ndarray
    affected: tuple  # True / False / None per person
    mutation_rate: float  # per gamete, in mothers' gametes
    rate_ratio: float  # fathers' gametes mutate rate_ratio times as often
    allele_frequency: float
    founder_rate: float  # the rate that sets X-linked founders' equilibrium
    order: tuple = field(default=())  # parents before children

    @property
    def paternal_rate(self) -> float:
        return self.mutation_rate * self.rate_ratio

    def founders(self) -> tuple[np.ndarray, np.ndarray]:
        """Population genotype frequencies of founder women (0, 1, 2 copies) and men."""
        if self.mode == "x-linked":
            return x_linked_equilibrium(self.founder_rate, self.founder_rate * self.rate_ratio)
        q = self.allele_frequency
        hardy_weinberg = np.array([(1 - q) ** 2, 2 * q * (1 - q), q * q])
        return hardy_weinberg, hardy_weinberg

    @property
    def size(self) -> int:
        return len(self.male)

    def cards(self) -> list[int]:
        """Number of genotype values per person (2 for a man in X-linked mode)."""
        if self.mode == "x-linked":
            return [2 if m else 3 for m in self.male]
        return [3] * self.size


# --------------------------------------------------------------------------- population priors
def x_linked_equilibrium(female_rate: float, male_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Genotype frequencies at mutation-selection balance for an X-linked recessive lethal.

    Affected men and women do not reproduce (fitness 0); new variants arise in
    women's gametes at ``female_rate`` and in men's at ``male_rate``. Returns
    (women's frequencies of 0, 1, 2 copies, men's frequencies of 0, 1 copy).
    With equal rates mu, about 4 mu of women are carriers and 3 mu of men are
    affected (Haldane).
    """
    women, men = _equilibrium(float(female_rate), float(male_rate))
    return women.copy(), men.copy()


@functools.lru_cache(maxsize=64)
def _equilibrium(female_rate: float, male_rate: float) -> tuple[np.ndarray, np.ndarray]:
    mu, nu = float(female_rate), float(male_rate)
    women = np.array([1.0, 0.0, 0.0])
    a = mu
    for _ in range(200):
        breeders = women[0] + women[1]
        a = (women[1] * (0.5 + 0.5 * mu) + women[0] * mu) / breeders
        new = np.array([(1 - a) * (1 - nu), a * (1 - nu) + (1 - a) * nu, a * nu])
        if np.allclose(new, women, rtol=1e-15, atol=0):
            women = new
            break
        women = new
    men = np.array([1 - a, a])
    return women, men


def _transmit(copies: np.ndarray, rate: float) -> np.ndarray:
    """Probability that a parent with ``copies`` variant copies (of 2) passes one on."""
    return copies / 2 + (1 - copies / 2) * rate


def _child_table(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """P(child has 0, 1, 2 copies) from the chances a and b that each parent passes one on.

    ``a`` broadcasts along the mother's axis (0), ``b`` along the father's (1).
    """
    a = a[:, None]
    b = b[None, :]
    return np.stack([(1 - a) * (1 - b), a * (1 - b) + (1 - a) * b, a * b], axis=-1)


def _evidence(model: Model, person: int) -> np.ndarray:
    status = model.affected[person]
    if model.mode == "x-linked" and model.male[person]:
        sick = np.array([False, True])
    else:
        sick = np.array([False, False, True])
    if status is None:
        return np.ones(len(sick))
    return (sick == bool(status)).astype(float)


def factors(model: Model, evidence: bool | np.ndarray = True) -> list[tuple[tuple, np.ndarray]]:
    """One factor per person: (variables, table), the table indexed in that variable order.

    ``evidence`` False drops everyone's affected status; a boolean array keeps
    it only where True.
    """
    keep = np.ones(model.size, bool) if evidence is True else np.asarray(evidence, bool)
    if evidence is False:
        keep = np.zeros(model.size, bool)
    mu, nu = model.mutation_rate, model.paternal_rate
    out = []
    women, men = model.founders()
    for i in range(model.size):
        f, m = int(model.father[i]), int(model.mother[i])
        if f < 0:
            table = men.copy() if model.male[i] else women.copy()
            variables: tuple = (i,)
        else:
            from_mother = _transmit(np.arange(3.0), mu)
            if model.mode == "x-linked":
                if model.male[i]:
                    table = np.stack([1 - from_mother, from_mother], axis=-1)  # (mother, son)
                    variables = (m, i)
                else:
                    from_father = np.array([0.0, 1.0]) + np.array([1.0, 0.0]) * nu
                    table = _child_table(from_mother, from_father)  # (mother, father, daughter)
                    variables = (m, f, i)
            else:
                table = _child_table(from_mother, _transmit(np.arange(3.0), nu))
                variables = (m, f, i)
        if keep[i]:
            table = table * _evidence(model, i)
        out.append((variables, table))
    return out


# --------------------------------------------------------------------------- elimination
def elimination_order(model: Model) -> list[int]:
    """A greedy min-fill order over the moral graph (parents joined to each other and child)."""
    neighbours: list[set[int]] = [set() for _ in range(model.size)]
    for i in range(model.size):
        f, m = int(model.father[i]), int(model.mother[i])
        family = [i] + ([f, m] if f >= 0 else [])
        for a in family:
            neighbours[a].update(b for b in family if b != a)
    remaining = set(range(model.size))
    order = []
    while remaining:

        def fill(v: int) -> tuple[int, int]:
            near = neighbours[v] & remaining
            missing = sum(1 for a in near for b in near if a < b and b not in neighbours[a])
            return missing, len(near)

        v = min(sorted(remaining), key=fill)
        near = neighbours[v] & remaining
        for a in near:
            neighbours[a].update(near - {a})
        remaining.remove(v)
        order.append(v)
    return order


def _einsum(tables: list[tuple[tuple, np.ndarray]], keep: tuple) -> np.ndarray:
    letters = {v: k for k, v in enumerate(dict.fromkeys(v for vs, _ in tables for v in vs))}
    args: list = []
    for variables, table in tables:
        args += [table, [letters[v] for v in variables]]
    return np.einsum(*args, [letters[v] for v in keep])


def marginal(
    model: Model,
    person: int,
    *,
    evidence: bool | np.ndarray = True,
    order: list | None = None,
    pool: list | None = None,
) -> tuple[np.ndarray, float]:
    """Unnormalised marginal of ``person``'s genotype: (table, log scale).

    ``pool`` may pass :func:`factors` already built for this model and evidence.
    The joint probability of each genotype with the evidence is
    ``table * exp(log_scale)``. Intermediate tables are rescaled to avoid
    underflow. A table of zeros means the evidence is impossible.
    """
    pool = list(factors(model, evidence) if pool is None else pool)
    log_scale = 0.0
    for v in order if order is not None else elimination_order(model):
        if v == person:
            continue
        involved = [f for f in pool if v in f[0]]
        pool = [f for f in pool if v not in f[0]]
        keep = tuple(dict.fromkeys(u for vs, _ in involved for u in vs if u != v))
        table = _einsum(involved, keep)
        peak = float(table.max()) if table.size else 0.0
        if peak == 0.0:
            return np.zeros(model.cards()[person]), -math.inf
        pool.append((keep, table / peak))
        log_scale += math.log(peak)
    result = _einsum(pool, (person,))
    return result, log_scale


# --------------------------------------------------------------------------- simulation
def sample(model: Model, n: int, rng: np.random.Generator) -> np.ndarray:
    """Forward-simulate ``n`` pedigrees from the model (ignoring evidence).

    Returns an (n, people) array of variant copy numbers.
    """
    g = np.zeros((n, model.size), dtype=np.int8)
    women, men = model.founders()
    for i in model.order:
        f, m = int(model.father[i]), int(model.mother[i])
        if f < 0:
            p = men if model.male[i] else women
            g[:, i] = np.searchsorted(np.cumsum(p), rng.random(n), side="right").clip(0, len(p) - 1)
            continue
        a = _transmit(g[:, m].astype(float), model.mutation_rate)
        from_mother = rng.random(n) < a
        if model.mode == "x-linked":
            if model.male[i]:
                g[:, i] = from_mother
                continue
            b = np.where(g[:, f] == 1, 1.0, model.paternal_rate)
        else:
            b = _transmit(g[:, f].astype(float), model.paternal_rate)
        g[:, i] = from_mother.astype(np.int8) + (rng.random(n) < b)
    return g


def is_affected(model: Model, genotypes: np.ndarray) -> np.ndarray:
    """Affected status implied by simulated genotypes (full penetrance)."""
    if model.mode == "x-linked":
        return np.where(model.male, genotypes >= 1, genotypes == 2)
    return genotypes == 2
