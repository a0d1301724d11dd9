"""Widget tests for lesson 09: the final assessment (saving, resuming after a real kernel
restart, export and import) and the instructors' class summary panel."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest
from jupyter_client import KernelManager

from higm_lessons.assessment import final_questions, topic_of
from higm_lessons.progress import PROGRESS_ENV, ProgressStore
from higm_lessons.widgets import common
from higm_lessons.widgets.lesson09 import class_summary_panel, final_assessment

ROOT = Path(__file__).resolve().parent.parent
PLOTLY_MIME = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "progress" / "progress.sqlite"
    monkeypatch.setenv(PROGRESS_ENV, str(path))
    common._STORES.clear()
    yield path
    common._STORES.clear()


def right_answer(question):
    return list(question.answer) if question.kind == "multiple" else question.answer


def wrong_answer(question):
    if question.kind == "numeric":
        return question.answer + 10 * (question.tolerance + 1)
    wrong = [o.id for o in question.options if o.id not in question.correct_ids]
    return wrong[0] if question.kind == "single" else [wrong[0]]


def payload(output, index: int = 0) -> dict:
    return output.outputs[index]["data"][PLOTLY_MIME]


def text(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


# --------------------------------------------------------------------------- the assessment
def test_a_fresh_start(store_path):
    box = final_assessment(seed=2025)
    final = box.inner
    assert "higm-final" in box._dom_classes
    assert final.index == 0 and final.results == {}
    assert [q.id for q in final.questions] == [q.id for q in final_questions(2025)]
    assert f"{len(final.questions)} questions" in text(final.welcome.value)
    assert "Question 1 of" in final.counter.value and "not answered yet" in final.counter.value
    assert final.previous_button.disabled and not final.next_button.disabled
    assert "not answered any" in text(final.takeaway.value)
    for control in (final.jump, final.answered):
        assert control.description


def test_answers_are_saved_under_lesson_09_and_scored(store_path):
    final = final_assessment().inner
    first, second = final.questions[0], final.questions[1]
    before = payload(final.score_output)
    final.items[0].submit(right_answer(first))
    assert payload(final.score_output) != before
    assert final.results == {first.id: True}
    assert final.answered.value == 1
    assert "answered" in final.counter.value and "not answered" not in final.counter.value
    final.next_button.click()
    assert final.index == 1
    final.items[1].submit(wrong_answer(second))
    saved = ProgressStore(store_path).answers()
    assert saved["lesson"].tolist() == ["09", "09"]
    assert saved["question"].tolist() == [first.id, second.id]
    assert saved["correct"].tolist() == [True, False]
    assert "You have answered 2 of" in text(final.takeaway.value)
    scores = final.scores().set_index("lesson")
    assert scores.loc[topic_of(first), "right"] >= 1
    assert scores.loc[topic_of(second), "wrong"] >= 1


def test_navigation(store_path):
    final = final_assessment().inner
    last = len(final.questions) - 1
    final.jump.value = last
    assert final.index == last and final.next_button.disabled
    assert final.holder.children == (final.items[last],)
    final.previous_button.click()
    assert final.index == last - 1
    final.items[last - 1].submit(right_answer(final.questions[last - 1]))
    final.resume_button.click()
    assert final.index == 0  # the first question not answered yet
    final._go(999)
    assert "index must be from 0" in text(final.status.value)


def test_reopening_resumes_and_restores_every_kind(store_path):
    final = final_assessment().inner
    kinds = {}
    for index, question in enumerate(final.questions):
        if question.kind not in kinds:
            kinds[question.kind] = index
    for index in sorted(kinds.values()):
        final.show(index)
        final.items[index].submit(right_answer(final.questions[index]))
    common._STORES.clear()
    again = final_assessment().inner
    assert set(again.results) == {final.questions[i].id for i in kinds.values()}
    assert "Welcome back" in text(again.welcome.value)
    assert again.index == min(set(range(len(again.questions))) - set(kinds.values()))
    for index in kinds.values():
        again.show(index)
        item = again.items[index]
        question = again.questions[index]
        answer = item.current_answer()
        if question.kind == "numeric":
            assert float(answer) == question.answer
        elif question.kind == "multiple":
            assert sorted(answer) == sorted(question.answer)
        else:
            assert answer == question.answer
        assert "it was right" in text(item.feedback.value)


def test_progress_survives_a_real_kernel_restart(store_path):
    """Answer in one kernel, restart it (a new process), and resume in the new one."""
    manager = KernelManager(kernel_name="python3")
    env = {**os.environ, PROGRESS_ENV: str(store_path)}
    manager.start_kernel(env=env, cwd=str(ROOT))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)

        def run(code: str) -> str:
            out = []
            reply = client.execute_interactive(
                textwrap.dedent(code),
                timeout=120,
                output_hook=lambda msg: (
                    out.append(msg["content"].get("text", ""))
                    if msg["msg_type"] == "stream"
                    else None
                ),
            )
            assert reply["content"]["status"] == "ok", reply["content"]
            return "".join(out)

        first_pid = run("import os; print(os.getpid())").strip()
        run("""
            from higm_lessons.widgets.lesson09 import final_assessment
            final = final_assessment(seed=2025).inner
            for i in range(3):
                final.show(i)
                q = final.questions[i]
                final.items[i].submit(list(q.answer) if q.kind == "multiple" else q.answer)
        """)
        manager.restart_kernel(now=True)
        client.wait_for_ready(timeout=120)
        second_pid = run("import os; print(os.getpid())").strip()
        assert second_pid != first_pid  # a real second process
        shown = run("""
            from higm_lessons.widgets.lesson09 import final_assessment
            final = final_assessment(seed=2025).inner
            print(final.index, len(final.results), all(final.results.values()))
            final.show(0)
            print(final.items[0].current_answer() is not None)
        """)
        assert shown.split() == ["3", "3", "True", "True"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert len(ProgressStore(store_path).answers()) == 3


def test_export_and_import_round_trip_resumes_elsewhere(store_path, tmp_path, monkeypatch):
    final = final_assessment().inner
    for index in range(4):
        final.show(index)
        question = final.questions[index]
        answer = right_answer(question) if index % 2 else wrong_answer(question)
        final.items[index].submit(answer)
    exported = common.progress_store().export_json(tmp_path / "mine.json")
    monkeypatch.setenv(PROGRESS_ENV, str(tmp_path / "elsewhere" / "progress.sqlite"))
    common._STORES.clear()
    assert final_assessment().inner.results == {}
    assert common.progress_store().import_json(exported) == 4
    again = final_assessment().inner
    assert again.results == final.results
    assert again.index == 4
    assert common.progress_store().import_json(exported) == 0  # nothing doubled


# --------------------------------------------------------------------------- instructors
def test_the_class_summary_panel_reacts_to_its_controls():
    box = class_summary_panel(learners=8, seed=1)
    panel = box.inner
    assert "higm-class-summary" in box._dom_classes
    assert "Read 8 learners" in text(panel.problems.value)
    assert len(panel.summary.problems) == 4
    assert "exact copy" in text(panel.problems.value)
    assert len(panel.figures.outputs) == 2  # class scores, then the hardest questions
    lessons_before = payload(panel.figures, 0)
    panel.learners.value = 20
    assert "Read 20 learners" in text(panel.problems.value)
    assert payload(panel.figures, 0) != lessons_before
    assert "Class scores by lesson" in payload(panel.figures, 0)["layout"]["title"]["text"]
    difficulty_before = payload(panel.figures, 1)
    panel.seed.value = 2
    assert payload(panel.figures, 1) != difficulty_before
    assert "hardest questions" in payload(panel.figures, 1)["layout"]["title"]["text"]
    assert "higm-takeaway" in panel.takeaway.value
    assert "<table" in panel.table.value
    for control in (panel.learners, panel.seed, panel.upload):
        assert control.description


def test_uploaded_real_exports_are_summarised(tmp_path):
    panel = class_summary_panel(learners=4, seed=1).inner
    store = ProgressStore(tmp_path / "s.sqlite")
    store.record("08", "08-grams-per-infusion", 9, True)
    good = store.export_json(tmp_path / "anna.json").read_bytes()
    panel._on_upload(
        {"new": [{"name": "anna.json", "content": good}, {"name": "bad.json", "content": b"x"}]}
    )
    assert "Read 1 learners from 2 uploaded files" in text(panel.problems.value)
    assert "bad.json: skipped" in text(panel.problems.value)
    assert "Summarised" in text(panel.status.value)
