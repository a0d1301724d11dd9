"""The course home: one learner's progress, mastery, today's review, calibration and next step.

A thin widget over :mod:`higm_lessons.home` and :mod:`higm_lessons.figures.home`. Today's
review is done in place, one item at a time: a question from a lesson's bank (its options, a
confidence and Check answer) or a generated problem (a box for the answer, a confidence and
Check answer). Each answer is graded with the review scheduler, the feedback appears (only
then), the progress, mastery and calibration figures are drawn again, and **Next item**
brings the next one.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as w

from higm_lessons import home, practice
from higm_lessons.figures.home import (
    calibration_figure,
    calibration_takeaway,
    mastery_figure,
    mastery_takeaway,
    progress_figure,
    progress_takeaway,
)
from higm_lessons.progress import ProgressStore
from higm_lessons.quiz import Question, Result, check
from higm_lessons.review import ReviewItem
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    TOGGLE_STYLE,
    boxed,
    button,
    confidence_control,
    figure_output,
    guarded,
    markdown_html,
    message_html,
    progress_store,
    set_figure,
    show_message,
    takeaway_html,
)
from higm_lessons.widgets.quiz import QuestionWidget

Graded = Callable[[bool, str | None], None]
"""What an item calls once it is answered: ``graded(correct, confidence)``."""

REASONS = {
    "high-confidence error": "back first: you were wrong while feeling sure",
    "error": "back soon: you got it wrong last time",
    "due": "due today",
    home.FIRST_ROUND: "first round: a generated problem, new numbers each time",
}


class ReviewQuestion(QuestionWidget):
    """A bank question in review: answered like the lesson's self-check, graded for review."""

    def __init__(self, question: Question, number: int, graded: Graded) -> None:
        self.graded = graded
        super().__init__(question, number)

    def submit(self, answer: Any, confidence: str | None = None) -> Result:
        """Check ``answer``, show its feedback and grade the review (not a lesson answer)."""
        result = check(self.question, answer)
        self.show_result(result)
        self.check_button.disabled = True
        self.confidence.disabled = True
        self.graded(result.correct, confidence)
        return result


