"""The self-check widget: answer, say how sure you are, check, read the feedback, then the
explanation.

Each attempt is recorded in the learner's progress store with its confidence. The
per-option feedback and the explanation are not in the page before an attempt: they
are written in when the learner checks an answer. The latest saved answer to each
question comes back (and says so) when the quiz cell runs again. In a live class on the
course's JupyterHub, each answer is also sent to the class session
(:mod:`higm_lessons.classroom_client`).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from higm_lessons import classroom_client
from higm_lessons.data import DataError
from higm_lessons.quiz import Question, Result, check, load_bank
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    button,
    confidence_control,
    guarded,
    message_html,
    panel,
    progress_store,
    show_message,
    utc_text,
)


class QuestionWidget(w.VBox):
    """One question with its controls, feedback and explanation."""

    def __init__(self, question: Question, number: int):
        self.question = question
        self.status = w.HTML()
        prompt = w.HTML(f"<p><b>Question {number}.</b> {html.escape(question.prompt)}</p>")
        if question.kind == "single":
            self.control = w.RadioButtons(
                options=[(o.text, o.id) for o in question.options],
                value=None,
                description="Answer",
                layout=w.Layout(width="auto"),
                style=LABEL_STYLE,
            )
            controls: list[w.Widget] = [self.control]
        elif question.kind == "multiple":
            self.boxes = {
                o.id: w.Checkbox(
                    value=False, description=o.text, indent=False, layout=w.Layout(width="auto")
                )
                for o in question.options
            }
            controls = [w.HTML("<i>Tick every answer that applies.</i>"), *self.boxes.values()]
        else:
            unit = f" ({question.unit})" if question.unit else ""
            self.control = w.Text(
                description=f"Answer{unit}",
                placeholder="a number, e.g. 0.25",
                style=LABEL_STYLE,
            )
            controls = [self.control]
        self.confidence = confidence_control()
        self.check_button = button(
            "Check answer", icon="check", primary=True, tooltip="Check your answer and see feedback"
        )
        self.explain_button = button(
            "Show explanation",
            icon="lightbulb-o",
            toggle=True,
            tooltip="Show or hide the worked explanation",
        )
        self.explain_button.disabled = True  # nothing to explain before an attempt
        self.feedback = w.HTML()
        self.explanation = w.HTML(layout=w.Layout(display="none"))  # filled in after an attempt
        self.check_button.on_click(self._on_check)
        self.explain_button.observe(self._on_explain, "value")
        super().__init__(
            [
                prompt,
                *controls,
                self.confidence,
                w.HBox([self.check_button, self.explain_button]),
                self.feedback,
                self.explanation,
                self.status,
            ]
        )
        self.add_class("higm-question")

    def current_answer(self) -> Any:
        """What the learner has entered, or None when nothing is entered yet."""
        if self.question.kind == "multiple":
            chosen = [key for key, box in self.boxes.items() if box.value]
            return chosen or None
        value = self.control.value
        return value if value not in (None, "") else None

    def show_result(self, result: Result) -> None:
        """Show the verdict, the feedback and (on request) the explanation of an attempt."""
        items = "".join(f"<li>{html.escape(text)}</li>" for text in result.feedback)
        kind = "ok" if result.correct else "error"  # message_html adds the ✔ or ✘ symbol
        self.feedback.value = message_html(result.verdict, kind) + f"<ul>{items}</ul>"
        self.explanation.value = (
            f'<div class="higm-explanation"><b>Explanation.</b> '
            f"{html.escape(result.explanation)}</div>"
        )
        self.explain_button.disabled = False

    def submit(self, answer: Any, confidence: str | None = None) -> Result:
        """Check ``answer``, show the feedback and record the attempt with its confidence."""
        result = check(self.question, answer)
        self.show_result(result)
        self.status.value = ""
        try:
            progress_store().record(
                self.question.lesson, self.question.id, answer, result.correct, confidence
            )
        except Exception as exc:  # saving must never take the feedback away
            show_message(
                self.status, f"Your answer was checked but could not be saved: {exc}", "warn"
            )
        sent = classroom_client.submit(  # None outside a live class session
            self.question.lesson, self.question.id, "quiz", answer,
            confidence=confidence, correct=result.correct,
        )  # fmt: skip
        if sent is not None:
            show_message(self.status, sent["message"], "ok" if sent["sent"] else "warn")
        return result

    def _on_check(self, _button: Any = None) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            answer = self.current_answer()
            if answer is None:
                show_message(self.status, "Choose or type an answer first.", "info")
                return
            if self.confidence.value is None:
                show_message(
                    self.status, "Say how sure you are first: sure, think so or guessing.", "info"
                )
                return
            self.submit(answer, self.confidence.value)

        run()

    def fill_in(self, answer: Any) -> None:
        """Put an answer back into the controls."""
        if self.question.kind == "multiple":
            chosen = set(answer) if isinstance(answer, list) else set()
            for key, box in self.boxes.items():
                box.value = key in chosen
        elif self.question.kind == "single":
            if answer in [o.id for o in self.question.options]:
                self.control.value = answer
        else:
            self.control.value = str(answer)

    def show_saved(self, row: dict[str, Any]) -> None:
        """Show a saved answer (a row of ``ProgressStore.latest()``) as restored."""

        @guarded(lambda: self.status)
        def run() -> None:
            self.fill_in(row["answer"])
            confidence = row.get("confidence")
            self.confidence.value = confidence if isinstance(confidence, str) else None
            self.show_result(check(self.question, row["answer"]))
            show_message(
                self.status,
                f"Restored your answer from {utc_text(str(row['answered_at']))}. "
                "Change it and check again to try again.",
                "info",
            )

        run()

    def _on_explain(self, change: Any) -> None:
        self.explanation.layout.display = "block" if change["new"] else "none"
        self.explain_button.description = (
            "Hide explanation" if change["new"] else "Show explanation"
        )


def quiz(lesson: str | int, *, deep_dive: bool = False) -> w.VBox:
    """The "Check your understanding" block for a lesson's question bank: its core
    questions, or (``deep_dive=True``) the questions on its deep dives, in a fold that
    starts closed, since deep dives are optional.

    A damaged question file shows as a message naming the file and problem.
    """
    try:
        questions = [q for q in load_bank(lesson) if q.deep_dive == bool(deep_dive)]
    except (DataError, ValueError, TypeError) as exc:
        return panel(
            w.HTML(
                message_html(
                    f"The questions for lesson {lesson} could not be loaded:\n{exc}", "error"
                )
            ),
            css_class="higm-quiz",
        )
    items = [QuestionWidget(q, i) for i, q in enumerate(questions, start=1)]
    restore_answers(items)
    if deep_dive:
        fold = w.Accordion(
            [w.VBox(items)],
            titles=(f"Deep dive (optional): {len(items)} questions on it",),
            selected_index=None,
        )
        box = panel(fold, css_class="higm-quiz")
    else:
        box = panel(*items, css_class="higm-quiz")
    box.questions = items
    return box


def restore_answers(items: list[QuestionWidget]) -> int:
    """Show each question's latest saved answer; returns how many were restored.

    An unreadable progress store restores nothing rather than hiding the quiz.
    """
    try:
        latest = progress_store().latest()
    except Exception:
        return 0
    rows = {(r["lesson"], r["question"]): r for r in latest.to_dict(orient="records")}
    restored = 0
    for item in items:
        row = rows.get((item.question.lesson, item.question.id))
        if row is not None:
            item.show_saved(row)
            restored += 1
    return restored
