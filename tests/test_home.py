"""The course home's computations: progress by lesson, calibration, today's review (with its
first round of generated problems) and the next step, and the same picture after an import."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from higm_lessons import home, review
from higm_lessons.progress import ProgressStore
from higm_lessons.quiz import load_bank

LATER = datetime.now(UTC) + timedelta(days=1)


@pytest.fixture
def store(tmp_path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.sqlite")


def _answer_bank(store: ProgressStore, lesson: str, right: bool = True) -> None:
    for question in load_bank(lesson):
        store.record(lesson, question.id, "a", right, "think so")


def test_calibration_counts_every_judged_answer_with_a_confidence(store):
    store.record("01", "01-q1", "a", True, "sure")
    store.record("01", "01-q1", "b", False, "sure")
    store.record("01", "01-q2", "a", True, "sure")
    store.record("02", "02-q1", "c", False, "guessing")
    store.record("02", "02-q2", "c", True, None)  # no confidence: not counted
    store.record_attempt("02", "02-preterm", "choice", "b", correct=True, confidence="guessing")
    store.record_attempt("02", "02-why", "text", "words", confidence="sure")  # not judged
    store.record_attempt("04", "04-x", "prediction", 0.5, correct=False, confidence="think so")
    table = home.calibration(store).set_index("confidence")
    assert list(table.index) == ["sure", "think so", "guessing"]
    assert table.loc["sure", ["judged", "right"]].tolist() == [3, 2]
    assert table.loc["sure", "share_right"] == pytest.approx(2 / 3)
    assert table.loc["think so", ["judged", "right"]].tolist() == [1, 0]
    assert table.loc["guessing", ["judged", "right"]].tolist() == [2, 1]
    assert table.loc["guessing", "share_right"] == 0.5


def test_calibration_of_a_new_learner_is_empty(store):
    table = home.calibration(store)
    assert table["judged"].tolist() == [0, 0, 0]
    assert table["share_right"].isna().all()


def test_progress_by_lesson_counts_answers_and_commitments(store):
    bank = load_bank("01")
    store.record("01", bank[0].id, "a", False, "sure")
    store.record("01", bank[0].id, "b", True, "sure")  # latest try counts
    store.record("01", bank[1].id, "a", False, "sure")
    store.record_attempt("01", "01-p", "choice", "a", correct=True, confidence="sure")
    store.record_attempt("01", "01-p", "choice", "b", correct=False, confidence="sure")
    store.record_attempt("01", "01-t", "text", "words", confidence="sure")
    table = home.progress_by_lesson(store).set_index("lesson")
    row = table.loc["01"]
    assert row["questions"] == len(bank)
    assert (row["answered"], row["right"]) == (2, 1)
    assert (row["committed"], row["judged"], row["judged_right"]) == (2, 1, 0)
    assert not row["finished"]
    _answer_bank(store, "00")
    assert home.progress_by_lesson(store).set_index("lesson").loc["00", "finished"]


def test_first_round_for_a_new_learner_offers_every_generated_kind(store):
    items = home.first_round(store)
    assert [i.item for i in items] == [
        "practice:maternal-igg",
        "practice:offspring-risk",
        "practice:carrier-risk",
        "practice:lab-flag",
        "practice:unit-conversion",
        "practice:trough",
    ]
    assert all(i.reason == home.FIRST_ROUND and i.problem is not None for i in items)
    assert [i.lesson for i in items] == ["02", "04", "05", "07", "07", "10"]


def test_first_round_keeps_to_started_lessons_and_drops_items_in_the_queue(store):
    store.record("04", load_bank("04")[0].id, "a", True, "sure")
    assert [i.item for i in home.first_round(store)] == ["practice:offspring-risk"]
    item = home.first_round(store)[0]
    home.grade_item(store, item, True, "sure")
    assert home.first_round(store) == []
    assert home.enrolled(store) == {"practice:offspring-risk"}


def test_today_tops_the_due_session_up_with_the_first_round(store):
    wrong = load_bank("01")[0]
    store.record("01", wrong.id, "a", False, "sure")
    items = home.today(store, LATER, size=3)
    assert [(i.item, i.reason) for i in items] == [(wrong.id, "high-confidence error")]
    # lesson 01, the only one started, has no generator: nothing to add
    store.record("04", load_bank("04")[0].id, "a", True, "sure")
    items = home.today(store, LATER, size=10)
    assert {i.item for i in items} >= {wrong.id, "practice:offspring-risk"}
    assert len(home.today(store, LATER, size=1)) == 1


def test_grading_a_generated_item_moves_its_objective(store):
    item = next(i for i in home.today(store) if i.item == "practice:offspring-risk")
    before = review.mastery(store).set_index("objective").loc["04-2", "attempts"]
    home.grade_item(store, item, True, "sure")
    after = review.mastery(store).set_index("objective").loc["04-2", "attempts"]
    assert (before, after) == (0, 1)
    assert item.problem.prompt != home.first_round(store)[0].problem.prompt


def test_next_step_new_learner_then_first_unfinished_lesson(store):
    assert home.next_step(store).lesson == "00"
    assert home.next_step(store).notebook == "00_start_here.ipynb"
    _answer_bank(store, "00")
    step = home.next_step(store)
    assert (step.lesson, step.notebook) == ("01", "01_immunoglobulin_classes.ipynb")
    assert "first lesson whose self-check" in step.reason


def test_next_step_goes_to_the_weakest_objective(store):
    _answer_bank(store, "00")
    for seed in range(3):
        review.grade(store, "practice:offspring-risk", False, "sure", seed=seed)
    for seed in range(3):
        review.grade(store, "practice:trough", seed == 0, "sure", seed=seed)
    step = home.next_step(store)
    assert step.lesson == "04"
    assert "04-2" in step.reason and "estimate 20%" in step.reason  # Beta(1, 4): mean 1/5


def test_next_step_after_every_self_check_is_the_final_test(store):
    for lesson in home.progress_by_lesson(store)["lesson"]:
        _answer_bank(store, lesson)
        _answer_bank(store, lesson)  # twice: 3 of 3 right is not yet enough to be mastered
    assert home.next_step(store).lesson == "12"


def test_the_same_picture_after_an_import_on_a_new_machine(store, tmp_path):
    store.record("01", load_bank("01")[0].id, "a", False, "sure")
    store.record_attempt("02", "02-preterm", "choice", "b", correct=True, confidence="guessing")
    for item in home.today(store)[:3]:
        home.grade_item(store, item, item.item.endswith("igg"), "think so")
    exported = store.export_json(tmp_path / "export.json")
    fresh = ProgressStore(tmp_path / "new-machine" / "progress.sqlite")
    fresh.import_json(exported)
    for compute in (home.progress_by_lesson, home.calibration, review.mastery):
        assert compute(fresh).equals(compute(store))
    assert home.next_step(fresh) == home.next_step(store)
    mine = [(i.item, i.seed, i.reason) for i in home.today(store, LATER)]
    theirs = [(i.item, i.seed, i.reason) for i in home.today(fresh, LATER)]
    assert mine == theirs and mine


@pytest.mark.parametrize(
    "call",
    [home.progress_by_lesson, home.calibration, home.first_round, home.next_step, home.today],
)
def test_a_store_is_required(call):
    with pytest.raises(TypeError, match="store"):
        call("progress.sqlite")


def test_grade_item_needs_a_review_item(store):
    with pytest.raises(TypeError, match="item"):
        home.grade_item(store, "practice:trough", True, "sure")
