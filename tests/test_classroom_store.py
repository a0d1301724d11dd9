"""The live classroom's store: sessions, rounds, locks, releases and votes survive, and what
instructors read names no student. (The service around it is tested against a real hub
by `make class-test`.)"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy" / "classroom"))
from higm_classroom.store import ClassroomStore, ClosedError


@pytest.fixture
def store(tmp_path):
    s = ClassroomStore(tmp_path / "hub-data" / "classroom.sqlite")
    yield s
    s.close()


def vote(store, code, user, response, item="02-preterm", confidence="sure", correct=None):
    return store.vote(code, item, user, kind="choice", response=response,
                      confidence=confidence, correct=correct)  # fmt: skip


def test_a_session_has_a_join_code_and_its_lesson(store):
    session = store.open_session("antibodies_in_early_life", "dr-ada")
    assert len(session["code"]) == 6 and session["code"].isalnum()
    assert session["lesson"] == "antibodies_in_early_life" and session["open"]
    assert store.session(session["code"].lower())["code"] == session["code"]
    assert [s["code"] for s in store.sessions("dr-ada")] == [session["code"]]
    assert store.sessions("someone-else") == []
    with pytest.raises(LookupError):
        store.session("ZZZZZZ")


def test_a_new_answer_in_the_same_round_replaces_the_earlier_one(store):
    code = store.open_session("x", "dr-ada")["code"]
    vote(store, code, "sam", "a")
    vote(store, code, "sam", "b", confidence="guessing")
    vote(store, code, "kim", "b", correct=True)
    [row] = store.distribution(code)
    assert row["votes"] == 2 and row["responses"] == {'"b"': 2}
    assert row["confidence"] == {"sure": 1, "think so": 0, "guessing": 1}
    assert row["by_confidence"] == {'"b"': {"sure": 1, "think so": 0, "guessing": 1, "": 0}}
    assert (row["right"], row["judged"]) == (1, 1)


def test_a_locked_question_or_a_closed_session_takes_no_vote(store):
    code = store.open_session("x", "dr-ada")["code"]
    vote(store, code, "sam", "a")
    assert store.act(code, "02-preterm", "lock")["locked"] is True
    with pytest.raises(ClosedError):
        vote(store, code, "kim", "a")
    store.act(code, "02-preterm", "unlock")
    vote(store, code, "kim", "a")
    store.close_session(code)
    with pytest.raises(ClosedError):
        vote(store, code, "lee", "a")
    assert store.distribution(code)[0]["votes"] == 2


def test_a_revote_starts_the_next_round_and_keeps_the_first(store):
    code = store.open_session("x", "dr-ada")["code"]
    vote(store, code, "sam", "a")
    vote(store, code, "kim", "a")
    store.act(code, "02-preterm", "lock")
    state = store.act(code, "02-preterm", "revote")
    assert (state["round"], state["locked"], state["released"]) == (2, False, False)
    vote(store, code, "sam", "b")
    rounds = {row["round"]: row["responses"] for row in store.distribution(code)}
    assert rounds == {1: {'"a"': 2}, 2: {'"b"': 1}}
    released = store.act(code, "02-preterm", "release")
    assert released["released"] and released["locked"]
    assert [q["item"] for q in store.questions(code)] == ["02-preterm"]


def test_votes_survive_reopening_the_file(tmp_path):
    path = tmp_path / "classroom.sqlite"
    first = ClassroomStore(path)
    code = first.open_session("x", "dr-ada")["code"]
    for n in range(20):
        vote(first, code, f"student{n}", n % 3)
    first.act(code, "02-preterm", "release")
    first.close()
    again = ClassroomStore(path)
    [row] = again.distribution(code)
    assert row["votes"] == 20 and row["released"]
    assert sum(row["responses"].values()) == 20
    again.close()


def test_a_student_reads_only_their_own_votes(store):
    code = store.open_session("x", "dr-ada")["code"]
    vote(store, code, "sam", "a")
    vote(store, code, "kim", "b", item="02-other")
    mine = store.own_votes(code, "sam")
    assert [(v["item"], v["response"]) for v in mine] == [("02-preterm", "a")]


def test_what_instructors_read_names_no_student(store):
    code = store.open_session("x", "dr-ada")["code"]
    vote(store, code, "sam.secret", "a", correct=False)
    vote(store, code, "kim.secret", {"value": 3.5}, correct=True)
    text = repr(store.distribution(code)) + store.report(code)
    assert "secret" not in text
    rows = list(csv.DictReader(io.StringIO(store.report(code))))
    assert [r["learner"] for r in rows] == ["learner 1", "learner 2"]
    assert [r["correct"] for r in rows] == ["False", "True"]
    assert rows[1]["response"] == '{"value": 3.5}'


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"confidence": "very"}, ValueError),
        ({"correct": "yes"}, TypeError),
        ({"response": float("nan")}, ValueError),
        ({"response": "x" * 5000}, ValueError),
        ({"item": ""}, ValueError),
        ({"item": 3}, TypeError),
    ],
)
def test_bad_votes_are_refused_with_the_argument_named(store, change, error):
    code = store.open_session("x", "dr-ada")["code"]
    args = {"item": "02-preterm", "response": "a", "confidence": "sure", "correct": None} | change
    with pytest.raises(error):
        store.vote(code, args.pop("item"), "sam", kind="choice", **args)
    with pytest.raises(ValueError, match="action"):
        store.act(code, "02-preterm", "delete")
    with pytest.raises(ValueError, match="code"):
        store.session("AB")
