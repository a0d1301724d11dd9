"""Ask before telling, in a real browser, for every lesson: the lesson's first prompt.

In JupyterLab (Chromium), each lesson opens in a fresh kernel with no saved
progress and runs all its cells. The first ``prompt("NN", "NN-…")`` of the
notebook shows no model answer anywhere in the page; the test answers it the way
a learner would, says how sure it is and commits; only then the model answer
appears. After Kernel > Restart Kernel and Run All Cells, the prompt says it
restored the answer, with the committed value and confidence back in place. In
Voilà, the same commitment comes back after a page reload (a new kernel, the
same progress file). What the model answer says is read from
``data/prompts/lesson_NN.toml``, never written here.

Every lesson must have at least one prompt. The instructors' notebooks are
covered too (their prompts belong to the lesson they serve); the glossary page
and the course home have none.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from higm_lessons.prompts import Prompt, check, get
from higm_lessons.widgets.common import markdown_html
from tests.browser.pages import (
    ALL_RAN_JS,
    NOTEBOOKS,
    ROOT,
    STATE_JS,
    VISIBLE_PANEL,
    assert_clean,
    lesson_expectations,
    open_in_lab,
    run_all,
    shut_down_kernels,
    wait_idle,
    wait_rendered,
)

pytestmark = [pytest.mark.browser]

PROMPTED = [name for name in NOTEBOOKS if name not in {"glossary.ipynb", "course_home.ipynb"}]
"""The lessons and the instructors' notebooks: each shows at least one prompt (the glossary
page and the course home have none)."""

CONFIDENCE = "think so"
TEXT_ANSWER = "IgM is still made, but the class-switched antibodies stay low."
RATING = "partly"


def first_prompt(notebook: str) -> Prompt | None:
    """The first ``prompt("NN", "NN-…")`` call in the notebook's code cells, as data."""
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "prompt"
                and len(node.args) == 2
                and all(isinstance(a, ast.Constant) for a in node.args)
            ):
                lesson, prompt_id = (a.value for a in node.args)  # type: ignore[attr-defined]
                return get(lesson, prompt_id)
    return None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def squeezed(text: str) -> str:
    """Text without any white space: the page joins paragraphs its own way."""
    return re.sub(r"\s+", "", text)


def shown_text(markdown: str) -> str:
    """The text a learner reads when the widget renders ``markdown``."""
    parser = _Text()
    parser.feed(markdown_html(markdown))
    return "".join(parser.parts)


@dataclass(frozen=True)
class Case:
    """One lesson's first prompt and what the browser must (not) show of it."""

    item: Prompt
    answer: str  # the model answer as shown, without white space
    opening: str  # its first sentence, without white space

    @classmethod
    def of(cls, notebook: str) -> Case:
        item = first_prompt(notebook)
        if item is None:
            pytest.fail(f"{notebook} has no prompt(...) call: every lesson asks before it tells")
        if notebook[:2].isdigit():
            assert item.lesson == notebook[:2], f"{notebook} shows a prompt of lesson {item.lesson}"
        text = shown_text(item.model_answer)
        opening = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
        return cls(item, squeezed(text), squeezed(opening))

    @property
    def selector(self) -> str:
        return f".higm-prompt-{self.item.id}"


TEXT_JS = "(selector) => (document.querySelector(selector) || {textContent: ''}).textContent"


def page_text(page: Page, selector: str) -> str:
    """Every character in the DOM under ``selector``, hidden parts included."""
    return squeezed(page.evaluate(TEXT_JS, selector))


def assert_no_answer_yet(page: Page, root: str, case: Case, widget: Locator) -> None:
    expect(widget).to_have_count(1)
    expect(widget.locator(".higm-model-answer")).to_have_count(0)
    text = page_text(page, root)
    assert case.answer not in text, f"{case.item.id}: the model answer is in the page already"
    assert case.opening not in text, f"{case.item.id}: the model answer's opening is in the page"


def expect_answer_shown(page: Page, case: Case) -> None:
    page.wait_for_function(
        """([selector, text]) => [...document.querySelectorAll(selector + ' .higm-model-answer')]
              .some(e => e.textContent.replace(/\\s+/g, '').includes(text))""",
        arg=[case.selector, case.answer],
        timeout=30_000,
    )


APART_JS = """(box) => {
  const labels = [...box.querySelectorAll('.widget-radio-box label')];
  const r = labels.map(l => l.getBoundingClientRect());
  return labels.every(l => l.scrollHeight <= l.clientHeight + 1)
      && r.slice(1).every((b, i) => b.top >= r[i].bottom - 1);
}"""
"""Every option of a choice fits its own box, and no box runs over the next one."""


def _slider_value(widget: Locator) -> float:
    return float(widget.locator(".widget-readout").inner_text())


def answer(widget: Locator, item: Prompt) -> Any:
    """Enter an answer the way a learner would; returns the response the store keeps."""
    if item.kind == "choice":
        option = next(o for o in item.options if o.id == item.answer)
        assert widget.evaluate(APART_JS), f"{item.id}: an option runs over the next one"
        widget.get_by_label(option.text, exact=True).check()
        return option.id
    if item.kind == "number":
        widget.locator("input").first.fill(f"{float(item.answer):g}")  # type: ignore[arg-type]
        widget.locator("input").first.press("Enter")
        return float(item.answer)  # type: ignore[arg-type]
    if item.kind == "prediction":
        start = _slider_value(widget)
        key = "ArrowLeft" if start + float(item.step or 1) > float(item.max or 0) else "ArrowRight"
        widget.locator(".noUi-handle").first.focus()
        widget.page.keyboard.press(key)  # one step: a value the widget did not start with
        expect(widget.locator(".widget-readout")).not_to_have_text(f"{start:.4g}")
        return _slider_value(widget)
    widget.locator("textarea").fill(TEXT_ANSWER)
    return TEXT_ANSWER


