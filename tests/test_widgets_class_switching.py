"""Lesson 03 widgets: knockout, the filtered types table and "which type is this?"."""

from __future__ import annotations

import html
import json
import re

import pytest

from higm_lessons import higm_types
from higm_lessons.progress import PROGRESS_ENV, ProgressStore
from higm_lessons.widgets import class_switching, common
from tests.helpers import fresh_progress, state_text

PLOTLY_MIME = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    """Every test gets its own progress file: committed answers come back in a new widget."""
    yield from fresh_progress(monkeypatch, tmp_path / "progress.sqlite")


def payload(output) -> dict:
    assert len(output.outputs) == 2  # the figure, then its numbers as text ("Show the data")
    return output.outputs[0]["data"][PLOTLY_MIME]


def text(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


def test_knockout_widget_reacts_to_every_step():
    inner = class_switching.knockout_explorer().inner
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
    inner = class_switching.types_explorer().inner
    assert "13</b> of 13" in inner.table.value
    inner.inheritance.value = "X-linked"
    assert "2</b> of 13" in inner.table.value and "IKBKG" in inner.table.value
    inner.infections.value = "no"
    assert "No type matches" in text(inner.table.value)
    inner.inheritance.value = "any"
    inner.classic.value = True
    assert "3</b> of 13" in inner.table.value  # HIGM2, HIGM4, HIGM5


def test_types_table_escapes_data_text():
    html_text = class_switching.types_html(class_switching.filter_types())
    assert "<script" not in html_text
    assert "NF-kappaB" in html_text


def test_which_type_draws_a_set_that_comes_back_for_the_learner(store_path):
    inner = class_switching.which_type().inner
    drawn = [row.case for row in inner.rows]
    assert drawn == higm_types.draw_cases(inner.seed) and len(drawn) == 5
    assert "pool of <b>18</b>" in inner.heading.value
    again = class_switching.which_type().inner
    assert again.seed == inner.seed and [row.case for row in again.rows] == drawn
    saved = ProgressStore(store_path).latest_attempt("03", class_switching.SET_ITEM)
    assert saved["response"] == inner.seed and saved["kind"] == "which-type-set"


def test_which_type_sets_differ_between_learners_so_elimination_fails():
    pool = higm_types.type_cases()
    sets = [higm_types.draw_cases(seed) for seed in range(200)]
    assert len({tuple(s) for s in sets}) > 150
    answers = [[pool.loc[c, "answer"] for c in s] for s in sets]
    # a set may repeat a type and leave others out: no fixed one-of-each to eliminate from
    assert any(len(set(a)) < len(a) for a in answers)
    assert set().union(*map(set, sets)) == set(pool.index)


def test_no_answer_or_explanation_in_the_page_before_a_commit(store_path):
    box = class_switching.which_type()
    before = state_text(box)
    pool = higm_types.type_cases()
    for row in box.inner.rows:
        case = pool.loc[row.case]
        assert case["explanation"][:60] not in before
        assert html.escape(case["explanation"][:60]) not in before
        assert row.feedback.value == ""
    assert "Correct." not in before and "Not quite" not in before


def test_commit_needs_an_answer_and_a_confidence_then_reveals(store_path):
    inner = class_switching.which_type().inner
    row = inner.rows[0]
    row.bar.commit_button.click()
    assert "Answer first" in row.status.value and row.feedback.value == ""
    row.answer.value = "HIGM1"
    row.bar.commit_button.click()
    assert "how sure" in row.status.value and row.feedback.value == ""
    row.bar.confidence.value = "guessing"
    row.bar.commit_button.click()
    right = higm_types.type_cases().loc[row.case, "answer"]
    expected = "Correct." if right == "HIGM1" else f"Not quite: this is {right}."
    assert expected in text(row.feedback.value)
    assert "The type you chose" in row.feedback.value
    assert row.answer.disabled


def test_answers_are_recorded_with_confidence_exported_and_restored(
    store_path, tmp_path, monkeypatch
):
    inner = class_switching.which_type().inner
    for row, choice in zip(inner.rows, ["HIGM1", "HIGM2", "NEMO", "HIGM3", "HIGM5"], strict=True):
        row.answer.value = choice
        row.bar.confidence.value = "sure"
        row.bar.commit_button.click()
    store = ProgressStore(store_path)
    attempts = store.attempts("03")
    which = attempts[attempts["kind"] == "which-type"]
    assert len(which) == 5 and set(which["confidence"]) == {"sure"}
    pool = higm_types.type_cases()
    for row in inner.rows:
        saved = store.latest_attempt("03", class_switching.case_item(inner.seed, row.case))
        assert saved["correct"] is (saved["response"] == pool.loc[row.case, "answer"])
    exported = store.export_json(tmp_path / "export.json")
    payload = json.loads(exported.read_text(encoding="utf-8"))
    kinds = [a["kind"] for a in payload["attempts"]]
    assert kinds.count("which-type") == 5 and "which-type-set" in kinds
    # a fresh widget (the cell run again, or the kernel restarted) brings them back
    fresh = class_switching.which_type().inner
    for old, new in zip(inner.rows, fresh.rows, strict=True):
        assert new.answer.value == old.answer.value and new.answer.disabled
        assert new.bar.confidence.value == "sure"
        assert new.feedback.value == old.feedback.value != ""
        assert "Restored your answer" in new.status.value
    # and so does an import into another learner's empty store
    other = tmp_path / "other.sqlite"
    ProgressStore(other).import_json(exported)
    common._STORES.clear()
    monkeypatch.setenv(PROGRESS_ENV, str(other))
    imported = class_switching.which_type().inner
    assert imported.seed == inner.seed
    assert [r.answer.value for r in imported.rows] == [r.answer.value for r in inner.rows]


def test_a_fresh_set_starts_blank_and_keeps_the_history(store_path):
    inner = class_switching.which_type().inner
    row = inner.rows[0]
    row.answer.value = "HIGM4"
    row.bar.confidence.value = "think so"
    row.bar.commit_button.click()
    old_seed = inner.seed
    inner.fresh.click()
    assert inner.seed != old_seed
    assert all(r.feedback.value == "" and r.answer.value is None for r in inner.rows)
    assert "fresh set" in inner.status.value
    store = ProgressStore(store_path)
    assert store.latest_attempt("03", class_switching.SET_ITEM)["response"] == inner.seed
    assert len(store.attempts("03", class_switching.case_item(old_seed, row.case))) == 1
    assert class_switching.which_type().inner.seed == inner.seed  # the fresh set is the one kept


def test_try_again_hides_the_feedback_and_records_a_new_attempt(store_path):
    inner = class_switching.which_type().inner
    row = inner.rows[0]
    row.answer.value = "HIGM2"
    row.bar.confidence.value = "guessing"
    row.bar.commit_button.click()
    row.bar.again_button.click()
    assert row.feedback.value == "" and not row.answer.disabled
    row.answer.value = "NEMO"
    row.bar.confidence.value = "sure"
    row.bar.commit_button.click()
    item = class_switching.case_item(inner.seed, row.case)
    history = ProgressStore(store_path).attempts("03", item)
    assert list(history["response"]) == ["HIGM2", "NEMO"]
    assert list(history["confidence"]) == ["guessing", "sure"]


def test_an_unreadable_store_still_gives_a_set(monkeypatch):
    def broken():
        raise OSError("disk full")

    monkeypatch.setattr(class_switching, "progress_store", broken)
    inner = class_switching.which_type().inner
    assert len(inner.rows) == 5 and "could not be saved" in inner.status.value


def test_knockout_table_separates_node_size_from_germinal_centres():
    html_text = class_switching.knockout_html("CD40LG")
    assert "Lymphoid hyperplasia (large germinal centres)" in html_text
    assert "lack germinal centres" in html_text
