"""The instructors' notebook: a class summary of made-up or uploaded progress exports, matched
to a roster, with the item analysis (difficulty, discrimination, distractors) and a one-page
class report to download."""

from __future__ import annotations

import base64
import html
import tempfile
from pathlib import Path
from typing import Any

import ipywidgets as w
import numpy as np

from higm_lessons.assessment import DEFAULT_SEED, example_class, example_roster
from higm_lessons.classroom import (
    MIN_DISCRIMINATION_LEARNERS,
    REPORT_QUESTIONS,
    ClassSummary,
    class_report_html,
    class_summary_of_texts,
    hardest_questions,
    read_roster,
    short,
)
from higm_lessons.figures.assessment import WRONG, class_scores_figure
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    boxed,
    button,
    figures_output,
    frame_html,
    guarded,
    message_html,
    set_figures,
    show_message,
    table_html,
    takeaway_html,
)


def _pct(value: Any) -> str:
    number = float(value)
    return "" if np.isnan(number) else f"{number:.0%}"


def _difficulty_cell(difficulty: Any, learners: Any) -> str:
    """A question's difficulty as text (the share and the count wrong at the first try) with
    a bar of that length beside it: the table is the chart, read by eye or by a screen reader."""
    share = float(difficulty)
    if np.isnan(share):
        return ""
    wrong = round(share * int(learners))
    bar = (f'<span class="higm-bar" aria-hidden="true" style="display:inline-block;'
           f'height:0.8em;width:{share * 6:.2f}em;background:{WRONG};margin-right:0.4em">'
           "</span>")  # fmt: skip
    return f"{bar}{_pct(share)} ({wrong} of {int(learners)} wrong)"


def questions_html(summary: ClassSummary, top: int = REPORT_QUESTIONS) -> str:
    """The hardest questions: difficulty, discrimination index and most-chosen wrong option."""
    rows = []
    # each question's most-chosen wrong option: its first row in the distractor table
    first_wrong = summary.distractors.drop_duplicates("question").set_index("question")
    for q in hardest_questions(summary, top).itertuples():
        top_wrong = "" if q.question not in first_wrong.index else (
            f"{first_wrong.at[q.question, 'option']}: "
            f"{short(first_wrong.at[q.question, 'text'], 50)} "
            f"({_pct(first_wrong.at[q.question, 'share'])})"
        )  # fmt: skip
        index = "" if np.isnan(float(q.discrimination)) else f"{float(q.discrimination):.2f}"
        cells = [html.escape(str(c)) for c in (q.lesson, q.question, q.learners)]
        cells += [_difficulty_cell(q.difficulty, q.learners), html.escape(index),
                  html.escape(top_wrong)]  # fmt: skip
        rows.append(cells)
    head = ("Lesson", "Question", "Learners", "Difficulty", "Discrimination",
            "Most-chosen wrong option")  # fmt: skip
    return (
        f"<b>The {top} hardest questions</b>, those that at least "
        f"{MIN_DISCRIMINATION_LEARNERS} learners answered first (difficulty: wrong at the "
        "first try; discrimination: -1 to 1, about 0.3 or more separates strong from weak "
        "learners)" + table_html(head, rows, "higm-class-questions")
    )


def roster_html(summary: ClassSummary) -> str:
    """Who on the roster handed in, and who has not yet (empty without a roster)."""
    if summary.roster.empty:
        return ""
    missing = [str(n) for n in summary.roster.loc[~summary.roster["handed_in"], "name"]]
    handed = len(summary.roster) - len(missing)
    text = f"{handed} of {len(summary.roster)} on the roster handed in."
    if missing:
        text += " Not yet: " + ", ".join(missing) + "."
    text += "".join(f"\n{line}" for line in summary.unmatched)
    return message_html(text, "warn" if missing or summary.unmatched else "ok")


def report_link_html(summary: ClassSummary, title: str) -> str:
    """A link that downloads the one-page class report (HTML) straight from the page."""
    page = class_report_html(summary, title=title)
    data = base64.b64encode(page.encode("utf-8")).decode("ascii")
    return (
        '<a class="higm-download higm-class-report" download="class_report.html" '
        f'href="data:text/html;base64,{data}" style="color:#0072B2;'
        'text-decoration:underline;font-weight:bold">⬇ Download the class report (HTML, '
        "one printable page)</a>"
    )


