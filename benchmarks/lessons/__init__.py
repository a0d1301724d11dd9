"""Per-lesson benchmarks for `make bench`, one module per lesson (``lessonNN.py``).

A module may define:

* ``WIDGETS``: a list of ``(name, setup)``; ``setup()`` builds a widget and
  returns a list of zero-argument actions, each changing one control the way a
  learner would. The benchmark times each action, from the change to the new
  output being ready in the kernel (observers have run), and reports the median.
* ``extra()``: other figures, returned as ``(name, value, budget, ok)`` rows
  (for example the speed of a simulation against its budget).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if info.name.startswith("lesson")
    ]
