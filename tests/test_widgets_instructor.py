"""Widget tests for the instructors' notebook: the class summary panel reacts to its controls,
summarises uploaded exports, matches a roster and a class code, shows the item analysis and
offers the one-page class report for download."""

from __future__ import annotations

import base64
import html
import re

import pytest

from higm_lessons.assessment import EXAMPLE_CLASS_CODE, example_name, example_named
from higm_lessons.classroom import hardest_questions
from higm_lessons.progress import ProgressStore
from higm_lessons.widgets.instructor import class_summary_panel
from tests.helpers import fresh_progress

PLOTLY_MIME = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "progress" / "progress.sqlite")


def payload(output, index: int = 0) -> dict:
    return output.outputs[index]["data"][PLOTLY_MIME]


def text(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def report_of(panel) -> str:
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", panel.report.value)[1]
    return base64.b64decode(encoded).decode("utf-8")


def test_the_class_summary_panel_reacts_to_its_controls():
    box = class_summary_panel(learners=8, seed=1)
    panel = box.inner
    assert "higm-class-summary" in box._dom_classes
    assert "Read 8 learners" in text(panel.problems.value)
    assert len(panel.summary.problems) == 4
    assert "exact copy" in text(panel.problems.value)
    assert len(panel.figures.outputs) == 2  # class scores and its data as text
    lessons_before = payload(panel.figures, 0)
    panel.learners.value = 20
    assert "Read 20 learners" in text(panel.problems.value)
    assert payload(panel.figures, 0) != lessons_before
    assert "Class scores by lesson" in payload(panel.figures, 0)["layout"]["title"]["text"]
    questions_before = panel.questions.value
    panel.seed.value = 2
    assert panel.questions.value != questions_before
    assert "hardest questions" in text(panel.questions.value)
    assert "higm-takeaway" in panel.takeaway.value
    assert "<table" in panel.table.value
    for control in (panel.learners, panel.seed, panel.upload):
        assert control.description


def test_uploaded_real_exports_are_summarised(tmp_path):
    panel = class_summary_panel(learners=4, seed=1).inner
    store = ProgressStore(tmp_path / "s.sqlite")
    store.record("11", "11-grams-per-infusion", 9, True)
    good = store.export_json(tmp_path / "anna.json").read_bytes()
    panel._on_upload(
        {"new": [{"name": "anna.json", "content": good}, {"name": "bad.json", "content": b"x"}]}
    )
    assert "Read 1 learners from 2 uploaded files" in text(panel.problems.value)
    assert "bad.json: skipped" in text(panel.problems.value)
    assert "Summarised" in text(panel.status.value)


def test_the_example_class_is_matched_to_its_roster_and_class_code():
    panel = class_summary_panel(learners=8, seed=1).inner
    unnamed = [n for n in range(1, 9) if not example_named(n)]
    assert f"{8 - len(unnamed)} of 9 on the roster handed in" in text(panel.roster.value)
    assert example_name(9) in text(panel.roster.value)  # on the roster, never handed in
    panel.class_code.value = EXAMPLE_CLASS_CODE.lower()
    assert "Read 8 learners" in text(panel.problems.value)
    panel.class_code.value = "another-class"
    assert "Read 0 learners" in text(panel.problems.value)
    assert panel.report.value == ""
    panel.class_code.value = "two words"
    assert "class_code must be up to 32" in panel.status.value


def test_the_item_analysis_shows_difficulty_discrimination_and_distractors():
    panel = class_summary_panel(learners=20, seed=3).inner
    summary = panel.summary
    shown = panel.questions.value
    for row in hardest_questions(summary).itertuples():
        assert f"<td>{row.question}</td>" in shown and f"</span>{row.difficulty:.0%} (" in shown
        if row.discrimination == row.discrimination:  # not NaN
            assert f"<td>{row.discrimination:.2f}</td>" in shown
    assert "Discrimination" in shown and "Most-chosen wrong option" in shown


def test_the_class_report_downloads_from_the_page():
    panel = class_summary_panel(learners=8, seed=1).inner
    assert panel.report.value == "" and not panel.prepare.disabled  # written when asked for
    panel.prepare.click()
    assert 'download="class_report.html"' in panel.report.value
    page = report_of(panel)
    assert page.startswith("<!DOCTYPE html>")
    assert html.escape(panel.summary.takeaway()) in page
    assert "of 9 on the roster handed in" in page
    panel.learners.value = 9  # another class: the old report is withdrawn, not left stale
    assert panel.report.value == ""


def test_a_roster_upload_replaces_the_example_roster(tmp_path):
    panel = class_summary_panel(learners=4, seed=1).inner
    store = ProgressStore(tmp_path / "s.sqlite")
    store.record("04", "04-affected-father", "c", True)
    mine = store.export_json(tmp_path / "ana.json", name="Ana Díaz").read_bytes()
    panel._on_upload({"new": [{"name": "ana.json", "content": mine}]})
    roster = b"name,email\nana diaz,a@x\nBo Li,b@x\n"
    panel._on_roster({"new": [{"name": "class.csv", "content": roster}]})
    assert "1 of 2 on the roster handed in. Not yet: Bo Li." in text(panel.roster.value)
    assert "Matched the class to class.csv" in text(panel.status.value)
    panel._on_roster({"new": [{"name": "bad.csv", "content": b"who\nAna\n"}]})
    assert "must have a 'name' column" in text(panel.status.value)


def test_each_hard_question_shows_its_difficulty_as_a_bar_and_as_words():
    panel = class_summary_panel(learners=20, seed=3).inner
    shown = hardest_questions(panel.summary, 10)
    rows = re.findall(r"<tr><td>.*?</tr>", panel.questions.value)
    assert len(rows) == len(shown) > 0
    for row, q in zip(rows, shown.itertuples(), strict=True):
        wrong = round(float(q.difficulty) * int(q.learners))
        assert f"{float(q.difficulty):.0%} ({wrong} of {int(q.learners)} wrong)" in text(row)
        width = float(re.search(r"width:([0-9.]+)em", row)[1])
        assert width == pytest.approx(6 * float(q.difficulty), abs=0.01)
        assert 'aria-hidden="true"' in row  # the words carry it for a screen reader
