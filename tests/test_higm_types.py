"""Unit tests for higm_lessons.higm_types and its pathway figure (lesson 03)."""

from __future__ import annotations

import pytest

from higm_lessons import data
from higm_lessons import higm_types as ht
from higm_lessons.figures.higm_types import pathway_figure, pathway_takeaway
from higm_lessons.immunoglobulins import DEFECTS


def test_types_one_to_five_and_related_forms():
    table = ht.types_table()
    assert list(table.index[:5]) == ["HIGM1", "HIGM2", "HIGM3", "HIGM4", "HIGM5"]
    assert set(table.index) >= {"NEMO", "NFKBIA-GOF", "APDS1", "INO80", "MSH6"}
    assert list(table.loc[table["classic"]].index) == [f"HIGM{n}" for n in range(1, 6)]


def test_genes_loci_and_inheritance():
    table = ht.types_table()
    assert dict(table["gene"].iloc[:5]) == {
        "HIGM1": "CD40LG",
        "HIGM2": "AICDA",
        "HIGM3": "CD40",
        "HIGM4": "unknown",
        "HIGM5": "UNG",
    }
    assert table.loc["HIGM1", "locus"] == "Xq26.3"
    assert table.loc["NEMO", "locus"] == "Xq28"
    assert (
        table.loc["HIGM1", "inheritance"]
        == table.loc["NEMO", "inheritance"]
        == ("X-linked recessive")
    )
    assert table.loc["HIGM3", "inheritance"] == "autosomal recessive"


def test_opportunistic_infections_follow_a_break_in_t_cell_or_nf_kappab_signalling():
    assert list(ht.filter_types(opportunistic_infections="yes").index) == [
        "HIGM1",
        "HIGM3",
        "NEMO",
        "NFKBIA-GOF",
    ]
    assert list(ht.filter_types(lymphoid_hyperplasia="yes", classic_only=True).index) == [
        "HIGM2",
        "HIGM5",
    ]


