"""Lesson 02 widgets: the infant IgG curve with its controls, and the predict-then-reveal."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pandas as pd

from higm_lessons.figures.immunoglobulins import (
    MONTH,
    infant_igg_figure,
    infant_igg_takeaway,
    prediction_figure,
)
from higm_lessons.immunoglobulins import (
    diagnosis_milestones,
    first_below_band,
    first_below_of,
    igg_curve,
    load_table,
    nadir_of,
)
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    boxed,
    figure_output,
    guarded,
    progress_store,
    set_figure,
    takeaway_html,
)
from higm_lessons.widgets.prompt import CommitBar

PREDICTION = "02-predict-onset"
"""The progress-store item of the onset prediction."""
HIDDEN_NOTE = (
    " When it first falls below the band is hidden until you commit your prediction in "
    "section 3; change any control after that to see it."
)


def prediction_committed() -> bool:
    """Whether the learner has committed the onset prediction (so the explorer may show it)."""
    try:
        return progress_store().latest_attempt("02", PREDICTION) is not None
    except Exception:  # an unreadable store hides the month rather than breaking the plot
        return False


if TYPE_CHECKING:
    import plotly.graph_objects as go


def _parameters() -> pd.DataFrame:
    return load_table("infant_igg.csv").set_index("parameter")


class CurveWidget(w.VBox):
    """Maternal, own and total IgG from birth to 36 months; change the inputs and watch."""

    def __init__(self) -> None:
        params = _parameters()
        self.term = float(params.loc["maternal_igg_term", "value"])
        self.preterm_value = float(params.loc["maternal_igg_preterm", "value"])
        maternal, half_life = params.loc["maternal_igg_term"], params.loc["igg_half_life"]
        self.status = w.HTML()
        self.maternal = w.IntSlider(
            value=round(self.term),
            min=int(maternal["widget_min"]),
            max=int(maternal["widget_max"]),
            step=1,
            description="Maternal IgG at birth (mg/dL)",
            style=LABEL_STYLE,
            continuous_update=False,
            layout=w.Layout(width="480px"),
        )
        self.half_life = w.IntSlider(
            value=round(half_life["value"]),
            min=int(half_life["widget_min"]),
            max=int(half_life["widget_max"]),
            description="IgG half-life (days)",
            style=LABEL_STYLE,
            continuous_update=False,
            layout=w.Layout(width="480px"),
        )
        self.switching = w.Checkbox(
            value=True,
            description="Class switching works (healthy)",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.preterm = w.Checkbox(
            value=False,
            description="Born preterm (28-33 weeks: less maternal IgG)",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.figure = figure_output(self._figure())
        self.takeaway = w.HTML(self._takeaway_html())
        for control in (self.maternal, self.half_life, self.switching):
            control.observe(self._on_change, "value")
        self.preterm.observe(self._on_preterm, "value")
        super().__init__(
            [
                self.maternal,
                self.half_life,
                w.HBox([self.switching, self.preterm]),
                self.figure,
                self.takeaway,
                self.status,
            ]
        )

    def options(self) -> dict:
        return {
            "class_switching": self.switching.value,
            "maternal_igg_mg_dl": self.maternal.value,
            "half_life_days": self.half_life.value,
        }

    def _figure(self) -> go.Figure:
        options = self.options()
        self.curve = igg_curve(**options)
        self.nadir = nadir_of(self.curve)
        self.below = first_below_of(self.curve)
        # Without class switching, the month the total first falls below the band is what
        # section 3 asks the learner to predict: it stays hidden until they have committed.
        self.hidden = not options["class_switching"] and not prediction_committed()
        title = "IgG in the first 3 years: " + (
            "healthy infant" if options["class_switching"] else "no class switching (HIGM)"
        )
        below = None if self.hidden else self.below
        return infant_igg_figure(self.curve, self.nadir, below, title=title)

    def _takeaway_html(self) -> str:
        text = infant_igg_takeaway(
            self.nadir, self.below, class_switching=self.switching.value, hide_below=self.hidden
        )
        return takeaway_html(text + (HIDDEN_NOTE if self.hidden else ""))

    def update(self) -> None:
        set_figure(self.figure, self._figure())
        self.takeaway.value = self._takeaway_html()
        self.status.value = ""

    def _on_change(self, _change: Any) -> None:
        guarded(lambda: self.status)(self.update)()

    def _on_preterm(self, change: Any) -> None:
        # The preterm box sets the maternal IgG to the published preterm (or term) figure;
        # the slider's observer redraws the plot once.
        value = self.preterm_value if change["new"] else self.term
        self.maternal.value = round(value)


class PredictWidget(w.VBox):
    """Predict when a boy with X-linked HIGM first lacks IgG, commit, then see the answer.

    The prediction is an attempt in the progress store (item ``02-predict-onset``,
    kind ``prediction``, right within a month of the model); it comes back when the
    cell runs again.
    """

    def __init__(self) -> None:
        self.prediction = w.FloatSlider(
            value=12.0,
            min=0.0,
            max=24.0,
            step=0.5,
            description="My prediction: IgG first below the band at (months)",
            style=LABEL_STYLE,
            continuous_update=False,
            layout=w.Layout(width="620px"),
        )
        self.reveal = w.Output(layout=w.Layout(width="100%"))
        self.reveal.add_class("higm-figure")
        self.answer = w.HTML()
        self.bar = CommitBar(
            "02",
            PREDICTION,
            "prediction",
            response=lambda: float(self.prediction.value),
            judge=lambda months: abs(months - self.model_months()) <= 1,
            on_commit=lambda attempt: self.reveal_answer(),
            on_restore=self.put_back,
            on_again=self.hide,
            commit_label="Commit my prediction",
        )
        self.status = self.bar.status
        self.commit, self.again = self.bar.commit_button, self.bar.again_button
        super().__init__([self.prediction, self.bar, self.reveal, self.answer])
        self.bar.restore()

    @staticmethod
    def model_months() -> float:
        below = first_below_band(class_switching=False)
        if below is None:
            raise ValueError("the model's IgG never falls below the band")
        return below / MONTH

    def reveal_answer(self) -> None:
        predicted = float(self.prediction.value)
        months = self.model_months()
        set_figure(self.reveal, prediction_figure(predicted))
        gap = predicted - months
        closeness = (
            "Spot on within a month."
            if abs(gap) <= 1
            else f"You predicted {abs(gap):.1f} months {'later' if gap > 0 else 'earlier'}."
        )
        milestones = diagnosis_milestones()
        cohort = "; ".join(
            f"{html.escape(r.share_text)} by age {r.age_days / 365.25:.0f} "
            f"[{html.escape(r.source)}]"
            for r in milestones.itertuples()
        )
        self.answer.value = takeaway_html(
            f"In the model, his IgG (all of it from his mother) falls below the reference band "
            f"at {months:.1f} months. {closeness} Diagnosis usually comes later, after several "
            "infections."
        ) + (f"<p><b>Registry of boys with X-linked HIGM, share diagnosed:</b> {cohort}.</p>")
        self.prediction.disabled = True

    def put_back(self, attempt: dict[str, Any]) -> None:
        self.prediction.value = float(attempt["response"])
        self.reveal_answer()

    def hide(self) -> None:
        self.reveal.outputs = ()
        self.answer.value = ""
        self.prediction.disabled = False


def igg_explorer() -> w.VBox:
    """The lesson 02 IgG curve with its controls, in a bordered box."""
    return boxed(CurveWidget(), "higm-igg-curve")


def predict_onset() -> w.VBox:
    """The lesson 02 predict-then-reveal exercise, in a bordered box."""
    return boxed(PredictWidget(), "higm-predict")
