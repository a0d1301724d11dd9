"""Lessons 08 and 09: a case player (commit to a diagnosis before each reveal) and HIGM features."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from higm_lessons import cases, checks, diagnosis, labs
from higm_lessons.figures.diagnosis import (
    KIND_LABELS,
    cohort_figure,
    cohort_takeaway,
    differential_figure,
    differential_takeaway,
)
from higm_lessons.figures.labs import results_html
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    boxed,
    button,
    figure_output,
    guarded,
    message_html,
    presettable,
    progress_store,
    set_figure,
    show_message,
    takeaway_html,
    utc_text,
)
from higm_lessons.widgets.prompt import CommitBar

TOP = 5


def _list(items: Iterable[object]) -> str:
    return "".join(f"<li>{html.escape(str(item))}</li>" for item in items)


def differential_html(frame: pd.DataFrame, *, top: int = TOP) -> str:
    """The leading conditions with their supporting and opposing reasons, escaped."""
    rows = []
    for rank, row in enumerate(frame.head(top).itertuples(index=False), start=1):
        notes = f"<ul class='higm-notes'>{_list(row.notes)}</ul>" if row.notes else ""
        rows.append(
            f"<tr><td>{rank}</td><td><b>{html.escape(row.code)}</b><br>"
            f"<small>{html.escape(row.name)}</small></td>"
            f"<td>{html.escape(diagnosis.prior_text(row.prior))}</td><td>{row.evidence:+.1f}</td>"
            f"<td>{row.score:.2f}</td>"
            f"<td><ul class='higm-for'>{_list(row.supporting) or '<li>none yet</li>'}</ul></td>"
            f"<td><ul class='higm-against'>{_list(row.against) or '<li>none yet</li>'}</ul>"
            f"{notes}</td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "#",
            "Condition",
            "Base rate (prior)",
            "Evidence (sum of weights)",
            "Score",
            "For (✚)",
            "Against (✖) and notes",
        )
    )
    caveats = "".join(message_html(c, "info") for c in frame.attrs.get("caveats", []))
    return (
        f"{caveats}<table class='higm-differential' border='1' cellpadding='4' "
        f"style='border-collapse:collapse'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<p class='higm-score-key'><small>Score = base rate × exp(evidence), scaled so "
        "that the ten scores add up to 1 (Bayes' rule, as in lesson 05).</small></p>"
    )


NEXT_LABEL = "Commit and reveal the next stage"
FINAL_LABEL = "Commit my final diagnosis"
STAGE_KIND = "case-stage"
"""The kind of a case-stage attempt in the progress store."""


def stage_item(case_id: str, stage: int) -> str:
    """The progress-store item of one stage of a case: ``09-<case id>-stage-<1..5>``."""
    return f"09-{case_id}-stage-{stage + 1}"


class CasePlayer(w.VBox):
    """Choose a case; at each stage commit a leading diagnosis with a confidence, then see the
    differential with its reasons and the next stage; read the explanation at the end.

    Every stage's commitment is an attempt in the progress store (kind ``case-stage``, item
    :func:`stage_item`, response ``{"case", "stage", "leading"}``). When the player is built
    again it resumes each case at the furthest stage committed since the case was last
    started, showing the earlier commitments. The final diagnosis is also recorded as an
    answer (``09-case-<id>``), as the quizzes are.

    With ``stage`` (1 to 5; it needs ``case_id``) the player opens as a demonstration at
    that stage, for a class: stages 1 to ``stage - 1`` are shown with the differential
    the course computes for each, nothing is read from or written to the progress store
    for them, and a line says so. From ``stage`` on the player works as usual.
    """

    def __init__(self, case_id: str | None = None, stage: int | None = None):
        self.status = w.HTML()
        self._cache: dict[Any, Any] = {}
        self.cases = cases.load_cases()
        case_id = checks.one_of("case_id", case_id, self.cases, optional=True)
        if stage is not None:
            stage = checks.whole("stage", stage, low=1, high=len(cases.STAGES))
            if case_id is None:
                raise ValueError("stage needs case_id: the case to open at that stage")
        self.demo = w.HTML()
        """The line saying the player was opened as a demonstration (empty otherwise)."""
        self.demo.add_class("higm-case-demo")
        self.case_menu = w.Dropdown(
            options=[(c.title, c.id) for c in self.cases.values()],
            value=case_id or self._last_case() or next(iter(self.cases)),
            description="Case",
            style=LABEL_STYLE,
            layout=w.Layout(width="auto"),
        )
        self.choice = w.Dropdown(
            options=[("(choose)", "")]
            + [(f"{code}: {diagnosis.NAMES[code]}", code) for code in diagnosis.CODES],
            value="",
            description="Your leading diagnosis now",
            style=LABEL_STYLE,
            layout=w.Layout(width="auto"),
        )
        self.restart = button("Start this case again", icon="refresh", tooltip="Back to stage 1")
        self.bar_box = w.VBox()
        self.progress, self.story, self.reasoning = w.HTML(), w.HTML(), w.HTML()
        self.figure = figure_output(self._placeholder())
        self.takeaway, self.history, self.final = w.HTML(), w.HTML(), w.HTML()
        self.restart.on_click(lambda _b: guarded(lambda: self.status)(self.start)(False))
        self.case_menu.observe(lambda _c: guarded(lambda: self.status)(self.start)(), "value")
        super().__init__(
            [
                self.case_menu,
                self.progress,
                self.demo,
                self.story,
                w.HBox([self.choice, self.restart]),
                self.bar_box,
                self.status,
                self.reasoning,
                self.figure,
                self.takeaway,
                self.history,
                self.final,
            ]
        )
        if stage is None:
            self.start()
        else:
            self.open_at(stage)

    @property
    def case(self) -> cases.Case:
        return self.cases[self.case_menu.value]

    @property
    def commit(self) -> w.Button:
        """The Commit button of the current stage."""
        return self.bar.commit_button

    def _last_case(self) -> str | None:
        """The case of the learner's latest stage commitment, if it is still in the library."""
        try:
            saved = progress_store().attempts(lesson="09")
        except Exception:  # a broken store must not stop the player
            return None
        for response in reversed(saved.loc[saved["kind"] == STAGE_KIND, "response"].tolist()):
            if isinstance(response, dict) and response.get("case") in self.cases:
                return str(response["case"])
        return None

    def _placeholder(self) -> go.Figure:
        if "placeholder" not in self._cache:
            self._cache["placeholder"] = differential_figure(
                diagnosis.differential({"age_years": 30, "sex": "M"}),
                title="Commit a diagnosis to see the differential",
            )
        return self._cache["placeholder"]

    # ------------------------------------------------------------------ stages
    def start(self, restore: bool = True) -> None:
        """Begin the chosen case at stage 1; with ``restore``, replay its saved commitments."""
        self.stage = 0
        self.opened_at = 1
        """The stage a demonstration opened at (1 for a play from the start)."""
        self.commitments: list[tuple[int, str, str, str | None]] = []
        self.shown: list[tuple[int, str]] = []
        """(stage, leading condition) of the stages a demonstration showed uncommitted."""
        self.demo.value = ""
        self.choice.value = ""
        self.choice.disabled = False
        for output in (self.reasoning, self.takeaway, self.history, self.final):
            output.value = ""
        set_figure(self.figure, self._placeholder())
        self._new_bar()
        self._show_story()
        show_message(
            self.status,
            "Read the first stage, choose your leading diagnosis, say how sure you are, and "
            "commit before you see more.",
            "info",
        )
        if restore:
            self._restore()

    def _new_bar(self) -> None:
        """A fresh commitment (confidence, Commit) for the current stage."""
        last = self.stage == len(cases.STAGES) - 1
        self.bar = CommitBar(
            "09",
            stage_item(self.case.id, self.stage),
            STAGE_KIND,
            response=self._response,
            judge=self._judge,
            on_commit=self._on_commit,
            commit_label=FINAL_LABEL if last else NEXT_LABEL,
        )
        self.bar.again_button.layout.display = "none"  # a new try is a new start of the case
        self.bar_box.children = (self.bar,)

    def _response(self) -> dict[str, Any] | None:
        if not self.choice.value:
            return None
        response = {"case": self.case.id, "stage": self.stage + 1, "leading": self.choice.value}
        if self.opened_at > 1:  # a demonstration's: it does not follow the presenter's own play
            response["opened_at"] = self.opened_at
        return response

    def _judge(self, response: dict[str, Any]) -> bool:
        """Right at the last stage when it is the expected diagnosis; before that, when it
        leads the differential for what is known so far."""
        if self.stage == len(cases.STAGES) - 1:
            return bool(response["leading"] == self.case.expected)
        return bool(response["leading"] == self._reasoning(self.stage)[0]["code"].iloc[0])

    def _restore(self) -> None:
        """Replay the commitments of the current play of this case (each stage committed
        after the one before it), oldest first."""
        try:
            store = progress_store()
            saved = [store.latest_attempt("09", stage_item(self.case.id, n)) for n in range(5)]
        except Exception as exc:  # the player works without its history
            show_message(self.status, f"Your saved commitments could not be read: {exc}", "warn")
            return
        replay: list[dict[str, Any]] = []
        for attempt in saved:
            if attempt is None or not _continues(attempt, replay):
                break
            replay.append(attempt)
        for attempt in replay:
            self.choice.value = attempt["response"]["leading"]
            self.bar.restore()  # the stage's confidence, locked, as committed
            self._apply(attempt, restoring=True)
        if replay:
            show_message(
                self.status,
                f"Restored your commitments up to stage {len(replay)}, the last from "
                f"{utc_text(replay[-1]['attempted_at'])}. 'Start this case again' starts afresh.",
                "info",
            )

    def open_at(self, stage: int) -> None:
        """Open the current case as a demonstration at ``stage`` (1 to 5): the stages
        before it shown with the course's differential, nothing committed or saved."""
        stage = checks.whole("stage", stage, low=1, high=len(cases.STAGES))
        self.start(restore=False)
        self.opened_at = stage
        self.shown = [(n, str(self._reasoning(n)[0]["code"].iloc[0])) for n in range(stage - 1)]
        if self.shown:
            self._show_reasoning(stage - 2)
            self.history.value = self._log_html()
        self.stage = stage - 1
        self._show_story()
        self._new_bar()
        shown = {2: "stage 1 is", 3: "stages 1 and 2 are"}.get(
            stage, f"stages 1 to {stage - 1} are"
        )
        earlier = (
            f"{shown} shown with the course's differential; nobody committed to them and "
            "nothing about them was saved"
            if stage > 1
            else "earlier plays of this case are not brought back"
        )
        show_message(
            self.demo,
            f"A demonstration opened at stage {stage}: {earlier}. From stage {stage} on, "
            "vote and commit as usual. 'Start this case again' plays it from stage 1.",
            "info",
        )
        show_message(
            self.status,
            "Read the stages so far, choose the leading diagnosis, say how sure you are, and "
            "commit before you see more.",
            "info",
        )

    def _stage_html(self, number: int) -> str:
        key = ("story", self.case.id, number)
        if key not in self._cache:
            self._cache[key] = self._render_stage(number)
        return self._cache[key]

    def _reasoning(self, stage: int) -> tuple[pd.DataFrame, list[str], str]:
        """The differential and next tests after ``stage`` (computed once per case and stage)."""
        key = ("reasoning", self.case.id, stage)
        if key not in self._cache:
            frame = self.case.differential(stage)
            tips = diagnosis.next_tests(self.case.patient(stage))
            self._cache[key] = (frame, tips, differential_html(frame))
        return self._cache[key]

    def _render_stage(self, number: int) -> str:
        case = self.case
        stage = case.stages[number]
        parts = [f"<h4>Stage {number + 1}: {html.escape(cases.STAGE_TITLES[stage.kind])}</h4>"]
        parts.append(f"<p>{html.escape(stage.text)}</p>")
        table = cases.stage_labs(case, number)
        if len(table):
            parts.append(results_html(table, age_years=case.age_years, sex=case.sex))
        findings = cases.stage_findings(case, number)
        if findings:
            parts.append(f"<p><i>Findings:</i></p><ul>{_list(findings)}</ul>")
        return f'<div class="higm-stage higm-stage-{stage.kind}">{"".join(parts)}</div>'

    def _show_story(self) -> None:
        case = self.case
        total = len(cases.STAGES)
        self.progress.value = (
            f'<p class="higm-stage-progress"><b>{html.escape(case.title)}</b> '
            f"({html.escape(labs.age_text(case.age_years))}, "
            f"{'male' if case.sex == 'M' else 'female'}). Stage {self.stage + 1} of {total}.</p>"
        )
        self.story.value = "".join(self._stage_html(i) for i in range(self.stage + 1))

    def commit_choice(self) -> dict[str, Any] | None:
        """Commit the chosen diagnosis with the chosen confidence (as the Commit button does)."""
        return self.bar.commit()

    def _on_commit(self, attempt: dict[str, Any]) -> None:
        guarded(lambda: self.status)(self._apply)(attempt)

    def _apply(self, attempt: dict[str, Any], restoring: bool = False) -> None:
        """Show the differential for a committed stage, then reveal the next stage (or finish)."""
        chosen, confidence = attempt["response"]["leading"], attempt["confidence"]
        ranking = list(self._reasoning(self.stage)[0]["code"])
        leader = ranking[0]
        self.commitments.append((self.stage, chosen, leader, confidence))
        self._show_reasoning(self.stage)
        self.history.value = self._log_html()
        verdict = (
            f"Your choice {chosen} leads the differential at this stage."
            if chosen == leader
            else f"Base rates and reasons favour {leader} at this stage; your choice {chosen} "
            f"ranks {ranking.index(chosen) + 1} of {len(ranking)}. Read the reasons below."
        )
        if self.stage < len(cases.STAGES) - 1:
            self.stage += 1
            self._show_story()
            self.choice.value = ""
            self._new_bar()
            show_message(self.status, verdict + " A new stage is revealed above.", "ok")
        else:
            self.choice.disabled = True
            self._finish(chosen, confidence, record=not restoring)
            show_message(self.status, verdict, "ok")

    def _show_reasoning(self, stage: int) -> None:
        """Show the differential, the next tests and the figure after ``stage`` (0 to 4)."""
        frame, tips, table_html = self._reasoning(stage)
        kind = cases.STAGE_TITLES[self.case.stages[stage].kind].lower()
        self.reasoning.value = (
            f"<h4>The differential after stage {stage + 1} ({html.escape(kind)})</h4>"
            + table_html
            + "<p><b>What to test next:</b></p><ul>"
            + _list(tips)
            + "</ul>"
        )
        set_figure(
            self.figure, differential_figure(frame, title=f"Differential after stage {stage + 1}")
        )
        self.takeaway.value = takeaway_html(differential_takeaway(frame))

    def _log_html(self) -> str:
        items = [
            f"Stage {stage + 1}: shown in the demonstration, not committed; "
            f"the differential led with {leader}"
            for stage, leader in self.shown
        ] + [
            f"Stage {stage + 1}: you chose {chosen} ({confidence or 'no confidence given'}); "
            f"the differential led with {leader}" + (" ✔" if chosen == leader else "")
            for stage, chosen, leader, confidence in self.commitments
        ]
        return f'<div class="higm-log"><b>Your commitments</b><ol>{_list(items)}</ol></div>'

    def _finish(self, chosen: str, confidence: str | None, *, record: bool = True) -> None:
        case = self.case
        right = chosen == case.expected
        sure = f" You were {confidence}." if confidence else ""
        self.final.value = (
            '<div class="higm-final">'
            + message_html(
                f"Expected diagnosis: {case.expected} ({diagnosis.NAMES[case.expected]}). "
                + ("Your final answer matches." if right else f"Your final answer was {chosen}.")
                + sure,
                "ok" if right else "error",
            )
            + f"<p><b>Explanation.</b> {html.escape(case.explanation)}</p>"
            + f"<p><b>Teaching points.</b></p><ul>{_list(case.teaching_points)}</ul>"
            + f"<p><small>Built from: {html.escape(', '.join(case.sources))}</small></p></div>"
        )
        if not record:
            return
        try:
            progress_store().record("09", f"09-case-{case.id}", chosen, right, confidence)
        except Exception as exc:  # saving must never take the explanation away
            show_message(self.status, f"Your answer could not be saved: {exc}", "warn")


