"""Is the lesson being presented on a projector, and what did the page's address ask for?

``make present`` serves the lessons in Voilà with the course's projector template
(``higm-present``) and sets :data:`PRESENT_ENV` for the kernels it starts. Voilà inside
JupyterLab uses the same template when the address asks for it
(``.../voila/render/notebooks/04_inheritance_patterns.ipynb?template=higm-present``);
Voilà passes the address's query string to the kernel in the ``QUERY_STRING``
environment variable, read here. When presenting, figures are drawn with larger
fonts (see :data:`FONT_SCALE`), to match the projector theme's larger text.

The query string also carries a live demo's preset (``?preset=four-sons``; see
:mod:`higm_lessons.presets`). Outside Voilà there is no query string, so no preset.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

PRESENT_ENV = "HIGM_PRESENT"
"""Set to ``1`` by ``make present`` for the kernels of the presented lessons."""
TEMPLATE = "higm-present"
"""The Voilà template of the projector theme (in jupyter-config/voila/templates/)."""
FONT_SCALE = 1.5
"""Figure fonts when presenting, as a multiple of their size on a laptop: the projector
theme's body text is 24 px where JupyterLab's is 14 px to 16 px."""
HEIGHT_SCALE = 1.2
"""Figure heights when presenting, so that the larger fonts leave room for the plot."""


def query_parameters() -> dict[str, str]:
    """The page address's query parameters (the last value of each), or {} outside Voilà."""
    query = os.environ.get("QUERY_STRING", "")
    return {name: values[-1] for name, values in parse_qs(query).items() if values}


def presenting() -> bool:
    """True when the lesson is shown in the projector theme (``make present``, or
    ``?template=higm-present`` in Voilà)."""
    if os.environ.get(PRESENT_ENV, "") == "1":
        return True
    return query_parameters().get("template") == TEMPLATE


def font_scale() -> float:
    """How much larger figure fonts are drawn now: :data:`FONT_SCALE` when presenting, else 1."""
    return FONT_SCALE if presenting() else 1.0


def requested_preset() -> str | None:
    """The preset the page's address asks for (``?preset=name``), or None."""
    name = query_parameters().get("preset", "").strip()
    return name or None
