"""Presets for live demos: the file is validated, every preset builds its widget in the
named state, and every lesson widget accepts one."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w
import nbformat
import pytest

import higm_lessons.widgets
from higm_lessons import data, presets
from higm_lessons.course import lessons
from higm_lessons.widgets.common import starting

ROOT = Path(__file__).resolve().parent.parent
CALL = re.compile(r"from (higm_lessons\.widgets\.\w+) import (\w+)")
SHARED = {"common", "progress", "quiz", "prompt", "faded", "home", "live"}
"""Widget modules shared by all lessons (not one lesson's widgets)."""


@pytest.fixture(autouse=True)
def no_address(monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)


def _factories() -> dict[str, list[Callable]]:
    found: dict[str, list[Callable]] = {}
    for info in pkgutil.iter_modules(higm_lessons.widgets.__path__):
        module = importlib.import_module(f"higm_lessons.widgets.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__:
                found.setdefault(name, []).append(function)
    return found


def _lesson_widgets() -> list[tuple[str, str, str]]:
    """(lesson slug, module, function) of each widget a lesson's interactive cell calls."""
    table = lessons()
    found = []
    for row in table[table["available"]].itertuples():
        notebook = nbformat.read(ROOT / "notebooks" / row.notebook, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code" and "interactive" in cell.metadata.get("tags", []):
                found += [
                    (row.slug, m, f)
                    for m, f in CALL.findall(cell.source)
                    if m.rsplit(".", 1)[1] not in SHARED
                ]
    return found


def _error_texts(widget: w.Widget) -> list[str]:
    found = []
    stack = [widget]
    while stack:
        item = stack.pop()
        if isinstance(item, w.HTML) and "higm-msg-error" in item.value:
            found.append(item.value)
        stack += list(getattr(item, "children", ()))
    return found


def test_the_presets_file_is_valid():
    found = presets.presets()
    assert found, "data/presets.toml holds no preset"
    keys = [(p.widget, p.name) for p in found]
    assert len(keys) == len(set(keys))


def test_each_preset_sits_under_the_lesson_that_calls_its_widget():
    called = {(slug, function) for slug, _module, function in _lesson_widgets()}
    for preset in presets.presets():
        assert (preset.lesson, preset.widget) in called, (
            f"[{preset.lesson}.{preset.widget}.{preset.name}]: lesson {preset.lesson} "
            f"does not call {preset.widget}"
        )


@pytest.mark.parametrize("preset", presets.presets(), ids=lambda p: f"{p.widget}-{p.name}")
def test_every_preset_builds_its_widget_in_the_named_state(preset):
    factories = _factories().get(preset.widget, [])
    assert len(factories) == 1, f"{preset.widget}: no single widget function of that name"
    box = factories[0](preset=preset.name)
    inner = getattr(box, "inner", box)
    for path, value in preset.controls.items():
        control = inner
        for part in path.split("."):
            control = getattr(control, part)
        assert control.value == (tuple(value) if isinstance(value, list) else value), path
    assert _error_texts(box) == []


def test_every_lesson_widget_accepts_a_preset():
    widgets = _lesson_widgets()
    assert len(widgets) >= 10
    # presets name a widget by its function's name: no two modules use the same name
    assert len({(m, f) for _s, m, f in widgets}) == len({f for _s, _m, f in widgets})
    for _slug, module, function in widgets:
        factory = getattr(importlib.import_module(module), function)
        assert "preset" in inspect.signature(factory).parameters, f"{module}.{function}"
        assert "controls" in inspect.signature(factory).parameters, f"{module}.{function}"
        with pytest.raises(ValueError, match="preset must be one of"):
            factory(preset="no-such-preset")


def test_the_address_chooses_a_preset_for_the_widgets_that_have_it(monkeypatch):
    preset = presets.presets()[0]
    monkeypatch.setenv("QUERY_STRING", f"preset={preset.name}")
    assert presets.choose(preset.widget) == preset
    # a widget without a preset of that name starts as usual
    assert presets.choose("some_other_widget") is None
    monkeypatch.setenv("QUERY_STRING", "preset=no-such-preset")
    assert presets.choose(preset.widget) is None


def test_explicit_state_wins_over_the_preset():
    made = {}

    def make(**kwargs):
        made.update(kwargs)
        box = w.VBox()
        box.inner = w.VBox()
        box.inner.level = w.IntSlider(value=1, max=10)
        return box

    preset = next(p for p in presets.presets() if p.args and not p.controls)
    box = starting(make, preset.widget, preset.name, {"extra": 1}, {"level": 7})
    assert made == {**preset.args, "extra": 1}
    assert box.inner.level.value == 7
    with pytest.raises(ValueError, match="no control 'missing'"):
        starting(make, preset.widget, None, None, {"missing": 1})
    with pytest.raises(TypeError, match="preset must be a preset name"):
        presets.choose(preset.widget, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[no_such_lesson.punnett_widget.x]\ndescription = "d"\nargs = {a = 1}',
         "not a lesson slug"),
        ('[inheritance_patterns.punnett_widget.Bad_Name]\ndescription = "d"\nargs = {a = 1}',
         "lower-case words"),
        ('[inheritance_patterns.punnett_widget.x]\nargs = {a = 1}', "has a description"),
        ('[inheritance_patterns.punnett_widget.x]\ndescription = "d"', "sets args, controls"),
        ('[inheritance_patterns.punnett_widget.x]\ndescription = "d"\ncontrols = {"a b" = 1}',
         "not attribute names"),
        ('[inheritance_patterns.punnett_widget.x]\ndescription = " "\nargs = {a = 1}',
         "non-empty sentence"),
    ],
)  # fmt: skip
def test_a_broken_presets_file_is_reported(tmp_path, monkeypatch, text, message):
    (tmp_path / "presets.toml").write_text(text)
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    with pytest.raises(data.DataError, match=message):
        presets.presets()


def test_a_case_preset_name_does_not_give_its_diagnosis_away():
    """The preset's name is projected in the address bar, before the class has committed:
    no word of it may name the case's expected diagnosis (its code or its name's words)."""
    from higm_lessons import cases, diagnosis

    library = cases.load_cases()
    generic = {"deficiency", "syndrome", "with", "and", "the", "of", "disease"}
    checked = 0
    for preset in presets.presets():
        case_id = (preset.args or {}).get("case_id")
        if case_id is None:
            continue
        expected = library[case_id].expected
        giveaway = set(re.findall(r"[a-z0-9]+", f"{expected} {diagnosis.NAMES[expected]}".lower()))
        named = {"higm1", "aid", "igm", "cd40", "cd40l"}  # diagnostic words in case ids
        giveaway |= set(re.findall(r"[a-z0-9]+", case_id)) & named
        words = set(preset.name.split("-"))
        assert not words & (giveaway - generic), (preset.name, sorted(words & giveaway))
        checked += 1
    assert checked >= 4
