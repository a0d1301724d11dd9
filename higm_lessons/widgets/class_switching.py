"""Lesson 03 widgets: knock out a pathway step, filter the types table, name the type.

"Which type is this?" draws five cases per learner from the pool in
``data/higm_type_cases.csv`` with a seed kept in the progress store (item
``03-which-type-set``), so the set comes back and the last case cannot be solved
by elimination. Each answer is an attempt of kind ``which-type`` with a confidence.
"""

from __future__ import annotations

import html
import secrets
from typing import Any

import ipywidgets as w
import pandas as pd

from higm_lessons import checks
from higm_lessons.figures.higm_types import pathway_figure, pathway_takeaway
from higm_lessons.higm_types import (
    PATHWAY,
    SEED_LIMIT,
    TYPE_CHOICES,
    check_type_answer,
    draw_cases,
    filter_types,
    knockout,
    type_cases,
    types_table,
)
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    TOGGLE_STYLE,
    boxed,
    button,
    facts_table,
    figure_output,
    guarded,
    message_html,
    progress_store,
    set_figure,
    show_message,
    takeaway_html,
)
from higm_lessons.widgets.prompt import CommitBar

ANY = "any"
KNOCKOUTS = [("nothing", "none")] + [(f"{protein} ({gene})", gene) for gene, protein, _ in PATHWAY]


def _defect(value: str) -> str | None:
    return None if value == "none" else value


def knockout_html(defect: str | None, result: dict | None = None) -> str:
    """The knockout's consequences as a small table, every data value escaped."""
    result = knockout(defect) if result is None else result
    rows = [
        ("Type", result["type"] or "none (healthy)"),
        ("Classes still made", ", ".join(result["made"])),
        ("Classes lost", ", ".join(result["lost"]) or "none"),
        ("About the classes", result["isotype_note"]),
        ("Cells that lose help", "; ".join(result["cells_losing_help"]) or "none"),
        ("Opportunistic infections", result["opportunistic_infections"]),
        ("Lymphoid hyperplasia (large germinal centres)", result["lymphoid_hyperplasia"]),
        ("Inheritance", result["inheritance"]),
        ("Typical features", result["features"]),
        ("Stem cell transplant (HSCT)", result["hsct"]),
        ("Certainty of this row", result["certainty"]),
        ("Sources", result["source"]),
    ]
    return facts_table(rows, "higm-knockout")


class KnockoutWidget(w.VBox):
    """Knock out one step of the class-switching pathway and see what follows."""

    def __init__(self, start: str = "none"):
        self.status = w.HTML()
        self.control = w.ToggleButtons(
            options=KNOCKOUTS,
            value=start,
            description="Knock out",
            style=TOGGLE_STYLE,
            tooltips=[f"Knock out {label}" for label, _ in KNOCKOUTS],
        )
        defect = _defect(start)
        types_table()  # load and validate the table now, not on the learner's first click
        self.figure = figure_output(pathway_figure(defect))
        self.takeaway = w.HTML(takeaway_html(pathway_takeaway(defect)))
        self.details = w.HTML(knockout_html(defect))
        self.control.observe(self._on_change, "value")
        super().__init__([self.control, self.figure, self.takeaway, self.details, self.status])

    def update(self, value: str) -> None:
        defect = _defect(value)
        result = knockout(defect)
        set_figure(self.figure, pathway_figure(defect, result))
        self.takeaway.value = takeaway_html(pathway_takeaway(defect, result))
        self.details.value = knockout_html(defect, result)
        self.status.value = ""

    def _on_change(self, change: Any) -> None:
        guarded(lambda: self.status)(self.update)(change["new"])


TABLE_COLUMNS = [
    ("gene", "Gene"),
    ("locus", "Locus"),
    ("inheritance", "Inheritance"),
    ("mechanism", "Mechanism"),
    ("distinguishing_features", "Distinguishing features"),
    ("opportunistic_infections", "Opportunistic infections"),
    ("lymphoid_hyperplasia", "Lymphoid hyperplasia"),
    ("hsct", "Stem cell transplant"),
    ("relative_frequency", "How common"),
    ("certainty", "Certainty"),
    ("unsourced", "Cells without a direct source"),
    ("source", "Sources"),
]


