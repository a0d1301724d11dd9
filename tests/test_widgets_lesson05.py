"""Widget tests for lesson 05: builder, mystery, isolated case and flow cytometry."""

from __future__ import annotations

import html

import pytest

from higm_lessons.mystery import CLUES
from higm_lessons.widgets.lesson05 import (
    MAX_PEOPLE,
    flow_widget,
    isolated_case,
    isolated_case_widget,
    mystery_widget,
    pedigree_builder,
)

PLOTLY = "application/vnd.plotly.v1+json"


def figure_json(output) -> dict:
    return output.outputs[0]["data"][PLOTLY]


def test_builder_starts_with_risks_and_a_bayes_table():
    w = pedigree_builder().inner
    assert "Carrier probability of every woman" in w.women_table.value
    assert "<td>I-2</td><td>2</td><td>60%</td>" in w.women_table.value
    assert "<td>II-3</td><td>4</td><td>20%</td>" in w.women_table.value
    assert "Bayesian carrier risk for II-3" in w.bayes.value
    assert "<td>0.3333</td>" in w.bayes.value  # her prior


def test_builder_adds_children_and_recomputes():
    w = pedigree_builder().inner
    w.person.value = "4"
    shapes_before = len(figure_json(w.figure)["layout"]["shapes"])
    for _ in range(3):
        w.add_son.click()
    assert len(w.people) == 10
    assert len(figure_json(w.figure)["layout"]["shapes"]) > shapes_before
    # Four unaffected sons: prior 1/3, posterior 1/(1 + 2 * 2**4) = 1/33.
    assert "<td>II-3</td><td>4</td><td>3.0%</td>" in w.women_table.value
    w.person.value = "8"
    w.affected.value = True
    assert "<td>II-3</td><td>4</td><td>&gt;99.9%</td>" in w.women_table.value


def test_builder_undoes_an_impossible_change_and_explains():
    w = pedigree_builder().inner
    w.person.value = "4"  # a woman with an unaffected son
    w.affected.value = True
    assert "son &#x27;6&#x27; is unaffected but his mother &#x27;4&#x27; is affected" in (
        w.status.value
    )
    assert (
        w.affected.value is False
        and next(p for p in w.people if p["id"] == "4")["affected"] is False
    )
    assert "20%" in w.women_table.value  # still the old, valid family


def test_builder_partner_daughter_remove_mode_and_limit():
    w = pedigree_builder().inner
    w.person.value = "3"  # the affected man
    w.add_partner.click()
    assert len(w.people) == 8 and w.couples == [("3", "8")]
    w.add_daughter.click()  # with his partner
    daughter = w.people[-1]
    assert daughter["father"] == "3" and daughter["mother"] == "8" and w.couples == []
    assert "<td>III-" in w.women_table.value and "100%" in w.women_table.value  # obligate
    w.person.value = "3"
    w.remove.click()
    assert "has children" in w.status.value and len(w.people) == 9
    w.person.value = daughter["id"]
    w.remove.click()
    assert len(w.people) == 8
    w.mode.value = "autosomal"
    assert "autosomal" in figure_json(w.figure)["layout"]["title"]["text"]
    w.woman.value = "2"
    assert "Bayesian carrier risk for I-2" in w.bayes.value
    w.person.value = "5"
    while len(w.people) < MAX_PEOPLE:
        w.add_son.click()
    w.add_son.click()
    assert "at most 20 people" in w.status.value and len(w.people) == MAX_PEOPLE


def test_mystery_widget_reveals_the_answer():
    w = mystery_widget(difficulty="easy", seed=1).inner
    w.reveal.click()
    assert "choose X-linked or autosomal" in w.status.value and w.answer.value == ""
    w.guess.value = w.mystery.mode
    for key in w.mystery.deciding:
        w.clues[key].value = True
    w.reveal.click()
    assert "✔ Right" in w.answer.value and "Deciding clues here" in w.answer.value
    lines = {
        key: next(li for li in w.answer.value.split("<li>") if html.escape(text) in li)
        for key, text in CLUES.items()
    }
    for key in w.mystery.deciding:  # all ticked
        assert "<b>present</b>" in lines[key] and lines[key].endswith("you spotted it</li>")
    # each clue line says what the learner did with it, not only a tick or a cross
    absent = next(k for k in CLUES if k not in w.mystery.clues)
    w.clues[w.mystery.deciding[0]].value = False
    w.clues[absent].value = True
    w.reveal.click()
    assert "you missed it" in w.answer.value
    assert "you ticked it, but it is not in this family" in w.answer.value
    assert "rightly left unticked" in w.answer.value or len(CLUES) == len(w.mystery.clues) + 1
    title = figure_json(w.figure)["layout"]["title"]["text"]
    w.next.click()
    assert w.seed.value == 2 and figure_json(w.figure)["layout"]["title"]["text"] != title
    assert w.answer.value == "" and w.guess.value is None
    w.difficulty.value = "hard"
    assert "(hard)" in figure_json(w.figure)["layout"]["title"]["text"]


def test_isolated_case_widget():
    w = isolated_case_widget().inner
    assert "<td>33%</td>" in w.table.value and "<td>67%</td>" in w.table.value
    w.brothers.value = 1
    assert "of his mother (II-3)</td><td>50%</td>" in w.table.value
    w.brothers.value = 0
    w.ratio.value = 3.1
    assert "of his mother (II-3)</td><td>80%</td>" in w.table.value
    assert "<td>80%</td>" in w.table.value  # the published haemophilia figure
    with pytest.raises(ValueError, match="brothers must be"):
        isolated_case(9)


def test_flow_widget():
    w = flow_widget().inner
    before = figure_json(w.figure)["layout"]["title"]["text"]
    w.share.value = 0.1
    assert figure_json(w.figure)["layout"]["title"]["text"] != before
    assert "could be ill" in w.takeaway.value
    w.person.value = "control"
    assert (
        w.share.disabled and "healthy control" in figure_json(w.figure)["layout"]["title"]["text"]
    )
