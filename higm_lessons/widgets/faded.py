"""A faded worked example: a worked problem, then blanks to fill, then a problem alone.

``faded("04")`` shows the sequence of a lesson (see :mod:`higm_lessons.faded`). Each
entry is checked at once: a wrong one says which misconception it shows (and at which
step) or that it is off; after a wrong try the learner may show the step. Every entry
is an attempt of kind ``"faded"`` in the progress store, and the sequence comes back
at the learner's stage when the cell runs again. A step's value is not in the page
until the learner has entered it right or asked to see it.
"""

from __future__ import annotations

import html
from typing import Any, NamedTuple

import ipywidgets as w

from higm_lessons import faded as core
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    boxed,
    button,
    confidence_control,
    guarded,
    markdown_html,
    message_html,
    progress_store,
    show_message,
)

PLACEHOLDER = "a fraction, a percent or a decimal"


class _Blank(NamedTuple):
    """The controls of a step left blank: its box, Check, Show this step, and feedback."""

    entry: w.Text
    check: w.Button
    show: w.Button
    feedback: w.HTML


class FadedWidget(w.VBox):
    """One lesson's faded sequence; rebuilt from the progress store on every action."""

    def __init__(self, lesson: str | int) -> None:
        self.seq = core.sequence(lesson)
        self.lesson = self.seq.lesson
        self.item = core.item(lesson)
        self.heading = w.HTML()
        self.question = w.HTML()
        self.rows = w.VBox()
        self.rows.add_class("higm-faded-steps")
        self.confidence = confidence_control()
        self.next_button = button(
            "Next stage", icon="arrow-right", primary=True, tooltip="Go on to the next stage"
        )
        self.skip_button = button(
            "I already know this", icon="forward", tooltip="Go straight to a problem on your own"
        )
        self.restart_button = button(
            "Start again", icon="undo", tooltip="Back to the worked example"
        )
        self.next_button.on_click(lambda _b: self._act({"action": "next"}))
        self.skip_button.on_click(lambda _b: self._act({"action": "skip"}))
        self.restart_button.on_click(lambda _b: self._act({"action": "restart"}))
        self.status = w.HTML()
        self.status.add_class("higm-status")
        self.state = core.State()
        self._drawn: tuple[int, int] | None = None
        self._rows: dict[tuple[str, str], w.HBox] = {}
        """This stage's rows by (step, how it shows): kept while the learner works on it,
        so a check redraws only what changed and the keyboard focus stays where it was."""
        self._blanks: dict[str, _Blank] = {}
        """The controls of each step still blank at this stage, by step."""
        super().__init__(
            [
                self.heading,
                self.question,
                self.rows,
                self.confidence,
                w.HBox([self.next_button, self.skip_button, self.restart_button]),
                self.status,
            ]
        )
        self.add_class("higm-faded")
        self.add_class(f"higm-faded-{self.seq.kind}")
        guarded(lambda: self.status)(self.refresh)()

    # ------------------------------------------------------------------ state
    @property
    def entries(self) -> dict[str, w.Text]:
        """The text box of each step still blank, by step."""
        return {label: b.entry for label, b in self._blanks.items()}

    @property
    def checks(self) -> dict[str, w.Button]:
        return {label: b.check for label, b in self._blanks.items()}

    @property
    def reveals(self) -> dict[str, w.Button]:
        return {label: b.show for label, b in self._blanks.items()}

    @property
    def feedback(self) -> dict[str, w.HTML]:
        return {label: b.feedback for label, b in self._blanks.items()}

    @property
    def problem(self) -> Any:
        return core.problem(self.lesson, self.state.stage)

    def refresh(self) -> None:
        """Read the learner's attempts again and show their stage."""
        attempts = progress_store().attempts(self.lesson, self.item).to_dict("records")
        self.state = core.replay(self.lesson, attempts)
        self._show()

    def _record(self, response: dict[str, Any], correct: bool | None = None) -> None:
        full = {
            "action": response["action"],
            "stage": self.state.stage,
            "step": response.get("step"),
            "entry": response.get("entry"),
            "seed": self.problem.seed,
            "misconception": response.get("misconception"),
        }
        confidence = response.get("confidence")
        progress_store().record_attempt(
            self.lesson, self.item, core.KIND, full, correct=correct, confidence=confidence
        )

    def _act(self, response: dict[str, Any]) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            self._record(response)
            self.refresh()
            words = {
                "next": f"Stage {self.state.stage} of 4.",
                "skip": "Straight to a problem on your own (saved with your progress).",
                "restart": "Back to the worked example.",
            }
            show_message(self.status, words[response["action"]], "info")

        run()

    # ------------------------------------------------------------------ entries
    def check(self, label: str) -> core.Feedback | None:
        """Check the entry for step ``label``; returns the feedback (None for bad input)."""

        @guarded(lambda: self.status)
        def run() -> core.Feedback | None:
            text = self.entries[label].value
            final = self.state.stage == core.STAGES[-1]
            if final and self.confidence.value is None:
                show_message(
                    self.status, "Say how sure you are first: sure, think so or guessing.", "info"
                )
                return None
            try:
                result = core.check_entry(self.problem, label, text)
            except (TypeError, ValueError) as exc:
                self.feedback[label].value = message_html(str(exc), "warn")
                return None
            wrong = result.misconception.id if result.misconception else None
            self._record(
                {"action": "entry", "step": label, "entry": text.strip(), "misconception": wrong,
                 "confidence": self.confidence.value if final else None},
                correct=result.correct,
            )  # fmt: skip
            self.refresh()
            if not result.correct and label in self.feedback:
                message = markdown_html(result.message)
                self.feedback[label].value = f'<div class="higm-faded-feedback">{message}</div>'
            return result

        return run()

    def reveal(self, label: str) -> None:
        """Show the value of step ``label`` (after a wrong try)."""
        self._act_quiet({"action": "reveal", "step": label})

    def _act_quiet(self, response: dict[str, Any]) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            self._record(response)
            self.refresh()

        run()

    # ------------------------------------------------------------------ drawing
    def _show(self) -> None:
        stage, state = self.state.stage, self.state
        prob = self.problem
        self.question.value = f'<div class="higm-faded-question">{markdown_html(prob.prompt)}</div>'
        if self._drawn != (stage, prob.seed):  # a new stage or problem: new rows
            self._drawn, self._rows, self._blanks = (stage, prob.seed), {}, {}
        asked = core.asked(self.lesson, stage)
        shown = prob.steps[-1:] if stage == core.STAGES[-1] else prob.steps
        rows = tuple(self._row(label, value, label in asked) for label, value in shown)
        if rows != self.rows.children:
            self.rows.children = rows
        final = stage == core.STAGES[-1]
        self.confidence.layout.display = "flex" if final else "none"
        settled = state.settled(self.lesson)
        self.next_button.layout.display = "none" if final else "flex"
        self.next_button.disabled = not settled
        self.skip_button.layout.display = "none" if final else "flex"
        self.restart_button.layout.display = "flex" if final else "none"
        if state.done(self.lesson):
            show_message(self.status, "Done: you solved a problem of this kind on your own.", "ok")
        elif settled and stage > 1:
            show_message(self.status, "Every step is in. Go on to the next stage.", "ok")
        elif stage == 1:
            show_message(self.status, "Read each step, then press Next stage.", "info")
        # the heading goes last: once it names the stage, the steps below it are drawn
        self.heading.value = (
            f"<h4 class='higm-faded-stage higm-faded-stage-{stage}'>{html.escape(self.seq.title)}"
            f": stage {stage} of 4, {html.escape(core.STAGE_TITLES[stage].lower())}</h4>"
        )

    def _row(self, label: str, value: Any, blank: bool) -> w.HBox:
        """Step ``label``'s row: its value (with a note), or a blank to fill. The row of a
        blank is kept while it stays blank (what the learner typed stays in its box)."""
        state = self.state
        if blank and label not in state.right and label not in state.revealed:
            key = (label, "blank")
            if key not in self._rows:
                self._rows[key] = self._blank(label)
            self._blanks[label].show.disabled = label not in state.tried
            return self._rows[key]
        note = " ✔ your entry" if label in state.right else (
            " (shown)" if label in state.revealed else "")  # fmt: skip
        self._blanks.pop(label, None)  # the blank is filled: no box left for it
        self._rows.pop((label, "blank"), None)  # blank again (a restart elsewhere): a new box
        key = (label, note)
        if key not in self._rows:
            cell = w.HTML(
                f"<span class='higm-faded-value'>{html.escape(core.formatted(value))}</span>"
                f"{html.escape(note)}"
            )
            self._rows[key] = self._labelled(label, cell)
        return self._rows[key]

    @staticmethod
    def _labelled(label: str, content: w.Widget) -> w.HBox:
        name = w.HTML(f"<b>{html.escape(label)}</b>", layout=w.Layout(width="300px"))
        row = w.HBox([name, content])
        row.add_class("higm-faded-row")
        return row

    def _blank(self, label: str) -> w.HBox:
        last = label == self.problem.steps[-1][0]
        unit = f"({self.problem.unit})" if self.problem.unit and last else ""
        entry = w.Text(value="", placeholder=PLACEHOLDER, description=unit, style=LABEL_STYLE)
        entry.add_class("higm-faded-entry")
        check = button("Check", icon="check", tooltip=f"Check your entry for {label}")
        show = button("Show this step", icon="eye", tooltip="Show the value (after a try)")
        feedback = w.HTML()
        check.on_click(lambda _b: self.check(label))
        show.on_click(lambda _b: self.reveal(label))
        self._blanks[label] = _Blank(entry, check, show, feedback)
        return self._labelled(label, w.VBox([w.HBox([entry, check, show]), feedback]))


def faded(lesson: str | int) -> w.VBox:
    """A lesson's faded worked example in a bordered box (``box.inner`` is the widget)."""
    return boxed(FadedWidget(lesson), css_class="higm-faded-box")
