"""The instructor's live classroom dashboard (run it in Voilà on the course's JupyterHub).

``dashboard()`` opens a session for a lesson (or shows one again from its join code)
and shows, for every question the class has answered, how the answers and the
confidence are spread, live. Buttons lock a question, start a re-vote and release
the model answer, which then opens in every student's widget. The report button
saves every vote as CSV, students labelled anonymously. Only an instructor's token
reads any of this (the hub's ``custom:classroom:instruct`` scope); see
:mod:`higm_lessons.classroom_client` for the students' side.
"""

from __future__ import annotations

import html
import threading
from pathlib import Path
from typing import Any

import ipywidgets as w

from higm_lessons import classroom_client
from higm_lessons.course import lessons
from higm_lessons.data import DataError
from higm_lessons.figures.live import vote_figure, vote_takeaway
from higm_lessons.prompts import prompts
from higm_lessons.quiz import load_bank
from higm_lessons.widgets.common import (
    button,
    figure_output,
    guarded,
    set_figure,
    show_message,
    takeaway_html,
)

REFRESH_SECONDS = 3.0
LIVE_HOURS = 4.0
"""Live updates stop by themselves after this long; Refresh still works."""


def question_texts(lesson_slug: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Item id -> (its text, option id -> option text) for a lesson's prompts and quiz."""
    table = lessons()
    number = table.loc[table["slug"] == lesson_slug, "number"]
    if number.empty:
        return {}
    found: dict[str, tuple[str, dict[str, str]]] = {}
    try:
        for item in prompts(number.iloc[0]):
            found[item.id] = (item.prompt, {o.id: o.text for o in item.options})
        for question in load_bank(number.iloc[0]):
            found[question.id] = (question.prompt, {o.id: o.text for o in question.options})
    except (DataError, ValueError, OSError):
        pass  # a lesson without a bank: items show by their ids
    return found


class QuestionPanel(w.VBox):
    """One question: its state, the distribution figure and takeaway, and its buttons."""

    def __init__(self, owner: LiveDashboard, item: str, text: str, labels: dict[str, str]):
        self.owner, self.item, self.labels = owner, item, labels
        self.title = w.HTML()
        self.text = w.HTML(f"<p>{html.escape(text)}</p>" if text else "")
        self.figure: w.Output | None = None
        self.takeaway = w.HTML()
        self.earlier = w.HTML()
        self.lock_button = button("Lock", icon="lock", tooltip="Stop taking answers (or reopen)")
        self.revote_button = button(
            "Re-vote", icon="repeat", tooltip="Start a new round: students answer again"
        )
        self.release_button = button(
            "Release the answer",
            icon="unlock",
            primary=True,
            tooltip="Open the model answer in every student's widget",
        )
        self.lock_button.on_click(lambda _b: owner.act(item, self._lock_action()))
        self.revote_button.on_click(lambda _b: owner.act(item, "revote"))
        self.release_button.on_click(lambda _b: owner.act(item, "release"))
        self.locked = False
        self.figure_box = w.VBox()
        buttons = w.HBox([self.lock_button, self.revote_button, self.release_button])
        super().__init__(
            [self.title, self.text, self.figure_box, self.takeaway, self.earlier, buttons]
        )
        self.add_class("higm-live-question")

    def _lock_action(self) -> str:
        return "unlock" if self.locked else "lock"

    def update(self, rows: list[dict[str, Any]]) -> None:
        """Show the question's latest round (and a line on each earlier round)."""
        rows = sorted(rows, key=lambda r: r["round"])
        latest = rows[-1]
        self.locked = bool(latest["locked"])
        state = "released" if latest["released"] else "locked" if self.locked else "open"
        self.title.value = (
            f"<h4>{html.escape(self.item)} · round {latest['current_round']} · {state}</h4>"
        )
        self.lock_button.description = "Unlock" if self.locked else "Lock"
        self.release_button.disabled = bool(latest["released"])
        fig = vote_figure(latest, self.labels)
        if self.figure is None:
            self.figure = figure_output(fig)
            self.figure_box.children = [self.figure]
        else:
            set_figure(self.figure, fig)
        self.takeaway.value = takeaway_html(vote_takeaway(latest, self.labels))
        self.earlier.value = "".join(
            f"<p>Round {r['round']}: {html.escape(vote_takeaway(r, self.labels))}</p>"
            for r in rows[:-1]
        )


class LiveDashboard(w.VBox):
    """Open or show a session; live distributions; lock, re-vote, release; the report."""

    def __init__(self, *, refresh_seconds: float = REFRESH_SECONDS) -> None:
        table = lessons()
        self.lesson = w.Dropdown(
            options=[(f"{n} · {t}", s) for n, t, s in
                     zip(table["number"], table["title"], table["slug"], strict=True)],
            description="Lesson",
        )  # fmt: skip
        self.open_button = button(
            "Open a session", icon="play", primary=True, tooltip="Start a session for the lesson"
        )
        self.code_input = w.Text(description="Join code", placeholder="K7M2QX")
        self.show_button = button("Show this session", icon="eye", tooltip="Show a session")
        self.refresh_button = button("Refresh now", icon="refresh", tooltip="Read the votes now")
        self.export_button = button(
            "Save the session report",
            icon="download",
            tooltip="Save every vote as CSV (students labelled anonymously)",
        )
        self.header, self.status = w.HTML(), w.HTML()
        self.questions = w.VBox()
        self.code: str | None = None
        self.slug = ""
        self.panels: dict[str, QuestionPanel] = {}
        self.refresh_seconds = refresh_seconds
        self._stop = threading.Event()
        self.open_button.on_click(lambda _b: self.open_session())
        self.show_button.on_click(lambda _b: self.show(self.code_input.value))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.export_button.on_click(lambda _b: self.export())
        controls = w.HBox([self.lesson, self.open_button])
        rejoin = w.HBox([self.code_input, self.show_button])
        actions = w.HBox([self.refresh_button, self.export_button])
        super().__init__([controls, rejoin, self.header, actions, self.status, self.questions])
        self.add_class("higm-live-dashboard")
        if classroom_client.service_url() is None:
            show_message(
                self.status,
                "No live classroom here: this dashboard works on the course's JupyterHub, "
                "where the classroom service runs (see deploy/ in the course repository).",
                "info",
            )

    def open_session(self) -> None:
        """Open a session for the chosen lesson and show it (its join code, live answers)."""
        @guarded(lambda: self.status)
        def run() -> None:
            try:
                session = classroom_client.open_session(self.lesson.value)
            except classroom_client.ClassroomError as exc:
                show_message(self.status, f"Could not open a session: {exc}", "warn")
                return
            self.show(session["code"])

        run()

    def show(self, code: str) -> None:
        """Show the session with this join code and follow it live."""

        @guarded(lambda: self.status)
        def run() -> None:
            try:
                session = classroom_client.request("GET", f"api/sessions/{code.strip().upper()}")
            except classroom_client.ClassroomError as exc:
                show_message(self.status, f"Could not show the session: {exc}", "warn")
                return
            self.code, self.slug = session["code"], session["lesson"]
            self.panels.clear()
            self.questions.children = []
            self.header.value = (
                f'<div class="higm-live-code"><p>Session for <b>{html.escape(self.slug)}</b>. '
                f"Students join with the code <b style='font-size:1.6em'>{self.code}</b>, "
                f"running <code>from higm_lessons.classroom_client import join; "
                f"join(\"{self.code}\")</code> in their notebook.</p></div>"
            )
            self.refresh()
            self._follow()

        run()

    def _follow(self) -> None:
        """Refresh every few seconds in the background, until a new session or LIVE_HOURS."""
        self._stop.set()
        self._stop = stop = threading.Event()

        def loop() -> None:
            ticks = int(LIVE_HOURS * 3600 / self.refresh_seconds)
            for _ in range(ticks):
                if stop.wait(self.refresh_seconds):
                    return
                self.refresh()

        threading.Thread(target=loop, name="classroom-dashboard", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def refresh(self) -> None:
        """Read the distribution and update every question's panel."""
        if self.code is None:
            return
        try:
            rows = classroom_client.distribution(self.code)
        except classroom_client.ClassroomError as exc:
            show_message(self.status, f"Could not read the votes: {exc}", "warn")
            return
        by_item: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_item.setdefault(row["item"], []).append(row)
        texts = question_texts(self.slug) if by_item.keys() - self.panels.keys() else {}
        for item, item_rows in sorted(by_item.items()):
            if item not in self.panels:
                text, labels = texts.get(item, ("", {}))
                self.panels[item] = QuestionPanel(self, item, text, labels)
                self.questions.children = [*self.questions.children, self.panels[item]]
            self.panels[item].update(item_rows)
        self.status.value = ""

    def act(self, item: str, action: str) -> None:
        @guarded(lambda: self.status)
        def run() -> None:
            if self.code is None:
                return
            try:
                classroom_client.act(self.code, item, action)
            except classroom_client.ClassroomError as exc:
                show_message(self.status, f"{item}: not done ({exc}).", "warn")
                return
            self.refresh()
            done = {"lock": "locked", "unlock": "reopened", "revote": "a new round started",
                    "release": "the answer is released to every student"}[action]  # fmt: skip
            show_message(self.status, f"{item}: {done}.", "ok")

        run()

    def export(self, folder: str | Path = ".") -> Path | None:
        """Save the session report as ``classroom_<CODE>.csv`` in ``folder``."""

        @guarded(lambda: self.status)
        def run() -> Path | None:
            if self.code is None:
                show_message(self.status, "Open or show a session first.", "info")
                return None
            try:
                text = classroom_client.report(self.code)
            except classroom_client.ClassroomError as exc:
                show_message(self.status, f"Could not read the report: {exc}", "warn")
                return None
            path = Path(folder) / f"classroom_{self.code}.csv"
            path.write_text(text, encoding="utf-8")
            show_message(self.status, f"Saved the report as {path.name}.", "ok")
            return path

        return run()


def dashboard(*, refresh_seconds: float = REFRESH_SECONDS) -> LiveDashboard:
    """The instructor's live classroom dashboard."""
    return LiveDashboard(refresh_seconds=refresh_seconds)

