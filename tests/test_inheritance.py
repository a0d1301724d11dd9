"""Unit tests for higm_lessons.inheritance: exact risks, simulated families, carrier risk."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from higm_lessons import bayes
from higm_lessons.inheritance import (
    COLUMNS,
    MODES,
    STATUSES,
    affected_sex_ratio,
    bayes_table,
    carrier_risks,
    chi_square,
    convergence,
    family_summary,
    new_mutation_share,
    offspring_risks,
    punnett_square,
    simulate_families,
)

COMBOS = [
    (mode, m, f)
    for mode in MODES
    for m in STATUSES
    for f in STATUSES
    if not (mode == "x-linked" and f == "carrier")
]

# Exact tables by hand: (son affected, son carrier, daughter affected, daughter carrier)
EXPECTED = {
    ("x-linked", "non-carrier", "non-carrier"): (0, 0, 0, 0),
    ("x-linked", "non-carrier", "affected"): (0, 0, 0, 1),
    ("x-linked", "carrier", "non-carrier"): (0.5, 0, 0, 0.5),
    ("x-linked", "carrier", "affected"): (0.5, 0, 0.5, 0.5),
    ("x-linked", "affected", "non-carrier"): (1, 0, 0, 1),
    ("x-linked", "affected", "affected"): (1, 0, 1, 0),
    ("autosomal", "non-carrier", "non-carrier"): (0, 0, 0, 0),
    ("autosomal", "non-carrier", "carrier"): (0, 0.5, 0, 0.5),
    ("autosomal", "non-carrier", "affected"): (0, 1, 0, 1),
    ("autosomal", "carrier", "non-carrier"): (0, 0.5, 0, 0.5),
    ("autosomal", "carrier", "carrier"): (0.25, 0.5, 0.25, 0.5),
    ("autosomal", "carrier", "affected"): (0.5, 0.5, 0.5, 0.5),
    ("autosomal", "affected", "non-carrier"): (0, 1, 0, 1),
    ("autosomal", "affected", "carrier"): (0.5, 0.5, 0.5, 0.5),
    ("autosomal", "affected", "affected"): (1, 0, 1, 0),
}


# --------------------------------------------------------------------------- exact tables
def test_expected_covers_every_combination():
    assert set(EXPECTED) == set(COMBOS)
    assert len(COMBOS) == 15


@pytest.mark.parametrize("mode,mother,father", COMBOS)
def test_offspring_risks_exact(mode, mother, father):
    table = offspring_risks(mode, mother, father)
    assert list(table.index) == ["son", "daughter"]
    assert list(table.columns) == ["affected", "carrier", "non-carrier"]
    sa, sc, da, dc = EXPECTED[(mode, mother, father)]
    assert table.loc["son", "affected"] == sa
    assert table.loc["son", "carrier"] == sc
    assert table.loc["daughter", "affected"] == da
    assert table.loc["daughter", "carrier"] == dc
    assert np.allclose(table.sum(axis=1), 1.0)
    if mode == "x-linked":
        assert (table.loc["son", "carrier"]) == 0  # a son with the variant is affected


def test_punnett_square_separates_sons_and_daughters():
    sq = punnett_square("x-linked", "carrier", "non-carrier")
    assert set(sq.loc[sq["sex"] == "son", "sperm"]) == {"Y"}
    assert set(sq.loc[sq["sex"] == "daughter", "sperm"]) == {"X^A"}
    assert sorted(sq["child"]) == sorted(["X^A X^A", "X^A Y", "X^A X^a", "X^a Y"])
    assert sq["probability"].sum() == pytest.approx(1)
    auto = punnett_square("autosomal", "carrier", "carrier")
    assert len(auto) == 8 and (auto["probability"] == 1 / 8).all()


@pytest.mark.parametrize(
    "args,error,match",
    [
        (("x-linked", "carrier", "carrier"), ValueError, "father cannot be a 'carrier'"),
        (("dominant", "carrier", "carrier"), ValueError, "mode must be one of"),
        (("autosomal", "heterozygous", "carrier"), ValueError, "mother must be one of"),
        (("autosomal", "carrier", "sick"), ValueError, "father must be one of"),
        ((1, "carrier", "carrier"), TypeError, "mode must be one of"),
        (("autosomal", None, "carrier"), TypeError, "mother must be one of"),
    ],
)
def test_offspring_risks_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        offspring_risks(*args)


# --------------------------------------------------------------------------- simulation
def test_simulate_families_shape_and_columns():
    sims = simulate_families(
        "x-linked", "carrier", "non-carrier", families=1000, children=4, seed=1
    )
    assert list(sims.columns) == COLUMNS and len(sims) == 1000
    assert (sims["sons"] + sims["daughters"] == 4).all()
    assert (sims["carrier_sons"] == 0).all() and (sims["affected_daughters"] == 0).all()
    assert (sims["affected_sons"] <= sims["sons"]).all()


def test_simulate_families_is_seedable():
    a = simulate_families("autosomal", "carrier", "carrier", families=500, children=3, seed=7)
    b = simulate_families("autosomal", "carrier", "carrier", families=500, children=3, seed=7)
    c = simulate_families("autosomal", "carrier", "carrier", families=500, children=3, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    rng = np.random.default_rng(3)
    d = simulate_families("autosomal", "carrier", "carrier", families=10, children=2, seed=rng)
    assert len(d) == 10


@pytest.mark.parametrize("mode,mother,father", COMBOS)
@pytest.mark.parametrize("children", [1, 4, 11])
def test_simulated_shares_within_four_standard_errors(mode, mother, father, children):
    sims = simulate_families(mode, mother, father, families=20_000, children=children, seed=11)
    summary = family_summary(sims, mode, mother, father)
    for row in summary.itertuples():
        if row.exact in (0.0, 1.0):
            assert row.observed_share == row.exact, row  # impossible never happens
        else:
            assert abs(row.z) < 4, row
    sexes = sims[["sons", "daughters"]].sum()
    n = sexes.sum()
    assert abs(sexes["sons"] / n - 0.5) < 4 * math.sqrt(0.25 / n)


def test_chi_square_and_convergence():
    sims = simulate_families("autosomal", "carrier", "carrier", families=50_000, children=4, seed=2)
    result = chi_square(sims, "autosomal", "carrier", "carrier")
    assert result["dof"] == 4 and result["impossible"] == 0
    assert 0.0001 < result["p_value"] <= 1
    conv = convergence(sims, "autosomal", "carrier", "carrier", points=20)
    assert conv["families"].iloc[-1] == 50_000
    assert abs(conv["affected sons"].iloc[-1] - 0.25) < 0.01
    assert (conv["exact carrier daughters"] == 0.5).all()
    xl = convergence(
        simulate_families("x-linked", "carrier", "non-carrier", families=100, children=2, seed=1),
        "x-linked",
        "carrier",
        "non-carrier",
    )
    assert "carrier sons" not in xl.columns and "affected sons" in xl.columns


def test_affected_sex_ratio():
    sims = simulate_families(
        "x-linked", "carrier", "non-carrier", families=2000, children=4, seed=5
    )
    ratio = affected_sex_ratio(sims)
    assert ratio["girls"] == 0 and ratio["boys"] > 0 and ratio["share_boys"] == 1.0
    none = simulate_families("x-linked", "non-carrier", "non-carrier", families=10, children=2)
    assert affected_sex_ratio(none)["share_boys"] is None


@pytest.mark.parametrize(
    "kwargs,error,match",
    [
        ({"families": 0, "children": 4}, ValueError, "families must be"),
        ({"families": 10, "children": 0}, ValueError, "children must be"),
        ({"families": 10, "children": 65}, ValueError, "children must be"),
        ({"families": 2.5, "children": 4}, TypeError, "families must be"),
        ({"families": True, "children": 4}, TypeError, "families must be"),
        ({"families": 10, "children": 4, "seed": -1}, ValueError, "seed must be"),
        ({"families": 10, "children": 4, "seed": "x"}, TypeError, "seed must be"),
    ],
)
def test_simulate_families_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        simulate_families("x-linked", "carrier", "non-carrier", **kwargs)


def test_simulation_helpers_reject_other_frames():
    with pytest.raises(TypeError, match="sims must be a DataFrame"):
        family_summary(pd.DataFrame({"x": [1]}), "x-linked", "carrier", "non-carrier")


# --------------------------------------------------------------------------- carrier risk
def person(pid, father, mother, sex, affected=False):
    return {"id": pid, "father": father, "mother": mother, "sex": sex, "affected": affected}


def obligate_daughter(sons: int) -> list[dict]:
    """``mum`` has an affected father, so she is an obligate carrier; her daughter ``d``
    (prior 1/2) has ``sons`` unaffected sons."""
    rows = [
        person("gf", None, None, "M", True),
        person("gm", None, None, "F"),
        person("mum", "gf", "gm", "F"),
        person("dad", None, None, "M"),
        person("d", "dad", "mum", "F"),
        person("h", None, None, "M"),
    ]
    return rows + [person(f"s{k}", "h", "d", "M") for k in range(sons)]


@pytest.mark.parametrize(
    "sons,expected", [(0, 1 / 2), (1, 1 / 3), (2, 1 / 5), (3, 1 / 9), (4, 1 / 17)]
)
@pytest.mark.parametrize("rate", [1e-9, 0.0])
def test_daughter_of_obligate_carrier(sons, expected, rate):
    risks = carrier_risks(obligate_daughter(sons), "x-linked", mutation_rate=rate)
    assert risks["mum"] == pytest.approx(1.0, abs=1e-6)
    assert risks["d"] == pytest.approx(expected, abs=1e-6)
    assert risks["gf"] == 1.0
    assert all(risks[f"s{k}"] == pytest.approx(0.0, abs=1e-12) for k in range(sons))


def isolated(brothers: int = 0) -> list[dict]:
    rows = [
        person("f", None, None, "M"),
        person("m", None, None, "F"),
        person("b", "f", "m", "M", True),
    ]
    return rows + [person(f"u{k}", "f", "m", "M") for k in range(brothers)]


def test_mother_of_isolated_case_is_two_thirds():
    risks = carrier_risks(isolated(), "x-linked", mutation_rate=1e-9)
    assert risks["m"] == pytest.approx(2 / 3, abs=1e-6)
    assert risks["f"] == pytest.approx(0.0, abs=1e-6)
    assert risks["b"] == 1.0


@pytest.mark.parametrize("brothers,expected", [(1, 1 / 2), (2, 1 / 3), (3, 1 / 5)])
def test_isolated_case_with_unaffected_brothers(brothers, expected):
    risks = carrier_risks(isolated(brothers), "x-linked", mutation_rate=1e-9)
    assert risks["m"] == pytest.approx(expected, abs=1e-6)  # 2 / (2 + 2**k)


def test_isolated_case_with_unequal_mutation_rates():
    risks = carrier_risks(isolated(), "x-linked", mutation_rate=1e-9, male_to_female_ratio=3.1)
    assert risks["m"] == pytest.approx(4.1 / 5.1, abs=1e-6)  # (mu + nu) / (2 mu + nu)


def test_no_new_mutations_makes_the_mother_obligate():
    assert carrier_risks(isolated(), "x-linked", mutation_rate=0)["m"] == pytest.approx(1.0)


def test_founder_woman_carries_about_four_times_the_rate():
    risks = carrier_risks([person("w", None, None, "F", None)], "x-linked", mutation_rate=1e-6)
    assert risks["w"] == pytest.approx(4e-6, rel=1e-3)
    men = carrier_risks([person("m", None, None, "M", None)], "x-linked", mutation_rate=1e-6)
    assert men["m"] == pytest.approx(3e-6, rel=1e-3)


def test_autosomal_classics():
    rows = [
        person("f", None, None, "M"),
        person("m", None, None, "F"),
        person("a", "f", "m", "F", True),
        person("s", "f", "m", "M"),
        person("x", "f", "m", "F", None),
    ]
    risks = carrier_risks(rows, "autosomal", mutation_rate=0, allele_frequency=1e-6)
    assert risks["f"] == pytest.approx(1.0) and risks["m"] == pytest.approx(1.0)
    assert risks["s"] == pytest.approx(2 / 3, abs=1e-5)  # unaffected sibling
    assert risks["x"] == pytest.approx(3 / 4, abs=1e-5)  # sibling of unknown status
    founder = carrier_risks([person("z", None, None, "F", None)], "autosomal", allele_frequency=0.1)
    assert founder["z"] == pytest.approx(1 - 0.9**2)


def test_consanguineous_loop_and_twenty_people():
    rows = [
        person("1", None, None, "M"),
        person("2", None, None, "F"),
        person("3", "1", "2", "M", None),
        person("4", None, None, "F"),
        person("5", "1", "2", "F", None),
        person("6", None, None, "M"),
        person("7", "3", "4", "M", None),
        person("8", "6", "5", "F", None),
        person("9", "7", "8", "M", True),
        person("10", "7", "8", "F", True),
    ]
    rows += [person(str(k), "7", "8", "M" if k % 2 else "F", None) for k in range(11, 21)]
    risks = carrier_risks(rows, "autosomal", mutation_rate=1e-6, allele_frequency=1e-3)
    assert len(risks) == 20
    assert risks["7"] == pytest.approx(1.0, abs=1e-3) and risks["8"] == pytest.approx(1.0, abs=1e-3)
    # The loop matters: with related parents the grandparents share the burden.
    assert risks["1"] == pytest.approx(risks["2"], abs=1e-9)
    assert 0.4 < risks["1"] < 0.6


def test_missing_values_in_all_their_forms():
    frame = pd.DataFrame(
        {
            "id": ["f", "m", "b", "c"],
            "father": [None, np.nan, "f", "f"],
            "mother": ["", None, "m", "m"],
            "sex": ["M", "F", "M", "F"],
            "affected": [False, np.nan, True, None],
        }
    )
    risks = carrier_risks(frame, "x-linked", mutation_rate=1e-9)
    assert risks["m"] == pytest.approx(2 / 3, abs=1e-6)
    assert risks["c"] == pytest.approx(1 / 3, abs=1e-6)
    assert list(risks.index) == ["f", "m", "b", "c"] and not risks.isna().any()


@pytest.mark.parametrize(
    "rows,match",
    [
        ([person("a", None, None, "M"), person("a", None, None, "F")], "duplicate ids"),
        ([person("a", "x", "y", "M")], "father of person 'a' is 'x', which is not an id"),
        ([person("d", None, None, "M"), person("a", "d", None, "M")], "only one parent"),
        (
            [
                person("d", None, None, "F"),
                person("m", None, None, "F"),
                person("a", "d", "m", "M"),
            ],
            "father 'd' of person 'a' must be male",
        ),
        (
            [
                person("d", None, None, "M"),
                person("m", None, None, "M"),
                person("a", "d", "m", "M"),
            ],
            "mother 'm' of person 'a' must be female",
        ),
        (
            [
                person("d", None, None, "M"),
                person("a", "d", "b", "F"),
                person("b", "d", "a", "F"),
            ],
            "cycle",
        ),
        ([person("a", None, None, "X")], "sex of person 'a' must be one of"),
        ([{"id": "a", "father": None, "mother": None, "sex": "M", "affected": "yes"}], "affected"),
    ],
)
def test_carrier_risks_bad_pedigrees(rows, match):
    with pytest.raises(ValueError, match=match):
        carrier_risks(rows, "x-linked")


def test_carrier_risks_missing_columns_and_types():
    with pytest.raises(ValueError, match="missing column"):
        carrier_risks(pd.DataFrame({"id": ["a"]}), "x-linked")
    with pytest.raises(TypeError, match="pedigree must be"):
        carrier_risks("a b c", "x-linked")
    with pytest.raises(ValueError, match="mode must be"):
        carrier_risks(isolated(), "y-linked")
    with pytest.raises(ValueError, match="mutation_rate must be"):
        carrier_risks(isolated(), "x-linked", mutation_rate=-1)
    with pytest.raises(ValueError, match="mutation_rate must be"):
        carrier_risks(isolated(), "x-linked", mutation_rate=1e-20)
    with pytest.raises(ValueError, match="allele_frequency must be"):
        carrier_risks(isolated(), "autosomal", allele_frequency=1.5)
    with pytest.raises(TypeError, match="mutation_rate must be a number"):
        carrier_risks(isolated(), "x-linked", mutation_rate="small")


@pytest.mark.parametrize(
    "rows,mode,match",
    [
        (
            [
                person("f", None, None, "M"),
                person("m", None, None, "F"),
                person("g", "f", "m", "F", True),
            ],
            "x-linked",
            "daughter 'g' is affected but her father 'f' is not",
        ),
        (
            [
                person("f", None, None, "M"),
                person("m", None, None, "F", True),
                person("s", "f", "m", "M"),
            ],
            "x-linked",
            "son 's' is unaffected but his mother 'm' is affected",
        ),
        (
            [
                person("f", None, None, "M", True),
                person("m", None, None, "F", True),
                person("c", "f", "m", "F"),
            ],
            "autosomal",
            "child 'c' is unaffected but both parents are affected",
        ),
    ],
)
def test_impossible_patterns_without_mutation(rows, mode, match):
    with pytest.raises(ValueError, match=match):
        carrier_risks(rows, mode, mutation_rate=0)


def test_affected_girl_is_possible_with_new_mutations():
    rows = [
        person("f", None, None, "M"),
        person("m", None, None, "F"),
        person("g", "f", "m", "F", True),
    ]
    risks = carrier_risks(rows, "x-linked", mutation_rate=1e-6)
    assert risks["g"] == 1.0 and risks["m"] > 0.5


def test_bayes_table_matches_the_classic_and_the_posterior():
    table = bayes_table(obligate_daughter(3), "x-linked", "d", mutation_rate=1e-9)
    assert list(table.index) == ["carrier", "not a carrier"]
    assert list(table.columns) == ["prior", "conditional", "joint", "posterior"]
    assert table.loc["carrier", "prior"] == pytest.approx(0.5, abs=1e-6)
    assert table.loc["carrier", "conditional"] == pytest.approx(1 / 8, abs=1e-6)
    assert table.loc["not a carrier", "conditional"] == pytest.approx(1.0, abs=1e-6)
    assert table.loc["carrier", "joint"] == pytest.approx(1 / 16, abs=1e-6)
    assert table.loc["carrier", "posterior"] == pytest.approx(1 / 9, abs=1e-6)
    risks = carrier_risks(obligate_daughter(3), "x-linked", mutation_rate=1e-9)
    assert table.loc["carrier", "posterior"] == pytest.approx(risks["d"], abs=1e-9)
    affected = bayes_table(obligate_daughter(0), "x-linked", "gf", mutation_rate=1e-9)
    assert math.isnan(affected.loc["not a carrier", "conditional"])
    assert affected.loc["carrier", "posterior"] == 1.0
    with pytest.raises(ValueError, match="person must be an id"):
        bayes_table(obligate_daughter(1), "x-linked", "nobody")


def test_new_mutation_share_is_haldanes_third():
    assert new_mutation_share() == pytest.approx(1 / 3, abs=1e-5)
    assert new_mutation_share(male_to_female_ratio=3.1) == pytest.approx(1 / 5.1, abs=1e-5)
    with pytest.raises(ValueError, match="mutation_rate must be above 0"):
        new_mutation_share(mutation_rate=0)


# --------------------------------------------------------------------------- Monte Carlo
@st.composite
def small_pedigrees(draw):
    """3-6 people; each non-founder has two earlier parents of the right sexes."""
    n = draw(st.integers(3, 6))
    people = []
    for i in range(n):
        sex = draw(st.sampled_from(["M", "F"]))
        men = [p["id"] for p in people if p["sex"] == "M"]
        women = [p["id"] for p in people if p["sex"] == "F"]
        if men and women and draw(st.booleans()):
            father, mother = draw(st.sampled_from(men)), draw(st.sampled_from(women))
        else:
            father = mother = None
        people.append({"id": str(i), "father": father, "mother": mother, "sex": sex})
    mode = draw(st.sampled_from(MODES))
    known = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    seed = draw(st.integers(0, 2**31))
    return people, mode, known, seed


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(small_pedigrees())
def test_carrier_risks_agree_with_rejection_sampling(case):
    """Forward-simulate genotypes with the same model, keep samples matching the statuses,
    and compare each person's carrier share with the exact posterior."""
    people, mode, known, seed = case
    rate, q = 0.05, 0.2
    rng = np.random.default_rng(seed)
    ped_rows = [dict(p, affected=None) for p in people]
    from higm_lessons.inheritance import _model

    model, _ = _model(ped_rows, mode, rate, q, 1.0)
    # Observed statuses: one simulated family from the model itself, some hidden.
    first = bayes.sample(model, 1, rng)
    statuses = bayes.is_affected(model, first)[0]
    for row, show, status in zip(ped_rows, known, statuses, strict=True):
        row["affected"] = bool(status) if show else None
    exact = carrier_risks(ped_rows, mode, mutation_rate=rate, allele_frequency=q)
    shown = np.array(known)
    kept = np.zeros((0, len(people)), dtype=np.int8)
    for _ in range(40):
        g = bayes.sample(model, 100_000, rng)
        match = (bayes.is_affected(model, g)[:, shown] == statuses[shown]).all(axis=1)
        kept = np.concatenate([kept, g[match]])
        if len(kept) >= 4000:
            break
    assert len(kept) >= 500, "evidence too rare for a Monte Carlo check"
    estimate = (kept >= 1).mean(axis=0)
    for i, p in enumerate(exact.to_numpy()):
        se = math.sqrt(max(p * (1 - p), 1e-12) / len(kept))
        assert abs(estimate[i] - p) <= 4.5 * se + 1e-9, (i, estimate[i], p, len(kept), people)
