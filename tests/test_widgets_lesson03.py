"""Lesson 03 widgets: knockout, the filtered types table and "which type is this?"."""

from __future__ import annotations

import re

from higm_lessons.widgets import lesson03

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def payload(output) -> dict:
    assert len(output.outputs) == 1
    return output.outputs[0]["data"][PLOTLY_MIME]


def text(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


def test_knockout_widget_reacts_to_every_step():
    inner = lesson03.knockout_explorer().inner
    assert "every step working" in payload(inner.figure)["layout"]["title"]["text"]
    for gene in ["CD40LG", "CD40", "IKBKG", "AICDA", "UNG"]:
        inner.control.value = gene
        assert gene in payload(inner.figure)["layout"]["title"]["text"]
        assert f"Knocking out {gene}" in text(inner.takeaway.value)
        assert "IgM, IgD" in text(inner.details.value)
        assert inner.status.value == ""
    assert "B cells only" in text(inner.details.value)
    inner.control.value = "CD40LG"
    assert "macrophages" in text(inner.details.value)


def test_types_table_filters():
    inner = lesson03.types_explorer().inner
    assert "13</b> of 13" in inner.table.value
    inner.inheritance.value = "X-linked"
    assert "2</b> of 13" in inner.table.value and "IKBKG" in inner.table.value
    inner.infections.value = "no"
    assert "No type matches" in text(inner.table.value)
    inner.inheritance.value = "any"
    inner.classic.value = True
    assert "3</b> of 13" in inner.table.value  # HIGM2, HIGM4, HIGM5


def test_types_table_escapes_data_text():
    html_text = lesson03.types_html(lesson03.filter_types())
    assert "<script" not in html_text
    assert "NF-kappaB" in html_text


def test_which_type_exercise():
    inner = lesson03.which_type().inner
    inner.check.click()
    assert "Choose a type first" in inner.status.value
    inner.answer.value = "HIGM1"
    inner.check.click()
    assert "Correct." in text(inner.feedback.value)
    inner.case.value = "girl-cryptosporidium"
    assert inner.feedback.value == "" and inner.answer.value is None
    assert "no CD40 on her B cells" in text(inner.vignette.value)
    inner.answer.value = "HIGM1"
    inner.check.click()
    assert "Not quite: this is HIGM3." in text(inner.feedback.value)
    assert "The type you chose" in inner.feedback.value


def test_knockout_table_separates_node_size_from_germinal_centres():
    html_text = lesson03.knockout_html("CD40LG")
    assert "Lymphoid hyperplasia (large germinal centres)" in html_text
    assert "lack germinal centres" in html_text
