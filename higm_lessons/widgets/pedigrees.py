"""Pedigree widgets. Lesson 05: the pedigree builder with Bayesian carrier risk and the mystery
pedigree. Lesson 06: new mutations (the isolated case) and CD40L flow cytometry."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pandas as pd

from higm_lessons import checks
from higm_lessons.carrier_testing import PEOPLE, constants
from higm_lessons.figures.inheritance import (
    bayes_html,
    flow_figure,
    flow_takeaway,
    risk_table_women_html,
)
from higm_lessons.figures.pedigree import pedigree_figure, pedigree_takeaway
from higm_lessons.inheritance import bayes_table, carrier_risks, new_mutation_share
from higm_lessons.mystery import CLUES, DIFFICULTIES, FOR_MODE, Mystery, describe, mystery_pedigree
from higm_lessons.pedigree import descendants, label_sort_key, layout, make_pedigree
from higm_lessons.pedigree import format_risk as _format_risk
from higm_lessons.widgets.common import (
    LABEL_STYLE,
    MODE_LABELS,
    TOGGLE_STYLE,
    boxed,
    button,
    figure_output,
    message_html,
    presettable,
    run_once,
    set_figure,
    show_message,
    takeaway_html,
)
from higm_lessons.widgets.prompt import CommitBar

MAX_PEOPLE = 20
STATUS_OPTIONS = [("affected", True), ("unaffected", False), ("unknown", None)]

# A grandmother of unknown status, her affected son and her daughter's family.
START_FAMILY: list[dict[str, Any]] = [
    {"id": "1", "father": None, "mother": None, "sex": "M", "affected": False},
    {"id": "2", "father": None, "mother": None, "sex": "F", "affected": None},
    {"id": "3", "father": "1", "mother": "2", "sex": "M", "affected": True},
    {"id": "4", "father": "1", "mother": "2", "sex": "F", "affected": False},
    {"id": "5", "father": None, "mother": None, "sex": "M", "affected": False},
    {"id": "6", "father": "5", "mother": "4", "sex": "M", "affected": False},
    {"id": "7", "father": "5", "mother": "4", "sex": "F", "affected": False},
]

if TYPE_CHECKING:
    import plotly.graph_objects as go


def format_risk(p: float) -> str:
    """A probability as an escaped percentage for HTML (">99.9%" becomes "&gt;99.9%")."""
    return html.escape(_format_risk(p))


class PedigreeBuilder(w.VBox):
    """Add partners and children, mark who is affected; every woman's carrier risk and
    the Bayesian table for one woman update live."""

    def __init__(self, people: list[dict[str, Any]] | None = None, mode: str = "x-linked"):
        self.people: list[dict[str, Any]] = [dict(p) for p in (people or START_FAMILY)]
        self.couples: list[tuple[str, str]] = []
        self.mode = w.ToggleButtons(options=MODE_LABELS, value=mode, description="Inheritance",
                                    style=TOGGLE_STYLE)  # fmt: skip
        self.person = w.Dropdown(description="Person", style=LABEL_STYLE)
        self.affected = w.ToggleButtons(
            options=STATUS_OPTIONS, description="Status", style=TOGGLE_STYLE
        )
        self.add_partner = button(
            "Add partner", icon="plus", tooltip="Add a partner to this person"
        )
        self.add_son = button("Add son", icon="plus", tooltip="Add a son (and a partner if needed)")
        self.add_daughter = button(
            "Add daughter", icon="plus", tooltip="Add a daughter (and a partner if needed)"
        )
        self.remove = button(
            "Remove person", icon="trash", tooltip="Remove this person (no children)"
        )
        self.woman = w.Dropdown(description="Bayes table for", style=LABEL_STYLE)
        self.women_table = w.HTML()
        self.bayes = w.HTML()
        self.takeaway = w.HTML()
        self.status = w.HTML(
            message_html("Choose a person, change their status or add relatives.", "info")
        )
        self._busy = False
        self._risks: pd.Series | None = None
        self._refresh_choices()
        self.figure = figure_output(self._recompute())
        self._show_bayes()
        self.mode.observe(lambda c: run_once(self, lambda: self._on_mode(c["old"])), "value")
        self.person.observe(lambda c: run_once(self, self._on_person), "value")
        self.affected.observe(
            lambda c: run_once(self, lambda: self._edit(self._on_status)), "value"
        )
        self.woman.observe(lambda c: run_once(self, self._on_woman), "value")
        self.add_partner.on_click(lambda b: run_once(self, lambda: self._edit(self.partner)))
        self.add_son.on_click(lambda b: run_once(self, lambda: self._edit(lambda: self.child("M"))))
        self.add_daughter.on_click(
            lambda b: run_once(self, lambda: self._edit(lambda: self.child("F")))
        )
        self.remove.on_click(lambda b: run_once(self, lambda: self._edit(self.delete)))
        super().__init__(
            [
                self.mode,
                w.HBox([self.person, self.affected]),
                w.HBox([self.add_partner, self.add_son, self.add_daughter, self.remove]),
                self.figure, self.takeaway, self.women_table, self.woman, self.bayes,
                self.status,
            ]
        )  # fmt: skip

    # ---------------------------------------------------------------- state
    @property
    def pedigree(self) -> pd.DataFrame:
        """The current pedigree table (rebuilt only after an edit)."""
        key = repr((self.people, self.couples))
        if getattr(self, "_key", None) != key:
            ped = make_pedigree(self.people)
            self._cache = (ped, layout(ped, self.couples))
            self._key = key
        return self._cache[0]

    @property
    def positions(self) -> pd.DataFrame:
        _ = self.pedigree
        return self._cache[1]

    def _edit(self, change: Any) -> None:
        """Apply ``change`` and redraw; if the result is impossible, undo it and say why."""
        saved = ([dict(p) for p in self.people], list(self.couples))
        try:
            change()
        except ValueError:
            self.people, self.couples = saved
            self._refresh_choices()
            self.redraw("")
            raise

    def _row(self, pid: str) -> dict:
        return next(p for p in self.people if p["id"] == pid)

    def _new_id(self) -> str:
        return str(max(int(p["id"]) for p in self.people) + 1)

    def _check_room(self, extra: int) -> None:
        if len(self.people) + extra > MAX_PEOPLE:
            raise ValueError(f"the builder holds at most {MAX_PEOPLE} people; remove someone first")

    def _partners(self, pid: str) -> list[str]:
        found = [b if a == pid else a for a, b in self.couples if pid in (a, b)]
        for p in self.people:
            for me, other in ((p["father"], p["mother"]), (p["mother"], p["father"])):
                if me == pid and other not in found:
                    found.append(other)
        return found

    def _labels(self) -> pd.Series:
        return self.positions["label"]

    def _refresh_choices(self) -> None:
        labels = self._labels()
        sexes = {"M": "male", "F": "female"}
        options = [
            (f"{labels[p['id']]} ({sexes[p['sex']]}, id {p['id']})", p["id"]) for p in self.people
        ]
        options.sort(key=lambda o: _label_order(o[0].split(" ")[0]))
        chosen = self.person.value if self.person.value in {o[1] for o in options} else "4"
        women = [o for o in options if self._row(o[1])["sex"] == "F"]
        woman = self.woman.value if self.woman.value in {o[1] for o in women} else "4"
        self.person.options = options
        self.person.value = chosen if chosen in {o[1] for o in options} else options[0][1]
        self.woman.options = women
        self.woman.value = woman if woman in {o[1] for o in women} else women[0][1]
        self.affected.value = self._row(self.person.value)["affected"]

    # ---------------------------------------------------------------- actions
    def partner(self) -> None:
        self._check_room(1)
        me = self._row(self.person.value)
        new: dict[str, Any] = {"id": self._new_id(), "father": None, "mother": None,
               "sex": "F" if me["sex"] == "M" else "M", "affected": False}  # fmt: skip
        self.people.append(new)
        self.couples.append((me["id"], new["id"]))
        self._after_edit(f"Added a partner for {me['id']}.")

    def child(self, sex: str) -> None:
        me = self._row(self.person.value)
        mates = self._partners(me["id"])
        self._check_room(1 if mates else 2)
        if not mates:
            mate: dict[str, Any] = {"id": self._new_id(), "father": None, "mother": None,
                    "sex": "F" if me["sex"] == "M" else "M", "affected": False}  # fmt: skip
            self.people.append(mate)
            mates = [mate["id"]]
        mate = self._row(mates[-1])
        dad, mum = (me, mate) if me["sex"] == "M" else (mate, me)
        kid = {"id": self._new_id(), "father": dad["id"], "mother": mum["id"], "sex": sex,
               "affected": False}  # fmt: skip
        self.people.append(kid)
        self.couples = [c for c in self.couples if set(c) != {dad["id"], mum["id"]}]
        self._after_edit(f"Added a {'son' if sex == 'M' else 'daughter'} (id {kid['id']}).")

    def delete(self) -> None:
        pid = self.person.value
        ped = self.pedigree
        if descendants(ped, pid):
            raise ValueError(f"person {pid} has children; remove the children first")
        if len(self.people) <= 2:
            raise ValueError("a pedigree needs at least two people")
        self.people = [p for p in self.people if p["id"] != pid]
        self.couples = [c for c in self.couples if pid not in c]
        self.person.value = None
        self._after_edit(f"Removed person {pid}.")

    def _on_mode(self, old: str) -> None:
        try:
            self.redraw(f"Risks recomputed for {self.mode.value} inheritance.")
        except ValueError:
            self.mode.value = old
            self.redraw("")
            raise

    def _on_person(self) -> None:
        if self.person.value is not None:
            self.affected.value = self._row(self.person.value)["affected"]

    def _on_status(self) -> None:
        row = self._row(self.person.value)
        if row["affected"] == self.affected.value:
            return
        row["affected"] = self.affected.value
        self.redraw()

    def _on_woman(self) -> None:
        if self.woman.value is not None:
            self._show_bayes()
            set_figure(self.figure, self._figure())
            show_message(self.status, "Bayes table redrawn for the woman you chose.", "ok")

    def _after_edit(self, message: str) -> None:
        self._refresh_choices()
        self.redraw(message)

    # ---------------------------------------------------------------- output
    def _recompute(self) -> go.Figure:
        self._risks = risks = carrier_risks(self.pedigree, self.mode.value)
        ped = self.pedigree
        labels = self._labels()
        self.women_table.value = risk_table_women_html(ped, risks, labels)
        women = {p: risks[p] for p in ped.loc[ped["sex"].eq("F"), "id"]}
        self.takeaway.value = takeaway_html(pedigree_takeaway(ped, women, positions=self.positions))
        return self._figure()

    def _figure(self) -> go.Figure:
        ped = self.pedigree
        risks = self._risks if self._risks is not None else carrier_risks(ped, self.mode.value)
        women = {p: float(risks[p]) for p in ped.loc[ped["sex"].eq("F"), "id"]}
        return pedigree_figure(
            ped, title=f"Your pedigree ({self.mode.value}): carrier probability of every woman",
            couples=self.couples, risks=women, highlight=self.woman.value,
            positions=self.positions,
        )  # fmt: skip

    def _show_bayes(self) -> None:
        table = bayes_table(self.pedigree, self.mode.value, self.woman.value)
        self.bayes.value = bayes_html(table, self._labels()[self.woman.value])

    def redraw(self, message: str = "Risks recomputed.") -> None:
        set_figure(self.figure, self._recompute())
        self._show_bayes()
        if message:
            show_message(self.status, message, "ok")


def _label_order(label: str) -> tuple[int, int]:
    try:
        return label_sort_key(label)
    except (KeyError, ValueError):
        return (99, 0)


MODE_NAMES = {"x-linked": "X-linked recessive", "autosomal": "autosomal recessive"}


class MysteryWidget(w.VBox):
    """A family from a hidden mode: name the mode and the clues, say how sure you are and
    commit; only then does the answer appear. The attempt is kept and comes back."""

    ITEM = "05-mystery"

    def __init__(self, difficulty: str = "easy", seed: int = 1):
        self.difficulty = w.ToggleButtons(options=list(DIFFICULTIES), value=difficulty,
                                          description="Difficulty", style=TOGGLE_STYLE)  # fmt: skip
        self.seed = w.BoundedIntText(value=seed, min=0, max=10**6, description="Family number",
                                     style=LABEL_STYLE)  # fmt: skip
        self.next = button("New family", icon="refresh", tooltip="Show another mystery family")
        self.guess = w.RadioButtons(
            options=[(MODE_NAMES["x-linked"], "x-linked"),
                     (MODE_NAMES["autosomal"].capitalize(), "autosomal")],
            value=None, description="Your answer", style=LABEL_STYLE,
        )  # fmt: skip
        self.clues = {
            key: w.Checkbox(value=False, description=text, indent=False,
                            layout=w.Layout(width="auto"))
            for key, text in CLUES.items()
        }  # fmt: skip
        self.answer = w.HTML()  # empty until a commit: the answer is not in the page before
        self.takeaway = w.HTML()
        self.status = w.HTML(
            message_html("Study the family, answer, say how sure you are, then commit.", "info")
        )
        self._busy = False
        self.mystery = mystery_pedigree(difficulty, seed)
        self.figure = figure_output(self._figure())
        self.takeaway.value = _text_version(self.mystery.pedigree)
        self.bar = CommitBar(
            "05", self.ITEM, "mystery-verdict", response=self.response, judge=self.judge,
            on_commit=self.show_answer, on_restore=self.put_back, on_again=self.hide,
            commit_label="Commit my verdict",
        )  # fmt: skip
        self.difficulty.observe(lambda c: run_once(self, self.new_family), "value")
        self.seed.observe(lambda c: run_once(self, self.new_family), "value")
        self.next.on_click(lambda b: run_once(self, self._next))
        super().__init__(
            [w.HBox([self.difficulty]), w.HBox([self.seed, self.next]), self.figure,
             self.takeaway, self.guess, w.HTML("<b>Which clues do you see?</b>"),
             *self.clues.values(), self.bar, self.answer, self.status]
        )  # fmt: skip
        self._busy = True  # restoring sets the controls: no new family on the way
        try:
            self.bar.restore()
        finally:
            self._busy = False

    def _figure(self) -> go.Figure:
        m = self.mystery
        return pedigree_figure(
            m.pedigree, title=f"Mystery family {m.seed} ({m.difficulty}): which mode?"
        )

    def _next(self) -> None:
        self.seed.value = self.seed.value + 1  # observers are paused while this runs
        self.new_family()

    def _controls(self, locked: bool) -> None:
        for control in (self.guess, *self.clues.values()):
            control.disabled = locked

    def _show_family(self) -> None:
        self.mystery = mystery_pedigree(self.difficulty.value, self.seed.value)
        set_figure(self.figure, self._figure())
        self.takeaway.value = _text_version(self.mystery.pedigree)

    def new_family(self) -> None:
        self._show_family()
        self.guess.value = None
        for box in self.clues.values():
            box.value = False
        if self.bar.attempt is not None and self.bar.commit_button.disabled:
            self.bar.again()  # a new family opens a new try; earlier attempts stay saved
        self.hide()
        show_message(self.status, "A new family: answer, say how sure you are, commit.", "ok")

    # ------------------------------------------------------------- the commitment
    def response(self) -> dict[str, Any] | None:
        """Verdict and ticked clues for the family shown; None until a mode is chosen."""
        if self.guess.value is None:
            return None
        return {
            "difficulty": self.mystery.difficulty,
            "seed": self.mystery.seed,
            "mode": self.guess.value,
            "clues": [k for k, box in self.clues.items() if box.value],
        }

    def judge(self, response: dict[str, Any]) -> bool:
        """Right when the mode is the hidden one and the ticked clues are those present."""
        m = mystery_pedigree(response["difficulty"], response["seed"])
        return response["mode"] == m.mode and set(response["clues"]) == set(m.clues)

    def put_back(self, attempt: dict[str, Any]) -> None:
        """Show the family of a saved attempt with its verdict and clues, then the answer."""
        r = attempt["response"]
        self.difficulty.value, self.seed.value = r["difficulty"], int(r["seed"])
        self._show_family()
        self.guess.value = r["mode"]
        for key, box in self.clues.items():
            box.value = key in r["clues"]
        self.show_answer(attempt)

    def hide(self) -> None:
        self.answer.value = ""
        self._controls(False)

    def show_answer(self, attempt: dict[str, Any]) -> None:
        """Write the hidden mode and a verdict for every clue (only after a commit)."""
        self._controls(True)
        m = self.mystery
        self.answer.value = mystery_answer_html(m, attempt["response"])
        right = attempt["response"]["mode"] == m.mode
        show_message(self.status, "Answer shown.", "ok" if right else "warn")


def _text_version(ped: pd.DataFrame) -> str:
    return f"<p class='higm-text-version'><b>Text version.</b> {html.escape(describe(ped))}</p>"


def _clue_line(key: str, seen: bool, ticked: bool) -> str:
    mark, verdict = {
        (True, True): ("✔", "you spotted it"),
        (True, False): ("✘", "you missed it"),
        (False, True): ("✘", "you ticked it, but it is not in this family"),
        (False, False): ("✔", "rightly left unticked"),
    }[(seen, ticked)]
    role = (
        "points to X-linked" if key in FOR_MODE["x-linked"]
        else "points to autosomal" if key in FOR_MODE["autosomal"]
        else "fits both"
    )  # fmt: skip
    return (
        f"<li>{mark} {html.escape(CLUES[key])}: <b>{'present' if seen else 'absent'}</b> "
        f"({role}) · {verdict}</li>"
    )


def mystery_answer_html(m: Mystery, response: dict[str, Any]) -> str:
    """The hidden mode and each clue judged against the learner's committed response."""
    right = response["mode"] == m.mode
    lines = [
        f"<p><b>{'✔ Right' if right else '✘ Not this time'}:</b> the hidden mode was "
        f"<b>{MODE_NAMES[m.mode]}</b>.</p><ul>"
    ]
    ticked = set(response["clues"])
    lines += [_clue_line(key, key in m.clues, key in ticked) for key in CLUES]
    lines.append("</ul>")
    if m.deciding:
        lines.append(
            "<p>Deciding clues here: "
            + ", ".join(html.escape(CLUES[k].lower()) for k in m.deciding)
            + ".</p>"
        )
    if m.misleading:
        lines.append(
            "<p>Careful: "
            + ", ".join(html.escape(CLUES[k].lower()) for k in m.misleading)
            + " would fit the other mode. Small families can mislead; a pedigree weighs "
            "the evidence, it rarely proves it. Genetic testing settles it.</p>"
        )
    return f"<div class='higm-answer'>{''.join(lines)}</div>"


