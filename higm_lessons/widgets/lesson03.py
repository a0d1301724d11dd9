"""Lesson 03 widgets: knock out a pathway step, filter the types table, name the type."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pandas as pd

from higm_lessons.figures.higm_types import pathway_figure, pathway_takeaway
from higm_lessons.higm_types import (
    PATHWAY,
    TYPE_CHOICES,
    check_type_answer,
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
    set_figure,
    show_message,
    takeaway_html,
)

ANY = "any"
KNOCKOUTS = [("nothing", "none")] + [(f"{protein} ({gene})", gene) for gene, protein, _ in PATHWAY]

if TYPE_CHECKING:
    pass


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


class WhichTypeWidget(w.VBox):
    """Read a case, choose the type, check, and read why."""

    def __init__(self) -> None:
        cases = type_cases()
        self.status = w.HTML()
        self.case = w.Dropdown(
            options=[(f"Case {i}", case) for i, case in enumerate(cases.index, start=1)],
            description="Case",
            style=LABEL_STYLE,
        )
        self.vignette = w.HTML(self._vignette(self.case.value))
        self.answer = w.RadioButtons(
            options=list(TYPE_CHOICES), value=None, description="Which type?", style=LABEL_STYLE
        )
        self.check = button(
            "Check my answer", icon="check", primary=True, tooltip="Check and read why"
        )
        self.feedback = w.HTML()
        self.case.observe(self._on_case, "value")
        self.check.on_click(self._on_check)
        super().__init__(
            [self.case, self.vignette, self.answer, self.check, self.feedback, self.status]
        )

    @staticmethod
    def _vignette(case: str) -> str:
        text = type_cases().loc[case, "vignette"]
        return f'<p class="higm-vignette">{html.escape(text)}</p>'

    def show_case(self, case: str) -> None:
        self.vignette.value = self._vignette(case)
        self.answer.value = None
        self.feedback.value = ""
        self.status.value = ""

    def judge(self) -> None:
        if self.answer.value is None:
            show_message(self.status, "Choose a type first, then check.", "warn")
            return
        result = check_type_answer(self.case.value, self.answer.value)
        verdict = "Correct." if result["correct"] else f"Not quite: this is {result['answer']}."
        self.feedback.value = message_html(
            f"{verdict} {result['explanation']}", "ok" if result["correct"] else "warn"
        ) + (
            f"<p><i>The type you chose:</i> {html.escape(result['chosen'])} "
            f"<i>[{html.escape(result['source'])}]</i></p>"
        )
        self.status.value = ""

    def _on_case(self, change: Any) -> None:
        guarded(lambda: self.status)(self.show_case)(change["new"])

    def _on_check(self, _button: Any) -> None:
        guarded(lambda: self.status)(self.judge)()


def knockout_explorer() -> w.VBox:
    """The lesson 03 pathway knockout, in a bordered box."""
    return boxed(KnockoutWidget(), "higm-knockout-panel")


def types_explorer() -> w.VBox:
    """The lesson 03 types table with filters, in a bordered box."""
    return boxed(TypesTableWidget(), "higm-types-panel")


def which_type() -> w.VBox:
    """The lesson 03 "which type is this?" exercise, in a bordered box."""
    return boxed(WhichTypeWidget(), "higm-which-type")
