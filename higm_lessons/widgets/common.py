"""Small helpers shared by every lesson's widgets."""

from __future__ import annotations

import functools
import html
import inspect
import json
import numbers
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import ipywidgets as w
import mistune
import pandas as pd
from IPython.display import display

if TYPE_CHECKING:
    import plotly.graph_objects as go

from higm_lessons.data import unchanged
from higm_lessons.glossary import glossary
from higm_lessons.presenting import HEIGHT_SCALE, font_scale
from higm_lessons.presets import choose
from higm_lessons.progress import CONFIDENCE, ProgressStore, default_path

_STORES: dict[Path, ProgressStore] = {}

# Control styles: labels as wide as their text; toggle buttons as wide as their label.
LABEL_STYLE = {"description_width": "initial"}
TOGGLE_STYLE = {"description_width": "initial", "button_width": "auto"}

MODE_LABELS = [("X-linked (CD40LG)", "x-linked"), ("Autosomal (AICDA, CD40, UNG)", "autosomal")]
"""The inheritance modes offered by the lesson 04 and 05 toggles: (label, mode)."""

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


# Figures set while a guarded callback runs, sent when it ends (see set_figure).
_PENDING_FIGURES: dict[int, tuple[w.Output, tuple]] = {}
_CALLBACK_DEPTH = [0]


def _drawing_work(outputs: tuple) -> int:
    """A rough measure of the browser's work to draw these figures (subplots weigh most)."""
    work = 0
    for output in outputs:
        spec = output["data"].get(PLOTLY_MIME, {})
        layout = spec.get("layout", {})
        axes = sum(1 for key in layout if key.startswith(("xaxis", "yaxis")))
        work += len(spec.get("data", ())) + len(layout.get("annotations", ()))
        work += len(layout.get("shapes", ())) + 10 * axes
    return work


def _send_pending_figures() -> None:
    """Send the figures held during a callback, the quickest to draw first: each figure
    sent keeps the browser busy with its redraw before it reads the next message."""
    pending = sorted(_PENDING_FIGURES.values(), key=lambda item: _drawing_work(item[1]))
    _PENDING_FIGURES.clear()
    for output, outputs in pending:
        output.outputs = outputs


def guarded(status: Callable[[], w.HTML]) -> Callable:
    """Decorate a widget callback so any error shows as a message in ``status()``.

    Bad entries (``ValueError``/``TypeError``) show their message; anything
    else shows a short apology and the error's type. No traceback reaches the
    learner. Figures the callback sets are sent when it ends, after its text. The data
    folder is looked at once per reaction (:func:`higm_lessons.data.unchanged`).
    """

    def decorate(handler: Callable) -> Callable:
        @functools.wraps(handler)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            _CALLBACK_DEPTH[0] += 1
            try:
                with unchanged():
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
            finally:
                _CALLBACK_DEPTH[0] -= 1
                if _CALLBACK_DEPTH[0] == 0:
                    _send_pending_figures()
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


ACCESSIBILITY_JS = Path(__file__).with_name("accessibility.js")


class Accessibility(anywidget.AnyWidget):
    """The course's accessibility layer in the browser (``accessibility.js``), installed
    once per page by the first panel drawn: every slider handle is named by its
    description (what it sets and its unit) and told its shown value; every figure gets
    the role "figure" and a name (its title and its takeaway); toggle buttons and radio
    buttons form a group named by their description; a takeaway that changes
    sits in a polite live region, read out once without moving the focus. It also
    underlines links, draws a visible focus ring and lets controls reflow on a narrow
    screen. It shows nothing itself."""

    _esm = ACCESSIBILITY_JS.read_text(encoding="utf-8")


_ACCESSIBILITY: list[Accessibility] = []


def accessibility() -> Accessibility:
    """The kernel's one (hidden) accessibility widget; every panel holds it."""
    if not _ACCESSIBILITY:
        _ACCESSIBILITY.append(Accessibility(layout=w.Layout(display="none")))
    return _ACCESSIBILITY[0]


def panel(*children: w.Widget, css_class: str) -> w.VBox:
    """A bordered box holding one interactive, with a CSS class tests and styles can find
    (and the hidden :class:`Accessibility` widget, so every lesson page has it)."""
    box = w.VBox(
        [*children, accessibility()],
        layout=w.Layout(border="1px solid #bbb", padding="8px", margin="8px 0", width="100%"),
    )
    box.add_class("higm-panel")
    box.add_class(css_class)
    return box


def _cell_text(value: object) -> str:
    """A table cell's text, escaped; a missing number is an empty cell."""
    missing = isinstance(value, float) and value != value
    return "" if missing else html.escape(str(value))


