"""Unit tests for higm_lessons.immunoglobulins: the five immunoglobulin classes."""

from __future__ import annotations

import pytest

from higm_lessons import immunoglobulins as ig

DESIGN_COLUMNS = [
    "structure",
    "molecular_weight_kda",
    "half_life_days",
    "crosses_placenta",
    "serum_share",
    "main_roles",
    "source",
]


def test_the_five_classes_in_order():
    table = ig.classes()
    assert list(table.index) == ["IgG", "IgA", "IgM", "IgE", "IgD"] == list(ig.ISOTYPES)
    assert table.index.name == "isotype"


def test_the_design_columns_are_there():
    table = ig.classes()
    assert set(DESIGN_COLUMNS) <= set(table.columns)
    assert table[DESIGN_COLUMNS].notna().all().all()
    columns = list(table.columns)
    assert columns.index("serum_share") == columns.index("mean_serum_mg_per_ml") + 1


def test_the_serum_shares():
    table = ig.classes()
    assert table["serum_share"].sum() == pytest.approx(1.0)
    total = table["mean_serum_mg_per_ml"].sum()
    for isotype, row in table.iterrows():
        assert row["serum_share"] == pytest.approx(row["mean_serum_mg_per_ml"] / total), isotype
    assert (table["serum_share"] > 0).all()


def test_only_igg_crosses_the_placenta():
    crosses = ig.classes()["crosses_placenta"]
    assert crosses.dtype == bool
    assert list(crosses[crosses].index) == ["IgG"]


def test_igg_has_the_largest_share_and_ige_the_smallest():
    share = ig.classes()["serum_share"]
    assert share.idxmax() == "IgG"
    assert share.idxmin() == "IgE"
    assert 0.6 < share["IgG"] < 0.85


def test_textbook_facts():
    table = ig.classes()
    assert table.loc["IgM", "structure"] == "pentamer"
    assert table.loc["IgM", "subunits"] == 5
    assert table.loc["IgM", "molecular_weight_kda"] == table["molecular_weight_kda"].max()
    assert table.loc["IgG", "half_life_days"] == table["half_life_days"].max()
    assert set(table["source"]) == {"janeway2001"}


def test_classes_returns_a_copy():
    first = ig.classes()
    first.loc["IgG", "serum_share"] = 0.0
    assert ig.classes().loc["IgG", "serum_share"] > 0.5


@pytest.mark.parametrize("isotype", ig.ISOTYPES)
def test_check_isotype_accepts_the_five(isotype):
    assert ig.check_isotype(isotype) == isotype


@pytest.mark.parametrize("bad", ["igg", "IgX", "IGG", "", " IgG"])
def test_check_isotype_rejects_other_text(bad):
    with pytest.raises(ValueError, match="isotype must be one of") as info:
        ig.check_isotype(bad)
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("bad", [None, 1, ["IgG"]])
def test_check_isotype_rejects_non_text(bad):
    with pytest.raises(TypeError, match="isotype"):
        ig.check_isotype(bad)


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (0.729, "72.9%"),
        (0.0016, "0.16%"),
        (0.000003, "0.0003%"),
        (1.0, "100.0%"),
        (0.01, "1.0%"),
        (0.0001, "0.01%"),
        (0.189, "18.9%"),
    ],
)
def test_format_share(share, text):
    assert ig.format_share(share) == text


def test_serum_share_table():
    table = ig.serum_share_table()
    assert list(table.index) == list(ig.ISOTYPES)
    assert table.index.name == "class"
    assert list(table.columns) == [
        "mean adult serum level (mg/mL)",
        "share of serum immunoglobulin",
        "source",
    ]
    assert list(table["share of serum immunoglobulin"]) == [
        "72.9%",
        "18.9%",
        "8.1%",
        "0.0003%",
        "0.16%",
    ]
    assert list(table["mean adult serum level (mg/mL)"])[:3] == ["13.5", "3.5", "1.5"]
    assert table.loc["IgD", "mean adult serum level (mg/mL)"] == "0.03"
    assert table.loc["IgE", "mean adult serum level (mg/mL)"] == "0.00005"  # never 5e-05
    assert list(table["source"]) == ["janeway2001"] * 5


@pytest.mark.parametrize(
    ("level", "text"),
    [(13.5, "13.5"), (0.03, "0.03"), (5e-05, "0.00005"), (0.00012345, "0.000123"), (1500, "1500")],
)
def test_format_level_never_uses_exponent_notation(level, text):
    assert ig.format_level(level) == text
