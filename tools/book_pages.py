"""Turn an executed lesson notebook into a page of the static edition (``make book``).

Each function takes and returns notebook parts (nbformat nodes or plain dicts), so every
rule the edition follows is tested on its own (tests/test_book_pages.py):

- the student edition only: cells tagged ``instructor`` are removed;
- launch links on every page: Binder at the release tag with ``urlpath`` to the lesson,
  an nbgitpuller link for a class JupyterHub, the notebook to download and its PDF;
- no dead control that looks alive: every embedded widget's controls are switched off,
  and a line beside the widget says it needs Python, with the launch links;
- plotly figures, in cells and inside Output widgets, drawn by the site's own plotly.js;
- answers stay honest: model answers of prompts and the self-check's answers are folded
  behind "try it in the live course first";
- each lesson's kernel-free interaction (``higm_lessons.figures.kernel_free``) right after
  the live widget it stands in for.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import nbformat

from deploy import class_link
from higm_lessons import prompts, quiz
from higm_lessons.widgets.common import PLOTLY_CONFIG, PLOTLY_MIME, markdown_html

REPOSITORY = "higm-course/higm-course"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
INSTRUCTOR_TAG = "instructor"
HUB_PLACEHOLDER = "https://YOUR-JUPYTERHUB"
TRY_FIRST = "try it in the live course first"


@dataclass(frozen=True)
class Links:
    """Where one page's notebook can be run, downloaded and printed."""

    binder: str
    hub: str
    hub_is_template: bool
    download: str
    pdf: str | None


def links_for(notebook: str, *, release: str, hub: str | None, pdf: bool) -> Links:
    """The launch links of ``notebook`` (a file name in notebooks/) at tag ``release``.

    ``hub``: a class JupyterHub's address; without one the nbgitpuller link is a template
    with :data:`HUB_PLACEHOLDER` for an instructor to fill in.
    """
    path = f"notebooks/{notebook}"
    binder = (
        f"https://mybinder.org/v2/gh/{REPOSITORY}/{urllib.parse.quote(release)}"
        f"?urlpath={urllib.parse.quote(f'lab/tree/{path}', safe='')}"
    )
    # The class link of deploy/class_link.py: the class branch of the release, which
    # nbgitpuller can pull again on every later click (a tag it cannot).
    hub_link = class_link.link(
        hub or HUB_PLACEHOLDER, f"https://github.com/{REPOSITORY}", release, page=path
    )
    stem = notebook.removesuffix(".ipynb")
    return Links(
        binder=binder,
        hub=hub_link,
        hub_is_template=hub is None,
        download=f"../download/{notebook}",
        pdf=f"../pdf/{stem}.pdf" if pdf else None,
    )


def launch_bar(links: Links) -> str:
    """The launch links as one HTML block for the top of a page."""
    e = html.escape
    parts = [
        f'<a class="higm-launch-binder" href="{e(links.binder)}">'
        "Run this lesson live on Binder</a>",
        f'<a class="higm-launch-download" href="{e(links.download)}" download>'
        "Download the notebook</a>",
    ]
    if links.pdf:
        parts.append(f'<a class="higm-launch-pdf" href="{e(links.pdf)}">PDF for printing</a>')
    if links.hub_is_template:
        hub = (
            '<details class="higm-launch-hub"><summary>For a class JupyterHub</summary>'
            "<p>Instructors: publish this release's class branch once (<code>make class-link "
            "REF=&lt;tag&gt; HUB=&lt;your hub&gt;</code> prints the command and the link), "
            "then give your class this nbgitpuller link with your hub's address in place of "
            f"<code>{e(HUB_PLACEHOLDER)}</code>:</p>"
            f'<p class="higm-hub-link"><code>{e(links.hub)}</code></p></details>'
        )
    else:
        hub = f'<a class="higm-launch-hub" href="{e(links.hub)}">Open on the class JupyterHub</a>'
    return (
        '<nav class="higm-launch" aria-label="Run or download this lesson">'
        "<p>This page is a read-only edition: the widgets need Python to respond. "
        f"{' · '.join(parts)}</p>{hub}</nav>"
    )


def needs_kernel_note(links: Links) -> str:
    """The line shown above every embedded widget: it needs Python, and where to get it."""
    return (
        '<p class="higm-needs-kernel" role="note"><strong>Needs Python:</strong> '
        "this widget is shown as it was when the page was built, and its controls are "
        "switched off here. "
        f'<a href="{html.escape(links.binder)}">Run it live on Binder</a> or '
        f'<a href="{html.escape(links.download)}" download>download the notebook</a>.</p>'
    )