def table_html(head: Iterable[object], rows: Iterable[Iterable[str]], css_class: str) -> str:
    """A table with a header row (``head``, escaped) and ``rows`` of cells that are already
    HTML (escape text with :func:`html.escape`; a cell may hold markup, such as a bar)."""
    header = "".join(f"<th scope='col'>{html.escape(str(h))}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<table class="{html.escape(css_class)}"><thead><tr>{header}</tr></thead>'
            f"<tbody>{body}</tbody></table>")  # fmt: skip


def frame_html(frame: pd.DataFrame, css_class: str) -> str:
    """A small table as HTML: a header row of its column names, every cell escaped (pandas'
    ``to_html`` takes milliseconds that a widget's reaction has better uses for)."""
    rows = ([_cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None))
    return table_html(frame.columns, rows, css_class)


def facts_table(rows: Iterable[tuple[object, object]], css_class: str) -> str:
    """Label/value pairs as a two-column HTML table, every cell escaped."""
    cells = "".join(
        "<tr><th style='text-align:left;padding-right:12px;vertical-align:top'>"
        f"{html.escape(str(label))}</th><td>{html.escape(str(value))}</td></tr>"
        for label, value in rows
    )
    return f'<table class="{html.escape(css_class)}">{cells}</table>'


def run_once(widget: w.Widget, handler: Callable[[], object]) -> None:
    """Run ``handler()`` with errors shown in ``widget.status``, ignoring calls made while it
    runs (a handler that sets a control would otherwise set itself off again)."""
    if getattr(widget, "_busy", False):
        return
    widget._busy = True
    try:
        guarded(lambda: widget.status)(handler)()
    finally:
        widget._busy = False


def boxed(inner: w.Widget, css_class: str) -> w.VBox:
    """``inner`` in a :func:`panel`; tests and instructors reach the widget as ``box.inner``."""
    box = panel(inner, css_class=css_class)
    box.inner = inner
    return box


def _control(widget: w.Widget, path: str) -> Any:
    """The control at ``path`` (attribute names joined by dots) on a widget (or its inner)."""
    target: Any = getattr(widget, "inner", widget)
    for part in path.split("."):
        if not hasattr(target, part):
            raise ValueError(f"controls: {type(target).__name__} has no control {path!r}")
        target = getattr(target, part)
    if not isinstance(target, w.ValueWidget):
        raise ValueError(f"controls: {path!r} is not a control with a value")
    return target


def set_controls(widget: w.Widget, controls: dict[str, Any]) -> None:
    """Set each control of ``widget`` named in ``controls`` (path -> value), in order, as a
    learner would: the widget's own handlers run and redraw. A list becomes a tuple (the
    value of a multiple-choice control)."""
    for path, value in controls.items():
        control = _control(widget, path)
        control.value = tuple(value) if isinstance(value, list) else value


def starting(
    make: Callable[..., w.Widget],
    name: str,
    preset: str | None = None,
    args: dict[str, Any] | None = None,
    controls: dict[str, Any] | None = None,
) -> w.Widget:
    """Build a lesson widget in its starting state: a named preset (``data/presets.toml``;
    without ``preset``, the one the page's address asks for, ``?preset=name``), then the
    explicit ``args`` (passed to ``make``) and ``controls`` (set after, see
    :func:`set_controls`), which win over the preset's."""
    chosen = choose(name, preset)
    widget = make(**{**(chosen.args if chosen else {}), **(args or {})})
    set_controls(widget, {**(chosen.controls if chosen else {}), **(controls or {})})
    return widget


