"""Lesson 12: the final test (drawn per learner, answered in full before any feedback,
resumable, scored by lesson after submit, retaken with a fresh draw) and, for the
instructors' notebook, the class summary."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from higm_lessons.assessment import (
    DEFAULT_SEED,
    FinalAttempt,
    FinalTest,
    example_class,
    history,
    resume_point,
    topic_of,
)
from higm_lessons.classroom import ClassSummary, class_summary_of_texts
from higm_lessons.figures.assessment import (
    class_scores_figure,
    difficulty_figure,
    score_figure,
    score_takeaway,
)
from higm_lessons.quiz import Question, Result
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    boxed,
    button,
    confidence_control,
    figure_output,
    figures_output,
    guarded,
    message_html,
    progress_store,
    run_once,
    set_figures,
    show_message,
    takeaway_html,
)


class TestQuestion(w.VBox):
    """One question of the test: its prompt, options and a confidence, and nothing else (no
    check button, no feedback, no explanation: those come after the whole test)."""

    def __init__(self, question: Question, number: int, total: int) -> None:
        self.question = question
        self.heading = w.HTML(
            f"<p><b>Question {number} of {total}.</b> {html.escape(question.prompt)}</p>"
        )
        if question.kind == "single":
            self.control: w.Widget = w.RadioButtons(
                options=[(o.text, o.id) for o in question.options],
                value=None,
                description="Answer",
                layout=w.Layout(width="auto"),
                style=LABEL_STYLE,
            )
            self.boxes: dict[str, w.Checkbox] = {}
            controls = [self.control]
        elif question.kind == "multiple":
            self.boxes = {
                o.id: w.Checkbox(
                    value=False, description=o.text, indent=False, layout=w.Layout(width="auto")
                )
                for o in question.options
            }
            self.control = w.HTML("<i>Tick every answer that applies.</i>")
            controls = [self.control, *self.boxes.values()]
        else:
            unit = f" ({question.unit})" if question.unit else ""
            self.control = w.Text(
                description=f"Answer{unit}",
                placeholder="a number, e.g. 0.25",
                continuous_update=False,
                style=LABEL_STYLE,
            )
            self.boxes = {}
            controls = [self.control]
        self.confidence = confidence_control()
        super().__init__([self.heading, *controls, self.confidence])
        self.add_class("higm-test-question")

    def value(self) -> Any:
        """What the learner has entered, or None."""
        if self.question.kind == "multiple":
            return [key for key, box in self.boxes.items() if box.value] or None
        value = self.control.value
        return value if value not in (None, "") else None

    def fill(self, answer: Any, confidence: str | None) -> None:
        """Put a saved answer and confidence back."""
        if self.question.kind == "multiple":
            for key, box in self.boxes.items():
                box.value = isinstance(answer, list) and key in answer
        elif self.question.kind == "single":
            self.control.value = answer if answer in [o.id for o in self.question.options] else None
        else:
            self.control.value = "" if answer is None else f"{answer:g}"
        self.confidence.value = confidence

    def observe_changes(self, handler: Any) -> None:
        for control in [self.control, *self.boxes.values(), self.confidence]:
            if not isinstance(control, w.HTML):
                control.observe(handler, "value")

    def lock(self) -> None:
        for control in [self.control, *self.boxes.values(), self.confidence]:
            control.disabled = True


def _answer_text(question: Question, answer: Any) -> str:
    """A learner's answer in words."""
    if answer is None:
        return "no answer"
    if question.kind == "numeric":
        return f"{answer:g}" + (f" {question.unit}" if question.unit else "")
    texts = {o.id: o.text for o in question.options}
    chosen = answer if isinstance(answer, list) else [answer]
    return "; ".join(texts.get(a, str(a)) for a in chosen)


