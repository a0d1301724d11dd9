"""Treatment widgets. Lesson 10: the immunoglobulin replacement simulator. Lesson 11: the
least-drug exercise and published transplant outcomes."""

from __future__ import annotations

import math
from typing import Any, TypedDict

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go

from higm_lessons import labs
from higm_lessons.figures.treatment import (
    hsct_figure,
    hsct_label,
    hsct_rows,
    hsct_takeaway,
    levels_figure,
    levels_takeaway,
)
from higm_lessons.treatment import (
    bioavailability,
    compare_schedules,
    dose_for_trough,
    parameters,
    per_four_weeks,
    replacement_summary,
    steady_state_trough,
)
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    boxed,
    facts_table,
    figure_output,
    guarded,
    message_html,
    set_figure,
    show_message,
    takeaway_html,
)
from higm_lessons.widgets.prompt import CommitBar

WIDE = w.Layout(width="420px")
CHALLENGE = "11-schedule-challenge"
"""The progress-store item of the least-drug exercise."""


class _Route(TypedDict):
    """One route's controls: interval choices, the usual doses and the dose slider."""

    intervals: list[tuple[str, int]]
    usual: tuple[float, float]
    dose: tuple[int, int, int]
    start: int
    interval: int


class _Schedule(TypedDict):
    """The simulator's controls as arguments of the treatment model and its figures."""

    dose_mg_per_kg: float
    interval_days: float
    half_life_days: float
    baseline_mg_dl: float
    route: str


def _routes() -> dict[str, _Route]:
    """Route -> its interval choices and dose slider range, from data/treatment.csv."""
    p = parameters()
    short, long = int(p["ivig_interval_short_days"]), int(p["ivig_interval_long_days"])
    weekly = int(p["scig_interval_days"])
    return {
        "iv": {
            "intervals": [
                (f"every {short // 7} weeks ({short} days)", short),
                (f"every {long // 7} weeks ({long} days)", long),
            ],
            "usual": (p["ivig_dose_low_mg_kg"], p["ivig_dose_high_mg_kg"]),
            "dose": (100, 1200, 25),
            "start": int(p["ivig_dose_low_mg_kg"]),
            "interval": long,
        },
        "sc": {
            "intervals": [(f"every week ({weekly} days)", weekly)],
            "usual": (p["scig_dose_low_mg_kg"], p["scig_dose_high_mg_kg"]),
            "dose": (25, 300, 5),
            "start": int(p["scig_dose_low_mg_kg"]),
            "interval": weekly,
        },
    }