def _number(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def steps_html(problem: practice.Problem) -> str:
    """The worked steps of a generated problem as a list (shown after an answer only)."""
    items = "".join(
        f"<li>{html.escape(label)}: <b>{html.escape(_number(value))}</b></li>"
        for label, value in problem.steps
    )
    return f'<div class="higm-worked-steps"><b>Worked steps.</b><ol>{items}</ol></div>'


class ReviewProblem(w.VBox):
    """A generated problem in review: an answer box (or the three flags), a confidence and
    Check answer; then the feedback naming any misconception, and the worked steps."""

    def __init__(self, problem: practice.Problem, number: int, graded: Graded) -> None:
        self.problem, self.graded = problem, graded
        self.status = w.HTML()
        heading = w.HTML(f"<p><b>Question {number}.</b></p>" + markdown_html(problem.prompt))
        if problem.tolerance is None:
            self.control: w.Widget = w.ToggleButtons(
                options=[("L (low)", "L"), ("N (normal)", "N"), ("H (high)", "H")],
                value=None,
                description="Flag",
                style=TOGGLE_STYLE,
            )
        else:
            unit = f" ({problem.unit})" if problem.unit else " (0 to 1)"
            self.control = w.Text(
                description=f"Answer{unit}", placeholder="a number", style=LABEL_STYLE
            )
        self.confidence = confidence_control()
        self.check_button = button(
            "Check answer", icon="check", primary=True, tooltip="Check your answer and see feedback"
        )
        self.feedback = w.HTML()
        self.check_button.on_click(lambda _b: self.commit())
        super().__init__(
            [
                heading,
                self.control,
                self.confidence,
                w.HBox([self.check_button]),
                self.feedback,
                self.status,
            ]
        )
        self.add_class("higm-question")

    def commit(self) -> practice.Feedback | None:
        """Check the entered answer; returns the feedback (None when not answered yet)."""

        @guarded(lambda: self.status)
        def run() -> practice.Feedback | None:
            value = self.control.value
            if value in (None, ""):
                show_message(self.status, "Type or choose an answer first.", "info")
                return None
            if self.confidence.value is None:
                show_message(
                    self.status, "Say how sure you are first: sure, think so or guessing.", "info"
                )
                return None
            result = practice.check(self.problem, value)
            self.status.value = ""
            kind = "ok" if result.correct else "warn"  # a wrong answer is no software error
            answer = f"The answer: {_number(result.answer)} {self.problem.unit}".rstrip()
            self.feedback.value = (
                message_html("Right." if result.correct else "Not right.", kind)
                + markdown_html(result.message)
                + f"<p>{html.escape(answer)}.</p>"
                + steps_html(self.problem)
            )
            for control in (self.control, self.confidence, self.check_button):
                control.disabled = True
            self.graded(result.correct, self.confidence.value)
            return result

        return run()


class CourseHome(w.VBox):
    """Progress, mastery, today's review, calibration and the next step for the store's learner."""

    def __init__(self, store: ProgressStore | None = None, now: datetime | None = None) -> None:
        self.store = store if store is not None else progress_store()
        self.now = now
        self.status = w.HTML()
        self.shown: home.Overview | None = None
        """What the figures show now (only what changed is drawn again)."""
        first = home.overview(self.store)
        self.progress_output = figure_output(progress_figure(first.progress))
        self.progress_text = w.HTML()
        self.mastery_output = figure_output(mastery_figure(first.mastery))
        self.mastery_text = w.HTML()
        self.calibration_output = figure_output(calibration_figure(first.calibration))
        self.calibration_text = w.HTML()
        self.next_text = w.HTML()
        self.next_text.add_class("higm-next-step")
        self.items: list[ReviewItem] = home.today(self.store, now)
        self.position = 0
        self.answered = 0
        self.counter = w.HTML()
        self.item_box = w.VBox()
        self.item_box.add_class("higm-review-item")
        self.next_button = button(
            "Next item", icon="arrow-right", tooltip="Show the next item of today's review"
        )
        self.next_button.on_click(lambda _b: self.next_item())
        super().__init__(self._sections())
        self.refresh()
        self.show_item()

    def _sections(self) -> list[w.Widget]:
        def heading(text: str) -> w.HTML:
            return w.HTML(f"<h3>{html.escape(text)}</h3>")

        return [
            heading("Progress by lesson"),
            self.progress_output,
            self.progress_text,
            heading("Mastery per objective"),
            self.mastery_output,
            self.mastery_text,
            heading("Today's review"),
            self.counter,
            self.item_box,
            w.HBox([self.next_button]),
            heading("Calibration: how sure against how right"),
            self.calibration_output,
            self.calibration_text,
            heading("Your next step"),
            self.next_text,
            self.status,
        ]

    def refresh(self) -> None:
        """Draw the figures, takeaways and next step again from the store (read once); a
        figure whose table has not changed since it was drawn is left as it is."""

        @guarded(lambda: self.status)
        def run() -> None:
            now, before = home.overview(self.store), self.shown
            table, levels, calibrated = now.progress, now.mastery, now.calibration

            def changed(part: str) -> bool:  # the review count of a lesson is not drawn
                if before is None:
                    return True
                new, old = (
                    getattr(o, part).drop(columns="reviews", errors="ignore") for o in (now, before)
                )
                return not new.equals(old)

            if changed("progress"):
                self.progress_text.value = takeaway_html(progress_takeaway(table))
                set_figure(self.progress_output, progress_figure(table))
            if changed("mastery"):
                self.mastery_text.value = takeaway_html(mastery_takeaway(levels))
                set_figure(self.mastery_output, mastery_figure(levels))
            if changed("calibration"):
                self.calibration_text.value = takeaway_html(calibration_takeaway(calibrated))
                set_figure(self.calibration_output, calibration_figure(calibrated))
            self.shown = now
            step = home.next_step(self.store, progress=table, levels=levels)
            self.next_text.value = (
                f'<p><b>Next:</b> <a href="{html.escape(step.notebook, quote=True)}" '
                'style="color:#0072B2;text-decoration:underline;font-weight:bold">Lesson '
                f"{html.escape(step.lesson)} · {html.escape(step.title)}</a>, because "
                f"{html.escape(step.reason)}.</p>"
            )

        run()

    @property
    def current(self) -> w.Widget | None:
        """The item widget shown now (None when today's review is done)."""
        return self.item_box.children[0] if self.item_box.children else None

    def show_item(self) -> None:
        """Show the item at the current position, or say that the review is done."""
        self.next_button.disabled = True
        if self.position >= len(self.items):
            self.item_box.children = ()
            self.counter.value = message_html(
                f"Today's review is done ({self.answered} answered). Items come back when they "
                "are due: run this cell again another day.",
                "ok",
            )
            return
        item = self.items[self.position]
        number = self.position + 1
        why = REASONS.get(item.reason, item.reason)
        self.counter.value = (
            f"<p>Item {number} of {len(self.items)}: from lesson {html.escape(item.lesson)}, "
            f"{html.escape(why)}.</p>"
        )
        graded = self._grader(item)
        widget: w.Widget
        if item.question is not None:
            widget = ReviewQuestion(item.question, number, graded)
        else:
            widget = ReviewProblem(item.problem, number, graded)
        self.item_box.children = (widget,)

    def _grader(self, item: ReviewItem) -> Graded:
        def graded(correct: bool, confidence: str | None) -> None:
            home.grade_item(self.store, item, correct, confidence, self.now)
            self.answered += 1
            self.refresh()
            self.next_button.disabled = self.position + 1 > len(self.items)
            show_message(self.status, "Saved with your progress.", "ok")

        return graded

    def next_item(self) -> None:
        """Move on to the next item of today's review."""
        self.position += 1
        self.show_item()


def course_home(now: datetime | None = None) -> w.VBox:
    """The course home for the learner of this progress file, in a bordered box."""
    return boxed(CourseHome(now=now), "higm-course-home")
