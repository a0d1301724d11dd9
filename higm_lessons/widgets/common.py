"""Small helpers shared by every lesson's widgets."""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from higm_lessons.progress import ProgressStore, default_path

_STORES: dict[Path, ProgressStore] = {}

KIND_STYLE = {
    "ok": ("✔", "#006d4f", "#e7f5ef"),
    "info": ("ℹ", "#0b4f79", "#e8f2fa"),
    "warn": ("⚠", "#8a4b00", "#fdf3e2"),
    "error": ("✘", "#9c2f00", "#fdebe4"),
}


def message_html(text: str, kind: str = "info") -> str:
    """An escaped message line with a symbol as well as a colour (never colour alone)."""
    symbol, fg, bg = KIND_STYLE[kind]
    body = "<br>".join(html.escape(line) for line in str(text).splitlines())
    return (
        f'<div class="higm-msg higm-msg-{kind}" role="status" style="color:{fg};'
        f'background:{bg};padding:6px 10px;border-left:4px solid {fg};margin:4px 0">'
        f"<b>{symbol}</b> {body}</div>"
    )


def show_message(target: w.HTML, text: str, kind: str = "info") -> None:
    target.value = message_html(text, kind)


def guarded(status: Callable[[], w.HTML]) -> Callable:
    """Decorate a widget callback so any error shows as a message in ``status()``.

    Bad entries (``ValueError``/``TypeError``) show their message; anything
    else shows a short apology and the error's type. No traceback reaches the
    learner.
    """

    def decorate(handler: Callable) -> Callable:
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            try:
                return handler(*args, **kwargs)
            except (ValueError, TypeError) as exc:
                show_message(status(), str(exc), "error")
            except Exception as exc:  # the learner sees a message, not a traceback
                show_message(
                    status(),
                    f"Something went wrong ({type(exc).__name__}: {exc}). "
                    "Re-run the cell to start the widget again.",
                    "error",
                )
            return None

        return wrapper

    return decorate


def progress_store() -> ProgressStore:
    """The kernel's progress store (one per progress file), opened on first use."""
    path = default_path()
    if path not in _STORES:
        _STORES[path] = ProgressStore(path)
    return _STORES[path]


def button(
    description: str, *, tooltip: str, icon: str = "", primary: bool = False, toggle: bool = False
) -> w.Button | w.ToggleButton:
    """A keyboard-operable button sized to its label, with a tooltip saying what it does."""
    kind = w.ToggleButton if toggle else w.Button
    options = {"value": False} if toggle else {"button_style": "primary" if primary else ""}
    return kind(
        description=description,
        tooltip=tooltip,
        icon=icon,
        layout=w.Layout(width="auto"),
        **options,
    )


def panel(*children: w.Widget, css_class: str) -> w.VBox:
    """A bordered box holding one interactive, with a CSS class tests and styles can find."""
    box = w.VBox(
        list(children),
        layout=w.Layout(border="1px solid #bbb", padding="8px", margin="8px 0", width="100%"),
    )
    box.add_class("higm-panel")
    box.add_class(css_class)
    return box


PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def figure_bundle(fig) -> dict:
    """A plotly figure as a display bundle that JupyterLab and Voilà render natively.

    Building the bundle from ``fig.to_json()`` avoids plotly's renderer
    machinery (slow to import) and FigureWidget's per-figure JavaScript payload.
    """
    payload = json.loads(fig.to_json())
    payload["config"] = PLOTLY_CONFIG
    title = fig.layout.title.text or "figure"
    return {PLOTLY_MIME: payload, "text/plain": f"<plotly figure: {title}>"}


def set_figure(output: w.Output, fig) -> None:
    """Replace what ``output`` shows with ``fig`` (one message, no flicker of a cleared area)."""
    output.outputs = ({"output_type": "display_data", "data": figure_bundle(fig), "metadata": {}},)


def figure_output(fig) -> w.Output:
    """An output area showing ``fig``; update it later with :func:`set_figure`."""
    output = w.Output(layout=w.Layout(width="100%"))
    output.add_class("higm-figure")
    set_figure(output, fig)
    return output
