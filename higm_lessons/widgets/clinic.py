"""The virtual clinic board: work up a patient with a hidden diagnosis (thin: controls ->
:mod:`higm_lessons.clinic` -> figures and HTML).

The board shows the story, an order menu with cost, turnaround and blood, the results
timeline in the laboratory's units with flags, Wait, Treat, Defer live vaccines and
Diagnose (with how sure you are, as a probability), then the debrief. Every action is
saved in the progress store, and the board puts the learner's work-up back after a
kernel restart. The hidden condition is in no widget's state until the diagnosis.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from higm_lessons import clinic, diagnosis, labs
from higm_lessons.clinic_workup import MAX_WAIT_DAYS
from higm_lessons.course import lessons
from higm_lessons.figures.clinic import results_html, timeline_figure, timeline_takeaway
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    boxed,
    button,
    guarded,
    presettable,
    progress_store,
    set_figure,
    show_message,
    takeaway_html,
)

SLUG = "virtual_clinic"
PLANNED_LESSON = "10"
"""The lesson number the clinic takes in the course map, until ``lessons.csv`` lists it."""
RESET = "clinic-reset"


def lesson_number() -> str:
    """The clinic lesson's number from the course map (by its slug)."""
    table = lessons()
    found = table.loc[table["slug"] == SLUG, "number"]
    return str(found.iloc[0]) if len(found) else PLANNED_LESSON


def _menu() -> list[tuple[str, str]]:
    return [
        (f"{t.short} · ${t.cost_usd:,.0f} · {t.turnaround_days} d · {t.blood_ml:g} mL", key)
        for key, t in clinic.tests().items()
    ]


def about_test(key: str) -> str:
    """The chosen test in full (the menu shows its short name): what it is, its cost, its
    turnaround and the blood it takes."""
    t = clinic.tests()[key]
    n = t.turnaround_days
    days = "the same day" if n == 0 else f"in {n} day{'' if n == 1 else 's'}"
    return (f'<span class="higm-clinic-about">{html.escape(t.name)}: '
            f"${t.cost_usd:,.0f}, results {days}, {t.blood_ml:g} mL of blood.</span>")  # fmt: skip


def _patient(seed: int, scenario: str | None, difficulty: str) -> clinic.Patient:
    if scenario is not None:
        return clinic.scenario_patient(scenario)
    setting = clinic.DIFFICULTIES[difficulty]
    return clinic.new_patient(seed, setting=setting)


def item_for(seed: int, scenario: str | None, difficulty: str) -> str:
    """The progress item of a board's patient: ``clinic:<scenario>`` or
    ``clinic:seed-<seed>-<difficulty>``."""
    return f"clinic:{scenario}" if scenario else f"clinic:seed-{seed}-{difficulty}"