def plotly_html(spec: dict[str, Any]) -> str:
    """A plotly figure spec as an HTML block the site's script draws with its own plotly.js
    (no script runs from the block itself: the spec is JSON data)."""
    title = (spec.get("layout", {}).get("title") or {}).get("text") or "figure"
    payload = json.dumps({**spec, "config": {**PLOTLY_CONFIG, **spec.get("config", {})}},
                         separators=(",", ":"))  # fmt: skip
    payload = payload.replace("</", "<\\/")  # the JSON cannot close its script element
    return (
        f'<div class="higm-plotly" role="figure" aria-label="{html.escape(title)}">'
        f'<script type="application/json" class="higm-plotly-spec">{payload}</script></div>'
    )


def html_output(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={"text/html": text})


def static_output(output: dict[str, Any]) -> dict[str, Any]:
    """``output`` with a plotly figure turned into :func:`plotly_html` (others unchanged)."""
    data = output.get("data", {})
    if PLOTLY_MIME not in data:
        return output
    spec = data[PLOTLY_MIME]
    return {**output, "data": {"text/html": plotly_html(spec), "text/plain": data.get(
        "text/plain", "")}}  # fmt: skip


def static_widget_state(state: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The widget state with every control switched off and every plotly figure inside an
    Output widget drawn by the site; returns it and how many controls were switched off."""
    models = {}
    switched_off = 0
    for model_id, model in state.get("state", {}).items():
        values = dict(model.get("state", {}))
        if "disabled" in values and not values["disabled"]:
            values["disabled"] = True
            switched_off += 1
        if "outputs" in values:
            values["outputs"] = [static_output(o) for o in values["outputs"]]
        models[model_id] = {**model, "state": values}
    return {**state, "state": models}, switched_off


PROMPT_CALL = re.compile(r"""\bprompt\(\s*["'](\d\d)["']\s*,\s*["']([^"']+)["']\s*\)""")
QUIZ_CALL = re.compile(r"""\bquiz\(\s*["'](\d\d)["']\s*\)""")


def _folded(summary: str, body: str, css_class: str) -> str:
    return (
        f'<details class="higm-folded-answer {css_class}"><summary>{html.escape(summary)}'
        f"</summary>{body}</details>"
    )


def prompt_answer_html(lesson: str, prompt_id: str) -> str:
    """A prompt's model answer, folded behind "try it in the live course first"."""
    item = prompts.get(lesson, prompt_id)
    return _folded(f"Model answer ({TRY_FIRST})", markdown_html(item.model_answer),
                   "higm-prompt-answer")  # fmt: skip


def _question_answer(question: quiz.Question) -> str:
    if question.kind == "numeric":
        right = f"{question.answer:g}" + (f" {question.unit}" if question.unit else "")
    else:
        ids = {question.answer} if isinstance(question.answer, str) else set(question.answer)
        right = "; ".join(o.text for o in question.options if o.id in ids)
    return (
        f"<li>{markdown_html(question.prompt)}<p><strong>Answer:</strong> "
        f"{html.escape(right)}</p>{markdown_html(question.explanation)}</li>"
    )


def quiz_answers_html(lesson: str) -> str:
    """The self-check's answers and explanations, folded behind "try it in the live course
    first"."""
    items = "".join(_question_answer(q) for q in quiz.load_bank(lesson))
    return _folded(f"Answers and explanations ({TRY_FIRST})", f"<ol>{items}</ol>",
                   "higm-quiz-answers")  # fmt: skip


def folded_answers(source: str) -> list[str]:
    """The folded answers for the prompts and self-checks a code cell shows."""
    found = [prompt_answer_html(lesson, pid) for lesson, pid in PROMPT_CALL.findall(source)]
    return found + [quiz_answers_html(lesson) for lesson in QUIZ_CALL.findall(source)]


def has_widget(cell: dict[str, Any]) -> bool:
    return any(WIDGET_VIEW in o.get("data", {}) for o in cell.get("outputs", []))


def widget_ids(cell: dict[str, Any]) -> list[str]:
    """The model ids of the widgets a code cell shows."""
    return [o["data"][WIDGET_VIEW]["model_id"] for o in cell.get("outputs", [])
            if WIDGET_VIEW in o.get("data", {})]  # fmt: skip


def _references(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.removeprefix("IPY_MODEL_")] if value.startswith("IPY_MODEL_") else []
    if isinstance(value, list | tuple):
        return [ref for item in value for ref in _references(item)]
    return []


def controls_under(model_ids: Iterable[str], models: dict[str, Any]) -> int:
    """How many controls (widgets with a ``disabled`` setting, so ones a learner works) the
    widgets ``model_ids`` hold, children included. Boxes, accordions, tabs, text and
    figures are not controls: they work without Python."""
    seen: set[str] = set()
    todo = list(model_ids)
    count = 0
    while todo:
        model_id = todo.pop()
        if model_id in seen or model_id not in models:
            continue
        seen.add(model_id)
        values = models[model_id].get("state", {})
        count += "disabled" in values
        todo += [ref for value in values.values() for ref in _references(value)]
    return count


def student_cells(cells: Iterable[Any]) -> list[Any]:
    """The cells of the student edition: instructor-only cells removed."""
    return [c for c in cells if INSTRUCTOR_TAG not in c.get("metadata", {}).get("tags", [])]


@dataclass(frozen=True)
class KernelFreeCell:
    """A lesson's kernel-free interaction, ready to place: after the cell calling ``anchor``."""

    slug: str
    anchor: str
    caption: str
    spec: dict[str, Any]


def kernel_free_cells(item: KernelFreeCell) -> list[nbformat.NotebookNode]:
    """A short lead-in and the kernel-free figure (its one-line call hidden on the page)."""
    lead = nbformat.v4.new_markdown_cell(
        '<p class="higm-kernel-free-lead"><strong>Try it here, without Python.</strong> '
        f"{html.escape(item.caption)}</p>"
    )
    figure = nbformat.v4.new_code_cell(
        "from higm_lessons.figures.kernel_free import kernel_free_figure\n\n"
        f"kernel_free_figure({item.slug!r})",
        metadata={"tags": ["remove-input"]},
    )
    block = f'<div class="higm-kernel-free" data-slug="{html.escape(item.slug)}">'
    figure.outputs = [html_output(block + plotly_html(item.spec) + "</div>")]
    return [lead, figure]


def anchor_index(cells: list[Any], anchor: str) -> int | None:
    """Index of the first code cell calling ``anchor(``, else of the first interactive cell."""
    call = re.compile(rf"\b{re.escape(anchor)}\(")
    code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    found = [i for i in code if call.search(c_source(cells[i]))]
    if found:
        return found[0]
    tagged = [i for i in code if "interactive" in cells[i].get("metadata", {}).get("tags", [])]
    return tagged[0] if tagged else None


def c_source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


CHECK_MARK = re.compile(r"^# NBVAL_\w+\n", re.MULTILINE)


def html_widget_as_html(output: dict[str, Any], models: dict[str, Any]) -> dict[str, Any]:
    """A widget that is only an HTML text (such as the glossary's table) as that HTML: the
    same on the page, and found by the site's search and in print."""
    view = output.get("data", {}).get(WIDGET_VIEW)
    model = models.get(view["model_id"], {}) if view else {}
    if model.get("model_name") != "HTMLModel":
        return output
    values = model.get("state", {})
    classes = " ".join(html.escape(c) for c in values.get("_dom_classes", []))
    return dict(html_output(f'<div class="higm-static-html {classes}">{values.get("value", "")}'
                            "</div>"))  # fmt: skip


def static_code_cell(cell: Any, links: Links, models: dict[str, Any]) -> Any:
    """A code cell of the page: figures drawn by the site, the needs-Python line above any
    widget with controls, folded answers after it, and the test-only markers left out of
    the code. ``models``: the notebook's widget models by id."""
    cell.source = CHECK_MARK.sub("", c_source(cell))
    outputs = [nbformat.from_dict(static_output(html_widget_as_html(dict(o), models)))
               for o in cell.get("outputs", [])]  # fmt: skip
    if controls_under(widget_ids(cell), models):
        outputs.insert(0, html_output(needs_kernel_note(links)))
    outputs += [html_output(text) for text in folded_answers(cell.source)]
    cell.outputs = outputs
    return cell


def is_title(cell: Any) -> bool:
    return cell.cell_type == "markdown" and c_source(cell).lstrip().startswith("# ")


def static_page(
    nb: nbformat.NotebookNode, links: Links, kernel_free: KernelFreeCell | None = None
) -> tuple[nbformat.NotebookNode, dict[str, int]]:
    """The executed notebook ``nb`` as a page of the static edition (see the module doc);
    returns it and counts of what was changed (for the build's summary)."""
    widgets = nb.metadata.get("widgets", {})
    models = widgets.get(WIDGET_STATE, {}).get("state", {})
    cells = [static_code_cell(c, links, models) if c.cell_type == "code" else c
             for c in student_cells(nb.cells)]  # fmt: skip
    if kernel_free is not None:
        at = anchor_index(cells, kernel_free.anchor)
        if at is None:
            raise ValueError(f"no cell for the kernel-free figure of {kernel_free.slug!r}")
        cells[at + 1 : at + 1] = kernel_free_cells(kernel_free)
    title = next((i for i, c in enumerate(cells) if is_title(c)), -1)
    cells.insert(title + 1, nbformat.v4.new_markdown_cell(launch_bar(links)))
    counts = {"cells": len(cells), "widgets": sum(has_widget(c) for c in cells)}
    if WIDGET_STATE in widgets:
        state, counts["switched_off"] = static_widget_state(widgets[WIDGET_STATE])
        nb.metadata["widgets"] = {WIDGET_STATE: state}
    nb.cells = cells
    return nb, counts
