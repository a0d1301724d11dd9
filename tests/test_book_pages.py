"""The rules that turn an executed notebook into a page of the static edition
(tools/book_pages.py): launch links, switched-off controls, folded answers, figures drawn
by the site, the student edition only, and the kernel-free figure in its place."""

from __future__ import annotations

import json
import urllib.parse

import nbformat
import pytest

from higm_lessons import prompts, quiz
from tools import book_pages as bp

PLOTLY = "application/vnd.plotly.v1+json"


def links(hub: str | None = None) -> bp.Links:
    return bp.links_for("02_antibodies_in_early_life.ipynb", release="v1.2.0", hub=hub, pdf=True)


def test_binder_link_opens_the_lesson_at_the_release_tag():
    url = urllib.parse.urlsplit(links().binder)
    assert url.netloc == "mybinder.org"
    assert url.path == "/v2/gh/higm-course/higm-course/v1.2.0"
    query = urllib.parse.parse_qs(url.query)
    assert query["urlpath"] == ["lab/tree/notebooks/02_antibodies_in_early_life.ipynb"]


def test_nbgitpuller_link_is_a_template_until_a_hub_is_given():
    template = links()
    assert template.hub_is_template and template.hub.startswith(bp.HUB_PLACEHOLDER)
    real = links("https://hub.example.edu/")
    url = urllib.parse.urlsplit(real.hub)
    assert not real.hub_is_template
    assert (url.netloc, url.path) == ("hub.example.edu", "/hub/user-redirect/git-pull")
    query = urllib.parse.parse_qs(url.query)
    assert query["repo"] == ["https://github.com/higm-course/higm-course"]
    assert query["branch"] == ["class/v1.2.0"]  # the class branch: pulled again on every click
    assert query["urlpath"] == ["lab/tree/higm-course/notebooks/02_antibodies_in_early_life.ipynb"]
    assert query["targetpath"] == ["higm-course"]
    assert 'href="https://hub.example.edu/hub/' in bp.launch_bar(real)
    assert "<details" in bp.launch_bar(template) and 'href="https://YOUR' not in bp.launch_bar(
        template
    )


def widget_state() -> dict:
    figure = {"data": [{"type": "bar", "x": [1]}], "layout": {"title": {"text": "a</script>b"}}}
    return {
        "version_major": 2,
        "version_minor": 0,
        "state": {
            "box": {"model_name": "VBoxModel",
                    "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_o"]}},
            "s": {"model_name": "IntSliderModel", "state": {"value": 3, "disabled": False}},
            "o": {"model_name": "OutputModel", "state": {"outputs": [
                {"output_type": "display_data", "data": {PLOTLY: figure, "text/plain": "fig"}}]}},
            "h": {"model_name": "HTMLModel", "state": {"value": "<b>text</b>"}},
            "acc": {"model_name": "AccordionModel", "state": {"children": ["IPY_MODEL_h"]}},
        },
    }  # fmt: skip


def test_controls_are_switched_off_and_figures_handed_to_the_site():
    state, switched_off = bp.static_widget_state(widget_state())
    models = state["state"]
    assert switched_off == 1 and models["s"]["state"]["disabled"] is True
    output = models["o"]["state"]["outputs"][0]["data"]
    assert PLOTLY not in output
    html = output["text/html"]
    assert 'class="higm-plotly"' in html and html.count("</script>") == 1  # no early close
    payload = html.split('class="higm-plotly-spec">')[1].removesuffix("</script></div>")
    assert json.loads(payload.replace("<\\/", "</"))["layout"]["title"]["text"] == "a</script>b"
    assert models["h"] == widget_state()["state"]["h"]


def test_only_widgets_with_controls_count_as_needing_python():
    models = widget_state()["state"]
    assert bp.controls_under(["box"], models) == 1
    assert bp.controls_under(["acc"], models) == 0  # an accordion opens without Python


def test_prompt_model_answers_and_self_check_answers_are_folded():
    item = prompts.prompts("02")[0]
    folded = bp.folded_answers(f'prompt("02", "{item.id}")\nquiz("02")')
    assert len(folded) == 2
    assert all(f.startswith('<details class="higm-folded-answer') for f in folded)
    assert all(bp.TRY_FIRST in f.split("</summary>")[0] for f in folded)
    assert "<details open" not in "".join(folded)
    assert len(quiz.load_bank("02")) == folded[1].count("<li>")


def code_cell(source: str, *, tags=(), outputs=()) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)})
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


def view(model_id: str) -> dict:
    return {"output_type": "display_data", "metadata": {},
            "data": {bp.WIDGET_VIEW: {"model_id": model_id, "version_major": 2}}}  # fmt: skip


def lesson() -> nbformat.NotebookNode:
    item = prompts.prompts("02")[0]
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Lesson 02 · Title\n\nIntro."),
        code_cell("# NBVAL_CHECK_OUTPUT\nprint(1)"),
        code_cell("igg_explorer()", tags=["interactive"], outputs=[view("box")]),
        code_cell(f'prompt("02", "{item.id}")', tags=["prompt"], outputs=[view("acc")]),
        nbformat.v4.new_markdown_cell("Only for the teacher.", metadata={"tags": ["instructor"]}),
    ]
    nb.metadata["widgets"] = {bp.WIDGET_STATE: widget_state()}
    return nb


def test_a_page_has_launch_links_notes_folds_and_its_kernel_free_figure():
    free = bp.KernelFreeCell("antibodies_in_early_life", "igg_explorer", "Move it.",
                             {"data": [], "layout": {"title": {"text": "T"}}})  # fmt: skip
    page, counts = bp.static_page(lesson(), links(), free)
    sources = [bp.c_source(c) for c in page.cells]
    assert "Only for the teacher." not in sources
    assert 'class="higm-launch"' in sources[1]
    assert sources[2] == "print(1)"
    explorer = page.cells[3]
    assert "higm-needs-kernel" in explorer.outputs[0]["data"]["text/html"]
    assert "Move it." in sources[4]
    assert "remove-input" in page.cells[5].metadata["tags"]
    assert 'data-slug="antibodies_in_early_life"' in page.cells[5].outputs[0]["data"]["text/html"]
    prompt_cell = page.cells[6]
    assert bp.WIDGET_VIEW in prompt_cell.outputs[0]["data"]  # no needs-Python note: no control
    assert "higm-prompt-answer" in prompt_cell.outputs[-1]["data"]["text/html"]
    assert counts["switched_off"] == 1


def test_the_kernel_free_figure_follows_the_first_interactive_cell_when_its_anchor_moved():
    cells = lesson().cells
    assert bp.anchor_index(cells, "igg_explorer") == 2
    assert bp.anchor_index(cells, "renamed_widget") == 2
    assert bp.anchor_index(cells[:2], "renamed_widget") is None
    free = bp.KernelFreeCell("x", "gone", "c", {"data": [], "layout": {}})
    nb = lesson()
    nb.cells = nb.cells[:2]
    with pytest.raises(ValueError, match="no cell for the kernel-free figure"):
        bp.static_page(nb, links(), free)


def test_a_widget_that_is_only_html_becomes_that_html():
    models = widget_state()["state"]
    models["h"]["state"]["_dom_classes"] = ["higm-glossary"]
    output = bp.html_widget_as_html(view("h"), models)
    assert output["data"] == {
        "text/html": '<div class="higm-static-html higm-glossary"><b>text</b></div>'
    }
    assert bp.html_widget_as_html(view("box"), models) == view("box")
