"""Ask before telling: the response widget for every Try it / Think / Exercise prompt.

``prompt(lesson, prompt_id)`` shows a prompt from ``data/prompts/lesson_NN.toml``
with a control to answer it, a confidence rating and a Commit button. The model
answer is not in the page until the learner commits (it is written into the
widget then, never hidden in it before). Every commitment is an attempt in the
progress store; the latest one comes back when the cell runs again.

``CommitBar`` is the reusable part (confidence, Commit, Try again, status) for a
lesson's own commitments, such as a prediction on a slider.

In a live class on the course's JupyterHub (see :mod:`higm_lessons.classroom_client`),
a commitment is also sent to the class session, and its model answer waits until the
instructor releases the question. Anywhere else nothing changes.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from higm_lessons import checks, classroom_client
from higm_lessons.data import DataError
from higm_lessons.progress import SELF_RATINGS
from higm_lessons.prompts import Prompt, check, get
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    TOGGLE_STYLE,
    button,
    confidence_control,
    guarded,
    markdown_html,
    message_html,
    panel,
    progress_store,
    show_message,
    utc_text,
)

NOTHING = object()
"""What a response function returns when the learner has not answered yet."""


class CommitBar(w.VBox):
    """Confidence, a Commit button, Try again and a status line, recording each attempt.

    ``response()`` returns what the learner has entered (raise ``ValueError`` with a
    message for a bad entry; return ``None`` when nothing is entered yet).
    ``judge(response)`` returns True, False or None (not judged by the course).
    ``on_commit(attempt)`` shows the answer after a commit; ``on_restore(attempt)``
    puts a saved attempt back into the owner's controls and shows the answer;
    ``on_again()`` hides the answer for a new try. ``attempt`` is a dict with the
    :data:`higm_lessons.progress.ATTEMPT_COLUMNS`. Call :meth:`restore` once the
    owner is built.
    """

    def __init__(
        self,
        lesson: str | int,
        item: str,
        kind: str,
        *,
        response: Callable[[], Any],
        judge: Callable[[Any], bool | None] | None = None,
        on_commit: Callable[[dict[str, Any]], None] | None = None,
        on_restore: Callable[[dict[str, Any]], None] | None = None,
        on_again: Callable[[], None] | None = None,
        commit_label: str = "Commit my answer",
    ) -> None:
        self.lesson = checks.lesson_number(lesson)
        self.item = checks.text("item", item)
        self.kind = checks.text("kind", kind)
        for name, value in [
            ("response", response),
            ("judge", judge),
            ("on_commit", on_commit),
            ("on_restore", on_restore),
            ("on_again", on_again),
        ]:
            if value is not None and not callable(value):
                raise TypeError(f"{name} must be a function or None")
        self.response, self.judge = response, judge
        self.on_commit, self.on_restore, self.on_again = on_commit, on_restore, on_again
        self.attempt: dict[str, Any] | None = None
        self.held = False
        """True while a live class holds the model answer until the instructor releases it."""
        self.confidence = confidence_control()
        self.commit_button = button(
            commit_label,
            icon="lock",
            primary=True,
            tooltip="Lock in your answer and your confidence, then see the model answer",
        )
        self.again_button = button(
            "Try again", icon="undo", tooltip="Hide the answer and answer again (kept as a new try)"
        )
        self.again_button.disabled = True
        self.status = w.HTML()
        self.status.add_class("higm-status")
        self.commit_button.on_click(lambda _b: self.commit())
        self.again_button.on_click(lambda _b: self.again())
        super().__init__(
            [self.confidence, w.HBox([self.commit_button, self.again_button]), self.status]
        )
        self.add_class("higm-commit-bar")

    def _locked(self, locked: bool) -> None:
        self.confidence.disabled = locked
        self.commit_button.disabled = locked
        self.again_button.disabled = not locked

    def commit(self) -> dict[str, Any] | None:
        """Record the learner's response with their confidence; returns the attempt (or None)."""

        @guarded(lambda: self.status)
        def run() -> dict[str, Any] | None:
            response = self.response()
            if response is None or response is NOTHING:
                show_message(self.status, "Answer first, then commit.", "info")
                return None
            if self.confidence.value is None:
                show_message(
                    self.status, "Say how sure you are first: sure, think so or guessing.", "info"
                )
                return None
            correct = self.judge(response) if self.judge else None
            attempt = self._save(response, correct)
            self.attempt = attempt
            self._locked(True)
            if not self._to_class(attempt) and self.on_commit:
                self.on_commit(attempt)
            return attempt

        return run()

    def _to_class(self, attempt: dict[str, Any]) -> bool:
        """Send the commitment to the learner's live class session, if they joined one for
        this lesson (see :mod:`higm_lessons.classroom_client`); True when the model answer
        now waits for the instructor's release. Outside a class session: False, nothing sent."""
        sent = classroom_client.submit(
            self.lesson, self.item, self.kind, attempt["response"],
            confidence=attempt["confidence"], correct=attempt["correct"],
        )  # fmt: skip
        if sent is None or sent["released"]:
            return False
        if not sent["sent"] and not sent["locked"]:  # the service is down: never block
            show_message(self.status, f"{sent['message']} Saved in your notebook.", "warn")
            return False
        self.held = True
        show_message(
            self.status,
            f"{sent['message']} The model answer opens when your instructor releases it.",
            "info" if sent["sent"] else "warn",
        )
        classroom_client.watch(sent["code"], self.item, self._class_changed)
        return True

    def _class_changed(self, state: dict[str, Any]) -> None:
        """The instructor released the question (show the answer) or started a re-vote."""
        if state.get("released") and self.held and self.attempt is not None:
            self.held = False
            if self.on_commit:
                self.on_commit(self.attempt)
            show_message(self.status, "Your instructor released the answer.", "ok")
        elif self.held and not state.get("locked") and state.get("round", 1) > 1:
            show_message(
                self.status,
                f"Re-vote (round {state['round']}): discuss, press 'Try again', then commit again.",
                "info",
            )

    def _save(self, response: Any, correct: bool | None) -> dict[str, Any]:
        confidence = self.confidence.value
        try:
            attempt = progress_store().record_attempt(
                self.lesson, self.item, self.kind, response, correct=correct, confidence=confidence
            )
        except (TypeError, ValueError):
            raise
        except Exception as exc:  # saving must never take the answer away
            show_message(self.status, f"Committed, but it could not be saved: {exc}", "warn")
            return {
                "lesson": self.lesson,
                "item": self.item,
                "kind": self.kind,
                "response": response,
                "correct": correct,
                "confidence": confidence,
                "self_rating": None,
                "attempted_at": "",
            }
        show_message(self.status, f"Committed ({confidence}). Saved with your progress.", "ok")
        return attempt

    def restore(self) -> dict[str, Any] | None:
        """Bring back the latest saved attempt, if there is one; returns it (or None)."""

        @guarded(lambda: self.status)
        def run() -> dict[str, Any] | None:
            attempt = progress_store().latest_attempt(self.lesson, self.item)
            if attempt is None or classroom_client.holds(self.lesson, self.item):
                return None  # in class, an answer not yet released starts afresh
            self.attempt = attempt
            self.confidence.value = attempt["confidence"]
            self._locked(True)
            if self.on_restore:
                self.on_restore(attempt)
            show_message(
                self.status,
                f"Restored your answer from {utc_text(attempt['attempted_at'])}. "
                "Press 'Try again' to answer again.",
                "info",
            )
            return attempt

        return run()

    def again(self) -> None:
        """Open the controls for a new try; the earlier attempts stay in the history."""

        @guarded(lambda: self.status)
        def run() -> None:
            self.confidence.value = None
            self._locked(False)
            if self.on_again:
                self.on_again()
            show_message(self.status, "Answer again, say how sure you are, then commit.", "info")

        run()


