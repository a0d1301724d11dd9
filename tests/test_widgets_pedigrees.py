"""Widget tests for lessons 05 and 06: builder, mystery, isolated case and flow cytometry."""

from __future__ import annotations

import html
import json
import re

import pytest

from higm_lessons.inheritance import carrier_risks
from higm_lessons.mystery import CLUES, describe, mystery_pedigree
from higm_lessons.pedigree import layout
from higm_lessons.progress import ProgressStore
from higm_lessons.prompts import prompts as prompts_of
from higm_lessons.widgets.pedigrees import (
    MAX_PEOPLE,
    flow_widget,
    isolated_case,
    isolated_case_widget,
    mystery_widget,
    pedigree_builder,
)
from tests.helpers import check_prompt_round_trip, fresh_progress, state_text

PLOTLY = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    """Every test gets its own progress file: a committed verdict comes back in a new widget."""
    yield from fresh_progress(monkeypatch, tmp_path / "progress.sqlite")


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


def commit(widget, confidence: str = "think so") -> None:
    widget.bar.confidence.value = confidence
    widget.bar.commit_button.click()


def test_mystery_widget_shows_the_answer_only_after_a_commit():
    w = mystery_widget(difficulty="easy", seed=1).inner
    hidden = {"the hidden mode was", "Deciding clues here", "you spotted it", "present</b>"}
    assert not any(h in state_text(w) for h in hidden)
    w.bar.confidence.value = "sure"
    w.bar.commit_button.click()  # no verdict yet
    assert "Answer first" in w.bar.status.value and w.answer.value == ""
    w.guess.value = w.mystery.mode
    for key in w.mystery.deciding:
        w.clues[key].value = True
    w.bar.confidence.value = None
    w.bar.commit_button.click()  # no confidence yet
    assert "Say how sure you are" in w.bar.status.value and w.answer.value == ""
    commit(w, "sure")
    assert "✔ Right" in w.answer.value and "Deciding clues here" in w.answer.value
    assert w.guess.disabled and all(box.disabled for box in w.clues.values())
    lines = {
        key: next(li for li in w.answer.value.split("<li>") if html.escape(text) in li)
        for key, text in CLUES.items()
    }
    for key in w.mystery.deciding:  # all ticked
        assert "<b>present</b>" in lines[key] and lines[key].endswith("you spotted it</li>")
    # each clue line says what the learner did with it, not only a tick or a cross
    w.bar.again_button.click()
    assert w.answer.value == "" and not w.guess.disabled
    absent = next(k for k in CLUES if k not in w.mystery.clues)
    w.clues[w.mystery.deciding[0]].value = False
    w.clues[absent].value = True
    commit(w)
    assert "you missed it" in w.answer.value
    assert "you ticked it, but it is not in this family" in w.answer.value
    assert "rightly left unticked" in w.answer.value or len(CLUES) == len(w.mystery.clues) + 1
    title = figure_json(w.figure)["layout"]["title"]["text"]
    w.next.click()
    assert w.seed.value == 2 and figure_json(w.figure)["layout"]["title"]["text"] != title
    assert w.answer.value == "" and w.guess.value is None and not w.bar.commit_button.disabled
    w.difficulty.value = "hard"
    assert "(hard)" in figure_json(w.figure)["layout"]["title"]["text"]


def test_mystery_verdict_and_clues_are_recorded_with_confidence_and_restored(store_path):
    w = mystery_widget(difficulty="medium", seed=4).inner
    w.guess.value = "autosomal"
    ticked = list(CLUES)[:2]
    for key in ticked:
        w.clues[key].value = True
    commit(w, "guessing")
    m = mystery_pedigree("medium", 4)
    saved = ProgressStore(store_path).attempts(lesson=5, item="05-mystery")
    assert saved[["kind", "confidence"]].values.tolist() == [["mystery-verdict", "guessing"]]
    response = saved["response"].iloc[0]
    assert response == {"difficulty": "medium", "seed": 4, "mode": "autosomal", "clues": ticked}
    assert saved["correct"].iloc[0] == (m.mode == "autosomal" and set(m.clues) == set(ticked))
    exported = json.loads(ProgressStore(store_path).export_json(store_path.parent / "e.json")
                          .read_text(encoding="utf-8"))  # fmt: skip
    assert "mystery-verdict" in json.dumps(exported) and "guessing" in json.dumps(exported)
    # the cell runs again (or the kernel restarts): the family, verdict and clues come back
    again = mystery_widget().inner
    assert (again.difficulty.value, again.seed.value, again.guess.value) == (
        "medium",
        4,
        "autosomal",
    )
    assert [k for k, box in again.clues.items() if box.value] == ticked
    assert "the hidden mode was" in again.answer.value and again.guess.disabled
    assert again.bar.confidence.value == "guessing"
    assert "Restored your answer from" in again.bar.status.value
    assert "Mystery family 4 (medium)" in figure_json(again.figure)["layout"]["title"]["text"]


def test_mystery_text_version_states_the_family_without_deciding_a_clue():
    for difficulty, seed in [("easy", 1), ("medium", 4), ("hard", 3)]:
        w = mystery_widget(difficulty=difficulty, seed=seed).inner
        ped = w.mystery.pedigree
        words = re.sub(r"<[^>]+>", "", w.takeaway.value)
        assert words == "Text version. " + describe(ped)
        for clue in CLUES.values():  # no clue is named, settled or counted for the learner
            assert clue.lower() not in words.lower()
        assert not re.search(r"\d+ affected \(\d+ male|\d+ generations", words)
        label = layout(ped)["label"]
        for p in ped.itertuples():  # every person with sex and status, every child's parents
            status = {True: "affected", False: "unaffected", None: "status unknown"}[p.affected]
            sex = "male" if p.sex == "M" else "female"
            assert f"{label[p.id]} {sex}, {status}" in words
            if p.father is not None:
                parents = f"{label[p.father]} and {label[p.mother]} have"
                kids = words.split(parents, 1)[1].split(".", 1)[0]
                assert label[p.id] in re.split(r"[:,] ", kids)


def test_builder_prompt_answer_is_the_builders_risk_after_four_sons():
    from higm_lessons.prompts import get
    from higm_lessons.widgets.pedigrees import PedigreeBuilder

    builder = PedigreeBuilder()
    builder.person.value = "4"
    for _ in range(3):
        builder.child("M")
    risk = float(carrier_risks(builder.pedigree, "x-linked")["4"]) * 100
    item = get("05", "05-builder-sons")
    assert abs(risk - 100 / 33) < 0.01 and abs(item.answer - risk) <= item.tolerance
    assert abs(float(carrier_risks(isolated_case(1), "x-linked")["4"]) * 100
               - get("06", "06-isolated-brother").answer) < 0.01  # fmt: skip


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


def test_the_mutation_rate_ratio_slider_shows_the_ratio_it_computes_with():
    w = isolated_case_widget().inner
    for label, value in w.ratio.options:
        assert float(label.split()[0]) == value, (label, value)


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


@pytest.mark.parametrize("item_id", [p.id for p in prompts_of("05")])
def test_lesson_05_prompts_are_recorded_exported_and_restored(item_id, tmp_path):
    """Each prompt: nothing to read before the commit; the attempt (with its confidence) is
    saved and exported; the cell run again (or after a restart) brings it back."""
    check_prompt_round_trip("05", item_id, tmp_path)