def _continues(attempt: dict[str, Any], play: list[dict[str, Any]]) -> bool:
    """Whether a saved stage commitment continues ``play`` (the commitments before it):
    a valid leading diagnosis, made after the last one, and not the first commitment of a
    demonstration opened at a later stage (its earlier stages were shown, not committed)."""
    if not isinstance(attempt["response"], dict):
        return False
    response = attempt["response"]
    if response.get("leading") not in diagnosis.CODES:
        return False
    if play and attempt["attempted_at"] < play[-1]["attempted_at"]:
        return False
    opened = response.get("opened_at", 1)
    return not (opened > 1 and response.get("stage") == opened)


@presettable
def case_player(case_id: str | None = None, stage: int | None = None) -> w.VBox:
    """The lesson 09 case player, in a bordered box; with ``stage``, a demonstration of
    case ``case_id`` opened at that stage (1 to 5, see :class:`CasePlayer`)."""
    return boxed(CasePlayer(case_id, stage), "higm-caseplayer")


class FeatureChart(w.VBox):
    """Bars of how often HIGM features were seen in two registries, by kind."""

    def __init__(self, kind: str = "all"):
        self.status = w.HTML()
        self.control = w.Dropdown(
            options=[(label, key) for key, label in KIND_LABELS.items()],
            value=kind,
            description="Show",
            style=LABEL_STYLE,
        )
        self.figure = figure_output(cohort_figure(kind))
        self.takeaway = w.HTML(takeaway_html(cohort_takeaway(kind)))
        self.control.observe(
            lambda change: guarded(lambda: self.status)(self.update)(change["new"]), "value"
        )
        super().__init__([self.control, self.figure, self.takeaway, self.status])

    def update(self, kind: str) -> None:
        set_figure(self.figure, cohort_figure(kind))
        self.takeaway.value = takeaway_html(cohort_takeaway(kind))


@presettable
def feature_chart(kind: str = "all") -> w.VBox:
    """The lesson 08 chart of HIGM features in cohorts, in a bordered box."""
    return boxed(FeatureChart(kind), "higm-features")