def presettable(factory: Callable[..., w.Widget]) -> Callable[..., w.Widget]:
    """Let a lesson's widget function start in a named preset or an explicit state.

    The decorated function gains two keyword arguments: ``preset`` (a name in
    ``data/presets.toml`` for the function's name; without it, the preset asked for by
    the page's address, ``?preset=name``) and ``controls`` (control path -> value, set
    after the widget is built). The function's own keyword arguments win over the
    preset's ``args``; ``controls`` over the preset's controls.
    """

    @functools.wraps(factory)
    def wrapper(
        *args: Any,
        preset: str | None = None,
        controls: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> w.Widget:
        return starting(
            lambda **merged: factory(*args, **merged), factory.__name__, preset, kwargs,
            controls,
        )  # fmt: skip

    own = inspect.signature(factory)
    extra = [
        inspect.Parameter("preset", inspect.Parameter.KEYWORD_ONLY, default=None),
        inspect.Parameter("controls", inspect.Parameter.KEYWORD_ONLY, default=None),
    ]
    params = list(own.parameters.values())
    at = next((i for i, p in enumerate(params) if p.kind == p.VAR_KEYWORD), len(params))
    wrapper.__signature__ = own.replace(  # type: ignore[attr-defined]
        parameters=[*params[:at], *extra, *params[at:]]
    )
    return wrapper


PLOTLY_MIME = "application/vnd.plotly.v1+json"
# Responsive mode is off: it sizes the plot to 100% of a parent whose height is not yet set
# when a widget first appears, which lays the first figure out at zero height in JupyterLab
# and Voila. Course figures have a fixed height and follow the cell's width when drawn.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": False}


def _enlarge_fonts(node: Any, scale: float) -> None:
    """Scale every font size set in ``node`` (a figure's layout or a part of it)."""
    if isinstance(node, list):
        for item in node:
            _enlarge_fonts(item, scale)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and "size" in value:
                value["size"] = round(float(value["size"]) * scale, 1)
            _enlarge_fonts(value, scale)


def _vertical_margins(layout: dict[str, Any], scale: float) -> tuple[float, float]:
    """The top and bottom margins of ``layout`` together, on a laptop and on the projector:
    its own (scaled on the projector), else the template's (already drawn at ``scale``)."""
    template = layout.get("template", {}).get("layout", {}).get("margin", {})
    own = layout.get("margin", {})
    laptop = sum(own[s] if s in own else template.get(s, 0) / scale for s in ("t", "b"))
    projector = sum(own[s] * scale if s in own else template.get(s, 0) for s in ("t", "b"))
    return laptop, projector


def _enlarge(layout: dict[str, Any], scale: float) -> None:
    """A figure laid out for the projector: the fonts and margins it sets itself scaled
    (the course template is already scaled, see :mod:`higm_lessons.theme`).

    The plot area grows by :data:`HEIGHT_SCALE` (the figure grows by that and by its larger
    margins), so larger margins never squeeze it; a legend below the plot moves beside it,
    so that it never covers the larger tick labels and axis title."""
    _enlarge_fonts({k: v for k, v in layout.items() if k != "template"}, scale)
    height = layout.get("height")
    if height:
        laptop, projector = _vertical_margins(layout, scale)
        plot = height - laptop
        layout["height"] = round(max(height * HEIGHT_SCALE, projector + plot * HEIGHT_SCALE))
    legend = layout.get("legend", {})
    if legend.get("orientation") == "h" and legend.get("y", 1) < 0:
        # beside the plot, not under it: under it, the larger tick labels and axis title
        # would run into a legend placed for a laptop (the wide screen has room at the side)
        legend.update(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top")
    margin = layout.get("margin", {})
    for side in ("l", "r", "t", "b"):
        if side in margin:
            margin[side] = round(margin[side] * scale)


def figure_bundle(fig: go.Figure) -> dict[str, Any]:
    """A plotly figure as a display bundle that JupyterLab and Voilà render natively.

    Building the bundle from ``fig.to_json()`` avoids plotly's renderer
    machinery (slow to import) and FigureWidget's per-figure JavaScript payload.
    """
    payload = json.loads(fig.to_json())
    payload["config"] = PLOTLY_CONFIG
    scale = font_scale()
    if scale != 1.0:
        _enlarge(payload["layout"], scale)
        _enlarge_fonts(payload.get("data", []), scale)
    title = fig.layout.title.text or "figure"
    return {PLOTLY_MIME: payload, "text/plain": f"<plotly figure: {title}>"}


SCROLLER = "overflow-x:auto;max-width:100%"
"""A wide table scrolls sideways in its own box, not the page (reflow at 200% zoom)."""

MAX_ROWS = 25
"""Longest table of a series in "Show the data"; a longer series shows evenly spaced points."""


def _cell(value: object) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        return "<0.0001" if 0 < abs(number) < 0.0001 else f"{number:.4g}"
    return " ".join(re.sub(r"<[^>]*>", " ", str(value)).split())


def _axis_title(fig: go.Figure, trace: Any, axis: str) -> str:
    ref = getattr(trace, f"{axis}axis", None) or axis
    layout_axis = fig.layout[f"{axis}axis{ref[1:]}"]
    return _cell(layout_axis.title.text or axis) if layout_axis is not None else axis


def _series_table(fig: go.Figure, trace: Any) -> dict[str, Any] | None:
    """One trace's points as a table: its x and y (and label text), ``None`` gaps dropped."""
    if trace.type not in ("scatter", "bar") or trace.hoverinfo == "skip":
        return None
    xs = list(trace.x) if trace.x is not None else []
    ys = list(trace.y) if trace.y is not None else []
    texts = trace.text if isinstance(trace.text, list | tuple) else None
    points = [
        i for i, (x, y) in enumerate(zip(xs, ys, strict=False)) if x is not None and y is not None
    ]
    if not points:
        return None
    columns = [_axis_title(fig, trace, "x"), _axis_title(fig, trace, "y")]
    caption = _cell(trace.name or "Data")
    if len(points) > MAX_ROWS:
        picks = sorted({round(k * (len(points) - 1) / (MAX_ROWS - 1)) for k in range(MAX_ROWS)})
        caption += f" ({len(picks)} evenly spaced points of {len(points)})"
        points = [points[k] for k in picks]
    rows = [
        [_cell(xs[i]), _cell(ys[i]), *([_cell(texts[i])] if texts else [])] for i in points
    ]
    return {"caption": caption, "columns": columns + (["Label"] if texts else []), "rows": rows}


def figure_tables(fig: go.Figure) -> list[dict[str, Any]]:
    """The numbers ``fig`` draws as tables (caption, columns, rows of text). A figure may give
    its own in ``layout.meta["data_table"]`` (a pedigree lists its people); otherwise each
    data series is a table of its points; a drawing without data lists its labels."""
    meta = fig.layout.meta
    if isinstance(meta, dict) and "data_table" in meta:
        return list(meta["data_table"])
    tables = [t for t in (_series_table(fig, trace) for trace in fig.data) if t]
    if not tables:
        labels = [_cell(a.text) for a in fig.layout.annotations if a.text]
        if labels:
            tables = [{"caption": "Labels in the drawing", "columns": ["Label"],
                       "rows": [[label] for label in labels]}]  # fmt: skip
    return tables


def _table_html(table: dict[str, Any]) -> str:
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in table["columns"])
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in table["rows"]
    )
    return (
        f'<div class="higm-table-scroll" style="{SCROLLER}"><table><caption>'
        f'{html.escape(table["caption"])}'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def figure_data_bundle(fig: go.Figure) -> dict[str, str]:
    """The figure's numbers as text: a closed "Show the data: <title>" disclosure (HTML
    ``details``, opened with Enter or Space) and the same tables as plain text."""
    title = _cell(fig.layout.title.text or "the figure")
    tables = figure_tables(fig) or [
        {"caption": "No data points: the takeaway describes this drawing", "columns": [],
         "rows": []}
    ]  # fmt: skip
    plain = "\n\n".join(
        "\n".join([t["caption"], " | ".join(t["columns"]), *(" | ".join(r) for r in t["rows"])])
        for t in tables
    )
    body = "".join(_table_html(t) for t in tables)
    return {
        "text/html": f'<details class="higm-data"><summary>Show the data: {html.escape(title)}'
        f"</summary>{body}</details>",
        "text/plain": f"Show the data: {title}\n{plain}",
    }


def set_figure(output: w.Output, fig: go.Figure) -> None:
    """Replace what ``output`` shows with ``fig`` (one message, no flicker of a cleared area).

    Speed in the browser: inside a :func:`guarded` callback the figure is sent when the
    callback ends, after the texts it changed. Drawing a plotly figure keeps the browser
    busy (the plot, a redraw and an image of it), and widget messages are handled in
    order, so text sent after a figure would wait for all of that. A figure equal to the
    one shown is not sent again.
    """
    set_figures(output, fig)


def figure_bundles(*figs: go.Figure) -> list[dict[str, Any]]:
    """The display bundles of ``figs``: the figures, then each one's numbers as text."""
    return [figure_bundle(fig) for fig in figs] + [figure_data_bundle(fig) for fig in figs]


def show_figure(fig: go.Figure) -> None:
    """Show ``fig`` in a lesson's cell as the widgets show theirs: drawn the course's way
    (larger in presenter mode) and followed by "Show the data", its numbers as text."""
    import plotly.graph_objects as go  # loaded by the figure module that made ``fig``

    if not isinstance(fig, go.Figure):
        raise TypeError(f"fig must be a plotly Figure, not {type(fig).__name__}")
    for bundle in figure_bundles(fig):
        display(bundle, raw=True)


def set_figures(output: w.Output, *figs: go.Figure) -> None:
    """Show ``figs`` one below the other in ``output``, as :func:`set_figure` does one.

    Figures in one output arrive in one message and are drawn together; figures in
    separate outputs are drawn one message at a time, each after the last one's redraw.
    Below the figures, each has its numbers as text (:func:`figure_data_bundle`).
    """
    outputs = tuple(
        {"output_type": "display_data", "data": bundle, "metadata": {}}
        for bundle in figure_bundles(*figs)
    )
    pending = _PENDING_FIGURES.get(id(output))
    shown = pending[1] if pending else output.outputs
    if [o.get("data") for o in shown] == [o["data"] for o in outputs]:
        return
    if _CALLBACK_DEPTH[0]:
        _PENDING_FIGURES[id(output)] = (output, outputs)
    else:
        output.outputs = outputs


def figures_output(*figs: go.Figure) -> w.Output:
    """An output area showing ``figs`` one below the other; update it with :func:`set_figures`."""
    output = w.Output(layout=w.Layout(width="100%"))
    output.add_class("higm-figure")
    heights = [int(fig.layout.height) for fig in figs if fig.layout.height]
    if heights:
        output.layout.min_height = f"{sum(heights)}px"
    set_figures(output, *figs)
    return output


def figure_output(fig: go.Figure | None = None) -> w.Output:
    """An output area showing ``fig`` (or nothing yet); update it with :func:`set_figure`."""
    output = w.Output(layout=w.Layout(width="100%"))
    output.add_class("higm-figure")
    if fig is None:
        return output
    if fig.layout.height:
        output.layout.min_height = f"{int(fig.layout.height)}px"
    set_figure(output, fig)
    return output


def takeaway_html(text: str) -> str:
    """A figure's text takeaway (escaped), in the class the lessons and browser tests look for."""
    return f'<p class="higm-takeaway"><b>Takeaway:</b> {html.escape(text)}</p>'


_MARKDOWN = mistune.create_markdown(escape=True)


def markdown_html(text: str) -> str:
    """Markdown from a data file as HTML; any raw HTML in it is escaped, not rendered."""
    return str(_MARKDOWN(str(text)))


def confidence_control() -> w.ToggleButtons:
    """How sure the learner is (sure / think so / guessing); starts unset, so it is a choice."""
    control = w.ToggleButtons(
        options=list(CONFIDENCE),
        value=None,
        description="How sure are you?",
        tooltips=[
            "I am sure of this answer",
            "I think this is right",
            "I am guessing",
        ],
        style=TOGGLE_STYLE,
    )
    control.add_class("higm-confidence")
    return control


def utc_text(stamp: str) -> str:
    """A stored ISO time as a short UTC date and time, such as ``2026-12-01 21:05 UTC``."""
    return f"{stamp[:10]} {stamp[11:16]} UTC"


class DataToggle:
    """Tables folded away behind a "Show the data" header (an Accordion, closed at first).

    In a notebook the toggle is shown; its plain-text form (kept in saved outputs and checked
    by nbval) is the tables' text, so the numbers a lesson relies on stay under test.
    """

    def __init__(self, tables: tuple[Any, ...], title: str, index: bool) -> None:
        if not tables or not all(isinstance(t, pd.DataFrame | pd.Series) for t in tables):
            raise TypeError("tables must be one or more pandas DataFrames or Series")
        if not isinstance(title, str) or not title.strip():
            raise ValueError(f"title must be a non-empty string, not {title!r}")
        self.text = "\n\n".join(t.to_string(index=index) for t in tables)
        body = w.HTML(f'<pre class="higm-data-text">{html.escape(self.text)}</pre>')
        self.accordion = w.Accordion(children=[body], selected_index=None)
        self.accordion.set_title(0, f"Show the data: {title.strip()}")
        self.accordion.add_class("higm-show-data")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.accordion._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = self.text
        return bundle


def show_data(*tables: Any, title: str = "the table", index: bool = True) -> DataToggle:
    """Raw tables behind a closed "Show the data: ``title``" toggle; the prose carries the point."""
    return DataToggle(tables, title, index)


def glossary_table() -> w.HTML:
    """The course glossary as one HTML table, each row anchored as ``glossary-ABBR``."""
    rows = "".join(
        f'<tr id="glossary-{html.escape(r.abbreviation)}"><th scope="row">'
        f"<abbr>{html.escape(r.abbreviation)}</abbr></th><td>{html.escape(r.term)}</td>"
        f"<td>{html.escape(r.definition)}</td><td>{html.escape(r.lesson)}</td>"
        f"<td>{html.escape(r.source)}</td></tr>"
        for r in glossary().sort_values("abbreviation", key=lambda s: s.str.lower()).itertuples()
    )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Abbreviation", "Stands for", "In plain words", "First used in lesson", "Source")
    )
    table = w.HTML(
        f'<div class="higm-table-scroll" style="{SCROLLER}"><table class="higm-glossary">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
    table.add_class("higm-glossary")
    return table