class ReplacementSimulator(w.VBox):
    """Dose, interval, route, half-life and weight -> six months of IgG levels and their meaning."""

    def __init__(self) -> None:
        self.routes = _routes()
        self._quiet = False
        self._build_schedule_controls(self.routes["iv"])
        self._build_patient_controls(parameters())
        self.usual = w.HTML()
        self.status = w.HTML()
        self.summary = w.HTML()
        self.takeaway = w.HTML()
        self.figure = figure_output(self._figure())
        self._update_text()
        for control in (self.interval, self.dose, self.half_life, self.baseline):
            control.observe(self._on_curve, "value")
        self.weight.observe(self._on_weight, "value")
        self.route.observe(self._on_route, "value")
        super().__init__(
            [
                self.route,
                w.HBox([self.interval, self.weight]),
                self.dose,
                self.usual,
                self.half_life,
                self.baseline,
                self.figure,
                self.summary,
                self.takeaway,
                self.status,
            ]
        )

    def _build_schedule_controls(self, iv: _Route) -> None:
        """Route, interval and dose, starting on the IV route."""
        self.route = w.ToggleButtons(
            options=[("IV (intravenous)", "iv"), ("SC (subcutaneous)", "sc")],
            value="iv",
            description="Route",
            tooltips=["Intravenous infusion every 3 or 4 weeks", "Subcutaneous doses every week"],
            style=LABEL_STYLE,
        )
        self.interval = w.Dropdown(
            options=iv["intervals"], value=iv["interval"], description="Interval", style=LABEL_STYLE
        )
        low, high, step = iv["dose"]
        self.dose = w.IntSlider(
            value=iv["start"],
            min=low,
            max=high,
            step=step,
            description="Dose (mg/kg)",
            continuous_update=False,
            style=LABEL_STYLE,
            layout=WIDE,
        )

    def _build_patient_controls(self, p: dict[str, float]) -> None:
        """The patient: IgG half-life, body weight and their own IgG."""
        self.half_life = w.FloatSlider(
            value=p["igg_half_life_days"],
            min=10,
            max=40,
            step=1,
            description="IgG half-life (days)",
            readout_format=".0f",
            continuous_update=False,
            style=LABEL_STYLE,
            layout=WIDE,
        )
        self.weight = w.BoundedFloatText(
            value=20, min=1, max=250, step=0.5, description="Body weight (kg)", style=LABEL_STYLE
        )
        self.baseline = w.IntSlider(
            value=0,
            min=0,
            max=400,
            step=10,
            description="Own IgG (mg/dL)",
            continuous_update=False,
            style=LABEL_STYLE,
            layout=WIDE,
        )

    # -- what the controls mean
    def _args(self) -> _Schedule:
        return {
            "dose_mg_per_kg": float(self.dose.value),
            "interval_days": float(self.interval.value),
            "half_life_days": float(self.half_life.value),
            "baseline_mg_dl": float(self.baseline.value),
            "route": self.route.value.upper(),
        }

    def _figure(self) -> go.Figure:
        return levels_figure(**self._args())

    def _update_text(self) -> None:
        args = self._args()
        s = replacement_summary(weight_kg=float(self.weight.value), **args)
        low, high = self.routes[self.route.value]["usual"]
        self.usual.value = (
            f"<small>Usual {'IVIG' if self.route.value == 'iv' else 'weekly SCIG'} doses in the "
            f"sources: {low:g} to {high:g} mg/kg.</small>"
        )
        rows = [
            ("Immunoglobulin per dose", f"{s['grams_per_infusion']:.1f} g"),
            (
                "Immunoglobulin per 4 weeks",
                f"{s['grams_per_4_weeks']:.1f} g ({s['mg_per_kg_per_4_weeks']:.0f} mg/kg)",
            ),
            ("Absorbed into the blood", f"{s['bioavailability']:.0%} of each dose"),
            ("Trough after the first dose", f"{s['first_trough_mg_dl']:,.0f} mg/dL"),
            (
                "Steady-state trough",
                labs.with_g_per_l(round(s["steady_trough_mg_dl"]), "IgG"),
            ),
            ("Modelled pneumonia rate", f"{s['pneumonia_per_patient_year']:.3f} per patient-year"),
        ]
        note = ""
        if s["steady_trough_mg_dl"] > s["target_high_mg_dl"]:
            note = message_html(
                "Above the band the sources have little data: the pneumonia figure is an "
                "extrapolation.",
                "warn",
            )
        self.summary.value = facts_table(rows, "higm-summary") + note
        self.takeaway.value = takeaway_html(
            levels_takeaway(weight_kg=float(self.weight.value), **args)
        )
        self.status.value = ""

    # -- callbacks: recompute only what changed
    def update_curve(self) -> None:
        """A schedule control changed: new figure and new numbers."""
        set_figure(self.figure, self._figure())
        self._update_text()

    def _on_curve(self, _change: Any = None) -> None:
        if not self._quiet:
            guarded(lambda: self.status)(self.update_curve)()

    def _on_weight(self, change: Any) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            if change["new"] is None or not change["new"] > 0:
                raise ValueError("Body weight must be a number of kilograms above 0.")
            self._update_text()  # weight changes grams only; the curve is per kilogram

        run()

    def _on_route(self, change: Any) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            route = self.routes[change["new"]]
            low, high, step = route["dose"]
            self._quiet = True  # change three controls, then draw once
            try:
                self.interval.options = route["intervals"]
                self.interval.value = route["interval"]
                self.dose.min = min(low, self.dose.min)
                self.dose.max = max(high, self.dose.max)
                self.dose.step = step
                self.dose.value = route["start"]
                self.dose.min, self.dose.max = low, high
            finally:
                self._quiet = False
            self.update_curve()

        run()


def replacement_simulator() -> w.VBox:
    """The lesson 10 simulator, in a bordered box."""
    return boxed(ReplacementSimulator(), "higm-ig-simulator")


