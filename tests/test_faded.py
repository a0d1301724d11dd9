"""Faded worked examples: the stages, the checks of each blank, the record and the resume."""

from __future__ import annotations

import html

import pytest

from higm_lessons import faded, practice
from higm_lessons.widgets import common
from higm_lessons.widgets.faded import FadedWidget
from higm_lessons.widgets.faded import faded as faded_box
from tests.helpers import fresh_progress, state_text

LESSONS = sorted(faded.SEQUENCES)


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "progress" / "progress.sqlite")


def attempts(lesson: str) -> list[dict]:
    store = common.progress_store()
    return store.attempts(lesson, faded.item(lesson)).to_dict("records")


def fill_right(widget: FadedWidget) -> None:
    """Enter every asked step of the widget's stage right (as a decimal)."""
    for label in faded.asked(widget.lesson, widget.state.stage):
        widget.entries[label].value = repr(float(widget.problem.step(label)))
        assert widget.check(label).correct


# ----------------------------------------------------------------------------- pure module
@pytest.mark.parametrize("lesson", LESSONS)
def test_each_stage_has_its_own_problem_and_the_blanks_fade(lesson):
    problems = [faded.problem(lesson, s) for s in faded.STAGES]
    assert len({p.steps for p in problems}) == 4, "every stage gets new numbers"
    seq = faded.sequence(lesson)
    assert all(p.kind == seq.kind and p.level == seq.level for p in problems)
    assert faded.asked(lesson, 1) == ()
    last = problems[1].steps[-1][0]
    assert faded.asked(lesson, 2) == (last,), "backward fading: the answer goes first"
    every = faded.asked(lesson, 3)
    assert len(every) >= 3 and every[-1] == problems[2].steps[-1][0]
    for label in every:  # numbers the learner works out, never a given of the question
        assert not isinstance(problems[2].step(label), str) and label not in seq.givens
    assert faded.asked(lesson, 4) == (problems[3].steps[-1][0],)
    assert faded.problem(lesson, 3) is faded.problem(lesson, 3), "the same problems every run"


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_blank_is_checked_against_its_step(lesson):
    prob = faded.problem(lesson, 3)
    for label in faded.asked(lesson, 3):
        value = float(prob.step(label))
        assert faded.check_entry(prob, label, repr(value)).correct
        off = value + 3 * faded.tolerance(prob, label) + 0.01 * abs(value) + 0.05
        result = faded.check_entry(prob, label, repr(off))
        assert not result.correct
        assert result.message.startswith("Not quite")


def test_entries_read_as_fractions_percents_and_decimals():
    prob = faded.problem("04", 2)
    assert prob.answer == 0.25
    for text in ("1/4", "25%", "0.25", " 0,25 "):
        assert faded.check_entry(prob, "Answer", text).correct, text
    with pytest.raises(ValueError, match="empty"):
        faded.check_entry(prob, "Answer", "  ")
    with pytest.raises(ValueError):
        faded.check_entry(prob, "Answer", "a quarter")
    with pytest.raises(ValueError, match="label"):
        faded.check_entry(prob, "Mother's gametes", "A")


@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("stage", [2, 3, 4])
def test_a_blank_equal_to_a_distractor_names_its_misconception(lesson, stage):
    prob = faded.problem(lesson, stage)
    labels = [label for label, _ in prob.steps]
    assert prob.distractors
    for wrong in prob.distractors:  # the answer blank: every distractor of the problem
        result = faded.check_entry(prob, labels[-1], repr(float(wrong.value)))
        assert not result.correct
        assert result.misconception.id == wrong.misconception and result.step == wrong.step
        assert practice.misconception(wrong.misconception).name[1:] in result.message
    named = 0
    for label in faded.asked(lesson, stage)[:-1]:  # a middle blank: an error entered up to here
        for wrong in prob.distractors:
            result = faded.check_entry(prob, label, repr(float(wrong.value)))
            earlier = labels.index(wrong.step) <= labels.index(label)
            if result.correct:
                continue
            if earlier and result.misconception is not None:
                named += 1
            if not earlier:
                assert (
                    result.misconception is None or result.misconception.id != wrong.misconception
                )
    if lesson == "05" and stage == 3:  # the prior typed as the joint: the sons were ignored
        result = faded.check_entry(prob, "Joint: carrier", repr(float(prob.step("Prior: carrier"))))
        assert result.misconception.id == "unaffected-sons-ignored"
        assert named >= 1


