"""Mystery pedigrees: a family simulated from a hidden mode, and the clues that decide it.

A family of three or four generations is built at random (seeded), genotypes
are passed down by Mendel's rules from carrier founders under the hidden mode
(X-linked or autosomal recessive), and who is affected follows. Difficulty sets
the family size and how clear the clues must be. :func:`clues` reads the
features a clinician looks for straight from any pedigree.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from higm_lessons import checks
from higm_lessons.inheritance import MODES
from higm_lessons.pedigree import (
    PedigreeLike,
    consanguineous,
    label_sort_key,
    layout,
    make_pedigree,
)

DIFFICULTIES = ("easy", "medium", "hard")
CLUES = {
    "only_males": "Only boys and men are affected",
    "affected_female": "At least one girl or woman is affected",
    "through_women": "Affected males are linked through unaffected women (mother, aunt, sister)",
    "several_generations": "Affected people appear in more than one generation",
    "one_sibship": "All affected people are brothers and sisters in one sibship",
    "healthy_parents": "Every affected person has two unaffected parents",
    "related_parents": "The parents of an affected child are related to each other",
}
"""Clue key -> what it means, as shown to the learner."""

FOR_MODE = {
    "x-linked": ("only_males", "through_women", "several_generations"),
    "autosomal": ("affected_female", "one_sibship", "related_parents"),
}
"""Clues that point towards each mode (``healthy_parents`` fits both)."""

_SIZES = {  # (children of the founders, grandchildren per couple, rule strength)
    "easy": ((4, 5), (3, 5)),
    "medium": ((3, 4), (2, 4)),
    "hard": ((2, 3), (1, 3)),
}


@dataclass
class Mystery:
    """A simulated family with its hidden answer."""

    pedigree: pd.DataFrame
    mode: str
    difficulty: str
    seed: int

    @functools.cached_property
    def clues(self) -> list[str]:
        return clues(self.pedigree)

    @property
    def deciding(self) -> list[str]:
        """Clues present in this family that point to the hidden mode."""
        return [c for c in self.clues if c in FOR_MODE[self.mode]]

    @property
    def misleading(self) -> list[str]:
        """Clues present that point to the other mode."""
        other = next(m for m in MODES if m != self.mode)
        return [c for c in self.clues if c in FOR_MODE[other]]


def clues(pedigree: PedigreeLike) -> list[str]:
    """The clue keys (see ``CLUES``) that a pedigree shows."""
    ped = make_pedigree(pedigree)
    sick = ped.loc[ped["affected"].eq(True)]
    if sick.empty:
        return []
    status = dict(zip(ped["id"], ped["affected"], strict=True))
    father = dict(zip(ped["id"], ped["father"], strict=True))
    mother = dict(zip(ped["id"], ped["mother"], strict=True))
    sex = dict(zip(ped["id"], ped["sex"], strict=True))
    found = []
    if sick["sex"].eq("M").all():
        found.append("only_males")
    else:
        found.append("affected_female")
    males = [p for p in sick["id"] if sex[p] == "M"]
    linked = False
    for a in males:
        for b in males:
            if a >= b:
                continue
            if _linked_through_women(a, b, father, mother, status, sex):
                linked = True
    if linked:
        found.append("through_women")
    from higm_lessons.pedigree import generations

    gens = generations(ped)
    if len({gens[p] for p in sick["id"]}) > 1:
        found.append("several_generations")
    parents = {(father[p], mother[p]) for p in sick["id"]}
    if len(sick) > 1 and len(parents) == 1 and None not in next(iter(parents)):
        found.append("one_sibship")
    if all(father[p] is not None and status[father[p]] is False and status[mother[p]] is False
           for p in sick["id"]):  # fmt: skip
        found.append("healthy_parents")
    if any(father[p] is not None and consanguineous(ped, father[p], mother[p]) for p in sick["id"]):
        found.append("related_parents")
    return found


def _maternal_line(
    person: str,
    father: Mapping[str, str | None],
    mother: Mapping[str, str | None],
    status: Mapping[str, bool | None],
) -> list[str]:
    """Women on the all-female line above a person: mother, her mother, ... while unaffected."""
    line: list[str] = []
    mum = mother[person]
    while mum is not None and status[mum] is not True:
        line.append(mum)
        mum = mother[mum]
    return line


def _linked_through_women(
    a: str,
    b: str,
    father: Mapping[str, str | None],
    mother: Mapping[str, str | None],
    status: Mapping[str, bool | None],
    sex: Mapping[str, str],
) -> bool:
    """True when two affected males share an unaffected woman who links them through women."""
    line_a = [a, *_maternal_line(a, father, mother, status)]
    line_b = [b, *_maternal_line(b, father, mother, status)]
    shared = set(line_a[1:]) & set(line_b[1:])
    if shared:
        return True
    # Brothers-in-law style: a's maternal line reaches a woman whose mother is in b's line.
    return any(mother[w] is not None and mother[w] in line_b for w in line_a[1:]) or any(
        mother[w] is not None and mother[w] in line_a for w in line_b[1:]
    )


def _family(rng: np.random.Generator, difficulty: str, related: bool) -> list[dict]:
    """A random family structure (no statuses yet): founders, children, grandchildren."""
    (c_lo, c_hi), (g_lo, g_hi) = _SIZES[difficulty]
    people = [
        {"id": "1", "father": None, "mother": None, "sex": "M"},
        {"id": "2", "father": None, "mother": None, "sex": "F"},
    ]

    def add(father: str | None, mother: str | None, sex: str) -> str:
        pid = str(len(people) + 1)
        people.append({"id": pid, "father": father, "mother": mother, "sex": sex})
        return pid

    children = [add("1", "2", rng.choice(["M", "F"])) for _ in range(rng.integers(c_lo, c_hi + 1))]
    if sum(p["sex"] == "F" for p in people[2:]) == 0:
        people[2]["sex"] = "F"
    grandchildren: dict[str, list[str]] = {}
    for child in children:
        if rng.random() < (0.85 if difficulty != "hard" else 0.6) or child == children[0]:
            me = next(p for p in people if p["id"] == child)
            spouse = add(None, None, "F" if me["sex"] == "M" else "M")
            dad, mum = (child, spouse) if me["sex"] == "M" else (spouse, child)
            grandchildren[child] = [
                add(dad, mum, rng.choice(["M", "F"])) for _ in range(rng.integers(g_lo, g_hi + 1))
            ]
    if related:
        # Two cousins (children of different siblings) have children together.
        lines = [kids for kids in grandchildren.values() if kids]
        if len(lines) >= 2:
            a_line, b_line = lines[0], lines[1]
            a = next((k for k in a_line if _sex(people, k) == "M"), a_line[-1])
            b = next((k for k in b_line if _sex(people, k) != _sex(people, a)), None)
            if b is None:
                b = b_line[0]
                _set_sex(people, b, "F" if _sex(people, a) == "M" else "M")
            dad, mum = (a, b) if _sex(people, a) == "M" else (b, a)
            for _ in range(rng.integers(2, 5)):
                add(dad, mum, rng.choice(["M", "F"]))
    return people


def _sex(people: list[dict[str, Any]], pid: str) -> str:
    return next(p["sex"] for p in people if p["id"] == pid)


def _set_sex(people: list[dict[str, Any]], pid: str, sex: str) -> None:
    next(p for p in people if p["id"] == pid)["sex"] = sex


def _genotypes(rng: np.random.Generator, people: list[dict[str, Any]], mode: str) -> dict[str, int]:
    """Pass variant copies down from carrier founders (no new mutations)."""
    copies: dict[str, int] = {}
    founders = [p for p in people if p["father"] is None]
    carrier_founders = {"2"}
    if mode == "autosomal":
        spouses = [p["id"] for p in founders if p["id"] not in ("1", "2")]
        carrier_founders = {rng.choice(["1", "2"])}
        if spouses and rng.random() < 0.5:
            carrier_founders.add(str(rng.choice(spouses)))
    for p in people:
        pid = p["id"]
        if p["father"] is None:
            copies[pid] = 1 if pid in carrier_founders else 0
            continue
        from_mum = rng.random() < copies[p["mother"]] / 2
        if mode == "x-linked":
            copies[pid] = int(from_mum) + (0 if p["sex"] == "M" else copies[p["father"]])
        else:
            copies[pid] = int(from_mum) + int(rng.random() < copies[p["father"]] / 2)
    return copies


def _clear(mode: str, found: list[str], difficulty: str) -> bool:
    """Whether the clues are as clear as the difficulty asks."""
    if mode == "x-linked":
        needed = {"only_males", "through_women"}
        if difficulty == "easy":
            needed.add("several_generations")
    else:
        needed = {"affected_female"}
        if difficulty == "easy" and not {"one_sibship", "related_parents"} & set(found):
            return False
    return needed <= set(found)


def mystery_pedigree(difficulty: str = "easy", seed: int = 0) -> Mystery:
    """A seeded mystery family: the hidden mode, the family and its statuses.

    ``easy``: large sibships and the clues for the hidden mode are present;
    ``medium``: smaller, with at least two affected people; ``hard``: small
    families where the pedigree alone may fit both modes.
    """
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty must be one of {list(DIFFICULTIES)}, not {difficulty!r}")
    seed = checks.seed(seed)
    rng = np.random.default_rng([seed, DIFFICULTIES.index(difficulty)])
    mode = MODES[int(rng.integers(2))]
    for _ in range(500):
        related = (
            mode == "autosomal"
            and rng.random() < {"easy": 0.7, "medium": 0.5, "hard": 0.3}[difficulty]
        )
        people = _family(rng, difficulty, related)
        copies = _genotypes(rng, people, mode)
        for p in people:
            hemizygous = mode == "x-linked" and p["sex"] == "M"
            p["affected"] = copies[p["id"]] >= 1 if hemizygous else copies[p["id"]] == 2
        sick = [p for p in people if p["affected"]]
        if not sick:
            continue
        found = clues(make_pedigree(people))
        if difficulty != "hard" and (len(sick) < 2 or not _clear(mode, found, difficulty)):
            continue
        proband = max(sick, key=lambda p: int(p["id"]))
        proband["proband"] = True  # marked before the table is checked: a Pedigree is never edited
        ped = make_pedigree(people)
        return Mystery(pedigree=ped, mode=mode, difficulty=difficulty, seed=seed)
    raise ValueError(f"seed {seed} gave no usable family at {difficulty!r}; try another seed")


def describe(pedigree: PedigreeLike) -> str:
    """The pedigree in words, person by person, without reading any clue from it.

    Each generation lists its people with sex and status (the proband marked), then each
    couple with their children, so a reader who cannot see the drawing has the same
    facts as one who can, and must find the clues as the drawing asks.
    """
    ped = make_pedigree(pedigree)
    label = layout(ped)["label"]
    status = {True: "affected", False: "unaffected", None: "status unknown"}
    lines = []
    for gen in sorted(
        {label[p].split("-")[0] for p in ped["id"]}, key=lambda g: label_sort_key(f"{g}-1")
    ):
        people = sorted((p for p in ped.itertuples() if label[p.id].split("-")[0] == gen),
                        key=lambda p: label_sort_key(label[p.id]))  # fmt: skip
        lines.append(f"Generation {gen}: " + "; ".join(
            f"{label[p.id]} {'male' if p.sex == 'M' else 'female'}, {status[p.affected]}"
            + (" (the proband)" if getattr(p, "proband", False) is True else "")
            for p in people
        ) + ".")  # fmt: skip
    couples: dict[tuple[str, str], list[str]] = {}
    for p in ped.itertuples():
        if p.father is not None:
            couples.setdefault((p.father, p.mother), []).append(label[p.id])
    for (dad, mum), kids in sorted(couples.items(), key=lambda c: label_sort_key(label[c[0][0]])):
        kids = sorted(kids, key=label_sort_key)
        lines.append(f"{label[dad]} and {label[mum]} have {len(kids)} "
                     f"child{'ren' if len(kids) > 1 else ''}: {', '.join(kids)}.")  # fmt: skip
    return " ".join(lines)
