"""Named starting states of the lesson widgets, for live demos (``data/presets.toml``).

An instructor opens a lesson with ``?preset=four-sons`` at the end of its Voilà address
(or calls a widget with ``preset="four-sons"``), and every widget of that lesson that
has a preset of that name starts in it: no code is edited in front of the class.

``data/presets.toml`` holds one table per preset, keyed by the lesson's slug (the
``slug`` column of ``data/lessons.csv``), the widget (the name of the function a lesson
calls, such as ``punnett_widget``, unique in the course; a test checks that the lesson
calls it) and the preset's name (lower case words joined by hyphens)::

    [inheritance_patterns.punnett_widget.affected-father]
    description = "An affected father and a non-carrier mother"
    args = { mother = "non-carrier", father = "affected" }   # the widget's own arguments
    controls = { "parents.mode" = "x-linked" }               # then controls set, in order

``args`` are passed to the widget when it is built; ``controls`` are then set one by one,
each as if the instructor had changed it (the widget redraws), by the control's
attribute path on the widget. The file is validated when it is loaded; a widget test
builds every preset, so a preset that no longer fits its widget fails the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from higm_lessons.data import DataError, cached, data_path, load_table, load_toml
from higm_lessons.presenting import requested_preset

FILE = "presets.toml"
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
KEYS = {"description", "args", "controls"}


@dataclass(frozen=True)
class Preset:
    """One named starting state of one widget (see the module's docstring)."""

    lesson: str
    widget: str
    name: str
    description: str
    args: dict[str, Any] = field(default_factory=dict)
    controls: dict[str, Any] = field(default_factory=dict)


def _where(lesson: str, widget: str = "", name: str = "") -> str:
    return f"data/{FILE}: [{'.'.join(p for p in (lesson, widget, name) if p)}]"


def _value_ok(value: Any) -> bool:
    if isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list):
        return all(_value_ok(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _value_ok(v) for k, v in value.items())
    return False


def _preset(lesson: str, widget: str, name: str, raw: Any) -> Preset:
    where = _where(lesson, widget, name)
    if not NAME.match(name):
        raise DataError(f"{where}: a preset's name is lower-case words joined by hyphens")
    if not isinstance(raw, dict) or set(raw) - KEYS or "description" not in raw:
        raise DataError(f"{where}: a preset has a description and optional args and controls")
    if not isinstance(raw["description"], str) or not raw["description"].strip():
        raise DataError(f"{where}: description must be a non-empty sentence")
    args, controls = raw.get("args", {}), raw.get("controls", {})
    for part, table, pattern in (("args", args, IDENTIFIER), ("controls", controls, PATH)):
        if not isinstance(table, dict) or not _value_ok(table):
            raise DataError(f"{where}: {part} must be a table of plain values")
        bad = [key for key in table if not pattern.match(key)]
        if bad:
            raise DataError(f"{where}: {part} has names that are not attribute names: {bad}")
    if not args and not controls:
        raise DataError(f"{where}: a preset sets args, controls or both")
    return Preset(lesson, widget, name, raw["description"].strip(), dict(args), dict(controls))


def _parse(path: Path, _lessons: Path) -> tuple[Preset, ...]:
    slugs = set(load_table("lessons.csv")["slug"])
    raw = load_toml(path)
    found = []
    for lesson, widgets in raw.items():
        if lesson not in slugs:
            raise DataError(f"{_where(lesson)}: not a lesson slug; slugs: {sorted(slugs)}")
        if not isinstance(widgets, dict):
            raise DataError(f"{_where(lesson)}: a lesson holds one table per widget")
        for widget, named in widgets.items():
            if not IDENTIFIER.match(widget) or not isinstance(named, dict):
                raise DataError(f"{_where(lesson, widget)}: a widget is a function name "
                                "holding one table per preset")  # fmt: skip
            found += [_preset(lesson, widget, name, value) for name, value in named.items()]
    return tuple(found)


def presets() -> tuple[Preset, ...]:
    """Every preset of the course (validated; re-read when the file changes)."""
    return cached(_parse, data_path(FILE), data_path("lessons.csv"))


def for_lesson(lesson: str) -> list[Preset]:
    """The presets of one lesson (by slug), in the file's order."""
    return [p for p in presets() if p.lesson == lesson]


def for_widget(widget: str) -> dict[str, Preset]:
    """One widget's presets by name (a widget function's name is unique in the course)."""
    return {p.name: p for p in presets() if p.widget == widget}


def choose(widget: str, preset: str | None = None) -> Preset | None:
    """The preset a widget starts in.

    ``preset`` given: that preset of this widget (``ValueError`` naming the widget's
    presets when it has none of that name). ``preset`` None: the preset the page's
    address asks for (``?preset=name``) if this widget has one of that name, else None
    (another widget of the lesson may have it).
    """
    if preset is not None and not isinstance(preset, str):
        raise TypeError(f"preset must be a preset name (text) or None, not {preset!r}")
    known = for_widget(widget)
    if preset is not None:
        if preset not in known:
            raise ValueError(f"preset must be one of {sorted(known)} for {widget}, not {preset!r}")
        return known[preset]
    asked = requested_preset()
    return known.get(asked) if asked else None