def types_html(table: pd.DataFrame) -> str:
    """The (filtered) types table as HTML, every cell escaped."""
    if table.empty:
        return message_html("No type matches these filters. Set one of them back to 'any'.")
    head = "".join(
        f"<th>{html.escape(label)}</th>" for _, label in [("type", "Type"), *TABLE_COLUMNS]
    )
    body = "".join(
        "<tr>"
        + f"<th>{html.escape(str(name))}</th>"
        + "".join(f"<td>{html.escape(str(row[col]))}</td>" for col, _ in TABLE_COLUMNS)
        + "</tr>"
        for name, row in table.iterrows()
    )
    return (
        f"<p><b>{len(table)}</b> of {len(types_table())} types and related forms shown.</p>"
        '<div style="overflow-x:auto"><table class="higm-types" border="1" '
        f'style="border-collapse:collapse;font-size:90%"><tr>{head}</tr>{body}</table></div>'
    )


class TypesTableWidget(w.VBox):
    """The HIGM types and related forms, with filters."""

    def __init__(self) -> None:
        self.status = w.HTML()
        self.inheritance = w.Dropdown(
            options=[ANY, "X-linked", "autosomal recessive", "autosomal dominant"],
            description="Inheritance",
            style=LABEL_STYLE,
        )
        self.infections = w.Dropdown(
            options=[ANY, "yes", "no", "unknown"],
            description="Opportunistic infections",
            style=LABEL_STYLE,
        )
        self.hyperplasia = w.Dropdown(
            options=[ANY, "yes", "no", "variable", "unknown"],
            description="Lymphoid hyperplasia",
            style=LABEL_STYLE,
        )
        self.classic = w.Checkbox(value=False, description="Types 1-5 only", indent=False)
        self.table = w.HTML(types_html(filter_types()))
        for control in (self.inheritance, self.infections, self.hyperplasia, self.classic):
            control.observe(self._on_change, "value")
        super().__init__(
            [
                w.HBox([self.inheritance, self.infections]),
                w.HBox([self.hyperplasia, self.classic]),
                self.table,
                self.status,
            ]
        )

    def filters(self) -> dict:
        def value(control: w.ValueWidget) -> Any:
            return None if control.value == ANY else control.value

        return {
            "inheritance": value(self.inheritance),
            "opportunistic_infections": value(self.infections),
            "lymphoid_hyperplasia": value(self.hyperplasia),
            "classic_only": self.classic.value,
        }

    def update(self) -> None:
        self.table.value = types_html(filter_types(**self.filters()))
        self.status.value = ""

    def _on_change(self, _change: Any) -> None:
        guarded(lambda: self.status)(self.update)()


SET_ITEM = "03-which-type-set"
"""The progress-store item that keeps the seed of the learner's set of cases."""


def case_item(seed: int, case: str) -> str:
    """The progress-store item of one case in one set (a fresh set starts blank)."""
    return f"03-which-type-{checks.seed(seed)}-{checks.text('case', case)}"


def learner_seed(*, fresh: bool = False) -> int:
    """The seed of this learner's set, kept in the progress store so the set comes back.

    The first time (or with ``fresh=True``) a new random seed is drawn and recorded.
    """
    store = progress_store()
    if not fresh:
        latest = store.latest_attempt("03", SET_ITEM)
        kept = None if latest is None else latest["response"]
        if isinstance(kept, int) and not isinstance(kept, bool) and 0 <= kept < SEED_LIMIT:
            return kept
    seed = secrets.randbelow(SEED_LIMIT)
    store.record_attempt("03", SET_ITEM, "which-type-set", seed)
    return seed