class ClassSummaryPanel(w.VBox):
    """A class summary of made-up exports (or uploaded real ones), matched to a roster:
    problems, scores, the hardest questions with their item analysis, and a report."""

    def __init__(self, learners: int = 12, seed: int = DEFAULT_SEED):
        self._summaries: dict[tuple, ClassSummary] = {}
        self._figures: dict[tuple, tuple] = {}
        self._uploaded: list[tuple[str, bytes]] = []
        self._roster: tuple[str, ...] | None = None
        self.learners = w.IntSlider(
            value=learners, min=4, max=40, step=1, description="Example learners",
            continuous_update=False, style=LABEL_STYLE,
        )  # fmt: skip
        self.seed = w.BoundedIntText(value=seed, min=0, max=999_999, description="Seed",
                                     style=LABEL_STYLE, layout=w.Layout(width="180px"))  # fmt: skip
        self.upload = w.FileUpload(
            accept=".json", multiple=True, description="Summarise real exports",
            tooltip="Choose the progress files your learners exported",
            layout=w.Layout(width="auto"),
        )  # fmt: skip
        self.roster_upload = w.FileUpload(
            accept=".csv", multiple=False, description="Roster (CSV with a name column)",
            tooltip="Match the exports to your class list", layout=w.Layout(width="auto"),
        )  # fmt: skip
        self.class_code = w.Text(description="Class code", placeholder="keep only this class",
                                 style=LABEL_STYLE, continuous_update=False)  # fmt: skip
        self.status, self.problems, self.roster = w.HTML(), w.HTML(), w.HTML()
        self.takeaway, self.table, self.questions, self.report = (w.HTML() for _ in range(4))
        # The report is written when asked for: building it on every change would slow the
        # sliders down and send a whole page to the browser each time.
        self.prepare = button("Prepare the class report", icon="file-text-o",
                              tooltip="Write the one-page class report for download")  # fmt: skip
        self.prepare.on_click(lambda _b: guarded(lambda: self.status)(self.prepare_report)())
        summary = self._current()
        # The hardest questions are a table with a bar in each row (questions_html), not a
        # second chart: one chart to redraw on each change, and one place to read them.
        self.figures = figures_output(class_scores_figure(summary.scores))
        self._show_text(summary)
        for control in (self.learners, self.seed, self.class_code):
            control.observe(self._on_change, "value")
        self.upload.observe(self._on_upload, "value")
        self.roster_upload.observe(self._on_roster, "value")
        super().__init__([
            w.HBox([self.learners, self.seed, self.upload]),
            w.HBox([self.roster_upload, self.class_code]),
            self.problems, self.roster, self.takeaway, self.figures, self.table,
            self.questions, w.HBox([self.prepare, self.report]), self.status,
        ])  # fmt: skip

    @property
    def source(self) -> str:
        """What is summarised: the uploaded files, or the made-up class."""
        if self._uploaded:
            return f"{len(self._uploaded)} uploaded files"
        return "made-up example exports"

    def _key(self) -> tuple:
        return (self.learners.value, self.seed.value, self.class_code.value.strip(),
                self._roster, tuple(self._uploaded))  # fmt: skip

    def _current(self) -> ClassSummary:
        """The summary of the current files, roster and class code (remembered per key)."""
        key = self._key()
        if key not in self._summaries:
            files: list[tuple[str, str | bytes]]
            if self._uploaded:
                files = [(Path(n).name or "upload.json", c) for n, c in self._uploaded]
                roster = self._roster
            else:
                files = list(example_class(learners=self.learners.value, seed=self.seed.value))
                roster = self._roster or example_roster(learners=self.learners.value)
            code = self.class_code.value.strip() or None
            self._summaries[key] = class_summary_of_texts(files, roster=roster, class_code=code)
        return self._summaries[key]

    def _show(self) -> None:
        summary, key = self._current(), self._key()
        if key not in self._figures:
            self._figures[key] = (class_scores_figure(summary.scores),)
        self._show_text(summary)
        set_figures(self.figures, *self._figures[key])

    def _show_text(self, summary: ClassSummary) -> None:
        self.summary = summary
        items = "".join(f"<li>{html.escape(p)}</li>" for p in summary.problems)
        self.problems.value = message_html(
            f"Read {len(summary.learners)} learners from {self.source}; "
            f"{len(summary.problems)} files needed attention:",
            "warn" if summary.problems else "ok",
        ) + (f'<ul class="higm-problems">{items}</ul>' if items else "")
        self.roster.value = roster_html(summary)
        self.takeaway.value = takeaway_html(summary.takeaway())
        lessons = summary.lessons.assign(
            mean_score=lambda t: (100 * t["mean_score"].astype(float)).round(0),
            lowest=lambda t: (100 * t["lowest"].astype(float)).round(0),
            highest=lambda t: (100 * t["highest"].astype(float)).round(0),
        )
        self.table.value = "<b>Per lesson</b> (scores in % right)" + frame_html(
            lessons, "higm-class-lessons"
        )
        self.questions.value = questions_html(summary) if not summary.questions.empty else ""
        self.report.value = ""  # a report prepared earlier no longer matches
        self.prepare.disabled = not len(summary.learners)
        self.status.value = ""

    def prepare_report(self) -> None:
        """Write the class report of the summary shown, as a download link."""
        title = f"Class report: {self.class_code.value.strip() or self.source}"
        self.report.value = report_link_html(self.summary, title)

    def _on_change(self, _change: Any = None) -> None:
        guarded(lambda: self.status)(self._show)()

    def summarise_files(self, files: list[tuple[str, bytes]]) -> None:
        """Summarise uploaded exports, given as (file name, content) pairs."""
        self._uploaded = [(Path(name).name or "upload.json", bytes(c)) for name, c in files]
        self._show()

    def use_roster(self, name: str, content: bytes) -> None:
        """Match the class to a roster, given as a CSV file's name and content."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / (Path(name).name or "roster.csv")
            path.write_bytes(content)
            self._roster = read_roster(path)  # checked: a name column, no empty or repeated name
        self._show()

    def _on_upload(self, change: Any) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            files = [(item["name"], bytes(item["content"])) for item in change["new"] or ()]
            if files:
                self.summarise_files(files)
                show_message(self.status, "Summarised the uploaded files.", "ok")

        run()

    def _on_roster(self, change: Any) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            for item in change["new"] or ():
                self.use_roster(item["name"], bytes(item["content"]))
                show_message(self.status, f"Matched the class to {item['name']}.", "ok")

        run()


def class_summary_panel(learners: int = 12, seed: int = DEFAULT_SEED) -> w.VBox:
    """The instructors' class summary, in a bordered box (the made-up class's exports carry
    the class code ``higm_lessons.assessment.EXAMPLE_CLASS_CODE``)."""
    return boxed(ClassSummaryPanel(learners, seed), "higm-class-summary")
