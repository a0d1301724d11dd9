"""Course-styled plotly figures built from plain dicts, for figures redrawn on every click.

Plotly validates every property it is given, which costs tens of milliseconds
for a figure with many shapes. The course layout (template, fonts, axes) is
taken once from :func:`higm_lessons.theme.figure`, which also checks the
titles; the figure-specific parts are trusted dicts built by course code.
"""

from __future__ import annotations

import functools
from typing import Any

import plotly.graph_objects as go

from higm_lessons import theme


@functools.cache
def _base() -> dict:
    return theme.figure(title="-", x_title="-", y_title="-").to_plotly_json()


def _merged(base: dict, extra: dict) -> dict:
    """``base`` updated with ``extra``, nested dicts merged; ``base`` is left unchanged and
    the parts ``extra`` does not touch (such as the template) are shared, not copied."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _merged(base[key], value)
        else:
            merged[key] = value
    return merged


def fast_figure(
    *, title: str, x_title: str, y_title: str, data: list[dict], **layout: Any
) -> go.Figure:
    """A figure in the course style from trace dicts and layout settings (not re-validated)."""
    for name, value in (("title", title), ("x_title", x_title), ("y_title", y_title)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty string; every course figure is labelled")
    titles = {
        "title": {"text": title},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
    }
    spec = {"data": data, "layout": _merged(_merged(_base()["layout"], titles), layout)}
    return go.Figure(spec, _validate=False)


def spec_figure(layout: dict, data: list[dict]) -> go.Figure:
    """A figure from a whole trusted layout dict (it replaces the course's top-level keys, so
    axes it gives should start from :data:`theme.AXIS`) and trace dicts (not re-validated)."""
    title = layout.get("title", {}).get("text")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("layout needs a title; every course figure is labelled")
    base = dict(_base()["layout"])  # shallow: the cached course layout is never modified
    base.update(layout)
    return go.Figure({"data": data, "layout": base}, _validate=False)
