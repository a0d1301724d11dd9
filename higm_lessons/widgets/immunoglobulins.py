"""Lesson 01 widgets: the class explorer, the comparison charts and the healthy/HIGM toggle."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from higm_lessons.figures.immunoglobulins import (
    METRICS,
    comparison_figure,
    comparison_takeaway,
    pattern_figure,
    pattern_takeaway,
    structure_figure,
    structure_takeaway,
)
from higm_lessons.immunoglobulins import (
    ISOTYPES,
    PATTERNS,
    classes,
    format_level,
    format_share,
    ig_pattern,
)
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    boxed,
    facts_table,
    figure_output,
    guarded,
    set_figure,
    takeaway_html,
)


def facts_html(isotype: str) -> str:
    """The class's facts as a small table, every value escaped."""
    row = classes().loc[isotype]
    facts = [
        ("Shape", row["structure"]),
        ("Heavy chain", row["heavy_chain"]),
        ("Molecular weight", f"{row['molecular_weight_kda']:g} kDa"),
        ("Serum half-life", f"{row['half_life_days']:g} days"),
        ("Mean adult serum level", f"{format_level(row['mean_serum_mg_per_ml'])} mg/mL"),
        ("Share of serum immunoglobulin", format_share(row["serum_share"])),
        ("Crosses the placenta", "yes" if row["crosses_placenta"] else "no"),
        ("Main roles", row["main_roles"]),
        ("Source", row["source"]),
    ]
    return facts_table(facts, "higm-facts")


class ExplorerWidget(w.VBox):
    """Pick a class: its structure drawing, its facts and a one-line takeaway change."""

    def __init__(self, start: str = "IgG"):
        self.status = w.HTML()
        self.control = w.ToggleButtons(
            options=list(ISOTYPES),
            value=start,
            description="Immunoglobulin class",
            style=LABEL_STYLE,
            tooltips=[f"Show {iso}" for iso in ISOTYPES],
        )
        self.figure = figure_output(structure_figure(start))
        self.facts = w.HTML(facts_html(start))
        self.takeaway = w.HTML(takeaway_html(structure_takeaway(start)))
        self.control.observe(self._on_change, "value")
        super().__init__(
            [self.control, w.HBox([self.figure]), self.facts, self.takeaway, self.status]
        )

    def update(self, isotype: str) -> None:
        set_figure(self.figure, structure_figure(isotype))
        self.facts.value = facts_html(isotype)
        self.takeaway.value = takeaway_html(structure_takeaway(isotype))
        self.status.value = ""

    def _on_change(self, change: Any) -> None:
        guarded(lambda: self.status)(self.update)(change["new"])


class CompareWidget(w.VBox):
    """Compare the classes by share of serum or by half-life, one class marked."""

    def __init__(self, metric: str = "half-life", highlight: str = "IgG"):
        self.status = w.HTML()
        self.metric = w.ToggleButtons(
            options=list(METRICS), value=metric, description="Compare by", style=LABEL_STYLE
        )
        self.highlight = w.Dropdown(
            options=list(ISOTYPES), value=highlight, description="Mark class", style=LABEL_STYLE
        )
        self.figure = figure_output(comparison_figure(metric, highlight))
        self.takeaway = w.HTML(takeaway_html(comparison_takeaway(metric, highlight)))
        for control in (self.metric, self.highlight):
            control.observe(self._on_change, "value")
        super().__init__(
            [w.HBox([self.metric, self.highlight]), self.figure, self.takeaway, self.status]
        )

    def update(self) -> None:
        metric, highlight = self.metric.value, self.highlight.value
        set_figure(self.figure, comparison_figure(metric, highlight))
        self.takeaway.value = takeaway_html(comparison_takeaway(metric, highlight))
        self.status.value = ""

    def _on_change(self, _change: Any) -> None:
        guarded(lambda: self.status)(self.update)()


def pattern_table_html(pattern: str) -> str:
    rows = ig_pattern(pattern)
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:12px'>{html.escape(iso)}</th>"
        f"<td style='padding-right:12px'>{html.escape(row['level'])}</td>"
        f"<td>{html.escape(row['note'])} <i>[{html.escape(row['source'])}]</i></td></tr>"
        for iso, row in rows.iterrows()
    )
    return (
        '<table class="higm-pattern"><tr><th>Class</th><th>Level</th><th>Note</th></tr>'
        f"{body}</table>"
    )


class PatternWidget(w.VBox):
    """Toggle between the healthy and the HIGM serum immunoglobulin pattern."""

    def __init__(self, start: str = "healthy"):
        self.status = w.HTML()
        self.control = w.ToggleButtons(
            options=list(PATTERNS), value=start, description="Pattern", style=LABEL_STYLE
        )
        self.figure = figure_output(pattern_figure(start))
        self.table = w.HTML(pattern_table_html(start))
        self.takeaway = w.HTML(takeaway_html(pattern_takeaway(start)))
        self.control.observe(self._on_change, "value")
        super().__init__([self.control, self.figure, self.takeaway, self.table, self.status])

    def update(self, pattern: str) -> None:
        set_figure(self.figure, pattern_figure(pattern))
        self.table.value = pattern_table_html(pattern)
        self.takeaway.value = takeaway_html(pattern_takeaway(pattern))
        self.status.value = ""

    def _on_change(self, change: Any) -> None:
        guarded(lambda: self.status)(self.update)(change["new"])


def class_explorer(start: str = "IgG") -> w.VBox:
    """The lesson 01 class explorer, in a bordered box."""
    return boxed(ExplorerWidget(start), "higm-explorer")


def class_comparison(metric: str = "half-life", highlight: str = "IgG") -> w.VBox:
    """The lesson 01 comparison charts, in a bordered box."""
    return boxed(CompareWidget(metric, highlight), "higm-compare")


def pattern_toggle(start: str = "healthy") -> w.VBox:
    """The lesson 01 healthy vs HIGM toggle, in a bordered box."""
    return boxed(PatternWidget(start), "higm-pattern-toggle")
