"""Widget tests for lesson 12: the final test (nothing revealed before submit, saved as the
learner goes, resumed after a real kernel restart and after an import, a fresh draw on a
retake) and the instructors' class summary panel."""

from __future__ import annotations

import html
import json
import os
import re
import textwrap
from pathlib import Path

import pytest
from jupyter_client import KernelManager

from higm_lessons.assessment import TEST_ITEM, history
from higm_lessons.progress import PROGRESS_ENV, ProgressStore
from higm_lessons.widgets import common
from higm_lessons.widgets.final_test import class_summary_panel, final_test
from tests.helpers import fresh_progress, right_answer, state_text, wrong_answer

ROOT = Path(__file__).resolve().parent.parent
PLOTLY_MIME = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "progress" / "progress.sqlite")


def enter(final, index: int, answer, confidence: str = "think so") -> None:
    """Answer question ``index`` through its controls, as a learner would."""
    final.show(index)
    item = final.items[index]
    if item.question.kind == "multiple":
        for key, box in item.boxes.items():
            box.value = key in answer
    elif item.question.kind == "single":
        item.control.value = answer
    else:
        item.control.value = str(answer)
    item.confidence.value = confidence


def payload(output, index: int = 0) -> dict:
    return output.outputs[index]["data"][PLOTLY_MIME]