ISOLATED: list[dict[str, Any]] = [  # the mother of one affected boy, her parents and her sister
    {"id": "1", "father": None, "mother": None, "sex": "M", "affected": False},
    {"id": "2", "father": None, "mother": None, "sex": "F", "affected": None},
    {"id": "3", "father": "1", "mother": "2", "sex": "F", "affected": None},
    {"id": "4", "father": "1", "mother": "2", "sex": "F", "affected": False},
    {"id": "5", "father": None, "mother": None, "sex": "M", "affected": False},
    {"id": "6", "father": "5", "mother": "4", "sex": "M", "affected": True, "proband": True},
]


def isolated_case(brothers: int) -> pd.DataFrame:
    """The isolated-case family with ``brothers`` unaffected brothers of the affected boy."""
    brothers = checks.whole("brothers", brothers, low=0, high=6)
    rows = [dict(r) for r in ISOLATED]
    rows += [
        {"id": str(7 + k), "father": "5", "mother": "4", "sex": "M", "affected": False}
        for k in range(brothers)
    ]
    return make_pedigree(rows)


class IsolatedCaseWidget(w.VBox):
    """One affected boy, no family history: how likely is his mother to be a carrier?"""

    def __init__(self, brothers: int = 0, ratio: float = 1.0):
        c = constants()
        self.brothers = w.IntSlider(value=brothers, min=0, max=4,
                                    description="Unaffected brothers of the boy", style=LABEL_STYLE,
                                    continuous_update=False)  # fmt: skip
        self.ratio = w.SelectionSlider(
            options=[("1 (equal)", 1.0), ("2", 2.0),
                     (f"{c['haemophilia_rate_ratio']:g}", c["haemophilia_rate_ratio"]),
                     ("5", 5.0), ("10", 10.0)],
            value=ratio, description="Mutation rate in men ÷ in women", style=LABEL_STYLE,
            continuous_update=False,
        )  # fmt: skip
        self.table = w.HTML()
        self.takeaway = w.HTML()
        self.status = w.HTML(message_html("Move a slider: the risks are recomputed.", "info"))
        self._busy = False
        self.figure = figure_output(self._compute())
        self.brothers.observe(lambda c: run_once(self, self.update), "value")
        self.ratio.observe(lambda c: run_once(self, self.update), "value")
        super().__init__(
            [self.brothers, self.ratio, self.figure, self.takeaway, self.table, self.status]
        )

    def _compute(self) -> go.Figure:
        ped = isolated_case(self.brothers.value)
        ratio = float(self.ratio.value)
        risks = carrier_risks(ped, "x-linked", male_to_female_ratio=ratio)
        share = new_mutation_share(male_to_female_ratio=ratio)
        c = constants()
        labels = layout(ped)["label"]
        self.table.value = (
            "<table class='higm-isolated' style='border-collapse:collapse'>"
            "<caption>The isolated case, computed by the course's model</caption>"
            f"<tr><td>Affected boys whose variant is new (equilibrium)</td>"
            f"<td>{format_risk(share)}</td></tr>"
            f"<tr><td>Carrier probability of his mother ({labels['4']})</td>"
            f"<td>{format_risk(float(risks['4']))}</td></tr>"
            f"<tr><td>Carrier probability of his grandmother ({labels['2']})</td>"
            f"<td>{format_risk(float(risks['2']))}</td></tr>"
            f"<tr><td>Carrier probability of his aunt ({labels['3']})</td>"
            f"<td>{format_risk(float(risks['3']))}</td></tr>"
            f"<tr><td>Published, haemophilia A: mothers who are carriers at ratio "
            f"{c['haemophilia_rate_ratio']:g} [rosendaal1990]</td>"
            f"<td>{format_risk(c['haemophilia_mother_carrier_share'])}</td></tr></table>"
        )
        self.takeaway.value = takeaway_html(
            f"With {self.brothers.value} unaffected brother(s) and a male:female mutation-rate "
            f"ratio of {ratio:g}, the mother's carrier probability is "
            f"{_format_risk(float(risks['4']))}; {_format_risk(share)} of affected boys carry a "
            "new variant."
        )
        women = {p: float(risks[p]) for p in ped.loc[ped["sex"].eq("F"), "id"]}
        return pedigree_figure(ped, title="An isolated case: carrier probability of the women",
                               risks=women)  # fmt: skip

    def update(self) -> None:
        set_figure(self.figure, self._compute())
        show_message(self.status, "Risks recomputed.", "ok")


