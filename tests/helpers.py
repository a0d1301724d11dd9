"""Helpers shared by the tests: a copy of the course data, a fresh progress store per test,
what a widget shows, final-test answers and the round trip of a prompt."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from higm_lessons.data import DATA_ENV
from higm_lessons.progress import PROGRESS_ENV, ProgressStore
from higm_lessons.prompts import get
from higm_lessons.widgets import common
from higm_lessons.widgets.prompt import prompt

REPO = Path(__file__).resolve().parent.parent


def copy_course_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the course data folder, made the active one through HIGM_LESSONS_DATA."""
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    monkeypatch.setenv(DATA_ENV, str(folder))
    return folder


def right_answer(question: Any) -> Any:
    """The answer of a final-test question in the form its widget or grader takes it."""
    return list(question.answer) if question.kind == "multiple" else question.answer


def wrong_answer(question: Any) -> Any:
    """An answer of the form ``question`` takes that is wrong."""
    if question.kind == "numeric":
        return question.answer + 10 * (question.tolerance + 1)
    wrong = [o.id for o in question.options if o.id not in question.correct_ids]
    return wrong[0] if question.kind == "single" else [wrong[0]]


def state_text(widget: w.Widget) -> str:
    """Every string in the synced state of ``widget`` and all the widgets inside it: what a
    browser (and anyone reading the page's DOM or widget messages) can see."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, w.Widget):
            for name in value.keys:
                walk(getattr(value, name))
        elif isinstance(value, str):
            found.append(value)
        elif isinstance(value, list | tuple):
            for entry in value:
                walk(entry)
        elif isinstance(value, dict):
            for entry in value.values():
                walk(entry)

    walk(widget)
    return "\n".join(found)


def fresh_progress(monkeypatch: pytest.MonkeyPatch, path: Path) -> Iterator[Path]:
    """Point the progress store at ``path`` with no store left open by another test; for an
    autouse fixture to ``yield from``."""
    monkeypatch.setenv(PROGRESS_ENV, str(path))
    common._STORES.clear()
    yield path
    common._STORES.clear()


def check_prompt_round_trip(lesson: str, item_id: str, folder: Path) -> None:
    """One prompt of ``lesson``: nothing to read before the commit; the attempt (with its
    confidence) is saved and exported (to ``folder``); the cell run again (or after a restart)
    brings it back."""
    item = get(lesson, item_id)
    first = prompt(lesson, item_id).inner
    assert first.answer.value == "" and first.verdict.value == ""
    answer = {"choice": item.answer, "number": item.answer, "text": "My own words first."}
    first.control.value = answer[item.kind]
    first.bar.confidence.value = "sure"
    first.bar.commit_button.click()
    assert "Model answer." in first.answer.value
    store = ProgressStore(os.environ[PROGRESS_ENV])
    exported = json.loads(store.export_json(folder / "export.json").read_text("utf-8"))
    assert item_id in json.dumps(exported) and '"sure"' in json.dumps(exported)
    again = prompt(lesson, item_id).inner
    assert again.control.value == answer[item.kind] and again.control.disabled
    assert again.bar.confidence.value == "sure" and "Model answer." in again.answer.value
    assert "Restored your answer from" in again.bar.status.value