def text(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def secrets(question) -> list[str]:
    """What would give an answer away: the explanation and every feedback text."""
    texts = [question.explanation, *(o.feedback for o in question.options)]
    texts += [question.feedback_correct, question.feedback_low, question.feedback_high]
    return [s for t in texts if t for s in (t[:50], html.escape(t[:50]))]


# --------------------------------------------------------------------------- the final test
def test_nothing_is_revealed_before_the_whole_test_is_submitted(store_path):
    box = final_test()
    final = box.inner
    assert "higm-final" in box._dom_classes
    assert len(final.questions) == 24 and final.index == 0
    for index in range(len(final.questions)):
        enter(final, index, right_answer(final.questions[index]))
    before = state_text(box)  # every question built, answered, not yet submitted
    for question in final.questions:
        for secret in secrets(question):
            assert secret not in before, f"{question.id}: {secret!r} is on the page"
    assert "Correct" not in before and "Not quite" not in before
    assert "revisits lesson" not in before and "(lesson 0" not in before  # no topic hints
    assert final.results.children == ()
    assert ProgressStore(store_path).answers().empty, "nothing checked before submit"
    final.submit_button.click()
    after = text(state_text(box))
    assert "Explanation." in after and "Correct." in after
    question = final.questions[0]
    assert question.explanation[:50] in after
    assert "24 of 24 right" in text(final.history.value)
    assert payload(final.results.children[1])["layout"]["title"]["text"]
    for control in (final.jump, final.answered, final.submit_button):
        assert control.description


def test_answers_are_kept_as_the_learner_goes_and_a_restart_resumes(store_path):
    final = final_test().inner
    first, second = final.questions[0], final.questions[1]
    enter(final, 0, right_answer(first), "sure")
    enter(final, 1, wrong_answer(second), "guessing")
    assert "2 of 24 answered" in text(final.counter.value)
    saved = ProgressStore(store_path).latest_attempt("12", TEST_ITEM)
    assert saved["kind"] == "final-test" and saved["correct"] is None
    assert saved["response"]["confidence"] == {first.id: "sure", second.id: "guessing"}
    common._STORES.clear()
    again = final_test().inner  # the cell run again after a restart
    assert [q.id for q in again.questions] == [q.id for q in final.questions]
    assert again.index == 2
    assert "Welcome back: you have answered 2 of 24" in text(again.welcome.value)
    again.show(1)
    assert again.items[1].value() is not None and again.items[1].confidence.value == "guessing"
    again.show(0)
    assert again.items[0].confidence.value == "sure"


def test_submit_asks_first_when_questions_are_unanswered(store_path):
    final = final_test().inner
    enter(final, 3, right_answer(final.questions[3]))
    final.submit_button.click()
    assert "23 questions are not answered yet" in text(final.status.value)
    assert final.confirm_button.layout.display == "flex" and final.results.children == ()
    final.confirm_button.click()
    assert final.attempt.submitted
    review = text(final.results.children[4].value)
    assert review.count("Not answered: counted as not right.") == 23
    assert "1 of 24 right" in text(final.history.value)


def test_a_retake_is_a_different_set_and_starts_blank(store_path):
    final = final_test().inner
    for index, question in enumerate(final.questions):
        enter(final, index, wrong_answer(question))
    final.submit()
    first = set(final.attempt.questions)
    final.retake_button.click()
    assert final.attempt.number == 2 and not final.attempt.answers
    assert first.isdisjoint(final.attempt.questions)
    assert final.results.children == () and final.answering.layout.display == "flex"
    assert final.items[0].value() is None
    assert "0 of 24 right" in text(final.history.value)
    store = ProgressStore(store_path)
    assert [a.number for a in history(store)] == [1, 2]
    assert set(history(store)[0].questions) == first  # the earlier attempt is kept
    common._STORES.clear()
    assert final_test().inner.attempt.number == 2  # a restart comes back to the new one


def test_a_bad_numeric_entry_shows_a_message(store_path):
    final = final_test().inner
    index = next(i for i, q in enumerate(final.questions) if q.kind == "numeric")
    enter(final, index, "lots")
    assert "answer must be a number" in text(final.status.value)


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
        drawn = run("""
            from higm_lessons.widgets.final_test import final_test
            final = final_test().inner
            for i in range(3):
                q = final.questions[i]
                a = list(q.answer) if q.kind == "multiple" else q.answer
                final.attempt = final.test.answer(final.attempt, q.id, a, "sure")
            print(",".join(final.attempt.questions))
        """).strip()
        manager.restart_kernel(now=True)
        client.wait_for_ready(timeout=120)
        second_pid = run("import os; print(os.getpid())").strip()
        assert second_pid != first_pid  # a real second process
        shown = run("""
            from higm_lessons.widgets.final_test import final_test
            final = final_test().inner
            print(",".join(final.attempt.questions))
            print(final.index, len(final.attempt.answers), final.items[3].value() is None)
        """)
        assert shown.split() == [drawn, "3", "3", "True"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_the_export_holds_every_attempt_and_an_import_resumes_elsewhere(
    store_path, tmp_path, monkeypatch
):
    final = final_test().inner
    for index, question in enumerate(final.questions):
        enter(final, index, right_answer(question))
    final.submit()
    final.retake()
    enter(final, 0, right_answer(final.questions[0]), "sure")
    exported = common.progress_store().export_json(tmp_path / "mine.json")
    attempts = json.loads(exported.read_text())["attempts"]
    tests = [a for a in attempts if a["kind"] == "final-test"]
    assert {a["response"]["number"] for a in tests} == {1, 2}
    submitted = [a["response"] for a in tests if a["response"]["submitted"]]
    assert submitted[-1]["questions"] and len(submitted[-1]["answers"]) == 24
    assert any(a["kind"] == "profile" for a in attempts)  # the learner's seed travels too
    monkeypatch.setenv(PROGRESS_ENV, str(tmp_path / "elsewhere" / "progress.sqlite"))
    common._STORES.clear()
    assert common.progress_store().import_json(exported) == len(attempts) + 24
    again = final_test().inner
    assert again.attempt == final.attempt and again.index == 1


# --------------------------------------------------------------------------- instructors
def test_the_class_summary_panel_reacts_to_its_controls():
    box = class_summary_panel(learners=8, seed=1)
    panel = box.inner
    assert "higm-class-summary" in box._dom_classes
    assert "Read 8 learners" in text(panel.problems.value)
    assert len(panel.summary.problems) == 4
    assert "exact copy" in text(panel.problems.value)
    assert len(panel.figures.outputs) == 4  # class scores, the hardest questions, their data
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
    store.record("10", "10-grams-per-infusion", 9, True)
    good = store.export_json(tmp_path / "anna.json").read_bytes()
    panel._on_upload(
        {"new": [{"name": "anna.json", "content": good}, {"name": "bad.json", "content": b"x"}]}
    )
    assert "Read 1 learners from 2 uploaded files" in text(panel.problems.value)
    assert "bad.json: skipped" in text(panel.problems.value)
    assert "Summarised" in text(panel.status.value)