class FlowWidget(w.VBox):
    """Simulated CD40L flow cytometry: control, carrier (with her X-inactivation) or patient."""

    def __init__(self, person: str = "carrier", working_x_share: float = 0.5, seed: int = 0):
        self.person = w.ToggleButtons(
            options=[("Healthy control", "control"), ("Carrier woman", "carrier"),
                     ("Affected boy", "patient")],
            value=person, description="Blood from", style=TOGGLE_STYLE,
        )  # fmt: skip
        self.share = w.FloatSlider(
            value=working_x_share, min=0.0, max=1.0, step=0.05, readout_format=".0%",
            description="Her T cells using the working X", style=LABEL_STYLE,
            continuous_update=False,
        )  # fmt: skip
        self.seed = w.BoundedIntText(value=seed, min=0, max=10**6, description="Random seed",
                                     style=LABEL_STYLE)  # fmt: skip
        self.takeaway = w.HTML()
        self.status = w.HTML(
            message_html("Change whose blood is tested, or her X-inactivation.", "info")
        )
        self._busy = False
        self.figure = figure_output(self._compute())
        for control in (self.person, self.share, self.seed):
            control.observe(lambda c: run_once(self, self.update), "value")
        super().__init__([self.person, self.share, self.seed, self.figure, self.takeaway,
                          self.status])  # fmt: skip

    def _compute(self) -> go.Figure:
        person = self.person.value
        if person not in PEOPLE:
            raise ValueError(f"person must be one of {list(PEOPLE)}")
        self.share.disabled = person != "carrier"
        share = self.share.value if person == "carrier" else 0.5
        self.takeaway.value = takeaway_html(
            flow_takeaway(person, working_x_share=share, seed=self.seed.value)
        )
        return flow_figure(person, working_x_share=share, seed=self.seed.value)

    def update(self) -> None:
        set_figure(self.figure, self._compute())
        show_message(self.status, "New simulated sample.", "ok")


@presettable
def pedigree_builder(**kwargs: Any) -> w.VBox:
    """The lesson 05 pedigree builder, in a bordered box."""
    return boxed(PedigreeBuilder(**kwargs), "higm-pedigree-builder")


@presettable
def mystery_widget(**kwargs: Any) -> w.VBox:
    """The lesson 05 mystery pedigree, in a bordered box."""
    return boxed(MysteryWidget(**kwargs), "higm-mystery")


@presettable
def isolated_case_widget(**kwargs: Any) -> w.VBox:
    """The lesson 06 isolated-case (new mutations) widget, in a bordered box."""
    return boxed(IsolatedCaseWidget(**kwargs), "higm-isolated-case")


@presettable
def flow_widget(**kwargs: Any) -> w.VBox:
    """The lesson 06 CD40L flow cytometry widget, in a bordered box."""
    return boxed(FlowWidget(**kwargs), "higm-flow")
