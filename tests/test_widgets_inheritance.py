"""Widget tests for lesson 04: the controls really change what is shown, quickly."""

from __future__ import annotations

import html
import json

import pytest

from higm_lessons import prompts
from higm_lessons.inheritance import offspring_risks, simulate_families
from higm_lessons.progress import ProgressStore
from higm_lessons.widgets.inheritance import family_simulator, punnett_widget
from higm_lessons.widgets.prompt import prompt
from tests.helpers import fresh_progress, state_text

PLOTLY = "application/vnd.plotly.v1+json"


def figure_json(output) -> dict:
    return output.outputs[0]["data"][PLOTLY]


def test_punnett_widget_reacts_to_each_control():
    box = punnett_widget()
    w = box.inner
    assert "higm-punnett-widget" in box._dom_classes
    before = (w.grid.value, w.table.value, figure_json(w.figure)["layout"]["title"]["text"])
    w.parents.father.value = "affected"
    after = (w.grid.value, w.table.value, figure_json(w.figure)["layout"]["title"]["text"])
    assert all(a != b for a, b in zip(before, after, strict=True))
    assert "daughter: ■ affected" in w.grid.value
    assert 'class="higm-takeaway"' in w.takeaway.value
    assert "✔" in w.status.value


def test_x_linked_father_cannot_be_carrier():
    w = punnett_widget(mode="autosomal", mother="carrier", father="carrier").inner
    assert "carrier" in w.parents.father.options
    w.parents.mode.value = "x-linked"
    assert "carrier" not in w.parents.father.options
    assert w.parents.father.value == "non-carrier"
    assert "Sons (sperm with Y)" in w.grid.value and "✘" not in w.status.value


def test_family_simulator_reacts():
    w = family_simulator(families=1000).inner
    first = figure_json(w.figure)
    w.parents.mode.value = "autosomal"
    w.parents.father.value = "carrier"
    assert figure_json(w.figure) != first
    assert "autosomal" in w.takeaway.value
    w.families.value = 1_000_000
    w.seed.value = 12
    assert "1,000,000 families" in w.takeaway.value
    assert "Chi-square test" in w.summary.value
    assert "girls" in w.ratio.value


# The lesson's Try it prompts: the learner commits a number or a choice before any answer shows.


@pytest.fixture
def store_path(tmp_path, monkeypatch):
    """A progress file of this test's own: committed answers come back in a new widget."""
    yield from fresh_progress(monkeypatch, tmp_path / "progress.sqlite")


def test_the_punnett_prompt_asks_for_the_risk_the_course_computes():
    item = prompts.get("04", "04-punnett-daughters")
    risks = offspring_risks("x-linked", "carrier", "affected")
    assert item.kind == "number" and item.target == risks.loc["daughter", "affected"]
    assert (item.tolerance or 0) < 0.25  # 1/4, the autosomal answer, is not accepted
    assert prompts.check(item, 0.5).correct and not prompts.check(item, 0.25).correct
    assert not prompts.check(item, 1.0).correct  # "every daughter" is the affected-father rule


def test_the_simulator_prompt_answer_is_what_the_simulation_shows():
    item = prompts.get("04", "04-simulated-girls")
    families = simulate_families(
        "x-linked", "carrier", "non-carrier", families=20_000, children=2, seed=1
    )
    assert int(families["affected_daughters"].sum()) == 0
    chosen = next(o for o in item.options if o.id == item.answer)
    assert chosen.text.startswith("None")


@pytest.mark.parametrize("prompt_id", ["04-punnett-daughters", "04-simulated-girls"])
def test_lesson_04_prompts_hide_then_record_export_and_restore(prompt_id, store_path, tmp_path):
    item = prompts.get("04", prompt_id)
    box = prompt("04", prompt_id)
    inner = box.inner
    page = state_text(box)
    for secret in [item.model_answer[:60], *(o.feedback[:60] for o in item.options)]:
        assert secret not in page and html.escape(secret) not in page
    inner.control.value = item.answer if item.kind == "choice" else float(item.target)
    inner.bar.confidence.value = "think so"
    inner.bar.commit_button.click()
    assert item.model_answer[:40] in html.unescape(inner.answer.value)
    store = ProgressStore(store_path)
    attempt = store.latest_attempt("04", prompt_id)
    assert attempt["confidence"] == "think so" and attempt["correct"] is True
    exported = json.loads(store.export_json(tmp_path / "x.json").read_text(encoding="utf-8"))
    assert [a["item"] for a in exported["attempts"]] == [prompt_id]
    again = prompt("04", prompt_id).inner
    assert again.control.value == inner.control.value and again.control.disabled
    assert again.answer.value == inner.answer.value
    assert "Restored your answer" in again.status.value