CHOICE_CSS = (
    "<style>.higm-prompt .widget-radio-box label{height:auto;display:flex;"
    "align-items:flex-start;line-height:1.4;padding:2px 0}"
    ".higm-prompt .widget-radio-box input{order:-1;flex:none;float:none;height:1.4em;"
    "margin:0 0.5em 0 1px}</style>"
)
"""A long option wraps onto more lines instead of running over the next option and its button."""


def _control(item: Prompt) -> w.Widget:
    """The answer control for a prompt's kind; it never holds the answer or any feedback."""
    if item.kind == "choice":
        return w.RadioButtons(
            options=[(o.text, o.id) for o in item.options],
            value=None,
            description="Your answer",
            style=LABEL_STYLE,
            layout=w.Layout(width="auto"),
        )
    unit = f" ({item.unit})" if item.unit else ""
    if item.kind == "number":
        return w.FloatText(value=0.0, description=f"Your answer{unit}", style=LABEL_STYLE)
    if item.kind == "prediction":
        low, high, step = float(item.min or 0), float(item.max or 0), float(item.step or 1)
        middle = low + round((high - low) / 2 / step) * step
        return w.FloatSlider(
            value=middle,
            min=low,
            max=high,
            step=step,
            description=f"Your prediction{unit}",
            style=LABEL_STYLE,
            continuous_update=False,
            readout_format=".4g",
            layout=w.Layout(width="620px"),
        )
    return w.Textarea(
        placeholder="Write your answer in a sentence or two before you look.",
        description="Your answer",
        style=LABEL_STYLE,
        layout=w.Layout(width="95%", height="5em"),
    )


