"""Lesson 09: the final assessment (one question at a time, resumable, scored by lesson)
and the class summary for instructors."""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from higm_lessons.assessment import (
    DEFAULT_SEED,
    example_exports,
    final_questions,
    last_activity,
    latest_final_answers,
    resume_point,
    score_by_lesson,
    topic_of,
)
from higm_lessons.classroom import ClassSummary, class_summary
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
    figure_output,
    figures_output,
    guarded,
    message_html,
    progress_store,
    set_figure,
    set_figures,
    show_message,
    takeaway_html,
)
from higm_lessons.widgets.quiz import QuestionWidget


def _when(stamp: str) -> str:
    """An ISO time as a short local date and time for messages."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%d %b %Y, %H:%M")
    except (TypeError, ValueError):
        return str(stamp)


class FinalQuestion(QuestionWidget):
    """A course self-check question that also reports each checked answer to the assessment."""

    def __init__(
        self, question: Question, number: int, on_result: Callable[[str, bool], None]
    ) -> None:
        super().__init__(question, number)
        self._on_result = on_result

    def submit(self, answer: Any, confidence: str | None = None) -> Result:
        result = super().submit(answer, confidence)
        self._on_result(self.question.id, result.correct)
        return result

    def restore(self, answer: Any, correct: bool, when: str) -> None:
        """Fill in an earlier answer, so that a learner sees where they left off."""
        if self.question.kind == "multiple":
            chosen = set(answer) if isinstance(answer, list) else set()
            for key, box in self.boxes.items():
                box.value = key in chosen
        elif self.question.kind == "single":
            if answer in [o.id for o in self.question.options]:
                self.control.value = answer
        else:
            self.control.value = str(answer)
        verdict = "right" if correct else "not right yet"
        self.feedback.value = message_html(
            f"Your answer from {_when(when)} is filled in; it was {verdict}. "
            "Press Check answer to see its feedback again, or change it and check again.",
            "info",
        )


class FinalAssessment(w.VBox):
    """The final assessment: seeded order, one question at a time, resumable, scored by lesson."""

    def __init__(self, seed: int = DEFAULT_SEED):
        self.questions = final_questions(seed)
        latest = progress_store().latest()
        saved = latest_final_answers(latest)
        ids = {q.id for q in self.questions}
        self.saved = {key: row for key, row in saved.items() if key in ids}
        self.results = {key: bool(row["correct"]) for key, row in self.saved.items()}
        self.items: dict[int, FinalQuestion] = {}
        self.index = 0
        total = len(self.questions)
        self.status = w.HTML()
        self.welcome = w.HTML(self._welcome_html(latest))
        self.counter = w.HTML()
        self.answered = w.IntProgress(
            value=len(self.results),
            min=0,
            max=total,
            description="Answered",
            style={**LABEL_STYLE, "bar_color": "#009E73"},
        )
        self.previous_button = button("Previous", icon="arrow-left", tooltip="Previous question")
        self.next_button = button("Next", icon="arrow-right", tooltip="Next question")
        self.resume_button = button(
            "Resume where I left off",
            icon="play",
            primary=True,
            tooltip="Go to the first question you have not answered yet",
        )
        self.jump = w.Dropdown(
            options=[(f"{i + 1} · lesson {topic_of(q)}", i) for i, q in enumerate(self.questions)],
            value=0,
            description="Go to question",
            style=LABEL_STYLE,
        )
        self.holder = w.VBox()
        self.score_output = figure_output(score_figure(self.scores()))
        self.takeaway = w.HTML()
        self.previous_button.on_click(lambda _b: self._go(self.index - 1))
        self.next_button.on_click(lambda _b: self._go(self.index + 1))
        self.resume_button.on_click(lambda _b: self._go(resume_point(self.questions, self.results)))
        self.jump.observe(lambda change: self._go(change["new"]), "value")
        super().__init__(
            [
                self.welcome,
                w.HBox([self.previous_button, self.next_button, self.jump, self.resume_button]),
                w.HBox([self.counter, self.answered]),
                self.holder,
                self.status,
                w.HTML("<h4>Your score by lesson</h4>"),
                self.score_output,
                self.takeaway,
            ]
        )
        self._update_score_text()
        self.show(resume_point(self.questions, self.results))

    # -- state
    def scores(self) -> pd.DataFrame:
        return score_by_lesson(self.questions, self.results)

    def _welcome_html(self, latest: pd.DataFrame) -> str:
        total, done = len(self.questions), len(self.results)
        if done == 0:
            text = f"{total} questions, in an order shuffled for this assessment. Take your time."
            last = last_activity(latest)
            if last is not None:
                text += (
                    f" Your latest saved answer in the course was in lesson {last['lesson']} "
                    f"on {_when(last['at'])}."
                )
            return message_html(text, "info")
        if done == total:
            return message_html(
                f"Welcome back: you have answered all {total} questions. Review any of them, "
                "or change an answer and check it again.",
                "ok",
            )
        return message_html(
            f"Welcome back: you have answered {done} of {total} questions. You are at the first "
            "one you have not answered yet.",
            "info",
        )

    def _item(self, index: int) -> FinalQuestion:
        """The widget for question ``index``, built on first view (with any earlier answer)."""
        if index not in self.items:
            question = self.questions[index]
            item = FinalQuestion(question, index + 1, self._record)
            row = self.saved.get(question.id)
            if row is not None:
                item.restore(row["answer"], bool(row["correct"]), row["answered_at"])
            self.items[index] = item
        return self.items[index]

    # -- navigation
    def show(self, index: int) -> None:
        """Show question ``index`` (0-based)."""
        if not 0 <= index < len(self.questions):
            raise ValueError(f"index must be from 0 to {len(self.questions) - 1}, not {index}")
        self.index = index
        self.holder.children = [self._item(index)]
        self.previous_button.disabled = index == 0
        self.next_button.disabled = index == len(self.questions) - 1
        if self.jump.value != index:
            self.jump.value = index  # its observer calls back here and finds nothing to do
        question = self.questions[index]
        state = "answered" if question.id in self.results else "not answered yet"
        self.counter.value = (
            f"<b>Question {index + 1} of {len(self.questions)}</b> · revisits lesson "
            f"{html.escape(topic_of(question))} · {state}&nbsp;&nbsp;"
        )

    def _go(self, index: int) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            if index != self.index or not self.holder.children:
                self.show(index)
            self.status.value = ""

        run()

    # -- scoring
    def _record(self, question_id: str, correct: bool) -> None:
        self.results[question_id] = correct
        self.answered.value = len(self.results)
        set_figure(self.score_output, score_figure(self.scores()))
        self._update_score_text()
        self.counter.value = self.counter.value.replace("not answered yet", "answered")

    def _update_score_text(self) -> None:
        self.takeaway.value = takeaway_html(score_takeaway(self.scores()))


def final_assessment(seed: int = DEFAULT_SEED) -> w.VBox:
    """The final assessment of lesson 09, in a bordered box."""
    return boxed(FinalAssessment(seed), "higm-final")


# --------------------------------------------------------------------------- instructors
class ClassSummaryPanel(w.VBox):
    """A class summary of made-up exports (or uploaded real ones): problems, scores, difficulty."""

    def __init__(self, learners: int = 12, seed: int = DEFAULT_SEED):
        self._folder = tempfile.TemporaryDirectory(prefix="higm-class-")
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

    def _fresh_folder(self) -> Path:
        self._folder.cleanup()
        self._folder = tempfile.TemporaryDirectory(prefix="higm-class-")
        return Path(self._folder.name)

    def _summarise_examples(self) -> ClassSummary:
        folder = self._fresh_folder()
        paths = example_exports(folder, learners=self.learners.value, seed=self.seed.value)
        self.paths = paths
        return class_summary(paths)

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
        folder = self._fresh_folder()
        paths = []
        for number, (name, content) in enumerate(files, start=1):
            path = folder / f"{number:03d}" / (Path(name).name or "upload.json")
            path.parent.mkdir()  # one folder per upload keeps every learner's own file name
            path.write_bytes(content)
            paths.append(path)
        self._show(class_summary(paths), f"{len(paths)} uploaded files")

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
