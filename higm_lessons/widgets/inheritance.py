"""Lesson 04 widgets: a Punnett square with exact risks, and a family simulator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from higm_lessons.figures.inheritance import (
    convergence_figure,
    punnett_html,
    risk_figure,
    risk_table_html,
    risk_takeaway,
    simulation_takeaway,
    summary_html,
)
from higm_lessons.inheritance import (
    STATUSES,
    affected_sex_ratio,
    chi_square,
    convergence,
    family_summary,
    simulate_families,
)
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    MODE_LABELS,
    TOGGLE_STYLE,
    boxed,
    figure_output,
    message_html,
    run_once,
    set_figure,
    show_message,
    takeaway_html,
)

FAMILY_COUNTS = [10, 100, 1_000, 10_000, 100_000, 1_000_000]

if TYPE_CHECKING:
    import plotly.graph_objects as go


class ParentControls:
    """Mode, mother and father controls; an X-linked father cannot be a carrier."""

    def __init__(self, mode: str, mother: str, father: str):
        self.mode = w.ToggleButtons(
            options=MODE_LABELS, value=mode, description="Inheritance", style=TOGGLE_STYLE
        )
        self.mother = w.Dropdown(options=list(STATUSES), value=mother, description="Mother",
                                 style=LABEL_STYLE)  # fmt: skip
        self.father = w.Dropdown(
            options=self._fathers(mode), value=father, description="Father", style=LABEL_STYLE
        )

    @staticmethod
    def _fathers(mode: str) -> list[str]:
        return [s for s in STATUSES if not (mode == "x-linked" and s == "carrier")]

    def sync(self) -> None:
        """Offer only the father's statuses possible in the current mode."""
        options = self._fathers(self.mode.value)
        if list(self.father.options) != options:
            value = self.father.value if self.father.value in options else "non-carrier"
            with self.father.hold_trait_notifications():
                self.father.options = options
                self.father.value = value

    @property
    def values(self) -> tuple[str, str, str]:
        return self.mode.value, self.mother.value, self.father.value

    def widgets(self) -> list[w.Widget]:
        return [self.mode, w.HBox([self.mother, self.father])]


class PunnettWidget(w.VBox):
    """Choose a mode and the parents; see the gametes grid and the exact risks."""

    def __init__(
        self, mode: str = "x-linked", mother: str = "carrier", father: str = "non-carrier"
    ):
        self.parents = ParentControls(mode, mother, father)
        self.grid = w.HTML()
        self.table = w.HTML()
        self.figure = figure_output(risk_figure(mode, mother, father))
        self.takeaway = w.HTML()
        self.status = w.HTML(
            message_html("Change the mode or a parent: everything redraws.", "info")
        )
        self._busy = False
        for control in (self.parents.mode, self.parents.mother, self.parents.father):
            control.observe(self._on_change, "value")
        self._show(*self.parents.values, figure=False)
        super().__init__(
            [*self.parents.widgets(), self.grid, self.table, self.figure, self.takeaway,
             self.status]
        )  # fmt: skip

    def _show(self, mode: str, mother: str, father: str, figure: bool = True) -> None:
        self.grid.value = punnett_html(mode, mother, father)
        self.table.value = risk_table_html(mode, mother, father)
        if figure:
            set_figure(self.figure, risk_figure(mode, mother, father))
        self.takeaway.value = takeaway_html(risk_takeaway(mode, mother, father))

    def update(self) -> None:
        self.parents.sync()
        self._show(*self.parents.values)
        show_message(self.status, "Redrawn for the parents you chose.", "ok")

    def _on_change(self, change: Any) -> None:
        run_once(self, self.update)


class FamilySimulator(w.VBox):
    """Simulate many families; watch the shares converge on the exact risks."""

    def __init__(
        self,
        mode: str = "x-linked",
        mother: str = "carrier",
        father: str = "non-carrier",
        families: int = 1_000,
        children: int = 4,
        seed: int = 1,
    ):
        self.parents = ParentControls(mode, mother, father)
        self.families = w.SelectionSlider(
            options=[(f"{n:,}", n) for n in FAMILY_COUNTS], value=families,
            description="Families", style=LABEL_STYLE, continuous_update=False,
        )  # fmt: skip
        self.per_family = w.IntSlider(
            value=children, min=1, max=8, description="Children per family", style=LABEL_STYLE,
            continuous_update=False,
        )  # fmt: skip
        self.seed = w.BoundedIntText(
            value=seed, min=0, max=10**6, description="Random seed", style=LABEL_STYLE
        )
        self.summary = w.HTML()
        self.ratio = w.HTML()
        self.takeaway = w.HTML()
        self.status = w.HTML(
            message_html("Change any control: the families are simulated again.", "info")
        )
        self._busy = False
        self.figure = figure_output(self._compute())
        for control in (
            self.parents.mode, self.parents.mother, self.parents.father, self.families,
            self.per_family, self.seed,
        ):  # fmt: skip
            control.observe(self._on_change, "value")
        super().__init__(
            [*self.parents.widgets(), w.HBox([self.families, self.per_family]), self.seed,
             self.figure, self.takeaway, self.summary, self.ratio, self.status]
        )  # fmt: skip

    def _compute(self) -> go.Figure:
        mode, mother, father = self.parents.values
        sims = simulate_families(
            mode, mother, father, families=self.families.value, children=self.per_family.value,
            seed=self.seed.value,
        )  # fmt: skip
        self.sims = sims
        summary = family_summary(sims, mode, mother, father)
        self.summary.value = summary_html(summary, chi_square(sims, mode, mother, father))
        ratio = affected_sex_ratio(sims)
        self.ratio.value = (
            f"<p class='higm-sex-ratio'>Affected children: <b>{ratio['boys']:,}</b> boys and "
            f"<b>{ratio['girls']:,}</b> girls.</p>"
        )
        self.takeaway.value = takeaway_html(simulation_takeaway(sims, mode))
        conv = convergence(sims, mode, mother, father)
        return convergence_figure(
            conv, title=f"Simulated families converge on the exact risks ({mode})"
        )

    def update(self) -> None:
        self.parents.sync()
        set_figure(self.figure, self._compute())
        show_message(self.status, f"Simulated {self.families.value:,} new families.", "ok")

    def _on_change(self, change: Any) -> None:
        run_once(self, self.update)


def punnett_widget(**kwargs: Any) -> w.VBox:
    """The lesson 04 Punnett square, in a bordered box."""
    return boxed(PunnettWidget(**kwargs), "higm-punnett-widget")


def family_simulator(**kwargs: Any) -> w.VBox:
    """The lesson 04 family simulator, in a bordered box."""
    return boxed(FamilySimulator(**kwargs), "higm-family-simulator")
