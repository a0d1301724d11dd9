"""Unit tests for higm_lessons.assessment: the final assessment, its scoring and example class."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from higm_lessons import assessment, data, quiz
from higm_lessons.assessment import (
    example_exports,
    final_questions,
    last_activity,
    latest_final_answers,
    resume_point,
    score_by_lesson,
    topic_for,
    topic_of,
    topics,
)
from higm_lessons.progress import ANSWER_COLUMNS, ProgressStore, read_export


def test_at_least_fifteen_case_questions_across_all_earlier_lessons():
    questions = final_questions()
    assert len(questions) >= 15
    assert {q.kind for q in questions} == {"single", "multiple", "numeric"}
    assert {topic_of(q) for q in questions} == {f"{n:02d}" for n in range(9)}
    assert all(q.lesson == "09" for q in questions)
    assert all(q.explanation and q.sources for q in questions)
    for q in questions:  # every option of every question carries its own feedback
        assert all(o.feedback for o in q.options)


def test_the_order_is_shuffled_with_a_seed():
    first = [q.id for q in final_questions(7)]
    assert first == [q.id for q in final_questions(7)]
    assert first != [q.id for q in final_questions(8)]
    assert sorted(first) == sorted(q.id for q in final_questions(8))
    in_file = [q.id for q in quiz.load_bank("09") if topics()[q.id] != "09"]
    assert first != in_file and sorted(first) == sorted(in_file)


def test_questions_about_this_lesson_stay_out_of_the_assessment():
    own = {key for key, lesson in topics().items() if lesson == "09"}
    assert len(own) == 4
    assert own.isdisjoint(q.id for q in final_questions())


def test_borrowed_questions_are_relabelled_and_scored_by_their_lesson():
    questions = final_questions(3, borrowed_per_lesson=1)
    borrowed = [q for q in questions if not q.id.startswith("09-")]
    banks = {q.lesson for q in quiz.all_questions()} - {"09"}
    assert len(borrowed) == len(banks)
    assert all(q.lesson == "09" for q in borrowed)
    assert {topic_of(q) for q in borrowed} == banks
    assert [q.id for q in final_questions(3, borrowed_per_lesson=1)] == [q.id for q in questions]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"seed": -1}, ValueError),
        ({"seed": "1"}, TypeError),
        ({"seed": True}, TypeError),
        ({"borrowed_per_lesson": 9}, ValueError),
        ({"borrowed_per_lesson": 1.5}, TypeError),
    ],
)
def test_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        final_questions(**kwargs)


def test_topic_for():
    assert topic_for("09", "09-lab-pattern") == "06"
    assert topic_for("09", "03-some-question") == "03"
    assert topic_for("04", "04-anything") == "04"
    assert topic_for("09", "09-unknown") == "09"
    assert topic_for("09", "weird") == "09"
    with pytest.raises(TypeError, match="lesson"):
        topic_for(9, "09-lab-pattern")
    with pytest.raises(TypeError, match="question"):
        topic_of("09-lab-pattern")


def _bank_with_topics(tmp_path, monkeypatch, topics_text: str) -> None:
    source = data.data_path("questions", "lesson_09.toml").read_text(encoding="utf-8")
    head = source[: source.index("\n[topics]") + 1]
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "lesson_09.toml").write_text(head + topics_text, encoding="utf-8")
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))


def test_a_missing_topics_table_is_reported(tmp_path, monkeypatch):
    _bank_with_topics(tmp_path, monkeypatch, "")
    with pytest.raises(data.DataError, match=r"lesson_09.toml: needs a \[topics\] table"):
        topics()
    assert topic_for("09", "09-lab-pattern") == "09"  # the class summary carries on


def test_bad_topic_entries_are_reported(tmp_path, monkeypatch):
    entries = [f'"{k}" = "{v}"' for k, v in topics().items() if k != "09-lab-pattern"]
    entries[0] = entries[0].rsplit("=", 1)[0] + '= "42"'
    entries.append('"09-ghost" = "01"')
    _bank_with_topics(tmp_path, monkeypatch, "[topics]\n" + "\n".join(entries) + "\n")
    with pytest.raises(data.DataError) as info:
        topics()
    message = str(info.value)
    assert "'09-lab-pattern' has no entry" in message
    assert "'09-ghost', which is not a question here" in message
    assert "= '42' must be a lesson number" in message


# --------------------------------------------------------------------------- scoring
def test_score_by_lesson_counts_exactly():
    questions = final_questions()
    by_topic = {}
    for q in questions:
        by_topic.setdefault(topic_of(q), []).append(q.id)
    six = by_topic["06"]
    results = {six[0]: True, six[1]: False, by_topic["08"][0]: True}
    table = score_by_lesson(questions, results).set_index("lesson")
    assert table.loc["06", ["questions", "answered", "right", "wrong", "unanswered"]].tolist() == [
        2,
        2,
        1,
        1,
        0,
    ]
    assert table.loc["06", "score"] == 0.5
    assert table.loc["08", "score"] == 1.0
    assert pd.isna(table.loc["01", "score"])
    assert table.loc["06", "title"] == "Reading the immunology lab report"
    assert int(table["questions"].sum()) == len(questions)
    with pytest.raises(TypeError, match="results"):
        score_by_lesson(questions, [six[0]])


def test_resume_point_and_latest_answers(tmp_path):
    questions = final_questions()
    assert resume_point(questions, {}) == 0
    done = {q.id: True for q in questions[:3]}
    assert resume_point(questions, done) == 3
    assert resume_point(questions, {q.id: False for q in questions}) == len(questions) - 1
    store = ProgressStore(tmp_path / "p.sqlite")
    store.record("09", questions[0].id, "a", False)
    store.record("03", "03-elsewhere", "b", True)
    store.record("09", questions[0].id, "b", True)
    latest = store.latest()
    answers = latest_final_answers(latest)
    assert list(answers) == [questions[0].id]
    assert answers[questions[0].id]["answer"] == "b" and answers[questions[0].id]["correct"]
    assert last_activity(latest)["question"] == questions[0].id
    assert last_activity(ProgressStore(tmp_path / "empty.sqlite").latest()) is None
    with pytest.raises(TypeError, match="latest"):
        latest_final_answers(["not a frame"])


# --------------------------------------------------------------------------- example class
def test_example_exports_are_deterministic_and_readable(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    first = example_exports(one, learners=5, seed=11)
    second = example_exports(two, learners=5, seed=11)
    assert [p.name for p in first] == [p.name for p in second]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert len(first) == 5 + 4
    for path in first[:6]:
        rows = read_export(path)
        assert rows and all(r[0] == "09" for r in rows)
    for path in first[7:]:
        with pytest.raises(ValueError):
            read_export(path)
    assert first[6].read_bytes() == first[1].read_bytes()  # the copy
    other = tmp_path / "other"
    other.mkdir()
    assert [p.read_bytes() for p in example_exports(other, learners=5, seed=12)] != [
        p.read_bytes() for p in first
    ]


def test_example_answers_have_the_right_types(tmp_path):
    path = example_exports(tmp_path, learners=3, seed=5)[0]
    kinds = {q.id: q for q in final_questions(5)}
    for entry in json.loads(path.read_text(encoding="utf-8"))["answers"]:
        assert list(entry) == ANSWER_COLUMNS
        question = kinds[entry["question"]]
        checked = quiz.check(question, entry["answer"])
        assert checked.correct == entry["correct"]


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"learners": 1}, ValueError, "learners"),
        ({"learners": "5"}, TypeError, "learners"),
        ({"seed": -3}, ValueError, "seed"),
    ],
)
def test_example_exports_arguments(tmp_path, kwargs, error, name):
    with pytest.raises(error, match=name):
        example_exports(tmp_path, **kwargs)
    with pytest.raises(ValueError, match="folder"):
        example_exports(tmp_path / "missing")
    with pytest.raises(TypeError, match="folder"):
        example_exports(3)


def test_module_docstring_mentions_the_bank():
    assert "lesson_09.toml" in assessment.__doc__
    assert Path(data.data_path("questions", "lesson_09.toml")).exists()