class ClinicBoard(w.VBox):
    """One patient's work-up (see the module docstring)."""

    def __init__(self, seed: int = 42, *, scenario: str | None = None,
                 difficulty: str = "medium", lesson: str | None = None) -> None:  # fmt: skip
        self.lesson = lesson or lesson_number()
        self.status = w.HTML()
        self.status.add_class("higm-status")
        self._build_controls(seed, scenario, difficulty)
        self.story = w.HTML()
        self.story.add_class("higm-clinic-story")
        self.guide = w.HTML()
        self.counters = w.HTML()
        self.counters.add_class("higm-clinic-counters")
        self.results = w.HTML()
        self.results.add_class("higm-clinic-results-box")
        self.debrief_html = w.HTML()
        self.debrief_html.add_class("higm-clinic-debrief")
        self.figure = w.Output()
        self.figure.add_class("higm-figure")
        self.takeaway = w.HTML()
        super().__init__([
            self.story, self.guide, self.counters,
            w.HBox([self.menu, self.order_button]), self.about,
            w.HBox([self.days, self.wait_button, self.next_button]),
            w.HBox([self.treat_button, self.defer_button]),
            self.results,
            w.HBox([self.choice, self.sure]), self.diagnose_button,
            self.status, self.debrief_html, self.figure, self.takeaway,
            w.HBox([self.seed, self.difficulty, self.new_button, self.restart_button]),
        ])  # fmt: skip
        self.add_class("higm-clinic")
        self.load(seed, scenario, difficulty)

    # ----------------------------------------------------------------- controls
    def _build_controls(self, seed: int, scenario: str | None, difficulty: str) -> None:
        self.menu = w.Dropdown(options=_menu(), description="Order a test", style=LABEL_STYLE,
                               layout=w.Layout(width="auto"))  # fmt: skip
        self.menu.tooltip = "The test menu: cost, turnaround in days, blood in mL"
        self.about = w.HTML(about_test(self.menu.value))
        self.order_button = button("Order", icon="flask", primary=True,
                                   tooltip="Draw blood for the chosen test today")  # fmt: skip
        self.days = w.BoundedIntText(value=7, min=1, max=MAX_WAIT_DAYS, description="Days",
                                     style=LABEL_STYLE, layout=w.Layout(width="150px"))  # fmt: skip
        self.days.tooltip = "How many days to wait"
        self.wait_button = button("Wait", icon="clock-o", tooltip="Let the days pass")
        self.next_button = button("Skip to the next result", icon="forward",
                                  tooltip="Wait until the next pending result arrives")  # fmt: skip
        self.treat_button = button("Start immunoglobulin replacement", icon="medkit",
                                   tooltip="Start IVIG today (IgG and vaccine responses "
                                   "cannot be read afterwards)")  # fmt: skip
        self.defer_button = button(
            "Defer live vaccines",
            icon="ban",
            tooltip="Hold routine live vaccines until the work-up is done",
        )
        self._build_diagnosis_controls()
        self._build_play_controls(seed, difficulty)
        self._connect()

    def _build_diagnosis_controls(self) -> None:
        codes = [(f"{diagnosis.NAMES[c]} ({c})", c) for c in diagnosis.CODES]
        self.choice = w.Dropdown(options=[("Choose a diagnosis", ""), *codes], value="",
                                 description="Diagnosis", style=LABEL_STYLE,
                                 layout=w.Layout(width="auto"))  # fmt: skip
        self.choice.tooltip = "Your diagnosis"
        self.sure = w.FloatSlider(
            value=0.5,
            min=0.05,
            max=1.0,
            step=0.05,
            readout_format=".0%",
            description="How sure (probability)",
            style=LABEL_STYLE,
        )
        self.sure.tooltip = "The probability that your diagnosis is right"
        self.diagnose_button = button(
            "Diagnose and see the debrief",
            icon="check",
            primary=True,
            tooltip="Close the work-up with your diagnosis",
        )

    def _build_play_controls(self, seed: int, difficulty: str) -> None:
        self.seed = w.BoundedIntText(
            value=seed,
            min=0,
            max=2**31,
            description="Patient number",
            style=LABEL_STYLE,
            layout=w.Layout(width="220px"),
        )
        self.seed.tooltip = "The same number gives everyone the same patient"
        self.difficulty = w.Dropdown(options=list(clinic.DIFFICULTIES), value=difficulty,
                                     description="Difficulty", style=LABEL_STYLE,
                                     layout=w.Layout(width="auto"))  # fmt: skip
        self.difficulty.tooltip = (
            "easy: every condition equally likely; medium: a referral clinic; "
            "hard: a general clinic, where most children are healthy"
        )
        self.new_button = button(
            "New patient",
            icon="user-plus",
            tooltip="Start the work-up of the patient with this number",
        )
        self.restart_button = button(
            "Start this patient again", icon="undo", tooltip="Forget this work-up and start it over"
        )

    def _connect(self) -> None:
        act = guarded(lambda: self.status)
        self.order_button.on_click(lambda _b: act(self.order)())
        self.wait_button.on_click(lambda _b: act(self.wait)())
        self.next_button.on_click(lambda _b: act(self.wait_next)())
        self.treat_button.on_click(lambda _b: act(self.treat)())
        self.defer_button.on_click(lambda _b: act(self.defer)())
        self.diagnose_button.on_click(lambda _b: act(self.diagnose)())
        self.new_button.on_click(lambda _b: act(self.new)())
        self.restart_button.on_click(lambda _b: act(self.restart)())
        self.menu.observe(lambda _c: act(self._describe_test)(), "value")

    def _describe_test(self) -> None:
        self.about.value = about_test(self.menu.value)

    # ----------------------------------------------------------------- patient
    def load(self, seed: int, scenario: str | None, difficulty: str) -> None:
        """Show the patient and put back any work-up saved for them."""
        self.scenario, self.level = scenario, difficulty
        self.patient = _patient(seed, scenario, difficulty)
        self.item = item_for(seed, scenario, difficulty)
        saved = self._saved_actions()
        self.workup = clinic.Workup.replay(
            self.patient, saved, store=progress_store(), lesson=self.lesson, item=self.item
        )
        self.report: clinic.Debrief | None = None
        self.status.value = ""
        if saved:
            show_message(self.status, f"Your work-up of this patient is back ({len(saved)} "
                         "actions).", "info")  # fmt: skip
        self.render()

    def _saved_actions(self) -> list[dict[str, Any]]:
        """The actions saved for this patient since the last fresh start."""
        saved = progress_store().attempts(lesson=self.lesson, item=self.item)
        actions: list[dict[str, Any]] = []
        for kind, response in zip(saved["kind"], saved["response"], strict=True):
            if kind == RESET:
                actions = []
            elif kind == "clinic-action" and isinstance(response, dict):
                actions.append(response)
        return actions

    # ----------------------------------------------------------------- actions
    def order(self) -> None:
        result = self.workup.order(self.menu.value)
        show_message(self.status, f"Blood drawn for {clinic.tests()[result.test].name}; the "
                     f"result arrives on day {result.ready_day}.", "ok")  # fmt: skip
        self.render()

    def wait(self) -> None:
        self._wait(int(self.days.value))

    def wait_next(self) -> None:
        pending = self.workup.pending()
        if not pending:
            raise ValueError("days: no result is pending; order a test first")
        self._wait(max(min(r.ready_day for r in pending) - self.workup.day, 1))

    def _wait(self, days: int) -> None:
        before = len(self.workup.events)
        arrived = self.workup.wait(days)
        news = [f"{len(arrived)} result(s) arrived." if arrived else "No new results."]
        news += [e.text for e in self.workup.events[before:]]
        show_message(self.status, f"Day {self.workup.day}. " + " ".join(news),
                     "warn" if len(news) > 1 else "ok")  # fmt: skip
        self.render()

    def treat(self) -> None:
        event = self.workup.treat()
        show_message(self.status, event.text, "warn")
        self.render()

    def defer(self) -> None:
        self.workup.defer_live_vaccines()
        show_message(self.status, "Routine live vaccines are on hold.", "ok")
        self.render()

    def diagnose(self) -> None:
        if not self.choice.value:
            raise ValueError("code: choose a diagnosis first")
        self.workup.diagnose(self.choice.value, float(self.sure.value))
        self.render()

    def new(self) -> None:
        self.load(int(self.seed.value), None, self.difficulty.value)

    def restart(self) -> None:
        progress_store().record_attempt(self.lesson, self.item, RESET, {"action": "reset"})
        self.load(self.patient.seed, self.scenario, self.level)
        show_message(self.status, "A fresh start with the same patient.", "ok")

    # ----------------------------------------------------------------- showing
    def render(self) -> None:
        """Show the story, counters and results; the debrief once diagnosed."""
        patient, workup = self.patient, self.workup
        title = patient.extra.get("title") or f"Patient {patient.seed} ({patient.setting})"
        self.story.value = (
            f"<h3>{html.escape(str(title))}</h3><p>{html.escape(clinic.story(patient))}</p>"
        )
        guide = patient.extra.get("guide") or []
        self.guide.value = (
            "<ol class='higm-clinic-guide'>" + "".join(f"<li>{html.escape(g)}</li>" for g in guide)
            + "</ol>" if guide else ""
        )  # fmt: skip
        limit = clinic.blood_limit_ml(workup.age_days)
        blood = f"{workup.blood_today():g} of {limit:.1f} mL today" if limit else "no daily limit"
        self.counters.value = (
            f"<p><b>Day {workup.day}</b> · age "
            f"{html.escape(labs.age_text(workup.age_days / labs.DAYS_PER_YEAR))}"
            f" · tests ${workup.cost():,.0f} · blood {workup.blood_drawn():g} mL ({blood})"
            f"{' · on replacement' if workup.on_replacement else ''}"
            f"{' · live vaccines deferred' if workup.vaccines_deferred else ''}</p>"
        )
        self.results.value = results_html(workup)
        for control in self._action_controls():
            control.disabled = workup.closed
        if workup.closed:
            self._show_debrief()
        else:
            self.debrief_html.value, self.takeaway.value = "", ""
            self.figure.outputs = ()

    def _action_controls(self) -> list[w.Widget]:
        return [self.menu, self.order_button, self.days, self.wait_button, self.next_button,
                self.treat_button, self.defer_button, self.choice, self.sure,
                self.diagnose_button]  # fmt: skip

    def _show_debrief(self) -> None:
        if self.report is None:
            self.report = clinic.debrief(self.workup)
        self.debrief_html.value = debrief_html(self.report)
        set_figure(self.figure, timeline_figure(self.report.timeline))
        self.takeaway.value = takeaway_html(timeline_takeaway(self.report.timeline))


