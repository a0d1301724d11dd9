"""Unit tests for higm_lessons.review: the FSRS review queue and mastery by objective."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from fsrs import Rating
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from higm_lessons import practice as generated
from higm_lessons import review
from higm_lessons.objectives import objectives
from higm_lessons.progress import ProgressStore
from higm_lessons.quiz import all_questions

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
QUESTIONS = {q.id: q for q in all_questions()}


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress.sqlite")


@dataclass(frozen=True)
class Problem:
    prompt: str
    answer: float


def _few_variants(seed: int) -> Problem:
    """A generator with only three distinct problems, so freshness must be searched for."""
    carriers = seed % 3 + 1
    return Problem(f"{carriers} carrier sisters: chance a son is affected?", 0.5)


@pytest.fixture
def practice():
    review.register_practice("toy-punnett", "04", ("04-2",), _few_variants)
    yield "practice:toy-punnett"
    review.unregister_practice("toy-punnett")


# --------------------------------------------------------------------------- ratings
@pytest.mark.parametrize(
    ("correct", "confidence", "expected"),
    [
        (False, "sure", Rating.Again),
        (False, None, Rating.Again),
        (True, "guessing", Rating.Hard),
        (True, "think so", Rating.Good),
        (True, None, Rating.Good),
        (True, "sure", Rating.Easy),
    ],
)
def test_an_answer_maps_to_an_fsrs_rating(correct, confidence, expected):
    assert review.rating(correct, confidence) is expected


def test_bad_ratings_are_refused():
    with pytest.raises(TypeError, match="correct"):
        review.rating("yes", "sure")
    with pytest.raises(ValueError, match="confidence"):
        review.rating(True, "certain")


# --------------------------------------------------------------------------- the clock
def test_an_item_is_due_again_after_its_interval_and_not_before(store):
    attempt = review.grade(store, "04-why-boys", True, "sure", T0)
    due = datetime.fromisoformat(attempt["response"]["card"]["due"])
    interval = due - T0
    assert interval >= timedelta(days=1)  # an easy first recall goes straight to days
    assert review.next_due(store, "04-why-boys") == due
    assert review.session(store, due - timedelta(minutes=1)) == []
    (item,) = review.session(store, due)
    assert (item.item, item.reason) == ("04-why-boys", "due")
    assert item.question == QUESTIONS["04-why-boys"]
    # reviewed right again when due: the next interval is longer than the first
    again = review.grade(store, "04-why-boys", True, "sure", due)
    assert datetime.fromisoformat(again["response"]["card"]["due"]) - due > interval


def test_a_wrong_answer_comes_back_sooner_than_a_right_one(store):
    right = review.grade(store, "02-nadir", True, "think so", T0)
    wrong = review.grade(store, "02-onset", False, "think so", T0)
    assert wrong["response"]["rating"] == int(Rating.Again)
    assert wrong["response"]["card"]["due"] < right["response"]["card"]["due"]
    assert datetime.fromisoformat(wrong["response"]["card"]["due"]) - T0 <= timedelta(hours=1)


def test_a_lesson_answer_enrols_the_question_at_the_stores_time(store):
    store.record("03", "03-hsct", "b", True, "sure")
    answered = datetime.fromisoformat(store.answers()["answered_at"].iloc[0])
    due = review.next_due(store, "03-hsct")
    assert due is not None and due > answered
    assert [i.item for i in review.session(store, due)] == ["03-hsct"]
    assert review.session(store, answered) == []


def test_the_queue_survives_a_new_store_on_the_same_file(store, tmp_path):
    review.grade(store, "10-igm-falls", False, "sure", T0)
    again = ProgressStore(tmp_path / "progress.sqlite")
    assert [i.item for i in review.session(again, T0 + timedelta(days=1))] == ["10-igm-falls"]


def test_a_naive_now_is_refused(store):
    with pytest.raises(ValueError, match="time zone"):
        review.session(store, datetime(2026, 1, 1))
    with pytest.raises(TypeError, match="now"):
        review.grade(store, "02-nadir", True, None, "today")
    with pytest.raises(ValueError, match="item"):
        review.grade(store, "not-a-question", True, None, T0)
    with pytest.raises(ValueError, match="size"):
        review.session(store, T0, size=0)


# --------------------------------------------------------------------------- the order
def test_high_confidence_errors_come_first_and_lessons_interleave(store):
    review.grade(store, "03-hsct", True, "think so", T0)
    review.grade(store, "03-most-common", True, "think so", T0)
    review.grade(store, "04-why-boys", False, "guessing", T0)
    review.grade(store, "08-next-test", False, "sure", T0)
    review.grade(store, "11-transplant", True, "think so", T0)
    later = T0 + timedelta(days=60)
    items = review.session(store, later)
    assert items[0].item == "08-next-test"
    assert items[0].reason == "high-confidence error"
    assert items[1].reason == "error"
    assert {i.item for i in items} == {
        "03-hsct", "03-most-common", "04-why-boys", "08-next-test", "11-transplant"
    }  # fmt: skip
    lessons = [i.lesson for i in items]
    assert all(a != b for a, b in itertools.pairwise(lessons))


def test_a_session_has_at_most_size_items(store):
    for qid in ["01-placenta", "02-nadir", "03-hsct", "04-why-boys"]:
        review.grade(store, qid, False, None, T0)
    assert len(review.session(store, T0 + timedelta(days=2), size=3)) == 3


def test_a_final_test_case_reviews_under_the_lesson_it_revisits(store):
    review.grade(store, "12-igm-units", False, "sure", T0)
    (item,) = review.session(store, T0 + timedelta(days=1))
    assert item.lesson == "07"
    assert item.question is not None and item.question.id == "12-igm-units"


# --------------------------------------------------------------------------- generated items
def test_a_generated_item_served_again_is_a_fresh_variant(store, practice):
    with pytest.raises(ValueError, match="seed"):
        review.grade(store, practice, True, None, T0)
    seed, problem = review.variant_seed(store, practice)
    review.grade(store, practice, False, "sure", T0, seed=seed)
    prompts = {problem.prompt}
    when = T0
    for _ in range(2):
        when += timedelta(days=1)
        (item,) = review.session(store, when)
        assert item.item == practice and item.lesson == "04"
        assert item.problem.prompt not in prompts  # never the same numbers again
        prompts.add(item.problem.prompt)
        review.grade(store, practice, False, "guessing", when, seed=item.seed)
    assert len(prompts) == 3
    # all three variants used: no fresh one is left, and the queue says so
    with pytest.raises(ValueError, match="fresh variant"):
        review.variant_seed(store, practice)


def test_an_unregistered_kind_is_refused(store):
    with pytest.raises(ValueError, match="no generator"):
        review.grade(store, "practice:nothing", True, None, T0, seed=1)
    with pytest.raises(ValueError, match="objectives"):
        review.register_practice("bad", "04", ("99-9",), _few_variants)


def test_a_kind_that_ran_out_of_variants_is_served_again_not_refused(store, practice):
    """Once every variant has been served, a due item is still served: the variant
    served longest ago comes back, rather than the whole session failing."""
    when, seeds = T0, []
    for _ in range(3):
        seed, _problem = review.variant_seed(store, practice)
        review.grade(store, practice, False, "sure", when, seed=seed)
        seeds.append(seed)
        when += timedelta(days=1)
    with pytest.raises(ValueError, match="fresh variant"):
        review.variant_seed(store, practice)
    (item,) = review.session(store, when)
    assert item.seed == seeds[0]
    assert item.problem == _few_variants(seeds[0])


# --------------------------------------------------------------------------- the course's kinds
LESSON_OF_KIND = {
    "offspring-risk": "04",
    "carrier-risk": "05",
    "lab-flag": "07",
    "unit-conversion": "07",
    "maternal-igg": "02",
    "trough": "10",
}


def _wrong(problem: generated.Problem) -> object:
    """A wrong response: a likely one (a distractor) where the problem has one."""
    if problem.distractors:
        return problem.distractors[0].value
    if problem.tolerance is None:
        return next(f for f in generated.FLAGS if f != problem.answer)
    return float(problem.answer) + 10 * problem.tolerance + 1


def test_every_generated_kind_is_registered_under_the_lesson_that_teaches_it():
    registered = review.practice_items()
    assert set(generated.KINDS) <= set(registered)
    lesson_of = dict(zip(objectives()["id"], objectives()["lesson"], strict=True))
    for kind in generated.KINDS:
        entry = registered[kind]
        assert entry.lesson == LESSON_OF_KIND[kind], kind
        assert entry.objectives, f"{kind} names no objective"
        assert {lesson_of[o] for o in entry.objectives} == {entry.lesson}, kind
        assert review.lesson_of(f"practice:{kind}") == entry.lesson
        assert review.item_objectives()[f"practice:{kind}"] == entry.objectives


def test_the_review_level_turns_with_the_seed():
    levels = [review.course_problem("trough", seed).level for seed in range(6)]
    assert levels == [1, 2, 3, 1, 2, 3]
    assert review.course_problem("trough", 7) == generated.generate("trough", seed=7, level=2)
    with pytest.raises(ValueError, match="kind"):
        review.course_problem("punnett", 1)
    with pytest.raises(ValueError, match="seed"):
        review.course_problem("trough", -1)


@pytest.mark.parametrize("kind", generated.KINDS)
def test_a_generated_problem_graded_wrong_comes_back_with_other_numbers(store, kind):
    """A wrong answer to a generated problem brings the item back in the session, first
    as a high-confidence error, and each time as a variant with other numbers."""
    item = f"practice:{kind}"
    seed, problem = review.variant_seed(store, item)
    feedback = generated.check(problem, _wrong(problem))
    assert not feedback.correct
    review.grade(store, item, feedback.correct, "sure", T0, seed=seed)
    served = {seed: problem}
    when = T0
    for _ in range(3):
        when += timedelta(hours=1)
        (again,) = review.session(store, when)
        assert (again.item, again.lesson) == (item, LESSON_OF_KIND[kind])
        assert again.reason == "high-confidence error"
        assert again.seed not in served
        assert again.problem == review.course_problem(kind, again.seed)
        assert all(again.problem.steps != p.steps for p in served.values())  # other numbers
        assert all(again.problem.prompt != p.prompt for p in served.values())
        served[again.seed] = again.problem
        wrong = generated.check(again.problem, _wrong(again.problem))
        review.grade(store, item, wrong.correct, "sure", when, seed=again.seed)


def test_carrier_risk_variants_differ_in_their_numbers_not_just_their_names(store):
    """Two carrier-risk problems with the same family but another name are one variant."""
    item = "practice:carrier-risk"
    seeds = [s for s in range(60) if review.course_problem("carrier-risk", s).level == 1]
    by_steps: dict[tuple, list[int]] = {}
    for seed in seeds:
        by_steps.setdefault(review.course_problem("carrier-risk", seed).steps, []).append(seed)
    first, twin = next(group for group in by_steps.values() if len(group) > 1)[:2]
    assert (
        review.course_problem("carrier-risk", first).prompt
        != review.course_problem("carrier-risk", twin).prompt
    )
    review.grade(store, item, False, None, T0, seed=first)
    for _ in range(5):
        seed, problem = review.variant_seed(store, item)
        assert problem.steps != review.course_problem("carrier-risk", first).steps
        review.grade(store, item, False, None, T0, seed=seed)


def test_mastery_counts_generated_problems_under_their_kinds_objectives(store):
    before = review.mastery(store).set_index("objective")
    assert before.loc["10-2", "attempts"] == 0
    for correct in (True, True, False):
        seed, _problem = review.variant_seed(store, "practice:trough")
        review.grade(store, "practice:trough", correct, "think so", T0, seed=seed)
    seed, _problem = review.variant_seed(store, "practice:lab-flag")
    review.grade(store, "practice:lab-flag", True, "sure", T0, seed=seed)
    table = review.mastery(store).set_index("objective")
    assert (table.loc["10-2", "attempts"], table.loc["10-2", "correct"]) == (3, 2)
    assert table.loc["10-2", "status"] == "not yet mastered"  # Beta(3, 2): mean 0.6
    assert table.loc["10-2", "estimate"] == pytest.approx(3 / 5)
    for objective in ("07-1", "07-3"):  # a lab-flag problem tests both
        assert (table.loc[objective, "attempts"], table.loc[objective, "correct"]) == (1, 1)
    assert table.loc["07-2", "attempts"] == 0


# --------------------------------------------------------------------------- mastery
def test_mastery_is_honest_below_the_minimum(store):
    store.record("04", "04-why-boys", "a", True, "sure")
    store.record("04", "04-affected-father", "b", True, "sure")
    table = review.mastery(store).set_index("objective")
    row = table.loc["04-3"]
    assert (row["attempts"], row["correct"]) == (2, 2)
    assert row["status"] == "not enough evidence yet"
    assert row["estimate"] is None or pd.isna(row["estimate"])
    untouched = table.loc["05-1"]
    assert untouched["attempts"] == 0 and untouched["status"] == "not enough evidence yet"
    assert len(table) == len(review.objectives_table())


def test_mastery_is_a_beta_posterior_with_a_90_percent_interval(store):
    for _ in range(4):
        review.grade(store, "04-why-boys", True, "sure", T0)
    row = review.mastery(store).set_index("objective").loc["04-3"]
    assert (row["attempts"], row["correct"]) == (4, 4)
    assert row["estimate"] == pytest.approx(5 / 6)
    # Beta(5, 1): the 5% quantile is 0.05 ** (1 / 5), the 95% quantile 0.95 ** (1 / 5)
    assert row["low"] == pytest.approx(0.05 ** (1 / 5))
    assert row["high"] == pytest.approx(0.95 ** (1 / 5))
    assert row["status"] == "mastered"


def test_mastery_counts_prompts_and_every_tag(store):
    store.record_attempt("04", "04-punnett-daughters", "choice", "b", correct=False)
    store.record("04", "04-ar-carriers", ["a"], False)
    store.record("04", "04-carrier-mother-son", 0.5, True)
    table = review.mastery(store).set_index("objective")
    assert table.loc["04-2", "attempts"] == 3
    assert table.loc["04-2", "correct"] == 1
    assert table.loc["04-2", "status"] == "not yet mastered"
    assert table.loc["04-1", "attempts"] == 1  # 04-ar-carriers tests two objectives


# --------------------------------------------------------------------------- properties
ITEMS = ["01-placenta", "02-nadir", "03-hsct", "04-why-boys", "08-next-test", "12-igm-units"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(ITEMS),
            st.booleans(),
            st.sampled_from([None, "sure", "think so", "guessing"]),
            st.integers(min_value=0, max_value=30 * 24),  # hours after the previous review
        ),
        min_size=1,
        max_size=12,
    ),
    st.integers(min_value=1, max_value=5),
)
def test_any_history_gives_a_sound_queue(tmp_path_factory, history, size):
    store = ProgressStore(tmp_path_factory.mktemp("p") / "progress.sqlite")
    when = T0
    for item, correct, confidence, hours in history:
        when += timedelta(hours=hours)
        attempt = review.grade(store, item, correct, confidence, when)
        assert datetime.fromisoformat(attempt["response"]["card"]["due"]) > when
    later = when + timedelta(days=10)
    items = review.session(store, later, size=size)
    assert len(items) <= size
    assert len({i.item for i in items}) == len(items)
    assert all(i.due <= later for i in items)
    due = {item for item, _ in review.due(store, later)}
    assert {i.item for i in items} <= due
    assert len(items) == min(size, len(due))
    # the first item served is among the most urgent: errors before items merely due
    order = ["high-confidence error", "error", "due"]
    ranks = [order.index(i.reason) for i in items]
    assert not ranks or ranks[0] == min(ranks)  # (nothing may be due yet: an empty session)
