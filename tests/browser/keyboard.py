"""Each notebook's main interaction, worked by keyboard alone (Tab, arrow keys, Enter, Space,
typing), keyed by the notebook's slug so renumbering the lessons does not break it.

The slug of ``05_pedigrees_and_carrier_risk.ipynb`` is ``pedigrees_and_carrier_risk`` (the
``slug`` column of data/lessons.csv); other notebooks use their file name. Every notebook
in notebooks/ needs an entry: ``walk_for`` fails, naming the missing slug, for a new one.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from higm_lessons import home
from higm_lessons.progress import ProgressStore

Target = Callable[[Locator], Locator]
"""From the panel, the control a step reaches with Tab."""


@dataclass(frozen=True)
class Step:
    target: Target
    keys: tuple[str, ...]  # key names to press; "type:TEXT" types TEXT


@dataclass(frozen=True)
class Walk:
    panel: str  # CSS selector of the widget panel worked through
    steps: tuple[Step, ...]
    watch: str | None  # what must change (a selector inside the panel; None: the panel)
    reason: str = field(default="")  # for a notebook with nothing to operate: why


def css(selector: str) -> Target:
    return lambda panel: panel.locator(selector).first


def button(name: str) -> Target:
    return lambda panel: panel.get_by_role("button", name=name).first


def _first_review_answer() -> str:
    """The answer to a new learner's first review item (each browser test starts with no
    saved progress; the first round follows from the store)."""
    with tempfile.TemporaryDirectory() as folder:
        problem = home.today(ProgressStore(Path(folder) / "progress.sqlite"))[0].problem
    return problem.answer if isinstance(problem.answer, str) else repr(float(problem.answer))


def _review_steps() -> tuple[Step, ...]:
    return (
        Step(css(".higm-review-item input[type=text]"), (f"type:{_first_review_answer()}",)),
        Step(button("sure"), ("Space",)),
        Step(button("Check answer"), ("Enter",)),
    )


WALKS: dict[str, Walk | Callable[[], Walk]] = {
    "start_here": Walk(".higm-check", (Step(css("select"), ("ArrowDown",)),), ".higm-takeaway"),
    "immunoglobulin_classes": Walk(
        ".higm-explorer", (Step(button("IgM"), ("Enter",)),), ".higm-takeaway"
    ),
    "antibodies_in_early_life": Walk(
        ".higm-igg-curve", (Step(css(".noUi-handle"), ("End",)),), ".higm-takeaway"
    ),
    "class_switching_and_higm_types": Walk(
        ".higm-knockout-panel", (Step(button("AID (AICDA)"), ("Space",)),), ".higm-takeaway"
    ),
    "inheritance_patterns": Walk(
        ".higm-punnett-widget", (Step(css("select"), ("ArrowDown",)),), ".higm-takeaway"
    ),
    "pedigrees_and_carrier_risk": Walk(
        ".higm-pedigree-builder", (Step(button("Add son"), ("Enter",)),), ".higm-women-risks"
    ),
    "new_mutations_and_carrier_testing": Walk(
        ".higm-isolated-case", (Step(css(".noUi-handle"), ("End",)),), ".higm-takeaway"
    ),
    "reading_immunology_labs": Walk(
        ".higm-labpanel",
        (Step(css(".higm-value-IgG input"), ("Control+a", "type:900", "Enter")),),
        ".higm-results",
    ),
    "recognising_higm": Walk(
        ".higm-features", (Step(css("select"), ("ArrowDown",)),), ".higm-takeaway"
    ),
    "diagnostic_reasoning_cases": Walk(
        ".higm-caseplayer",
        (
            Step(lambda panel: panel.locator("select").nth(1), ("ArrowDown",)),
            Step(button("guessing"), ("Space",)),
            Step(button("Commit and reveal the next stage"), ("Enter",)),
        ),
        ".higm-stage-progress",
    ),
    "virtual_clinic": Walk(
        ".higm-clinic",
        (Step(css("select"), ("ArrowDown",)), Step(button("Order"), ("Enter",))),
        ".higm-clinic-results-box",
    ),
    "immunoglobulin_replacement": Walk(
        ".higm-ig-simulator", (Step(css(".noUi-handle"), ("End",)),), ".higm-takeaway"
    ),
    "everyday_care_and_transplant": Walk(
        ".higm-hsct", (Step(css("select"), ("ArrowDown",)),), ".higm-takeaway"
    ),
    "self_assessment": Walk(".higm-final", (Step(button("Next"), ("Enter",)),), None),
    "course_home": lambda: Walk(".higm-course-home", _review_steps(), ".higm-review-item"),
    "instructor_class_summary": Walk(
        ".higm-class-summary",
        (Step(css("input[type=number]"), ("Control+a", "type:7", "Enter")),),
        ".higm-takeaway",
    ),
    "glossary": Walk("table.higm-glossary", (), None, reason="a table to read: no controls"),
}


def slug(notebook: str) -> str:
    """``05_pedigrees_and_carrier_risk.ipynb`` -> ``pedigrees_and_carrier_risk``."""
    return re.sub(r"^\d+_", "", Path(notebook).stem)


def walk_for(notebook: str) -> Walk:
    key = slug(notebook)
    assert key in WALKS, (
        f"{notebook}: add a keyboard walk for '{key}' to WALKS in tests/browser/keyboard.py "
        "(every notebook is worked through by keyboard alone)"
    )
    walk = WALKS[key]
    return walk if isinstance(walk, Walk) else walk()


FOCUSED_JS = "(el) => el === document.activeElement || el.contains(document.activeElement)"

FOCUS_RING_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const width = parseFloat(style.outlineWidth) || 0;
  return {tag: el.tagName, cls: String(el.className).slice(0, 80),
          outline: style.outlineStyle !== 'none' && width >= 2 ? width : 0,
          ring: style.boxShadow !== 'none' ? style.boxShadow : ''};
}"""


