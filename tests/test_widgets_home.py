"""The course home widget: it works on an empty store, completing a review item changes
mastery and progress, no answer is in the page before a commit, and the next item follows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from higm_lessons import home, review
from higm_lessons.quiz import load_bank
from higm_lessons.widgets import common
from higm_lessons.widgets.home import CourseHome, ReviewProblem, ReviewQuestion, course_home
from tests.helpers import fresh_progress, state_text


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "progress" / "progress.sqlite")


def _figure(output) -> dict:
    return output.outputs[0]["data"][common.PLOTLY_MIME]


def _answer(problem) -> str:
    value = problem.answer
    return value if isinstance(value, str) else repr(float(value))


def test_an_empty_store_shows_every_section_and_a_first_item():
    box = course_home()
    widget = box.inner
    assert "higm-course-home" in box._dom_classes
    assert "You have not answered any of the" in widget.progress_text.value
    assert "Not enough evidence yet for any of the" in widget.mastery_text.value
    assert "Not enough evidence yet" in widget.calibration_text.value
    assert "Lesson 00 · Start here" in widget.next_text.value
    assert "00_start_here.ipynb" in widget.next_text.value
    calibration = _figure(widget.calibration_output)
    assert "not enough evidence yet" in calibration["layout"]["annotations"][0]["text"]
    assert len(widget.items) == len(review.COURSE_PRACTICE)
    assert isinstance(widget.current, ReviewProblem)
    assert "Item 1 of 6" in widget.counter.value and "first round" in widget.counter.value
    assert widget.next_button.disabled


def test_completing_a_review_item_changes_mastery_and_progress():
    widget = CourseHome()
    item = widget.items[0]
    objective = review.COURSE_PRACTICE[item.item.removeprefix("practice:")][1][0]
    mastery_before = json.dumps(_figure(widget.mastery_output))
    problem = widget.current
    secret = "Worked steps"
    assert secret not in state_text(widget), "the worked answer is in the page before a commit"
    problem.control.value = _answer(item.problem)
    problem.confidence.value = "sure"
    result = problem.commit()
    assert result is not None and result.correct
    assert secret in problem.feedback.value and "Right." in problem.feedback.value
    assert problem.check_button.disabled and not widget.next_button.disabled
    row = review.mastery(widget.store).set_index("objective").loc[objective]
    assert row["attempts"] == 1
    mastery_after = json.dumps(_figure(widget.mastery_output))
    assert mastery_after != mastery_before
    assert f"1 of {review.MIN_ATTEMPTS} answers" in mastery_after
    calibration = home.calibration(widget.store).set_index("confidence")
    assert calibration.loc["sure", ["judged", "right"]].tolist() == [1, 1]
    assert "sure: 1 of 1 right" in widget.calibration_text.value
    assert home.progress_by_lesson(widget.store).set_index("lesson").loc[item.lesson, "reviews"]
    widget.next_item()
    assert "Item 2 of 6" in widget.counter.value
    assert widget.current is not problem and widget.next_button.disabled


def test_a_wrong_answer_names_the_misconception_as_a_warning_not_an_error():
    widget = CourseHome()
    problem = widget.current
    wrong = next(d for d in problem.problem.distractors if not isinstance(d.value, str))
    problem.control.value = repr(float(wrong.value))
    problem.confidence.value = "think so"
    result = problem.commit()
    assert result is not None and not result.correct and result.misconception is not None
    assert result.misconception.name.lower()[:20] in problem.feedback.value.lower()
    assert "higm-msg-warn" in problem.feedback.value and "higm-msg-error" not in state_text(widget)


def test_commit_asks_for_an_answer_and_a_confidence_first():
    widget = CourseHome()
    problem = widget.current
    assert problem.commit() is None and "answer first" in problem.status.value
    problem.control.value = "13"
    assert problem.commit() is None and "how sure" in problem.status.value
    problem.confidence.value = "guessing"
    problem.control.value = "twelve"
    assert problem.commit() is None and "higm-msg-error" in problem.status.value
    assert review.mastery(widget.store)["attempts"].sum() == 0


def test_a_due_question_is_reviewed_with_its_options_and_graded_for_review():
    question = load_bank("01")[0]
    common.progress_store().record("01", question.id, "z", False, "sure")
    widget = CourseHome(now=datetime.now(UTC) + timedelta(days=1))
    assert widget.items[0].item == question.id
    item = widget.current
    assert isinstance(item, ReviewQuestion)
    assert question.explanation[:40] not in state_text(widget)
    item.fill_in(question.correct_ids[0] if question.kind == "single" else question.answer)
    item.confidence.value = "think so"
    item._on_check()
    assert "higm-explanation" in item.explanation.value
    attempts = widget.store.attempts(item=question.id)
    assert attempts["kind"].tolist() == [review.KIND] and attempts["correct"].tolist() == [True]
    assert len(widget.store.answers()) == 1, "a review is not a new lesson answer"
    assert not widget.next_button.disabled


def test_the_review_says_when_it_is_done():
    widget = CourseHome()
    for item in list(widget.items):
        problem = widget.current
        problem.control.value = _answer(item.problem)
        problem.confidence.value = "sure"
        problem.commit()
        widget.next_item()
    assert widget.current is None
    assert f"done ({len(widget.items)} answered)" in widget.counter.value
    assert home.first_round(widget.store) == []
