"""Unit tests for higm_lessons.figures.inheritance (and the fast figure builder)."""

from __future__ import annotations

import pandas as pd
import pytest

from higm_lessons.figures import inheritance as figs
from higm_lessons.figures._fast import fast_figure
from higm_lessons.inheritance import bayes_table, chi_square, family_summary, simulate_families
from higm_lessons.pedigree import example, layout


def test_fast_figure_keeps_the_course_style_and_checks_titles():
    fig = fast_figure(title="T", x_title="X (unit)", y_title="Y (unit)", data=[], height=200)
    assert fig.layout.title.text == "T" and fig.layout.xaxis.title.text == "X (unit)"
    assert fig.layout.template.layout.font.family.startswith("DejaVu Sans")
    assert fig.layout.height == 200
    with pytest.raises(ValueError, match="x_title must be a non-empty string"):
        fast_figure(title="T", x_title=" ", y_title="Y", data=[])


def test_punnett_html_separates_sons_and_daughters():
    page = figs.punnett_html("x-linked", "carrier", "non-carrier")
    assert "Daughters (sperm with X)" in page and "Sons (sperm with Y)" in page
    assert page.count("<td") == 4
    assert "X<sup>a</sup> Y" in page and "son: ■ affected" in page
    assert "daughter: ◩ carrier" in page
    auto = figs.punnett_html("autosomal", "carrier", "carrier")
    assert auto.count("<td") == 8


def test_risk_table_and_figure():
    table = figs.risk_table_html("autosomal", "carrier", "carrier")
    assert "1/4 (25%)" in table and "1/2 (50%)" in table
    fig = figs.risk_figure("x-linked", "carrier", "non-carrier")
    assert fig.layout.barmode == "stack"
    affected = next(t for t in fig.data if "affected" in t.name)
    assert list(affected.x) == [0.0, 50.0]  # daughters 0%, sons 50%
    assert affected.marker.pattern.shape == "x"  # not colour alone
    assert figs.risk_takeaway("x-linked", "carrier", "non-carrier").startswith(
        "With a carrier mother and a non-carrier father (x-linked), each son is affected with "
        "chance 1/2 (50%)"
    )
    assert figs.fraction_text(1.0) == "1 (100%)" and figs.fraction_text(0.0) == "0 (0%)"


def test_simulation_figure_summary_and_takeaway():
    sims = simulate_families("x-linked", "carrier", "affected", families=2000, children=3, seed=1)
    from higm_lessons.inheritance import convergence

    conv = convergence(sims, "x-linked", "carrier", "affected")
    fig = figs.convergence_figure(conv, title="Converging")
    assert fig.layout.xaxis.type == "log"
    names = [t.name for t in fig.data]
    assert "affected daughters: exact 50%" in names and "affected sons: exact 50%" in names
    dashes = {t.line.dash for t in fig.data}
    assert len(dashes) >= 3
    summary = family_summary(sims, "x-linked", "carrier", "affected")
    page = figs.summary_html(summary, chi_square(sims, "x-linked", "carrier", "affected"))
    assert "Chi-square test" in page and "degrees of freedom" in page
    text = figs.simulation_takeaway(sims, "x-linked")
    assert text.startswith("2,000 families, 6,000 children (x-linked):")
    assert "% of them boys" in text


def test_women_and_bayes_tables():
    ped = example("x-linked")
    risks = pd.Series({"2": 1.0, "4": 0.99999, "9": 0.5}).reindex(ped["id"]).fillna(0.0)
    page = figs.risk_table_women_html(ped, risks, layout(ped)["label"])
    assert page.index("I-2") < page.index("II-3") < page.index("III-4")
    assert "50%" in page
    table = bayes_table(ped, "x-linked", "9")
    html_table = figs.bayes_html(table, "III-4")
    assert "Bayesian carrier risk for III-4" in html_table and "posterior" in html_table
    affected = bayes_table(ped, "x-linked", "3")  # an affected man: prior of not carrying is 0
    assert "not defined (prior 0)" in figs.bayes_html(affected, "II-1")


def test_flow_figure_and_takeaway():
    fig = figs.flow_figure("carrier", working_x_share=0.5, seed=2)
    assert fig.layout.shapes[0].x0 == 2.0  # the gate
    assert {t.name for t in fig.data} == {"CD40L-negative cells", "CD40L-positive cells"}
    assert "% positive" in fig.layout.title.text
    text = figs.flow_takeaway("carrier", working_x_share=0.1, seed=2)
    assert "(expected 14%)" in text and "could be ill" in text
    assert "two populations" not in figs.flow_takeaway("control")