def tab_to(page: Page, target: Locator, most: int = 60) -> None:
    """Press Tab until ``target`` has the focus (at most ``most`` times)."""
    for _ in range(most):
        if target.evaluate(FOCUSED_JS):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{most} presses of Tab never reached {target}")


def assert_focus_visible(page: Page) -> None:
    """The focused control shows a focus ring: an outline of at least 2 px (or a box shadow)."""
    ring = page.evaluate(FOCUS_RING_JS)
    assert ring["outline"] or ring["ring"], f"no visible focus on {ring}"


def assert_named(page: Page) -> None:
    """What a screen reader announces for the focused control (Playwright's accessibility
    snapshot) has a role and a name, as in ``- slider "IgG half-life (days)"``."""
    announced = page.locator("*:focus").aria_snapshot()
    assert re.match(r'- [a-z]+ "[^"]+', announced), f"focused control has no name: {announced}"


def press(page: Page, keys: tuple[str, ...]) -> None:
    for key in keys:
        if key.startswith("type:"):
            page.keyboard.type(key.removeprefix("type:"))
        else:
            page.keyboard.press(key)


def work_through(page: Page, walk: Walk, timeout: int = 30_000) -> None:
    """Put the focus at the start of the panel (as if the learner had tabbed there), then
    reach each step's control with Tab, check its focus ring and press its keys; what the
    walk watches must change."""
    panel = page.locator(walk.panel).first
    panel.scroll_into_view_if_needed()
    watched = panel.locator(walk.watch).first if walk.watch else panel
    before = watched.inner_text()
    panel.evaluate("(el) => { el.tabIndex = -1; el.focus(); }")
    for step in walk.steps:
        tab_to(page, step.target(panel))
        assert_focus_visible(page)
        assert_named(page)
        press(page, step.keys)
    if walk.steps:
        expect(watched).not_to_have_text(before, timeout=timeout)
    if walk.watch == ".higm-takeaway":
        assert_announced(page, watched)


LIVE_JS = """(el) => {
  const region = el.closest('[aria-live]');
  return {live: region ? region.getAttribute('aria-live') : null,
          focusInside: region ? region.contains(document.activeElement) : false,
          focusOnBody: document.activeElement === document.body};
}"""


def assert_announced(page: Page, takeaway: Locator) -> None:
    """The changed takeaway sits in a polite live region (read out once, after what the
    screen reader is saying), and the focus stayed with the learner's control."""
    state = takeaway.evaluate(LIVE_JS)
    assert state["live"] == "polite", state
    assert not state["focusInside"] and not state["focusOnBody"], state
