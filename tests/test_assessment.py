"""Unit tests for higm_lessons.assessment: the final assessment, its scoring and example class."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd
import pytest

from higm_lessons import assessment, data, quiz
from higm_lessons.assessment import (
    FinalAttempt,
    FinalTest,
    draw_questions,
    example_exports,
    history,
    last_activity,
    learner_seed,
    question_pool,
    questions_by_id,
    resume_point,
    score_by_lesson,
    topic_for,
    topic_of,
    topics,
)
from higm_lessons.progress import ANSWER_COLUMNS, ProgressStore, read_export
from tests.helpers import right_answer, wrong_answer


def test_an_attempt_draws_one_from_each_earlier_lesson_and_more_from_some_interleaved():
    questions = draw_questions(7)
    lessons = [topic_of(q) for q in questions]
    earlier = [f"{n:02d}" for n in range(int(assessment.FINAL))]
    assert set(lessons) == set(earlier) and len(questions) == assessment.final_bank().total
    assert sorted(lessons.count(n) for n in earlier) == [1] * 7 + [2] * 6
    def twice(seed: int) -> set[str]:
        drawn = [topic_of(q) for q in draw_questions(seed)]
        return {n for n in drawn if drawn.count(n) == 2}

    assert len({frozenset(twice(seed)) for seed in range(5)}) > 1, "the six extra lessons vary"
    assert all(a != b for a, b in itertools.pairwise(lessons)), lessons
    assert lessons != sorted(lessons)  # not in lesson order
    assert {q.kind for q in draw_questions(7) + draw_questions(8)} >= {"single", "numeric"}
    assert any(not q.id.startswith("13-") for q in questions), "other lessons' banks take part"
    assert all(q.explanation and q.sources for q in questions)


def test_the_draw_follows_the_seed_and_differs_between_seeds():
    first = [q.id for q in draw_questions(7)]
    assert first == [q.id for q in draw_questions(7)]
    assert first != [q.id for q in draw_questions(8)]
    assert set(first) != {q.id for q in draw_questions(8)}
    pool = [q.id for qs in question_pool().values() for q in qs]  # lesson then file order
    assert first != [i for i in pool if i in first]


def test_a_retake_avoids_the_questions_of_the_last_attempt():
    for seed in range(20):
        before = {q.id for q in draw_questions(seed)}
        after = {q.id for q in draw_questions(seed + 100, avoid=before)}
        assert before.isdisjoint(after)  # every lesson's pool holds at least 4 questions


def test_the_pool_leaves_out_questions_that_need_their_lessons_widget():
    pool = {q.id for qs in question_pool().values() for q in qs}
    bank = assessment.final_bank()
    assert set(bank.exclude) and pool.isdisjoint(bank.exclude)
    assert {q.id for q in bank.questions} <= pool
    assert all(len(qs) >= 2 * bank.per_lesson for qs in question_pool().values())
    assert "13" not in question_pool(), "lesson 13's own self-check stays out of the test"


def test_lesson_09s_own_self_check_holds_no_test_case():
    own = {q.id for q in quiz.load_bank("13")}
    assert len(own) >= 4
    assert own.isdisjoint(q.id for qs in question_pool().values() for q in qs)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"seed": -1}, ValueError),
        ({"seed": "1"}, TypeError),
        ({"seed": True}, TypeError),
        ({"seed": 1, "avoid": "13-lab-pattern"}, TypeError),
    ],
)
def test_bad_arguments(kwargs, error):
    with pytest.raises(error, match=list(kwargs)[-1]):
        draw_questions(**kwargs)


# --------------------------------------------------------------------------- attempts
def _fill(test: FinalTest, attempt: FinalAttempt, right: bool = True) -> FinalAttempt:
    for question in test.questions(attempt):
        answer = right_answer(question) if right else wrong_answer(question)
        attempt = test.answer(attempt, question.id, answer, "think so")
    return attempt


def test_the_learner_seed_is_kept_and_an_imported_older_one_wins(tmp_path):
    store = ProgressStore(tmp_path / "a.sqlite")
    seed = learner_seed(store)
    assert learner_seed(store) == seed
    assert learner_seed(ProgressStore(tmp_path / "a.sqlite")) == seed  # after a restart
    exported = store.export_json(tmp_path / "a.json")
    other = ProgressStore(tmp_path / "b.sqlite")
    learner_seed(other)  # a profile made here first, then the learner's file imported
    other.import_json(exported)
    assert len(other.attempts(lesson="00", item="profile")) == 2
    assert learner_seed(other) == seed  # the learner's own, older profile
    with pytest.raises(TypeError, match="store"):
        learner_seed("progress.sqlite")


def test_an_attempt_keeps_answers_as_they_come_and_resumes(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite")
    test = FinalTest(store)
    attempt = test.current()
    assert attempt.number == 1 and not attempt.answers and history(store) == []
    first, second = test.questions(attempt)[:2]
    attempt = test.answer(attempt, first.id, right_answer(first), None)
    attempt = test.answer(attempt, second.id, wrong_answer(second), "sure")
    attempt = test.answer(attempt, first.id, right_answer(first), "guessing")
    saved = store.attempts(lesson="13", item=assessment.TEST_ITEM)
    assert set(saved["kind"]) == {"final-test"} and set(saved["correct"]) == {None}
    assert store.answers().empty, "nothing is checked or recorded as right before submit"
    again = FinalTest(ProgressStore(tmp_path / "p.sqlite")).current()  # a restart
    assert again == attempt
    assert again.confidence == {first.id: "guessing", second.id: "sure"}
    assert resume_point(again) == 2
    with pytest.raises(ValueError, match="after the whole test is submitted"):
        test.results(again)
    with pytest.raises(ValueError, match="submit the attempt"):
        test.retake()
    with pytest.raises(ValueError, match="question_id"):
        test.answer(attempt, "01-not-in-this-attempt", "a", "sure")
    with pytest.raises(ValueError, match="answer must"):
        test.answer(attempt, first.id, "not an answer", "sure")


def test_submit_scores_records_and_a_retake_is_fresh_and_blank(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite")
    test = FinalTest(store)
    attempt = _fill(test, test.current())
    one = test.questions(attempt)[0]
    attempt = test.answer(attempt, one.id, wrong_answer(one), "sure")
    attempt = test.answer(attempt, test.questions(attempt)[1].id, None, None)  # cleared
    done = test.submit(attempt)
    assert done.submitted and test.current() == done
    results = test.results(done)
    assert results[one.id].correct is False and len(results) == len(done.questions) - 1
    recorded = store.answers()
    assert set(recorded["lesson"]) == {"13"} and len(recorded) == len(done.questions) - 1
    assert recorded.set_index("question").loc[one.id, "confidence"] == "sure"
    scores = test.scores(done)
    assert scores["right"].sum() == len(done.questions) - 2 and scores["unanswered"].sum() == 1
    with pytest.raises(ValueError, match="submitted"):
        test.answer(done, one.id, right_answer(one), "sure")
    retake = test.retake()
    assert retake.number == 2 and not retake.answers and not retake.submitted
    assert set(retake.questions).isdisjoint(done.questions)
    assert [a.number for a in history(store)] == [1, 2]
    assert history(store)[0] == done  # the earlier attempt stays, with its answers
    assert FinalTest(store).current() == retake


def test_a_submit_needs_a_confidence_for_every_answer(tmp_path):
    test = FinalTest(ProgressStore(tmp_path / "p.sqlite"))
    attempt = test.current()
    question = test.questions(attempt)[2]
    attempt = test.answer(attempt, question.id, right_answer(question), None)
    with pytest.raises(ValueError, match="how sure you are for question 3"):
        test.submit(attempt)


def test_a_stored_attempt_is_validated():
    good = FinalAttempt(1, 5, ("13-lab-pattern",), {"13-lab-pattern": "a"}, {}).to_response()
    assert FinalAttempt.from_response(good).answers == {"13-lab-pattern": "a"}
    for bad in (
        {**good, "extra": 1},
        {**good, "questions": "13-lab-pattern"},
        {**good, "answers": {"01-other": "a"}},
        {**good, "confidence": {"13-lab-pattern": "certain"}},
        [good],
    ):
        with pytest.raises(ValueError):
            FinalAttempt.from_response(bad)


def test_topic_for():
    assert topic_for("13", "13-lab-pattern") == "07"
    assert topic_for("13", "03-some-question") == "03"
    assert topic_for("04", "04-anything") == "04"
    assert topic_for("13", "13-unknown") == "13"
    assert topic_for("13", "weird") == "13"
    with pytest.raises(TypeError, match="lesson"):
        topic_for(9, "13-lab-pattern")
    with pytest.raises(TypeError, match="question"):
        topic_of("13-lab-pattern")


def _bank_with_topics(tmp_path, monkeypatch, topics_text: str) -> None:
    source = data.data_path("questions", "final_test.toml").read_text(encoding="utf-8")
    head = source[: source.index("\n[topics]") + 1]
    draw = source[source.index("\n[draw]") :]
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "final_test.toml").write_text(head + topics_text + draw, encoding="utf-8")
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))


def test_a_missing_topics_table_is_reported(tmp_path, monkeypatch):
    _bank_with_topics(tmp_path, monkeypatch, "")
    with pytest.raises(data.DataError, match=r"final_test.toml: needs a \[topics\] table"):
        topics()
    assert topic_for("13", "13-lab-pattern") == "13"  # the class summary carries on


def test_an_unknown_excluded_question_is_reported(tmp_path, monkeypatch):
    source = data.data_path("questions", "final_test.toml").read_text(encoding="utf-8")
    folder = tmp_path / "questions"
    folder.mkdir()
    broken = source.replace("exclude = [", 'exclude = [\n    "03-gone",')
    (folder / "final_test.toml").write_text(broken, encoding="utf-8")
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    with pytest.raises(data.DataError, match="exclude names unknown questions"):
        question_pool()


def test_bad_topic_entries_are_reported(tmp_path, monkeypatch):
    entries = [f'"{k}" = "{v}"' for k, v in topics().items() if k != "13-lab-pattern"]
    entries[0] = entries[0].rsplit("=", 1)[0] + '= "42"'
    entries.append('"13-ghost" = "01"')
    _bank_with_topics(tmp_path, monkeypatch, "[topics]\n" + "\n".join(entries) + "\n")
    with pytest.raises(data.DataError) as info:
        topics()
    message = str(info.value)
    assert "'13-lab-pattern' has no entry" in message
    assert "'13-ghost', which is not a question here" in message
    assert "= '42' must be an earlier lesson" in message


# --------------------------------------------------------------------------- scoring
def test_score_by_lesson_counts_exactly():
    questions = draw_questions(2025)
    by_topic = {}
    for q in questions:
        by_topic.setdefault(topic_of(q), []).append(q.id)
    six = by_topic["07"]
    results = {six[0]: True, six[1]: False, by_topic["11"][0]: True}
    table = score_by_lesson(questions, results).set_index("lesson")
    assert table.loc["07", ["questions", "answered", "right", "wrong", "unanswered"]].tolist() == [
        2,
        2,
        1,
        1,
        0,
    ]
    assert table.loc["07", "score"] == 0.5
    assert table.loc["11", "score"] == 1.0
    assert pd.isna(table.loc["01", "score"])
    assert table.loc["07", "title"] == "Reading the immunology lab report"
    assert int(table["questions"].sum()) == len(questions)
    with pytest.raises(TypeError, match="results"):
        score_by_lesson(questions, [six[0]])


def test_resume_point_and_last_activity(tmp_path):
    ids = tuple(q.id for q in draw_questions(2025))
    assert resume_point(FinalAttempt(1, 1, ids)) == 0
    assert resume_point(FinalAttempt(1, 1, ids, dict.fromkeys(ids[:3], "a"))) == 3
    assert resume_point(FinalAttempt(1, 1, ids, dict.fromkeys(ids, "a"))) == len(ids) - 1
    with pytest.raises(TypeError, match="attempt"):
        resume_point(list(ids))
    store = ProgressStore(tmp_path / "p.sqlite")
    store.record("13", ids[0], "a", False)
    store.record("03", "03-elsewhere", "b", True)
    assert last_activity(store.latest())["question"] == "03-elsewhere"
    assert last_activity(ProgressStore(tmp_path / "empty.sqlite").latest()) is None
    with pytest.raises(TypeError, match="latest"):
        last_activity(["not a frame"])


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
        assert rows and all(r[0] == "13" for r in rows)
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
    kinds = questions_by_id()
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
    assert "final_test.toml" in assessment.__doc__
    assert Path(data.data_path("questions", "final_test.toml")).exists()


def test_final_test_objective_tags_are_validated(tmp_path, monkeypatch):
    source = data.data_path("questions", "final_test.toml").read_text(encoding="utf-8")
    assert all(q.objectives for q in assessment.final_bank().questions)
    folder = tmp_path / "questions"
    folder.mkdir()
    broken = source.replace('objectives = ["00-1", "13-1"]', 'objectives = ["00-1", "99-1"]', 1)
    assert broken != source
    (folder / "final_test.toml").write_text(broken, encoding="utf-8")
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    with pytest.raises(data.DataError, match=r"'99-1' is not in objectives\.csv"):
        assessment.final_bank()


def test_one_more_example_learner_adds_one_file_and_changes_no_other():
    """The learners slider of the class summary: a class of n + 1 is the class of n with one
    learner's file added (the problem files that follow are rebuilt from the same learners)."""
    from higm_lessons.assessment import example_class

    small, large = example_class(learners=6, seed=11), example_class(learners=7, seed=11)
    assert large[:6] == small[:6]
    assert large[6][0] == "higm_progress_learner07.json" and large[6] not in small
    assert [name for name, _ in large[7:]] == [name for name, _ in small[6:]]
    assert example_class(learners=6, seed=12)[:6] != small[:6]