def expect_response(widget: Locator, item: Prompt, response: Any) -> None:
    """The control holds ``response`` and is locked."""
    if item.kind == "choice":
        option = next(o for o in item.options if o.id == response)
        expect(widget.get_by_label(option.text, exact=True)).to_be_checked()
        expect(widget.get_by_label(option.text, exact=True)).to_be_disabled()
    elif item.kind == "number":
        expect(widget.locator("input").first).to_be_disabled()
        assert float(widget.locator("input").first.input_value()) == response
    elif item.kind == "prediction":
        expect(widget.locator(".widget-readout")).to_have_text(f"{response:.4g}")
    else:
        expect(widget.locator("textarea")).to_have_value(response)
        expect(widget.locator("textarea")).to_be_disabled()


def _toggle(widget: Locator, group: str, name: str) -> Locator:
    return widget.locator(group).get_by_role("button", name=name, exact=True)


def commit(page: Page, root: str, case: Case) -> Any:
    """Answer, say how sure, commit; the model answer appears only now. Returns the response."""
    widget = page.locator(f"{root} {case.selector}")
    widget.scroll_into_view_if_needed()
    assert_no_answer_yet(page, root, case, widget)
    response = answer(widget, case.item)
    _toggle(widget, ".higm-confidence", CONFIDENCE).click()
    assert_no_answer_yet(page, root, case, widget)  # answering alone gives nothing away
    widget.get_by_role("button", name="Commit my answer").click()
    expect(widget.locator(".higm-status")).to_contain_text(f"Committed ({CONFIDENCE})")
    expect_answer_shown(page, case)
    verdict = check(case.item, response).verdict
    if verdict:
        expect(widget).to_contain_text(verdict)
    expect_response(widget, case.item, response)
    if case.item.kind == "text":
        _toggle(widget, ".widget-toggle-buttons:not(.higm-confidence)", RATING).click()
        expect(widget.locator(".higm-status")).to_contain_text(f"Saved your rating: {RATING}")
    return response


def expect_restored(page: Page, root: str, case: Case, response: Any) -> None:
    """After a restart: the saved answer, its confidence and the model answer are back."""
    widget = page.locator(f"{root} {case.selector}")
    expect(widget).to_have_count(1)
    expect(widget.locator(".higm-status")).to_contain_text("Restored your answer")
    expect_response(widget, case.item, response)
    expect(_toggle(widget, ".higm-confidence", CONFIDENCE)).to_have_class(re.compile("mod-active"))
    expect_answer_shown(page, case)
    if case.item.kind == "text":
        rating = _toggle(widget, ".widget-toggle-buttons:not(.higm-confidence)", RATING)
        expect(rating).to_have_class(re.compile("mod-active"))


def restart_and_run_all(page: Page, case: Case) -> None:
    """Kernel > Restart Kernel and Run All Cells…, confirmed, then wait for every cell."""
    page.locator(f"{VISIBLE_PANEL} .jp-Cell .jp-InputPrompt").first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.locator(
        ".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel",
        has_text="Restart Kernel and Run All Cells",
    ).first.click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Restart")
    dialog.locator(".jp-mod-accept").click()
    # The old widget said "Committed"; the one the new kernel draws says "Restored".
    expect(page.locator(f"{VISIBLE_PANEL} {case.selector} .higm-status")).to_contain_text(
        "Restored your answer", timeout=180_000
    )
    page.wait_for_function(ALL_RAN_JS, timeout=180_000)
    wait_idle(page)


@pytest.mark.parametrize("name", PROMPTED)
def test_prompt_commits_before_reveal_and_survives_a_restart_in_jupyterlab(
    page, jupyter_server, name
):
    case = Case.of(name)
    lesson = lesson_expectations(name)
    open_in_lab(page, jupyter_server["url"], name)
    run_all(page)
    wait_rendered(page, VISIBLE_PANEL, lesson)
    response = commit(page, VISIBLE_PANEL, case)
    restart_and_run_all(page, case)
    wait_rendered(page, VISIBLE_PANEL, lesson)
    expect_restored(page, VISIBLE_PANEL, case, response)
    assert_clean(page.evaluate(STATE_JS, VISIBLE_PANEL), lesson)
    assert page.page_errors == [], page.page_errors


@pytest.mark.parametrize("name", PROMPTED)
def test_prompt_commits_before_reveal_and_survives_a_reload_in_voila(page, jupyter_server, name):
    case = Case.of(name)
    lesson = lesson_expectations(name)
    shut_down_kernels(jupyter_server["url"])
    page.goto(f"{jupyter_server['url']}/voila/render/notebooks/{name}")
    wait_rendered(page, "body", lesson, timeout=180_000)
    response = commit(page, "body", case)
    page.reload()  # a new kernel, the same progress file
    wait_rendered(page, "body", lesson, timeout=180_000)
    expect_restored(page, "body", case, response)
    assert_clean(page.evaluate(STATE_JS, "body"), lesson)