def review_html(
    questions: list[Question], attempt: FinalAttempt, results: dict[str, Result]
) -> str:
    """Per question, after submit: the answer given, the verdict, the feedback, the explanation."""
    parts = []
    for number, question in enumerate(questions, start=1):
        result = results.get(question.id)
        answer = attempt.answers.get(question.id)
        sure = attempt.confidence.get(question.id, "no confidence given")
        verdict = (
            message_html(result.verdict, "ok" if result.correct else "error")
            if result
            else message_html("Not answered: counted as not right.", "warn")
        )
        feedback = "".join(
            f"<li>{html.escape(t)}</li>" for t in (result.feedback if result else ())
        )
        explanation = html.escape(result.explanation if result else question.explanation)
        parts.append(
            f'<div class="higm-review-item"><p><b>Question {number}</b> (lesson '
            f"{html.escape(topic_of(question))}). {html.escape(question.prompt)}</p>"
            f"<p>Your answer: {html.escape(_answer_text(question, answer))} "
            f"({html.escape(sure)}).</p>{verdict}<ul>{feedback}</ul>"
            f'<div class="higm-explanation"><b>Explanation.</b> {explanation}</div></div>'
        )
    return '<div class="higm-review">' + "".join(parts) + "</div>"


def history_html(test: FinalTest) -> str:
    """The learner's submitted attempts: number, questions and how many were right."""
    rows = []
    for attempt in history(test.store):
        if attempt.submitted:
            right = sum(r.correct for r in test.results(attempt).values())
            rows.append(
                f"<li>Attempt {attempt.number}: {right} of {len(attempt.questions)} right</li>"
            )
    if not rows:
        return ""
    return (
        '<div class="higm-history"><b>Your submitted attempts</b><ul>'
        + "".join(rows)
        + "</ul></div>"
    )