# --------------------------------------------------------------------------- the exercise
class ScheduleChallenge(w.VBox):
    """Reach a target trough with the least immunoglobulin per 4 weeks.

    The learner commits a schedule (target, interval, dose) with a confidence; only then do
    the verdict and the least-drug table appear. The commitment is an attempt in the progress
    store (item ``11-schedule-challenge``, kind ``challenge``) and comes back when the cell
    runs again.
    """

    TOLERANCE = 0.05
    """A schedule within 5% of the least drug for the target counts as found."""

    def __init__(self) -> None:
        p = parameters()
        self.intervals = sorted(
            {
                int(p["scig_interval_days"]),
                int(p["ivig_interval_short_days"]),
                int(p["ivig_interval_long_days"]),
            }
        )
        self._build_schedule_controls(p["trough_target_low_mg_dl"], p["trough_target_high_mg_dl"])
        self.reading = w.HTML()
        self.feedback = w.HTML()  # empty until a commit: no verdict before the learner commits
        self.answer = w.HTML(layout=w.Layout(display="none"))
        self.figure = figure_output(self._figure())
        self._update_reading()
        for control in (self.target, self.interval, self.dose):
            control.observe(self._on_change, "value")
        self.bar = CommitBar(
            "11",
            CHALLENGE,
            "challenge",
            response=self.response,
            judge=lambda _r: self.verdict()[0],
            on_commit=lambda _attempt: self.reveal(),
            on_restore=self.put_back,
            on_again=self.hide,
            commit_label="Commit my schedule",
        )
        self.status = self.bar.status
        super().__init__(
            [
                w.HBox([self.target, self.interval]),
                self.dose,
                self.figure,
                self.reading,
                self.bar,
                self.feedback,
                self.answer,
            ]
        )
        self.bar.restore()

    def _build_schedule_controls(self, low: float, high: float) -> None:
        """Six target troughs across the target band, the intervals, and the dose."""
        targets = [int(t) for t in np.linspace(low, high, 6)]
        self.target = w.Dropdown(
            options=[(f"{t:,} mg/dL", t) for t in targets],
            value=targets[1],
            description="Target trough",
            style=LABEL_STYLE,
        )
        self.interval = w.Dropdown(
            options=[(self._label(t), t) for t in self.intervals],
            value=self.intervals[-1],
            description="Interval",
            style=LABEL_STYLE,
        )
        self.dose = w.IntSlider(
            value=500,
            min=25,
            max=1500,
            step=5,
            description="Dose (mg/kg)",
            continuous_update=False,
            style=LABEL_STYLE,
            layout=WIDE,
        )

    def route(self, interval_days: float | None = None) -> str:
        """The route of an interval: weekly doses go under the skin, the others into a vein."""
        tau = self.interval.value if interval_days is None else interval_days
        return "SC" if tau == int(parameters()["scig_interval_days"]) else "IV"

    def _label(self, interval_days: int) -> str:
        name = "SCIG" if self.route(interval_days) == "SC" else "IVIG"
        return f"{name} every {interval_days} days"

    def _schedules(self) -> list[tuple[str, int]]:
        return [(self.route(t), t) for t in self.intervals]

    def _figure(self) -> go.Figure:
        return levels_figure(
            dose_mg_per_kg=float(self.dose.value),
            interval_days=float(self.interval.value),
            route=self.route(),
            target_mg_dl=float(self.target.value),
            title=f"Your schedule against a target trough of {self.target.value:,} mg/dL",
        )

    def _update_reading(self) -> None:
        trough = steady_state_trough(self.dose.value, self.interval.value, route=self.route())
        used = per_four_weeks(self.dose.value, self.interval.value)
        self.reading.value = takeaway_html(
            f"Your steady-state trough is {trough:,.0f} mg/dL against a target of "
            f"{self.target.value:,} mg/dL, using {used:,.0f} mg/kg of immunoglobulin per 4 weeks."
        )

    def _on_change(self, _change: Any) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            set_figure(self.figure, self._figure())
            self._update_reading()

        run()

    def response(self) -> dict[str, Any]:
        """The schedule as committed: target, interval, route and dose."""
        return {
            "target_mg_dl": int(self.target.value),
            "interval_days": int(self.interval.value),
            "route": self.route(),
            "dose_mg_per_kg": int(self.dose.value),
        }

    def verdict(self) -> tuple[bool, str]:
        """Whether the schedule reaches the target with (nearly) the least drug, and why."""
        target, tau, dose, route = (
            self.target.value,
            self.interval.value,
            self.dose.value,
            self.route(),
        )
        trough = steady_state_trough(dose, tau, route=route)
        used = per_four_weeks(dose, tau)
        best = compare_schedules(target, self._schedules()).iloc[0]
        needed = dose_for_trough(target, tau, route=route)
        if trough < target:
            return False, (
                f"Not there yet: the trough is {trough:,.0f} mg/dL, below {target:,} mg/dL. "
                f"{self._label(tau)} needs at least {math.ceil(needed):,} mg/kg."
            )
        if used > best["mg_per_kg_per_4_weeks"] * (1 + self.TOLERANCE):
            hint = (
                "Try a lower dose."
                if dose > needed * (1 + self.TOLERANCE)
                else "Your dose is about right for this interval; try another interval."
            )
            return False, (
                f"The target is reached, but with {used:,.0f} mg/kg per 4 weeks. A schedule "
                f"exists that needs less. {hint}"
            )
        return True, (
            f"Found it: {self._label(tau)} at {dose} mg/kg reaches {trough:,.0f} mg/dL with "
            f"{used:,.0f} mg/kg per 4 weeks, within 5% of the least possible."
        )

    def _controls(self, disabled: bool) -> None:
        for control in (self.target, self.interval, self.dose):
            control.disabled = disabled

    def reveal(self) -> None:
        """After a commit: the verdict and, for each interval, the least dose for the target."""
        ok, text = self.verdict()
        # Not there yet is a step in the exercise, not an error: a warning sign, not a cross.
        self.feedback.value = message_html(text, "ok" if ok else "warn")
        self.answer.value = self._answer_html()
        self.answer.layout.display = "block"
        self._controls(True)

    def put_back(self, attempt: dict[str, Any]) -> None:
        """Set the controls to a saved schedule, then show its verdict."""
        saved = attempt["response"]
        if not isinstance(saved, dict):
            raise ValueError("the saved schedule could not be read; commit a new one")
        self.target.value = int(saved["target_mg_dl"])
        self.interval.value = int(saved["interval_days"])
        self.dose.value = int(saved["dose_mg_per_kg"])
        self.reveal()

    def hide(self) -> None:
        self.feedback.value = ""
        self.answer.value = ""
        self.answer.layout.display = "none"
        self._controls(False)

    def _answer_html(self) -> str:
        table = compare_schedules(self.target.value, self._schedules())
        rows = "".join(
            f"<tr><td style='padding:2px 14px 2px 0'>{self._label(int(r.interval_days))}</td>"
            f"<td style='padding:2px 14px 2px 0'>{math.ceil(r.dose_mg_per_kg):,}</td>"
            f"<td>{r.mg_per_kg_per_4_weeks:,.0f}</td></tr>"
            for r in table.itertuples()
        )
        return (
            "<table class='higm-answer' style='border-collapse:collapse;margin:6px 0'>"
            "<caption style='caption-side:top;text-align:left;font-weight:bold'>"
            f"Doses that just reach {self.target.value:,} "
            "mg/dL (rounded up), least drug first; weekly doses go under the skin, "
            f"where about {bioavailability('SC'):.0%} is absorbed</caption><tr><th>Schedule</th>"
            f"<th>Dose (mg/kg)</th><th>mg/kg per 4 weeks</th></tr>{rows}</table>"
        )