def _score_rows(score: clinic.Score) -> list[str]:
    return [
        f"{'✔ right' if score.correct else '✘ wrong'}: {score.code} "
        f"(you said {score.confidence:.0%}; Brier score {score.brier:.2f}, 0 is best)",
        f"${score.cost_usd:,.0f} of tests, {score.days} days, {score.blood_ml:g} mL of blood",
        f"{len(score.harm)} harm event(s)" + (": " + "; ".join(score.harm) if score.harm else ""),
        f"{len(score.wasted)} test(s) that could not change the answer"
        + (": " + ", ".join(score.wasted) if score.wasted else ""),
        f"{score.points:.0f} points",
    ]


def debrief_html(report: clinic.Debrief) -> str:
    """The debrief as escaped HTML: the answer, both scores side by side, the flags."""
    mine, ref = _score_rows(report.score), _score_rows(report.reference)
    rows = "".join(
        f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>"
        for a, b in zip(mine, ref, strict=True)
    )
    path = " → ".join(clinic.tests()[t].short for t in report.reference_tests) or "no tests"
    flags = (
        "".join(
            f"<li><b>{html.escape(f.kind.capitalize())}.</b> {html.escape(f.text)}</li>"
            for f in report.flags
        )
        or "<li>No flags: a clean work-up.</li>"
    )
    return (
        f"<h3>Debrief: the patient had {html.escape(report.name)} "
        f"({html.escape(report.condition)})</h3>"
        '<table class="higm-clinic-scores" border="1" cellpadding="4" '
        'style="border-collapse:collapse"><thead><tr><th>Your work-up</th>'
        f"<th>Reference work-up</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p><b>Reference path:</b> {html.escape(path)}</p>"
        f"<p><b>What this work-up teaches</b></p><ul>{flags}</ul>"
    )


@presettable
def clinic_board(seed: int = 42, *, scenario: str | None = None, difficulty: str = "medium",
                 lesson: str | None = None) -> w.VBox:  # fmt: skip
    """The clinic board for patient ``seed`` (or a named scenario) in a panel;
    the board itself is ``box.inner``."""
    if scenario is not None:
        scenario = str(scenario)
    if difficulty not in clinic.DIFFICULTIES:
        raise ValueError(
            f"difficulty must be one of {list(clinic.DIFFICULTIES)}, not {difficulty!r}"
        )
    box = boxed(ClinicBoard(seed, scenario=scenario, difficulty=difficulty, lesson=lesson),
                css_class="higm-clinic-board")  # fmt: skip
    box.add_class("higm-clinic-guided" if scenario else "higm-clinic-free")
    return box