def test_replay_follows_the_stages_and_the_skip():
    def entry(stage, step, correct):
        return {"response": {"action": "entry", "stage": stage, "step": step}, "correct": correct}

    def act(action, stage=1, step=None):
        return {"response": {"action": action, "stage": stage, "step": step}, "correct": None}

    assert faded.replay("04", []).stage == 1
    assert faded.replay("04", [act("next", 2)]).stage == 1, "an action of another stage"
    state = faded.replay("04", [act("next"), entry(2, "Answer", False)])
    assert state.stage == 2 and state.tried == {"Answer"} and not state.settled("04")
    state = faded.replay("04", [act("next"), act("reveal", 2, "Answer")])
    assert "Answer" not in state.revealed, "a step is shown only after a try"
    state = faded.replay("04", [act("next"), entry(2, "Answer", False), act("reveal", 2, "Answer")])
    assert state.settled("04")
    assert faded.replay("04", [act("next"), act("next", 2)]).stage == 2, "not before it is done"
    state = faded.replay("04", [act("skip"), entry(4, "Answer", True)])
    assert state.skipped and state.done("04")
    assert faded.replay("04", [act("skip"), act("restart", 4)]).stage == 1


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="lesson"):
        faded.sequence("03")
    with pytest.raises(ValueError, match="stage"):
        faded.problem("04", 5)
    with pytest.raises(TypeError, match="prob"):
        faded.check_entry("0.25", "Answer", "0.25")


# ----------------------------------------------------------------------------- the widget
@pytest.mark.parametrize("lesson", LESSONS)
def test_the_sequence_runs_from_worked_example_to_on_your_own(lesson):
    box = faded_box(lesson)
    widget = box.inner
    assert "higm-faded-box" in box._dom_classes
    assert widget.state.stage == 1 and not widget.entries
    shown = state_text(widget.rows)
    for label, value in widget.problem.steps:  # the worked example shows every step
        assert html.escape(label) in shown and html.escape(faded.formatted(value)) in shown
    assert widget.confidence.layout.display == "none"
    for stage in (2, 3):
        assert not widget.next_button.disabled
        widget.next_button.click()
        assert widget.state.stage == stage
        assert set(widget.entries) == set(faded.asked(lesson, stage))
        assert widget.next_button.disabled, "no next stage before the blanks are in"
        fill_right(widget)
        assert "✔ your entry" in state_text(widget.rows)
    widget.next_button.click()
    assert widget.state.stage == 4
    assert widget.confidence.layout.display == "flex"
    label = faded.asked(lesson, 4)[0]
    widget.entries[label].value = repr(float(widget.problem.answer))
    assert widget.check(label) is None, "a commitment needs a confidence"
    assert "how sure" in widget.status.value
    widget.confidence.value = "think so"
    assert widget.check(label).correct
    assert widget.state.done(lesson)
    assert "on your own" in widget.status.value
    last = attempts(lesson)[-1]
    assert last["kind"] == "faded" and last["correct"] is True and last["confidence"] == "think so"
    assert last["response"]["stage"] == 4 and last["response"]["step"] == label
    assert last["response"]["seed"] == faded.problem(lesson, 4).seed


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_answer_in_the_page_before_the_learner_enters_it(lesson):
    widget = FadedWidget(lesson)
    for stage in (2, 3, 4):
        if stage == 4:
            widget.skip_button.click()
        else:
            widget.next_button.click()
        text = state_text(widget)
        prob = widget.problem
        visible = {faded.formatted(v) for label, v in prob.steps if label not in widget.entries}
        for label in widget.entries:
            secret = faded.formatted(prob.step(label))
            if secret not in visible and secret not in prob.prompt:
                assert f"higm-faded-value'>{secret}<" not in text
                assert f">{secret}<" not in text and f"{secret} " not in text, (stage, label)
        if stage < 4:  # move on: reveal the steps after a wrong try each
            for label in list(widget.entries):
                widget.entries[label].value = "1e6"
                assert widget.check(label).correct is False
                assert not widget.reveals[label].disabled
                widget.reveal(label)
            assert f"higm-faded-value'>{faded.formatted(prob.steps[-1][1])}<" in state_text(widget)
            if stage == 3:  # go back to check the skip from a fresh widget
                widget = FadedWidget(lesson)


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_wrong_blank_names_its_misconception_and_is_recorded(lesson):
    widget = FadedWidget(lesson)
    widget.next_button.click()
    prob = widget.problem
    wrong = prob.distractors[0]
    label = faded.asked(lesson, 2)[0]
    assert widget.reveals[label].disabled, "nothing to show before a try"
    widget.entries[label].value = repr(float(wrong.value))
    result = widget.check(label)
    assert result.misconception.id == wrong.misconception
    name = practice.misconception(wrong.misconception).name
    assert name[1:] in widget.feedback[label].value
    assert html.escape(wrong.step) in widget.feedback[label].value
    assert not widget.reveals[label].disabled
    last = attempts(lesson)[-1]
    assert last["correct"] is False and last["confidence"] is None
    assert last["response"] == {
        "action": "entry",
        "stage": 2,
        "step": label,
        "entry": repr(float(wrong.value)),
        "seed": prob.seed,
        "misconception": wrong.misconception,
    }


