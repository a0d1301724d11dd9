"""What `make bench` does in each lesson, one module per lesson (``lessonNN.py``).

Each module defines:

* ``KERNEL``: the lesson's main control for the kernel reaction, a :class:`KernelReaction`.
  After the lesson has run top to bottom in a real kernel, the benchmark changes the control
  from code (``control`` is a Python expression of ``box``, the lesson's panel found by its
  CSS class) through the values in turn, each a real change, and times each change until the
  kernel is idle with its widget messages sent.
* ``BROWSER``: one or more :class:`BrowserReaction`, interactions a learner makes in
  JupyterLab (key presses on a slider or list, clicks on buttons, typing a value and Enter),
  each timed from the key press or click to the output's DOM change.

Every notebook in notebooks/ must have a module (``lessonNN.py``, or the notebook's own
name for notebooks that are not lessons): the benchmark stops otherwise. A notebook with
nothing to interact with sets ``KERNEL = None`` and ``BROWSER = []``.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType


@dataclass(frozen=True)
class KernelReaction:
    name: str
    panel: str  # CSS class of the lesson's boxed widget (see widgets.common.boxed)
    control: str  # Python expression of `box` giving the control, e.g. "box.inner.dose"
    values: tuple = ()  # values to set in turn; empty: step through the control's options
    click: bool = False  # a button: each change is control.click()


@dataclass(frozen=True)
class BrowserReaction:
    """One interaction in the page, repeated with a real change each time.

    kind:
      "keys"    focus ``target`` (inside the panel) and press ``keys`` in turn (a slider
                handle or a list); ``setup_keys`` are pressed first, untimed;
      "select"  focus the ``target`` list and step down then up through its options with
                the arrow keys (never past an end, so every press is a change);
      "toggle"  click the next button of the ``target`` toggle-button group each time;
      "buttons" click the buttons named in ``keys`` in turn (by their accessible name);
      "type"    fill the ``target`` text box with each of ``values`` and press Enter
                (the Enter is timed).
    """

    name: str
    panel: str  # CSS selector of the lesson's panel
    kind: str
    target: str = ""
    keys: tuple = ()
    setup_keys: tuple = ()
    values: tuple = ()
    output: str = ".higm-figure, .higm-takeaway"  # what must change, inside the panel
    main: bool = True  # the lesson's main interaction (held to the budget)
    extra: dict = field(default_factory=dict)


def modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]


def notebook_key(path: Path) -> str:
    """A notebook's key: its lesson number ("00") or, for other notebooks, its name."""
    return path.name[:2] if path.name[:2].isdigit() else path.stem


def by_lesson() -> dict[str, ModuleType]:
    """Notebook key (lesson number "00", or "glossary") -> its benchmark module."""
    return {m.__name__.rsplit(".", 1)[-1].removeprefix("lesson"): m for m in modules()}
