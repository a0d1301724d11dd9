"""Lesson 07: enter an immunology panel in any usual unit and read it against age bands."""

from __future__ import annotations

import functools
import warnings
from typing import Any

import ipywidgets as w

from higm_lessons import cases, diagnosis, labs
from higm_lessons.figures.labs import (
    bands_figure,
    bands_takeaway,
    results_html,
    zlog_figure,
    zlog_takeaway,
)
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    boxed,
    figure_output,
    guarded,
    message_html,
    set_figure,
    show_message,
    takeaway_html,
)

START = {"IgG": "820", "IgA": "120", "IgM": "90"}


def patient_label(case: cases.Case) -> str:
    """A case named by sex and age only ("Boy, 9 weeks"): lesson 07 reads the labs without
    naming a diagnosis, which lesson 09 reaches stage by stage."""
    days = case.age_years * labs.DAYS_PER_YEAR
    if days < 91:
        age = f"{round(days / 7)} weeks"
    elif case.age_years < 2:
        age = f"{round(case.age_years * 12)} months"
    else:
        years, months = divmod(round(case.age_years * 12), 12)
        age = f"{years} years" + (f" {months} months" if months else "")
    return f"{'Boy' if case.sex == 'M' else 'Girl'}, {age}"


def _numbered(options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Number the labels that two patients share ("Boy, 3 years (1)", "... (2)")."""
    labels = [label for label, _ in options]
    seen: dict[str, int] = {}
    out = []
    for label, key in options:
        if labels.count(label) > 1:
            seen[label] = seen.get(label, 0) + 1
            label = f"{label} ({seen[label]})"
        out.append((label, key))
    return out


class LabPanelWidget(w.VBox):
    """Age, sex and a value with a unit per analyte -> flags, the band figure of one result
    (the one last entered, or chosen) and, in a deep-dive fold, the zlog strip."""

    def __init__(self, example: str | None = "higm1-classic") -> None:
        self._hold = False
        self._last: str | None = None
        self._table = labs.interpret({}, age_years=30, sex="M")
        self._age = 30.0
        self.status = w.HTML()
        self._build_patient_controls()
        grid = self._build_result_boxes()
        self._build_outputs()
        for control in (self.age, self.age_unit, self.sex, *self.units.values()):
            control.observe(self._on_change, "value")
        for analyte, box in self.values.items():
            box.observe(functools.partial(self._on_value, analyte), "value")
        self.shown.observe(self._on_shown, "value")
        self.zlog_fold.observe(self._on_fold, "selected_index")
        self.example.observe(self._on_example, "value")
        super().__init__(
            [
                w.HBox([self.age, self.age_unit, self.sex]),
                self.example,
                w.HTML("<b>Results</b> (leave a box empty if the test was not done):"),
                grid,
                self.status,
                self.notes,
                self.table,
                self.shown,
                self.band_figure,
                self.bands_take,
                self.zlog_fold,
            ]
        )
        if example:
            self.load_example(example)
        else:
            self.update()

    def _build_patient_controls(self) -> None:
        """Age (with its unit), sex, and the list of cases that can fill in the panel."""
        style = LABEL_STYLE
        self.age = w.FloatText(
            value=30,
            step=1,
            description="Age",
            style=style,
            layout=w.Layout(width="150px"),
        )
        self.age_unit = w.Dropdown(
            options=list(labs.AGE_UNITS),
            value="years",
            description="Age unit",
            style=style,
            layout=w.Layout(width="180px"),
        )
        self.sex = w.Dropdown(
            options=[("male", "M"), ("female", "F")],
            value="M",
            description="Sex",
            style=style,
            layout=w.Layout(width="170px"),
        )
        with_labs = [
            c
            for c in cases.load_cases().values()
            if any(a in s.findings for s in c.stages for a in labs.ANALYTES)
        ]
        patients = [(patient_label(c), c.id) for c in with_labs]
        self.example = w.Dropdown(
            options=[("(my own values)", ""), *_numbered(patients)],
            value="",
            description="Fill in from a patient",
            style=style,
            layout=w.Layout(width="auto"),
        )

    def _build_result_boxes(self) -> w.GridBox:
        """A value box and a unit list for every analyte, laid out in a grid."""
        self.values: dict[str, w.Text] = {}
        self.units: dict[str, w.Dropdown] = {}
        rows = []
        for analyte in labs.ANALYTES:
            self.values[analyte] = w.Text(
                value=START.get(analyte, ""),
                description=analyte,
                placeholder="not measured",
                continuous_update=False,
                style={"description_width": "60px"},
                layout=w.Layout(width="190px"),
            )
            self.units[analyte] = w.Dropdown(
                options=labs.units_for(analyte),
                description=f"{analyte} unit",
                style={"description_width": "0px"},
                layout=w.Layout(width="110px"),
            )
            self.values[analyte].add_class(f"higm-value-{analyte}")
            rows.append(w.HBox([self.values[analyte], self.units[analyte]]))
        return w.GridBox(
            rows, layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(310px, 1fr))")
        )

    def _build_outputs(self) -> None:
        """The results table, notes, the band figure of one result with the takeaway for all
        results, and the zlog strip in a fold that is drawn only while it is open.

        One large panel (not a small panel per result) is what keeps a new value quick to
        draw in the browser, and it is easier to read; the table lists every result.
        """
        self.table = w.HTML()
        self.notes = w.HTML()
        self.shown = w.Dropdown(
            options=[],
            description="Band shown",
            style=LABEL_STYLE,
            layout=w.Layout(width="260px"),
        )
        self.band_figure = figure_output(bands_figure(self._table, age_years=30))
        self.bands_take = w.HTML()
        self.zlog_figure = figure_output()
        self.zlog_take = w.HTML()
        self.zlog_fold = w.Accordion(
            [w.VBox([self.zlog_figure, self.zlog_take])],
            titles=("Deep dive (optional): every result on one scale, the zlog strip",),
            selected_index=None,
        )

    # ------------------------------------------------------------------ reading controls
    def age_years(self) -> float:
        return labs.age_in_years(self.age.value, self.age_unit.value)

    def results(self) -> dict[str, str]:
        """Entered results as text with units, e.g. {'IgG': '8.2 g/L'} (empty boxes left out)."""
        entered = {}
        for analyte, box in self.values.items():
            text = box.value.strip()
            if text:
                # A bare number takes the unit from the list; a unit typed in the box wins.
                try:
                    float(text.replace(",", ""))
                except ValueError:
                    entered[analyte] = text
                else:
                    entered[analyte] = f"{text} {self.units[analyte].value}"
        return entered

    # ------------------------------------------------------------------ updating
    def update(self) -> None:
        """Re-read every control and redraw the table, notes and both figures."""
        age = self.age_years()
        sex = self.sex.value
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", labs.UnitWarning)
            table = labs.interpret(self.results(), age_years=age, sex=sex)
        self.table.value = results_html(table, age_years=age, sex=sex)
        notes = [message_html(text, "warn") for text in table.attrs.get("warnings", [])]
        notes += [
            message_html(text, "info") for text in diagnosis.caveats({"age_years": age, "sex": sex})
        ]
        self.notes.value = "".join(notes)
        self._table, self._age = table, age
        self.bands_take.value = takeaway_html(bands_takeaway(table))
        self._show_band()
        self._show_zlog()
        outside = int((table["flag"] != "N").sum()) if len(table) else 0
        show_message(
            self.status,
            f"Read {len(table)} result(s) for age {age:.3g} years: {outside} outside the band.",
            "ok",
        )

    def _show_band(self) -> None:
        """Draw the band of the result chosen in "Band shown" (kept if still entered, else the
        last result entered, else the first)."""
        entered = list(self._table["analyte"])
        chosen = self.shown.value if self.shown.value in entered else None
        if self._last in entered:
            chosen = self._last
        self._hold, held = True, self._hold
        try:
            self.shown.options = entered
            self.shown.value = chosen or (entered[0] if entered else None)
        finally:
            self._hold = held
        figure = bands_figure(
            self._table, age_years=self._age, sex=self.sex.value, analyte=self.shown.value
        )
        set_figure(self.band_figure, figure)

    def _show_zlog(self) -> None:
        """The zlog strip and its takeaway, drawn only while the deep-dive fold is open."""
        if self.zlog_fold.selected_index is None:
            return
        self.zlog_take.value = takeaway_html(zlog_takeaway(self._table))
        set_figure(self.zlog_figure, zlog_figure(self._table))

    def load_example(self, case_id: str) -> None:
        """Fill the controls with the age, sex and lab results of a case (all stages)."""
        case = cases.get_case(case_id)
        patient = case.patient(len(cases.STAGES) - 1)
        self._last = None
        self._hold = True
        try:
            if case.age_years < 2:
                self.age_unit.value = "months"
                self.age.value = round(case.age_years * 12, 1)
            else:
                self.age_unit.value = "years"
                self.age.value = round(case.age_years, 2)
            self.sex.value = case.sex
            for analyte in labs.ANALYTES:
                if analyte in patient:
                    value, unit = labs.parse_value(patient[analyte], analyte)
                    self.units[analyte].value = unit
                    self.values[analyte].value = f"{value:g}"
                else:
                    self.values[analyte].value = ""
        finally:
            self._hold = False
        self.update()

    def _on_change(self, _change: Any) -> None:
        if not self._hold:
            guarded(lambda: self.status)(self.update)()

    def _on_value(self, analyte: str, change: Any) -> None:
        """A value typed: its band is the one shown next (the learner is looking at it)."""
        if not self._hold:
            self._last = analyte
            self._on_change(change)

    def _on_shown(self, _change: Any) -> None:
        if not self._hold:
            self._last = None
            guarded(lambda: self.status)(self._show_band)()

    def _on_fold(self, _change: Any) -> None:
        guarded(lambda: self.status)(self._show_zlog)()

    def _on_example(self, change: Any) -> None:
        if change["new"]:
            guarded(lambda: self.status)(self.load_example)(change["new"])


def lab_panel(example: str | None = "higm1-classic") -> w.VBox:
    """The lesson 07 panel-entry widget, in a bordered box."""
    return boxed(LabPanelWidget(example), "higm-labpanel")