class FinalTestWidget(w.VBox):
    """The final test: drawn for this learner, every answer kept as it is given, no
    feedback until the whole test is submitted; then the score by lesson and a review."""

    def __init__(self) -> None:
        self.test = FinalTest(progress_store())
        self.status = w.HTML()
        self.status.add_class("higm-status")
        self.welcome = w.HTML()
        self.counter = w.HTML()
        self.answered = w.IntProgress(
            min=0, description="Answered", style={**LABEL_STYLE, "bar_color": "#009E73"}
        )
        self.previous_button = button("Previous", icon="arrow-left", tooltip="Previous question")
        self.next_button = button("Next", icon="arrow-right", tooltip="Next question")
        self.jump = w.Dropdown(description="Go to question", style=LABEL_STYLE)
        self.submit_button = button(
            "Submit the whole test",
            icon="paper-plane",
            primary=True,
            tooltip="Hand in every answer; then see your score, the feedback and explanations",
        )
        self.confirm_button = button(
            "Submit anyway", icon="check", tooltip="Submit with some questions unanswered"
        )
        self.retake_button = button(
            "Start a new attempt",
            icon="refresh",
            tooltip="A fresh set of questions, blank; this attempt stays in your history",
        )
        self.holder = w.VBox()
        self.answering = w.VBox(
            [
                w.HBox([self.previous_button, self.next_button, self.jump]),
                w.HBox([self.counter, self.answered]),
                self.holder,
                w.HBox([self.submit_button, self.confirm_button]),
            ]
        )
        self.results = w.VBox()  # empty until the attempt is submitted
        self.history = w.HTML()
        self.previous_button.on_click(lambda _b: self._go(self.index - 1))
        self.next_button.on_click(lambda _b: self._go(self.index + 1))
        self.jump.observe(lambda change: self._go(change["new"]), "value")
        self.submit_button.on_click(lambda _b: self.submit())
        self.confirm_button.on_click(lambda _b: self.submit(confirmed=True))
        self.retake_button.on_click(lambda _b: self.retake())
        super().__init__([self.welcome, self.answering, self.status, self.results, self.history])
        self.load(self.test.current(), resumed=True)

    # -- state
    def load(self, attempt: FinalAttempt, *, resumed: bool = False) -> None:
        """Show ``attempt``: its questions to answer, or its results once submitted."""
        self.attempt = attempt
        self.questions = self.test.questions(attempt)
        self.items: dict[int, TestQuestion] = {}
        self.index = 0
        total = len(self.questions)
        self._jumping = True
        self.jump.options = [(f"Question {i + 1}", i) for i in range(total)]
        self.jump.value = 0
        self._jumping = False
        self.answered.max = total
        self.confirm_button.layout.display = "none"
        self.history.value = history_html(self.test)
        self.welcome.value = self._welcome(resumed)
        if attempt.submitted:
            self.answering.layout.display = "none"
            self.show_results()
        else:
            self.answering.layout.display = "flex"
            self.results.children = []
            self.show(resume_point(attempt))
        self._update_count()

    def _welcome(self, resumed: bool) -> str:
        attempt, total = self.attempt, len(self.questions)
        if attempt.submitted:
            return message_html(
                f"Attempt {attempt.number} is submitted: your score and the review are below.",
                "ok",
            )
        done = total - len(attempt.unanswered)
        text = (
            f"Attempt {attempt.number}: {total} questions drawn for you from every lesson, "
            "in a mixed order. Answer each one and say how sure you are; your answers are "
            "saved as you go. Feedback and explanations come when you submit the whole test."
        )
        if resumed and done:
            text += f" Welcome back: you have answered {done} of {total}; you are at the first "
            text += "question you have not answered yet."
        return message_html(text, "info")

    def _item(self, index: int) -> TestQuestion:
        if index not in self.items:
            question = self.questions[index]
            item = TestQuestion(question, index + 1, len(self.questions))
            item.fill(
                self.attempt.answers.get(question.id), self.attempt.confidence.get(question.id)
            )
            item.observe_changes(lambda _change, item=item: self._save(item))
            self.items[index] = item
        return self.items[index]

    def _save(self, item: TestQuestion) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            if self.attempt.submitted:
                return
            self.attempt = self.test.answer(
                self.attempt, item.question.id, item.value(), item.confidence.value
            )
            self.status.value = ""
            self._update_count()

        if not getattr(self, "_filling", False):
            run()

    def _update_count(self) -> None:
        total = len(self.questions)
        done = total - len(self.attempt.unanswered)
        self.answered.value = done
        if not self.attempt.submitted and self.questions:
            state = (
                "answered"
                if self.questions[self.index].id in self.attempt.answers
                else ("not answered yet")
            )
            self.counter.value = (
                f"<b>Question {self.index + 1} of {total}</b> · {state} · {done} of {total} "
                "answered&nbsp;&nbsp;"
            )

    # -- navigation
    def show(self, index: int) -> None:
        """Show question ``index`` (0-based)."""
        if not 0 <= index < len(self.questions):
            raise ValueError(f"index must be from 0 to {len(self.questions) - 1}, not {index}")
        self.index = index
        self._filling = True
        self.holder.children = [self._item(index)]
        self._filling = False
        self.previous_button.disabled = index == 0
        self.next_button.disabled = index == len(self.questions) - 1
        if self.jump.value != index:
            self._jumping = True
            self.jump.value = index
            self._jumping = False
        self._update_count()

    def _go(self, index: int) -> None:
        if getattr(self, "_jumping", False):
            return
        run_once(self, lambda: self.show(index))

    # -- submit, results, retake
    def submit(self, *, confirmed: bool = False) -> None:
        """Submit the whole attempt (asking first when questions are unanswered)."""

        @guarded(lambda: self.status)
        def run() -> None:
            missing = len(self.attempt.unanswered)
            if missing and not confirmed:
                self.confirm_button.layout.display = "flex"
                show_message(
                    self.status,
                    f"{missing} question{'s are' if missing > 1 else ' is'} not answered yet "
                    "and would count as not right. Answer them, or press Submit anyway.",
                    "warn",
                )
                return
            self.load(self.test.submit(self.attempt))
            show_message(self.status, "Submitted and saved with your progress.", "ok")

        run()

    def show_results(self) -> None:
        """The score by lesson, its takeaway and the review of every question."""
        scores = self.test.scores(self.attempt)
        review = w.HTML(review_html(self.questions, self.attempt, self.test.results(self.attempt)))
        self.results.children = [
            w.HTML("<h4>Your score by lesson</h4>"),
            figure_output(score_figure(scores)),
            w.HTML(takeaway_html(score_takeaway(scores))),
            w.HTML("<h4>Each question, with its feedback and explanation</h4>"),
            review,
            self.retake_button,
        ]

    def retake(self) -> None:
        """Start a new attempt: a fresh draw, blank; the submitted one stays in the history."""

        @guarded(lambda: self.status)
        def run() -> None:
            self.load(self.test.retake())
            show_message(
                self.status,
                f"Attempt {self.attempt.number} started with a fresh set of questions.",
                "ok",
            )

        run()


def final_test() -> w.VBox:
    """The final test of lesson 12, drawn for this learner, in a bordered box."""
    return boxed(FinalTestWidget(), "higm-final")