def test_bad_input_shows_a_message_not_a_traceback():
    widget = FadedWidget("11")
    widget.next_button.click()
    label = faded.asked("11", 2)[0]
    for text in ("", "lots", "1/0"):
        widget.entries[label].value = text
        assert widget.check(label) is None
        assert "higm-msg-warn" in widget.feedback[label].value
    assert all(a["response"]["action"] == "next" for a in attempts("11"))


def test_the_skip_is_recorded_and_the_sequence_resumes_in_a_fresh_widget():
    widget = FadedWidget("05")
    widget.skip_button.click()
    assert widget.state.stage == 4 and widget.state.skipped
    assert attempts("05")[-1]["response"]["action"] == "skip"
    assert widget.skip_button.layout.display == "none"
    again = FadedWidget("05")  # the cell runs again (a new kernel)
    assert again.state.stage == 4 and again.state.skipped
    again.restart_button.click()
    assert again.state.stage == 1
    again.next_button.click()
    label = faded.asked("05", 2)[0]
    again.entries[label].value = "0.999"
    again.check(label)
    third = FadedWidget("05")
    assert third.state.stage == 2 and third.state.tried == {label}
    assert not third.reveals[label].disabled, "the earlier try counts after a restart"
    third.entries[label].value = repr(float(third.problem.answer))
    third.check(label)
    assert FadedWidget("05").state.settled("05")
    assert FadedWidget("05").next_button.disabled is False


def test_entries_typed_in_other_boxes_stay_when_one_is_checked():
    widget = FadedWidget("05")
    widget.next_button.click()
    widget.next_button.disabled = False  # not settled: the button stays disabled in the page
    widget._act({"action": "next"})  # a refused "next" is recorded but changes nothing
    assert widget.state.stage == 2
    widget.entries["Posterior: carrier"].value = "0.99"
    widget.check("Posterior: carrier")
    assert widget.entries["Posterior: carrier"].value == "0.99", "the wrong entry stays to edit"
    fill_right(widget)
    widget.next_button.click()
    labels = faded.asked("05", 3)
    widget.entries[labels[1]].value = "1/2"
    widget.entries[labels[0]].value = "1/2"
    assert widget.check(labels[0]).correct
    assert widget.entries[labels[1]].value == "1/2"


def test_a_check_keeps_the_rows_it_did_not_change():
    """A wrong entry leaves every row as it was (the same widgets, so the keyboard focus and
    the typed text stay); a right one changes only its own row into the value."""
    widget = FadedWidget("04")
    widget.next_button.click()
    label = faded.asked("04", 2)[0]
    before = widget.rows.children
    check = widget.checks[label]
    widget.entries[label].value = "1e6"
    assert widget.check(label).correct is False
    assert all(a is b for a, b in zip(widget.rows.children, before, strict=True))
    assert widget.checks[label] is check and widget.entries[label].value == "1e6"
    assert not widget.reveals[label].disabled, "a wrong try allows showing the step"
    widget.entries[label].value = repr(float(widget.problem.step(label)))
    assert widget.check(label).correct
    after = widget.rows.children
    changed = [i for i, (a, b) in enumerate(zip(after, before, strict=True)) if a is not b]
    labels = [step for step, _ in widget.problem.steps]
    assert changed == [labels.index(label)]
    assert label not in widget.entries and "✔ your entry" in state_text(after[changed[0]])
    widget.next_button.click()  # a new stage draws new rows
    assert not any(a is b for a, b in zip(widget.rows.children, after, strict=False))


def test_a_step_filled_in_one_view_is_blank_again_after_a_restart_in_another():
    """Two views of one lesson's sequence (a cell's output opened twice): a restart in one
    and the same stage reached again leave the other's kept rows usable, blank again."""
    first = FadedWidget("05")
    first.next_button.click()
    label = faded.asked("05", 2)[0]
    first.entries[label].value = repr(float(first.problem.step(label)))
    assert first.check(label).correct and label not in first.entries
    other = FadedWidget("05")
    other._act({"action": "restart"})
    other._act({"action": "next"})
    first.refresh()  # its next action reads the store again
    assert first.state.stage == 2 and label not in first.state.right
    assert first.entries[label].value == "", "a fresh box, not the entry made before the restart"
    assert first.reveals[label].disabled, "no try since the restart"
    first.entries[label].value = "0.999"
    assert first.check(label).correct is False