def test_filters():
    assert list(ht.filter_types(inheritance="X-linked").index) == ["HIGM1", "NEMO"]
    recessive = ht.filter_types(inheritance="autosomal recessive", classic_only=True)
    assert list(recessive.index) == ["HIGM2", "HIGM3", "HIGM4", "HIGM5"]
    # Not every genetic form is recessive: AID deficiency also has a dominant form.
    assert list(ht.filter_types(inheritance="autosomal dominant").index) == [
        "HIGM2",
        "NFKBIA-GOF",
        "APDS1",
        "APDS2",
    ]
    assert ht.filter_types(inheritance="X-linked", lymphoid_hyperplasia="yes").empty
    assert len(ht.filter_types()) == len(ht.types_table())


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"inheritance": "XL"}, ValueError),
        ({"inheritance": 1}, TypeError),
        ({"opportunistic_infections": "maybe"}, ValueError),
        ({"lymphoid_hyperplasia": True}, TypeError),
        ({"classic_only": "yes"}, TypeError),
    ],
)
def test_bad_filters(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        ht.filter_types(**kwargs)


def test_unsourced_cells_are_marked_honestly():
    table = ht.types_table()
    assert table.loc["HIGM1", "certainty"] == "high" and table.loc["HIGM1", "unsourced"] == "none"
    assert table.loc["HIGM4", "certainty"] == "low"
    for name, row in table.iterrows():
        if row["hsct"].startswith("No source found"):
            assert "hsct" in row["unsourced"], name


@pytest.mark.parametrize(
    ("defect", "type_", "cells", "infections"),
    [
        ("CD40LG", "HIGM1", ["B cells", "macrophages", "dendritic cells"], "yes"),
        ("CD40", "HIGM3", ["B cells", "macrophages", "dendritic cells"], "yes"),
        ("IKBKG", "NEMO", ["B cells", "macrophages", "other innate immune cells"], "yes"),
        ("AICDA", "HIGM2", ["B cells only (help arrives but cannot be used)"], "no"),
        ("UNG", "HIGM5", ["B cells only (help arrives but cannot be used)"], "no"),
    ],
)
def test_knockout_of_every_step(defect, type_, cells, infections):
    result = ht.knockout(defect)
    assert result["type"] == type_
    assert result["made"] == ["IgM", "IgD"]
    assert result["lost"] == ["IgG", "IgA", "IgE"]
    assert result["cells_losing_help"] == cells
    assert result["opportunistic_infections"] == infections
    assert result["step"] == [g for g, _, _ in ht.PATHWAY].index(defect)


def test_knockout_of_nothing_is_healthy():
    result = ht.knockout(None)
    assert result["made"] == ["IgG", "IgA", "IgM", "IgE", "IgD"] and result["lost"] == []
    assert result["cells_losing_help"] == [] and result["step"] is None


@pytest.mark.parametrize(("bad", "error"), [("BTK", ValueError), (3, TypeError)])
def test_knockout_rejects_unknown_defects(bad, error):
    with pytest.raises(error, match="defect"):
        ht.knockout(bad)


def test_every_case_answer_is_a_choice_and_each_choice_judged():
    cases = ht.type_cases()
    assert set(cases["answer"]) <= set(ht.TYPE_CHOICES)
    for case, row in cases.iterrows():
        for choice in ht.TYPE_CHOICES:
            result = ht.check_type_answer(case, choice)
            assert result["correct"] is (choice == row["answer"])
            assert result["chosen"].startswith(choice)


@pytest.mark.parametrize(
    ("case", "answer", "error", "name"),
    [
        ("nope", "HIGM1", ValueError, "case"),
        (1, "HIGM1", TypeError, "case"),
        ("boy-pneumocystis", "XLA", ValueError, "answer"),
        ("boy-pneumocystis", None, TypeError, "answer"),
    ],
)
def test_check_type_answer_rejects_bad_input(case, answer, error, name):
    with pytest.raises(error, match=name):
        ht.check_type_answer(case, answer)


def test_sources_resolve_for_every_row():
    keys = set(data.load_table("sources.csv")["key"])
    for cell in ht.types_table()["source"]:
        assert {k.strip() for k in cell.split(";")} <= keys


@pytest.mark.parametrize("defect", DEFECTS)
def test_pathway_figure_marks_the_knockout_by_more_than_colour(defect):
    fig = pathway_figure(defect)
    texts = " ".join(a.text for a in fig.layout.annotations)
    dashed = [s for s in fig.layout.shapes if s.line.dash == "dash"]
    if defect is None:
        assert "knocked out" not in texts and not dashed
        assert "IgG, IgA, IgM, IgE, IgD" in texts
    else:
        assert "✕ knocked out" in texts and len(dashed) == 1
        assert "lost: IgG, IgA, IgE" in texts
        assert defect in fig.layout.title.text
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_pathway_figure_greys_macrophages_only_when_they_lose_help():
    assert "no help" in " ".join(a.text for a in pathway_figure("CD40").layout.annotations)
    assert "no help" not in " ".join(a.text for a in pathway_figure("AICDA").layout.annotations)


def test_pathway_takeaways():
    assert "all five classes" in pathway_takeaway(None)
    assert "opportunistic infections are expected" in pathway_takeaway("CD40LG")
    assert "not a feature" in pathway_takeaway("UNG")


def test_rows_agree_with_the_iuis_2022_table():
    table = ht.types_table()
    # NEMO: X-linked; ectodermal dysplasia only in some; pyogenic infection the commonest problem.
    nemo = table.loc["NEMO", "distinguishing_features"]
    assert "in some but not all" in nemo and "pyogenic bacterial infections" in nemo
    assert "in most" not in nemo
    # IkappaB-alpha gain of function and APDS are dominant; AID deficiency can be.
    for form in ("NFKBIA-GOF", "APDS1", "APDS2"):
        assert table.loc[form, "inheritance"] == "autosomal dominant", form
    assert "autosomal dominant" in table.loc["HIGM2", "inheritance"]
    # CTNNBL1: progressive hypogammaglobulinaemia with hyperplastic germinal centres.
    assert table.loc["CTNNBL1", "lymphoid_hyperplasia"] == "yes"
    assert "progressive hypogammaglobulinaemia" in table.loc["CTNNBL1", "distinguishing_features"]
    # APRIL: low IgG, mild infections; the IUIS does not list a raised IgM.
    april = table.loc["APRIL", "distinguishing_features"]
    assert "Low IgG" in april and "mild" in april


def test_higm1_nodes_are_present_but_lack_germinal_centres():
    features = ht.types_table().loc["HIGM1", "distinguishing_features"]
    assert "lymph nodes are present and often enlarged" in features
    assert "lack germinal centres" in features


def test_higm4_has_no_gene_and_says_what_it_is_called_today():
    row = ht.types_table().loc["HIGM4"]
    assert row["gene"] == "unknown" and row["locus"] == "unknown"
    assert "without a genetic diagnosis" in row["distinguishing_features"]
    assert "seidel2019" in row["source"]
    assert "without a genetic diagnosis" in ht.type_cases().loc["teen-residual-igg", "explanation"]


def test_every_type_answer_has_at_least_three_cases():
    counts = ht.type_cases()["answer"].value_counts()
    assert set(counts.index) == set(ht.TYPE_CHOICES)
    assert counts.min() >= 3


def test_draw_cases_is_reproducible_and_draws_distinct_cases():
    first = ht.draw_cases(11)
    assert first == ht.draw_cases(11) and len(first) == ht.CASES_PER_SET
    assert len(set(first)) == len(first) and set(first) <= set(ht.type_cases().index)
    assert ht.draw_cases(11) != ht.draw_cases(12)
    assert len(ht.draw_cases(3, count=len(ht.type_cases()))) == len(ht.type_cases())


@pytest.mark.parametrize(
    ("seed", "count", "error", "name"),
    [
        (-1, 5, ValueError, "seed"),
        (1.5, 5, TypeError, "seed"),
        (1, 0, ValueError, "count"),
        (1, 1000, ValueError, "count"),
        (1, "5", TypeError, "count"),
    ],
)
def test_draw_cases_rejects_bad_input(seed, count, error, name):
    with pytest.raises(error, match=name):
        ht.draw_cases(seed, count)
