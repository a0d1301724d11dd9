"""The shared response widget: ask before telling, keep every attempt, bring it back."""

from __future__ import annotations

import html
import re

import ipywidgets as w
import pytest

from higm_lessons import data, prompts
from higm_lessons.progress import ProgressStore
from higm_lessons.widgets import common
from higm_lessons.widgets.prompt import CommitBar, prompt
from tests.helpers import fresh_progress, state_text

ALL = prompts.all_prompts()


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    """Every test gets its own progress file and no store left open by another test."""
    yield from fresh_progress(monkeypatch, tmp_path / "progress" / "progress.sqlite")


def secrets(item: prompts.Prompt) -> list[str]:
    """Texts that give the answer away: the model answer and each option's feedback."""
    texts = [item.model_answer, *(o.feedback for o in item.options)]
    # a distinctive stretch of each, in the form it would take in the page
    return [s for t in texts for s in (t[:60], html.escape(t[:60]))]


def answer_for(item: prompts.Prompt) -> object:
    if item.kind == "choice":
        return item.answer
    if item.kind == "text":
        return "IgM is still made; the switched classes are low."
    return float(item.answer)  # type: ignore[arg-type]


def text_of(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", value))


@pytest.mark.parametrize("item", ALL, ids=lambda p: p.id)
def test_the_answer_is_in_no_widget_state_before_a_commit_and_shows_after(item, store_path):
    box = prompt(item.lesson, item.id)
    inner = box.inner
    assert {"higm-prompt", f"higm-prompt-{item.id}"} <= set(inner._dom_classes)
    before = state_text(box)
    for secret in secrets(item):
        assert secret not in before, f"{item.id}: {secret!r} is in the page before a commit"
    inner.control.value = answer_for(item)
    inner.bar.confidence.value = "think so"
    inner.bar.commit_button.click()
    after = text_of(inner.answer.value)
    assert "Model answer." in after
    assert text_of(common.markdown_html(item.model_answer)).strip() in after
    saved = ProgressStore(store_path).attempts(lesson=item.lesson, item=item.id)
    assert saved[["kind", "confidence"]].values.tolist() == [[item.kind, "think so"]]
    assert saved["correct"].tolist() == [None if item.kind == "text" else True]


def test_a_choice_shows_the_chosen_options_feedback_and_verdict(store_path):
    item = prompts.get("01", "01-normal-igm")
    inner = prompt("01", "01-normal-igm").inner
    assert isinstance(inner.control, w.RadioButtons) and inner.control.value is None
    inner.control.value = "a"  # the misconception: a normal IgM rules HIGM out
    inner.bar.confidence.value = "sure"
    inner.bar.commit()
    assert "Not quite." in inner.verdict.value and "✘" in inner.verdict.value
    assert html.escape(item.options[0].feedback) in inner.verdict.value
    assert inner.control.disabled and inner.bar.commit_button.disabled
    row = ProgressStore(store_path).latest_attempt("01", "01-normal-igm")
    assert (row["response"], row["correct"], row["confidence"]) == ("a", False, "sure")


def test_commit_needs_an_answer_and_a_confidence(store_path):
    inner = prompt("00", "00-ige-bar").inner
    inner.bar.commit_button.click()
    assert "Answer first" in inner.status.value
    inner.control.value = "b"
    inner.bar.commit_button.click()
    assert "Say how sure you are first" in inner.status.value
    assert inner.answer.value == "" and ProgressStore(store_path).attempts().empty
    assert inner.bar.confidence.options == ("sure", "think so", "guessing")


def test_a_fresh_widget_restores_the_latest_attempt(store_path):
    first = prompt("02", "02-preterm").inner
    first.control.value = "b"
    first.bar.confidence.value = "guessing"
    first.bar.commit()
    again = prompt("02", "02-preterm").inner  # the cell runs again, or after a restart
    assert again.control.value == "b" and again.control.disabled
    assert again.bar.confidence.value == "guessing"
    assert "Model answer." in again.answer.value and "Not quite." in again.verdict.value
    stamp = ProgressStore(store_path).latest_attempt("02", "02-preterm")["attempted_at"]
    assert f"Restored your answer from {stamp[:10]} {stamp[11:16]} UTC" in again.status.value


def test_try_again_keeps_the_history(store_path):
    inner = prompt("02", "02-preterm").inner
    inner.control.value = "b"
    inner.bar.confidence.value = "sure"
    inner.bar.commit()
    inner.bar.again_button.click()
    assert inner.answer.value == "" and inner.verdict.value == ""
    assert not inner.control.disabled and inner.bar.confidence.value is None
    inner.control.value = "a"
    inner.bar.confidence.value = "think so"
    inner.bar.commit()
    history = ProgressStore(store_path).attempts(item="02-preterm")
    assert history["response"].tolist() == ["b", "a"]
    assert history["correct"].tolist() == [False, True]
    assert prompt("02", "02-preterm").inner.control.value == "a"


def test_a_text_prompt_takes_a_self_rating_that_is_recorded_and_restored(store_path):
    inner = prompt("01", "01-ige-tiny").inner
    assert isinstance(inner.control, w.Textarea)
    assert inner.rating.layout.display == "none"
    inner.control.value = "It sits on mast cells."
    inner.bar.confidence.value = "think so"
    inner.bar.commit()
    assert inner.rating.layout.display == "flex"
    assert "Compare your answer with the model answer" in inner.verdict.value
    inner.rating.value = "partly"
    row = ProgressStore(store_path).latest_attempt("01", "01-ige-tiny")
    assert (row["response"], row["correct"], row["self_rating"]) == (
        "It sits on mast cells.", None, "partly",
    )  # fmt: skip
    again = prompt("01", "01-ige-tiny").inner
    assert again.rating.value == "partly" and again.control.value == "It sits on mast cells."
    assert len(ProgressStore(store_path).attempts()) == 1  # restoring records nothing


def test_an_imported_attempt_is_restored(store_path, tmp_path):
    other = ProgressStore(tmp_path / "other.sqlite")
    other.record_attempt("00", "00-binder-progress", "choice", "a", correct=True,
                         confidence="sure")  # fmt: skip
    exported = other.export_json(tmp_path / "mine.json")
    common.progress_store().import_json(exported)
    inner = prompt("00", "00-binder-progress").inner
    assert inner.control.value == "a" and "Restored your answer" in inner.status.value


def test_number_and_prediction_prompts(store_path, tmp_path, monkeypatch):
    folder = tmp_path / "data" / "prompts"
    folder.mkdir(parents=True)
    (folder / "lesson_00.toml").write_text(
        'lesson = "00"\n'
        '[[prompts]]\nid = "00-n"\nkind = "number"\nprompt = "How many months?"\n'
        'answer = 2.5\ntolerance = 0.5\nunit = "months"\nmodel_answer = "About 2.5 months."\n'
        'sources = ["course"]\n'
        '[[prompts]]\nid = "00-p"\nkind = "prediction"\nprompt = "Predict."\nanswer = 6\n'
        'tolerance = 1\nmin = 0\nmax = 24\nstep = 0.5\nunit = "months"\n'
        'model_answer = "Six months."\nsources = ["course"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(data.DATA_ENV, str(folder.parent))
    number = prompt("00", "00-n").inner
    assert isinstance(number.control, w.FloatText) and "(months)" in number.control.description
    number.control.value = 4.0
    number.bar.confidence.value = "sure"
    number.bar.commit()
    assert "above the model's by more than 0.5 months" in text_of(number.verdict.value)
    slider = prompt("00", "00-p").inner
    assert isinstance(slider.control, w.FloatSlider)
    assert (slider.control.min, slider.control.max, slider.control.step) == (0, 24, 0.5)
    assert slider.control.value == 12.0
    slider.control.value = 5.5
    slider.bar.confidence.value = "guessing"
    slider.bar.commit()
    assert "Correct" in slider.verdict.value
    rows = ProgressStore(store_path).attempts()
    assert rows[["item", "response", "correct"]].values.tolist() == [
        ["00-n", 4.0, False], ["00-p", 5.5, True],
    ]  # fmt: skip


def test_a_missing_prompt_or_a_broken_store_shows_a_message(monkeypatch):
    box = prompt("02", "02-nothing")
    assert "This prompt could not be loaded" in box.children[0].value
    assert "02-preterm" in box.children[0].value

    def no_store():
        raise OSError("read-only file system")

    from higm_lessons.widgets import prompt as prompt_module

    monkeypatch.setattr(prompt_module, "progress_store", no_store)
    inner = prompt("00", "00-ige-bar").inner  # restoring fails quietly into the status line
    inner.control.value = "b"
    inner.bar.confidence.value = "sure"
    inner.bar.commit()
    assert "Model answer." in inner.answer.value  # the answer is shown even if not saved
    assert "could not be saved: read-only file system" in inner.status.value


def test_commit_bar_for_a_lessons_own_commitment(store_path):
    shown: list[dict] = []
    entry = w.IntSlider(value=3)
    bar = CommitBar(
        "05", "05-mystery", "mystery-verdict",
        response=lambda: {"mode": "x-linked", "generation": entry.value},
        judge=lambda r: r["mode"] == "x-linked",
        on_commit=shown.append, on_restore=shown.append,
    )  # fmt: skip
    assert bar.restore() is None
    bar.confidence.value = "think so"
    attempt = bar.commit()
    assert attempt is not None and attempt["correct"] is True
    assert shown == [attempt]
    restored = CommitBar("05", "05-mystery", "mystery-verdict", response=lambda: None,
                         on_restore=shown.append)  # fmt: skip
    assert restored.restore() == attempt and shown[-1] == attempt
    assert restored.commit_button.disabled and not restored.again_button.disabled
    with pytest.raises(TypeError, match="judge"):
        CommitBar("05", "x", "y", response=lambda: 1, judge=3)  # type: ignore[arg-type]


def test_a_bad_entry_shows_a_message_not_a_traceback(store_path):
    def bad() -> object:
        raise ValueError("response must be a number of months")

    bar = CommitBar("02", "02-x", "number", response=bad)
    bar.confidence.value = "sure"
    assert bar.commit() is None
    assert "✘" in bar.status.value and "response must be a number of months" in bar.status.value