def schedule_challenge() -> w.VBox:
    """The least-drug exercise, in a bordered box."""
    return boxed(ScheduleChallenge(), "higm-schedule-challenge")


# --------------------------------------------------------------------------- transplant outcomes
class TransplantOutcomes(w.VBox):
    """Pick a published survival figure; the chart marks it and the text gives its context."""

    def __init__(self) -> None:
        rows = hsct_rows()
        self.choice = w.Dropdown(
            options=[(hsct_label(r), i) for i, r in enumerate(rows.to_dict(orient="records"))],
            value=0,
            description="Published figure",
            style=LABEL_STYLE,
            layout=w.Layout(width="auto"),
        )
        self.status = w.HTML()
        self.figure = figure_output(hsct_figure(0))
        self.takeaway = w.HTML(takeaway_html(hsct_takeaway(0)))
        self.choice.observe(self._on_change, "value")
        super().__init__([self.choice, self.figure, self.takeaway, self.status])

    def _on_change(self, change: Any) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            set_figure(self.figure, hsct_figure(change["new"]))
            self.takeaway.value = takeaway_html(hsct_takeaway(change["new"]))
            show_message(self.status, "The chart marks the figure you chose.", "ok")

        run()


def transplant_outcomes() -> w.VBox:
    """The transplant outcomes explorer, in a bordered box."""
    return boxed(TransplantOutcomes(), "higm-hsct")
