"""The instructor's live classroom dashboard and its figure: a session opens with a join
code, the class's answers and confidence show without a name, and the buttons lock,
re-vote and release; a student's token reads nothing of it."""

from __future__ import annotations

import csv

import pytest

from higm_lessons import classroom_client as client
from higm_lessons.figures.live import answer_label, vote_figure, vote_takeaway
from higm_lessons.widgets.live import dashboard
from tests.classroom_standin import serve_as
from tests.helpers import fresh_progress, state_text

SLUG, ITEM = "antibodies_in_early_life", "02-preterm"


@pytest.fixture(autouse=True)
def progress(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "progress" / "progress.sqlite")


@pytest.fixture
def service(tmp_path, monkeypatch):
    """A stand-in service and the instructor's token; yields the store (to vote as students)."""
    yield from serve_as(tmp_path / "classroom.sqlite", monkeypatch, "tok-ada")


def vote(store, code, user, response, confidence, item=ITEM):
    store.vote(code, item, user, kind="choice", response=response, confidence=confidence)


def test_without_a_hub_the_dashboard_says_so_and_does_nothing(monkeypatch):
    monkeypatch.delenv(client.TOKEN_ENV, raising=False)
    board = dashboard()
    assert board.comm is not None, "the dashboard must open its own widget comm"
    assert "No live classroom here" in board.status.value and "Could not" not in board.status.value
    board.refresh()
    assert board.code is None and board.export() is None


def test_a_session_shows_the_class_answers_and_confidence_without_names(service):
    board = dashboard(refresh_seconds=60)
    board.lesson.value = SLUG
    board.open_button.click()
    code = board.code
    assert code and code in board.header.value and f'join("{code}")' in board.header.value
    vote(service, code, "sam.private", "24-32", "sure")
    vote(service, code, "kim.private", "24-32", "guessing")
    vote(service, code, "lee.private", "36-40", None)
    board.refresh()
    panel = board.panels[ITEM]
    assert "round 1 · open" in panel.title.value
    assert "3 answers in round 1" in panel.takeaway.value and "(2, 67%)" in panel.takeaway.value
    assert "1 of 3 said they were sure" in panel.takeaway.value
    assert panel.text.value, "the prompt's text is shown with its id"
    assert "private" not in state_text(board), "no student is named on the dashboard"
    board.stop()


def test_the_buttons_lock_revote_and_release(service, tmp_path):
    board = dashboard(refresh_seconds=60)
    board.lesson.value = SLUG
    board.open_session()
    code = board.code
    vote(service, code, "sam", "a", "sure")
    board.refresh()
    panel = board.panels[ITEM]
    panel.lock_button.click()
    assert service.question(code, ITEM)["locked"] and panel.lock_button.description == "Unlock"
    panel.revote_button.click()
    assert service.question(code, ITEM) == {"item": ITEM, "round": 2, "locked": False,
                                            "released": False}  # fmt: skip
    vote(service, code, "sam", "b", "think so")
    board.refresh()
    assert "Round 1: 1 answer in round 1" in panel.earlier.value and "round 2" in panel.title.value
    panel.release_button.click()
    assert service.question(code, ITEM)["released"] and panel.release_button.disabled
    path = board.export(tmp_path)
    rows = list(csv.DictReader(path.open()))
    assert [(r["learner"], r["round"], r["response"]) for r in rows] == [
        ("learner 1", "1", '"a"'), ("learner 1", "2", '"b"')]  # fmt: skip
    board.stop()


def test_a_student_token_reads_no_distribution(service, monkeypatch):
    code = service.open_session(SLUG, "dr-ada")["code"]
    vote(service, code, "kim", "a", "sure")
    monkeypatch.setenv(client.TOKEN_ENV, "tok-sam")
    with pytest.raises(client.ClassroomError) as refused:
        client.distribution(code)
    assert refused.value.status == 403
    board = dashboard(refresh_seconds=60)
    board.show(code)
    assert "Could not read the votes" in board.status.value and not board.panels
    board.stop()


def test_the_figure_and_takeaway_say_the_same():
    row = {"item": ITEM, "round": 2, "votes": 4, "right": 3, "judged": 4,
           "by_confidence": {'"b"': {"sure": 2, "think so": 1, "guessing": 0, "": 0},
                             '"a"': {"sure": 0, "think so": 0, "guessing": 1, "": 0}}}  # fmt: skip
    fig = vote_figure(row, {"b": "Option B"})
    assert [t.name for t in fig.data] == ["sure", "think so", "guessing"]
    assert list(fig.data[0].y) == ["Option B", "a"] and list(fig.data[0].x) == [2, 0]
    assert {t.marker.pattern.shape for t in fig.data} == {"", "/", "x"}, "not colour alone"
    text = vote_takeaway(row, {"b": "Option B"})
    assert "4 answers in round 2" in text and "“Option B” (3, 75%)" in text
    assert "2 of 4 said they were sure" in text and "3 of the 4 judged" in text
    assert answer_label("[\"a\", \"b\"]", {"a": "A"}) == "A, b"
    assert answer_label('"' + "x" * 100 + '"').endswith("…")
    with pytest.raises(TypeError):
        vote_figure({"item": ITEM})