class PromptWidget(w.VBox):
    """One prompt: answer, say how sure you are, commit, then read the model answer."""

    def __init__(self, item: Prompt) -> None:
        self.prompt = item
        style = CHOICE_CSS if item.kind == "choice" else ""
        self.text = w.HTML(
            f'{style}<div class="higm-prompt-text">{markdown_html(item.prompt)}</div>'
        )
        self.control = _control(item)
        self.verdict = w.HTML()
        self.answer = w.HTML()  # empty until a commit: the model answer is not in the page
        self.rating = w.ToggleButtons(
            options=list(SELF_RATINGS),
            value=None,
            description="Compare with the model answer. Mine was:",
            tooltips=["All the key points", "Some of the key points", "Missed the key points"],
            style=TOGGLE_STYLE,
            layout=w.Layout(display="none"),
        )
        self._restoring = False
        self.rating.observe(self._on_rating, "value")
        self.bar = CommitBar(
            item.lesson,
            item.id,
            item.kind,
            response=self.response,
            judge=self.judge,
            on_commit=self.reveal,
            on_restore=self.put_back,
            on_again=self.hide,
        )
        self.status = self.bar.status
        super().__init__(
            [self.text, self.control, self.bar, self.verdict, self.answer, self.rating]
        )
        self.add_class("higm-prompt")
        self.add_class(f"higm-prompt-{item.id}")  # a stable hook for tests and styling
        self.bar.restore()

    def response(self) -> Any:
        """The learner's entry, cleaned for the prompt's kind; None when nothing is entered."""
        value = self.control.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return value.strip() if isinstance(value, str) else value

    def judge(self, response: Any) -> bool | None:
        return check(self.prompt, response).correct

    def reveal(self, attempt: dict[str, Any]) -> None:
        """Show the verdict and the model answer for ``attempt`` (and the rating, for text)."""
        result = check(self.prompt, attempt["response"])
        kind = {True: "ok", False: "error", None: "info"}[result.correct]
        feedback = f"<p>{html.escape(result.feedback)}</p>" if result.feedback else ""
        self.verdict.value = message_html(result.verdict, kind) + feedback
        self.answer.value = (
            f'<div class="higm-model-answer"><b>Model answer.</b> '
            f"{markdown_html(result.model_answer)}</div>"
        )
        self.control.disabled = True
        if self.prompt.kind == "text":
            self._restoring = True
            self.rating.value = attempt.get("self_rating")
            self._restoring = False
            self.rating.layout.display = "flex"

    def put_back(self, attempt: dict[str, Any]) -> None:
        """Fill the control with a saved attempt, then show its answer."""
        self.control.value = attempt["response"]
        self.reveal(attempt)

    def hide(self) -> None:
        self.verdict.value = ""
        self.answer.value = ""
        self.control.disabled = False
        self.rating.layout.display = "none"
        self._restoring = True
        self.rating.value = None
        self._restoring = False

    def _on_rating(self, change: Any) -> None:
        if self._restoring or change["new"] is None:
            return

        @guarded(lambda: self.status)
        def run() -> None:
            progress_store().rate_attempt(self.prompt.lesson, self.prompt.id, change["new"])
            show_message(self.status, f"Saved your rating: {change['new']}.", "ok")

        run()


def prompt(lesson: str | int, prompt_id: str) -> w.VBox:
    """The response widget for one prompt, in a bordered box (``box.inner`` is the widget).

    A missing or damaged prompt shows as a message naming the file and problem.
    """
    try:
        item = get(lesson, prompt_id)
    except (DataError, ValueError, TypeError) as exc:
        return panel(
            w.HTML(message_html(f"This prompt could not be loaded:\n{exc}", "error")),
            css_class="higm-prompt-box",
        )
    inner = PromptWidget(item)
    box = panel(inner, css_class="higm-prompt-box")
    box.inner = inner
    return box