class TypeCaseWidget(w.VBox):
    """One case: choose the type, say how sure you are, commit, then read why.

    The answer and the explanation are written into the widget only after the commit.
    """

    def __init__(self, number: int, seed: int, case: str) -> None:
        self.case = case
        text = type_cases().loc[case, "vignette"]
        self.vignette = w.HTML(
            f'<p class="higm-vignette"><b>Case {number}.</b> {html.escape(text)}</p>'
        )
        self.answer = w.RadioButtons(
            options=list(TYPE_CHOICES), value=None, description="Which type?", style=LABEL_STYLE
        )
        self.feedback = w.HTML()  # empty until a commit
        self.feedback.add_class("higm-type-feedback")
        self.bar = CommitBar(
            "03",
            case_item(seed, case),
            "which-type",
            response=lambda: self.answer.value,
            judge=lambda answer: bool(check_type_answer(case, answer)["correct"]),
            on_commit=self.reveal,
            on_restore=self.put_back,
            on_again=self.hide,
        )
        self.status = self.bar.status
        super().__init__([self.vignette, self.answer, self.bar, self.feedback])
        self.add_class("higm-which-case")
        self.bar.restore()

    def reveal(self, attempt: dict[str, Any]) -> None:
        result = check_type_answer(self.case, attempt["response"])
        verdict = "Correct." if result["correct"] else f"Not quite: this is {result['answer']}."
        self.feedback.value = message_html(
            f"{verdict} {result['explanation']}", "ok" if result["correct"] else "warn"
        ) + (
            f"<p><i>The type you chose:</i> {html.escape(result['chosen'])} "
            f"<i>[{html.escape(result['source'])}]</i></p>"
        )
        self.answer.disabled = True

    def put_back(self, attempt: dict[str, Any]) -> None:
        self.answer.value = attempt["response"]
        self.reveal(attempt)

    def hide(self) -> None:
        self.feedback.value = ""
        self.answer.disabled = False


class WhichTypeWidget(w.VBox):
    """Five cases drawn for this learner from the pool; each answer committed with confidence."""

    def __init__(self) -> None:
        self.status = w.HTML()
        self.status.add_class("higm-set-status")
        self.heading = w.HTML()
        self.cases = w.VBox()
        self.fresh = button(
            "Draw a fresh set",
            icon="random",
            tooltip="Five new cases; your answers so far stay in your history",
        )
        self.fresh.on_click(lambda _b: guarded(lambda: self.status)(self.new_set)())
        super().__init__([self.heading, self.cases, self.fresh, self.status])
        self.seed = -1
        guarded(lambda: self.status)(self._first_set)()

    def _first_set(self) -> None:
        try:
            seed = learner_seed()
        except Exception as exc:  # an unreadable store still gives a set to work on
            seed = secrets.randbelow(SEED_LIMIT)
            show_message(self.status, f"Your set could not be saved: {exc}", "warn")
        self.show_set(seed)

    def show_set(self, seed: int) -> None:
        """Show the set drawn with ``seed``, with any answers already committed to it."""
        drawn = draw_cases(seed)
        self.seed = seed
        self.rows = [TypeCaseWidget(n, seed, case) for n, case in enumerate(drawn, start=1)]
        self.cases.children = self.rows
        self.heading.value = (
            f"<p>Your set: <b>{len(drawn)}</b> cases drawn from a pool of "
            f"<b>{len(type_cases())}</b>. A type may come up more than once, or not at all.</p>"
        )

    def new_set(self) -> None:
        """Draw a fresh set (new seed, kept for next time); it starts blank."""
        self.show_set(learner_seed(fresh=True))
        show_message(self.status, "A fresh set of cases. Your earlier answers are kept.", "ok")


def knockout_explorer() -> w.VBox:
    """The lesson 03 pathway knockout, in a bordered box."""
    return boxed(KnockoutWidget(), "higm-knockout-panel")


def types_explorer() -> w.VBox:
    """The lesson 03 types table with filters, in a bordered box."""
    return boxed(TypesTableWidget(), "higm-types-panel")


def which_type() -> w.VBox:
    """The lesson 03 "which type is this?" exercise, in a bordered box."""
    return boxed(WhichTypeWidget(), "higm-which-type")
