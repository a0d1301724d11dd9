"""Lesson 00: the 30-second "is everything working?" check."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from higm_lessons.figures.immunoglobulins import serum_share_figure, serum_share_takeaway
from higm_lessons.immunoglobulins import ISOTYPES
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


class CheckWidget(w.VBox):
    """Pick a class; the bar chart marks it and the sentence beside it changes."""

    def __init__(self, start: str = "IgG"):
        self.control = w.Dropdown(
            options=list(ISOTYPES),
            value=start,
            description="Immunoglobulin class",
            style=LABEL_STYLE,
        )
        self.figure = figure_output(serum_share_figure(start))
        self.takeaway = w.HTML(takeaway_html(serum_share_takeaway(start)))
        self.status = w.HTML(
            message_html(
                "Choose another class in the list. If the chart and the sentence change, "
                "widgets and plots work.",
                "info",
            )
        )
        self.control.observe(self._on_change, "value")
        super().__init__([self.control, self.figure, self.takeaway, self.status])

    def update(self, isotype: str) -> None:
        """Mark ``isotype`` in the chart and rewrite the takeaway."""
        set_figure(self.figure, serum_share_figure(isotype))
        self.takeaway.value = takeaway_html(serum_share_takeaway(isotype))
        show_message(
            self.status, "The chart and the sentence reacted: widgets and plots work.", "ok"
        )

    def _on_change(self, change: Any) -> None:
        guarded(lambda: self.status)(self.update)(change["new"])


def check_widget() -> w.VBox:
    """The lesson 00 check, in a bordered box."""
    return boxed(CheckWidget(), "higm-check")