# --------------------------------------------------------------------------- instructors
class ClassSummaryPanel(w.VBox):
    """A class summary of made-up exports (or uploaded real ones): problems, scores, difficulty."""

    def __init__(self, learners: int = 12, seed: int = DEFAULT_SEED):
        # example classes already summarised
        self._summaries: dict[tuple[int, int], ClassSummary] = {}
        self._figures: dict[tuple, tuple] = {}
        self.learners = w.IntSlider(
            value=learners,
            min=4,
            max=40,
            step=1,
            description="Example learners",
            continuous_update=False,
            style=LABEL_STYLE,
        )
        self.seed = w.BoundedIntText(
            value=seed,
            min=0,
            max=999_999,
            description="Seed",
            style=LABEL_STYLE,
            layout=w.Layout(width="180px"),
        )
        self.upload = w.FileUpload(
            accept=".json",
            multiple=True,
            description="Summarise real exports",
            tooltip="Choose the progress files your learners exported",
            layout=w.Layout(width="auto"),
        )
        self.status = w.HTML()
        self.problems = w.HTML()
        self.table = w.HTML()
        self.takeaway = w.HTML()
        summary = self._summarise_examples()
        # Both figures in one output: sent in one message and drawn together.
        self.figures = figures_output(
            class_scores_figure(summary.scores), difficulty_figure(summary.questions, top=10)
        )
        self._show_text(summary, "made-up example exports")
        self.learners.observe(self._on_example, "value")
        self.seed.observe(self._on_example, "value")
        self.upload.observe(self._on_upload, "value")
        super().__init__(
            [
                w.HBox([self.learners, self.seed, self.upload]),
                self.problems,
                self.takeaway,
                self.figures,
                self.table,
                self.status,
            ]
        )

    def _summarise_examples(self) -> ClassSummary:
        """The made-up class of the controls, generated in memory (no files written)."""
        return class_summary_of_texts(
            example_class(learners=self.learners.value, seed=self.seed.value)
        )

    def _show(self, summary: ClassSummary, what: str, key: tuple[int, int] | None = None) -> None:
        """Show a summary; figures of an example class already seen are reused (``key``)."""
        if key is not None and key in self._figures:
            lesson_fig, difficulty_fig = self._figures[key]
        else:
            lesson_fig = class_scores_figure(summary.scores)
            difficulty_fig = difficulty_figure(summary.questions, top=10)
            if key is not None:
                self._figures[key] = (lesson_fig, difficulty_fig)
        self._show_text(summary, what)
        set_figures(self.figures, lesson_fig, difficulty_fig)

    def _show_text(self, summary: ClassSummary, what: str) -> None:
        self.summary = summary
        items = "".join(f"<li>{html.escape(p)}</li>" for p in summary.problems)
        self.problems.value = message_html(
            f"Read {len(summary.learners)} learners from {what}; "
            f"{len(summary.problems)} files needed attention:",
            "warn" if summary.problems else "ok",
        ) + (f'<ul class="higm-problems">{items}</ul>' if items else "")
        self.takeaway.value = takeaway_html(summary.takeaway())
        lessons = summary.lessons.assign(
            mean_score=lambda t: (100 * t["mean_score"].astype(float)).round(0),
            lowest=lambda t: (100 * t["lowest"].astype(float)).round(0),
            highest=lambda t: (100 * t["highest"].astype(float)).round(0),
        )
        self.table.value = "<b>Per lesson</b> (scores in % right)" + lessons.to_html(
            index=False, classes="higm-class-lessons", escape=True
        )
        self.status.value = ""

    def _on_example(self, _change: Any = None) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            key = (self.learners.value, self.seed.value)
            if key not in self._summaries:
                self._summaries[key] = self._summarise_examples()
            self._show(self._summaries[key], "made-up example exports", key)

        run()

    def summarise_files(self, files: list[tuple[str, bytes]]) -> None:
        """Summarise uploaded exports, given as (file name, content) pairs."""
        named = [(Path(name).name or "upload.json", content) for name, content in files]
        self._show(class_summary_of_texts(named), f"{len(named)} uploaded files")

    def _on_upload(self, change: Any) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            files = [(item["name"], bytes(item["content"])) for item in change["new"] or ()]
            if files:
                self.summarise_files(files)
                show_message(self.status, "Summarised the uploaded files.", "ok")

        run()


def class_summary_panel(learners: int = 12, seed: int = DEFAULT_SEED) -> w.VBox:
    """The instructors' class summary, in a bordered box."""
    return boxed(ClassSummaryPanel(learners, seed), "higm-class-summary")
