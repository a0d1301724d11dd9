"""Unit tests for higm_lessons.mystery: seeded mystery families and their clues."""

from __future__ import annotations

import pytest

from higm_lessons.mystery import CLUES, DIFFICULTIES, FOR_MODE, clues, mystery_pedigree
from higm_lessons.pedigree import example


def test_clues_of_the_examples():
    assert clues(example("x-linked")) == [
        "only_males", "through_women", "several_generations", "healthy_parents",
    ]  # fmt: skip
    assert clues(example("autosomal")) == [
        "affected_female", "one_sibship", "healthy_parents", "related_parents",
    ]  # fmt: skip


def test_mysteries_are_reproducible_and_mode_consistent():
    a = mystery_pedigree("medium", 3)
    b = mystery_pedigree("medium", 3)
    assert a.mode == b.mode and a.pedigree.equals(b.pedigree)
    modes = set()
    for seed in range(12):
        m = mystery_pedigree("easy", seed)
        modes.add(m.mode)
        ped = m.pedigree
        sick = ped[ped["affected"].eq(True)]
        assert len(sick) >= 2 and ped["proband"].sum() == 1
        assert set(m.deciding) <= set(FOR_MODE[m.mode]) and m.deciding
        if m.mode == "x-linked":
            assert (sick["sex"] == "M").all()  # no new mutations: never an affected girl
            assert {"only_males", "through_women", "several_generations"} <= set(m.clues)
        else:
            assert "affected_female" in m.clues
        assert set(m.clues) <= set(CLUES)
    assert modes == {"x-linked", "autosomal"}


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_every_level_gives_families(difficulty):
    sizes = [len(mystery_pedigree(difficulty, s).pedigree) for s in range(8)]
    assert min(sizes) >= 5


def test_harder_families_are_smaller():
    def mean(d):
        return sum(len(mystery_pedigree(d, s).pedigree) for s in range(10)) / 10

    assert mean("easy") > mean("medium") > mean("hard")


@pytest.mark.parametrize(
    "args,error,match",
    [(("impossible", 1), ValueError, "difficulty must be one of"),
     (("easy", -1), ValueError, "seed must be"), (("easy", 1.5), TypeError, "seed must be")],
)  # fmt: skip
def test_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        mystery_pedigree(*args)


def test_describe_states_each_person_and_each_couples_children():
    from higm_lessons.mystery import describe

    family = [
        {"id": "1", "father": None, "mother": None, "sex": "M", "affected": False},
        {"id": "2", "father": None, "mother": None, "sex": "F", "affected": None},
        {"id": "3", "father": "1", "mother": "2", "sex": "M", "affected": True},
        {"id": "4", "father": "1", "mother": "2", "sex": "F", "affected": False},
    ]
    assert describe(family) == (
        "Generation I: I-1 male, unaffected; I-2 female, status unknown. "
        "Generation II: II-1 male, affected; II-2 female, unaffected. "
        "I-1 and I-2 have 2 children: II-1, II-2."
    )
    with pytest.raises((TypeError, ValueError)):
        describe("not a pedigree")
