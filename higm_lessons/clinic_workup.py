"""A work-up in the virtual clinic: order tests, wait, treat and diagnose, against the clock.

:class:`Workup` holds one patient's work-up. Every action is checked (a bad argument
raises ValueError or TypeError naming it), logged in ``workup.actions`` and, when a
progress store is given, recorded there as the learner's trace (kind
``"clinic-action"``), so the same actions replayed on the same patient give the
same work-up (:meth:`Workup.replay`).

* :meth:`Workup.order` draws blood for a test today; its result arrives after the
  test's turnaround (``data/clinic_tests.csv``). Under 2 years the blood drawn in one
  day is limited to a share of the child's blood volume (``data/clinic_parameters.csv``).
* :meth:`Workup.wait` moves the clock: results arrive, maternal IgG fades, a child with
  THI recovers, an untreated patient may have a serious infection (the pneumonia rate
  for their IgG level, from :func:`higm_lessons.treatment.pneumonia_rate`), and a
  routine live vaccine is given at its age unless it was deferred.
* :meth:`Workup.treat` starts immunoglobulin replacement: later IgG levels are mostly
  donor IgG and vaccine responses cannot be read, and the clinic says so.
* :meth:`Workup.diagnose` closes the work-up with a code and a confidence (0 to 1).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from higm_lessons import checks, diagnosis, labs, treatment
from higm_lessons.clinic_evidence import Known, evidence, scores, setting_prior
from higm_lessons.clinic_patient import (
    LAB_FINDINGS,
    Patient,
    category_of,
    conditions,
    maternal_igg,
    own_value,
    parameter,
    recent,
)
from higm_lessons.data import DataError, cached, load_table, table_files

ACTIONS = ("order", "wait", "treat", "defer_live_vaccines", "diagnose")
MAX_WAIT_DAYS = 730
ROUTES = ("IV", "SC")


@dataclass(frozen=True)
class ClinicTest:
    """One test of the clinic's menu."""

    test: str
    name: str  # in full, as the learner reads it when choosing and ordering
    short: str  # in the menu and the results table
    results: tuple[str, ...]
    cost_usd: float
    turnaround_days: int
    blood_ml: float
    source: str


def _tests(path: Any, _sources: Any) -> dict[str, ClinicTest]:
    table = load_table("clinic_tests.csv")
    accepted = (*LAB_FINDINGS, *diagnosis.FINDINGS)
    menu = {}
    for row in table.itertuples(index=False):
        results = tuple(row.results.split(";"))
        unknown = [r for r in results if r not in accepted]
        if unknown:
            raise DataError(f"data/clinic_tests.csv, test {row.test}: unknown results {unknown}")
        menu[row.test] = ClinicTest(
            row.test,
            row.name,
            row.short,
            results,
            float(row.cost_usd),
            int(row.turnaround_days),
            float(row.blood_ml),
            row.source,
        )
    return menu


def tests() -> dict[str, ClinicTest]:
    """The clinic's test menu by id, from ``data/clinic_tests.csv``."""
    return recent("tests", lambda: cached(_tests, *table_files("clinic_tests.csv")))


@dataclass
class Result:
    """One ordered test: what was drawn, when it is ready, and what it shows."""

    test: str
    ordered_day: int
    ready_day: int
    age_days: int
    shown: dict[str, str] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Event:
    """Something that happened to the patient; ``harm`` marks a harm event."""

    day: int
    kind: str
    text: str
    harm: bool


def _maternal_rule() -> float:
    rules = load_table("diagnostic_rules.csv")
    return float(rules.loc[rules["rule"] == "maternal_igg", "threshold"].iloc[0])


def maternal_igg_days() -> float:
    """The age (days) under which IgG is not read (``maternal_igg`` in diagnostic_rules.csv)."""
    return recent("maternal_igg_days", _maternal_rule)


def weight_kg(age_days: int) -> float:
    """A rough weight for age (the bedside rules in ``data/clinic_parameters.csv``)."""
    months = age_days / labs.DAYS_PER_YEAR * 12
    if months < 12:
        return (
            parameter("infant_weight_kg_at_birth")
            + parameter("infant_weight_kg_per_month") * months
        )
    years = months / 12
    return parameter("child_weight_kg_base") + parameter("child_weight_kg_per_year") * years


def blood_limit_ml(age_days: int) -> float | None:
    """The most blood the clinic draws in one day at this age (None: no limit applied)."""
    if age_days >= parameter("blood_limit_age_days"):
        return None
    total = weight_kg(age_days) * parameter("blood_volume_ml_per_kg")
    return total * parameter("blood_share_per_visit")


def _show(value: float, analyte: str, unit: str) -> str:
    shown = labs.convert(value, labs.DEFAULT_UNITS[analyte], unit, analyte=analyte)
    if unit in ("g/L", "10^9/L"):
        return f"{shown:.2f} {unit}"
    return f"{shown:.0f} {unit}"


# --------------------------------------------------------------------------- the work-up
class Workup:
    """One patient's work-up (see the module docstring)."""

    def __init__(
        self,
        patient: Patient,
        *,
        store: Any = None,
        lesson: str | None = None,
        item: str | None = None,
    ) -> None:
        if not isinstance(patient, Patient):
            raise TypeError("patient must be a Patient from clinic.new_patient()")
        if store is not None and (lesson is None or item is None):
            raise ValueError("lesson and item are required when a progress store is given")
        self.patient = patient
        self.rng = np.random.default_rng([patient.seed, 7919])
        self.day = 0
        self.orders: list[Result] = []
        self.events: list[Event] = []
        self.actions: list[dict[str, Any]] = []
        self.treated_day: int | None = None
        self.route: str | None = None
        self.vaccines_deferred = False
        self.live_vaccine_given = False
        self.diagnosis: dict[str, Any] | None = None
        self.extra: dict[str, str] = {}
        self._store, self._lesson, self._item = store, lesson, item

    # ----------------------------------------------------------------- state
    @property
    def age_days(self) -> int:
        """The patient's age today."""
        return self.patient.age_days + self.day

    @property
    def closed(self) -> bool:
        return self.diagnosis is not None

    @property
    def on_replacement(self) -> bool:
        return self.treated_day is not None

    def results(self) -> list[Result]:
        """Results that have arrived, oldest order first."""
        return [r for r in self.orders if r.ready_day <= self.day]

    def pending(self) -> list[Result]:
        """Tests ordered whose results have not arrived yet."""
        return [r for r in self.orders if r.ready_day > self.day]

    def blood_today(self) -> float:
        return sum(tests()[r.test].blood_ml for r in self.orders if r.ordered_day == self.day)

    def cost(self) -> float:
        return sum(tests()[r.test].cost_usd for r in self.orders)

    def blood_drawn(self) -> float:
        return sum(tests()[r.test].blood_ml for r in self.orders)

    # ----------------------------------------------------------------- actions
    def _log(self, action: str, **arguments: Any) -> None:
        entry = {"action": action, **arguments}
        self.actions.append(entry)
        if self._store is None:
            return
        judged: dict[str, Any] = {}
        if action == "diagnose" and self.diagnosis is not None:  # feeds the course's calibration
            judged = {
                "correct": bool(self.diagnosis["correct"]),
                "confidence": confidence_word(self.diagnosis["confidence"]),
            }
        self._store.record_attempt(
            self._lesson,
            self._item,
            "clinic-action",
            {"step": len(self.actions), **entry},
            **judged,
        )

    def _open(self) -> None:
        if self.closed:
            raise ValueError("the work-up is closed: a diagnosis has been made")

    def order(self, test: str) -> Result:
        """Draw blood for ``test`` today; the result arrives after its turnaround."""
        self._open()
        test = checks.one_of("test", test, tests())
        spec = tests()[test]
        waiting = [r for r in self.pending() if r.test == test]
        if waiting:
            raise ValueError(
                f"test: {spec.name} is already pending; its result arrives on day "
                f"{waiting[0].ready_day}"
            )
        limit = blood_limit_ml(self.age_days)
        if limit is not None and self.blood_today() + spec.blood_ml > limit + 1e-9:
            raise ValueError(
                f"test: {spec.name} needs {spec.blood_ml:g} mL of blood, which would take today's "
                f"total to {self.blood_today() + spec.blood_ml:g} mL, over the {limit:.1f} mL "
                f"limit for a child of about {weight_kg(self.age_days):.0f} kg; wait a day and "
                "order it at the next visit"
            )
        result = self._measure(spec)
        self.orders.append(result)
        self._log("order", test=test)
        return result

    def wait(self, days: int) -> list[Result]:
        """Let ``days`` pass; returns the results that arrived meanwhile."""
        self._open()
        days = checks.whole("days", days, low=1, high=MAX_WAIT_DAYS)
        before = {id(r) for r in self.results()}
        steps = _steps(days)
        starts = self.day + np.concatenate([[0], np.cumsum(steps)[:-1]])
        levels = [self.true_value("IgG", self.patient.age_days + int(d)) for d in starts]
        rates = np.atleast_1d(treatment.pneumonia_rate(levels))
        for step, rate in zip(steps, rates.tolist(), strict=True):
            self._pass(step, rate)
        self._log("wait", days=days)
        return [r for r in self.results() if id(r) not in before]

    def treat(self, route: str = "IV") -> Event:
        """Start immunoglobulin replacement today (``"IV"`` or ``"SC"``)."""
        self._open()
        route = checks.one_of("route", route, ROUTES)
        if self.on_replacement:
            raise ValueError(f"route: replacement already started on day {self.treated_day}")
        self.treated_day, self.route = self.day, route
        needed = conditions()[self.patient.condition].replacement_indicated
        text = (
            "Immunoglobulin replacement started. From now on IgG is mostly donor IgG and "
            "vaccine responses cannot be read."
        )
        event = Event(self.day, "treatment", text, harm=False)
        self.events.append(event)
        if not needed:
            self.events.append(
                Event(
                    self.day,
                    "unneeded-treatment",
                    "Replacement was started for a patient "
                    "who does not need it (revealed in the debrief).",
                    harm=True,
                )
            )
        self._log("treat", route=route)
        return event

    def defer_live_vaccines(self) -> None:
        """Hold routine live vaccines until the work-up is done."""
        self._open()
        self.vaccines_deferred = True
        self._log("defer_live_vaccines")

    def diagnose(self, code: str, confidence: float) -> dict[str, Any]:
        """Close the work-up with a diagnosis and how sure you are (0 to 1)."""
        self._open()
        code = checks.one_of("code", code, diagnosis.CODES)
        confidence = checks.number("confidence", confidence, low=0.0, high=1.0)
        self.diagnosis = {
            "code": code,
            "confidence": confidence,
            "day": self.day,
            "correct": code == self.patient.condition,
        }
        self._log("diagnose", code=code, confidence=confidence)
        return dict(self.diagnosis)

    def apply(self, action: Mapping[str, Any]) -> Any:
        """Run one logged action (a dict with ``action`` and its arguments)."""
        if not isinstance(action, Mapping) or "action" not in action:
            raise TypeError("action must be a dict with an 'action' key, as in workup.actions")
        name = checks.one_of("action", action["action"], ACTIONS)
        arguments = {k: v for k, v in action.items() if k not in ("action", "step")}
        return getattr(self, name)(**arguments)

    # ----------------------------------------------------------------- the body
    def true_value(self, analyte: str, age_days: int | None = None) -> float:
        """The patient's level of ``analyte`` (default unit) today or at ``age_days``:
        own production, plus maternal IgG and donor IgG for IgG."""
        age = self.age_days if age_days is None else age_days
        value = own_value(self.patient, analyte, age)
        if analyte == "IgG":
            value += maternal_igg(age) + self.donor_igg(age - self.patient.age_days)
        return value

    def donor_igg(self, day: int) -> float:
        """Donor IgG (mg/dL) on ``day`` of the work-up from replacement, 0 before it."""
        if self.treated_day is None or day < self.treated_day:
            return 0.0
        route = self.route or "IV"
        if route == "IV":
            dose, interval = parameter("ivig_dose_mg_kg"), parameter("ivig_interval_days")
        else:
            values = treatment.parameters()
            dose, interval = values["scig_dose_low_mg_kg"], values["scig_interval_days"]
        levels = treatment.igg_levels(
            [float(day - self.treated_day)],
            dose_mg_per_kg=dose,
            interval_days=interval,
            route=route,
        )
        return float(levels["igg_mg_dl"].iloc[0])

    def _measure(self, spec: ClinicTest) -> Result:
        result = Result(spec.test, self.day, self.day + spec.turnaround_days, self.age_days)
        for finding in spec.results:
            if finding in LAB_FINDINGS:
                self._measure_lab(result, finding)
            else:
                self._measure_finding(result, finding)
        return result

    def _measure_lab(self, result: Result, analyte: str) -> None:
        kind = "immunoglobulin" if analyte.startswith("Ig") else "cells"
        noise = float(self.rng.normal(0.0, parameter(f"noise_cv_{kind}")))
        value = self.true_value(analyte) * math.exp(noise)
        unit = str(self.rng.choice(labs.units_for(analyte)))
        result.shown[analyte] = _show(value, analyte, unit)
        parsed, parsed_unit = labs.parse_value(result.shown[analyte], analyte)
        value = labs.convert(parsed, parsed_unit, labs.DEFAULT_UNITS[analyte], analyte=analyte)
        result.values[analyte] = value
        result.categories[analyte] = category_of(analyte, value, self.age_days)
        if analyte == "IgG" and self.on_replacement:
            result.unreadable.add("IgG")
            result.notes.append(
                "IgG on replacement is mostly donor IgG: it says nothing about the patient's "
                "own production."
            )
        elif analyte == "IgG" and self.age_days < maternal_igg_days():
            result.unreadable.add("IgG")
            result.notes.append(
                f"At {labs.age_text(self.age_days / labs.DAYS_PER_YEAR)} IgG is largely the "
                "mother's (it crossed the placenta): a normal IgG does not rule out an antibody "
                "defect. IgA and IgM can still be read."
            )

    def _measure_finding(self, result: Result, finding: str) -> None:
        if finding == "variant_gene":
            found = self.patient.gene
            if found != "none" and self.rng.random() >= parameter("gene_panel_sensitivity"):
                found = "none"
            value = found
        else:
            value = self.patient.findings[finding]
        result.categories[finding] = value
        result.shown[finding] = value
        if finding == "vaccine_response":
            self._vaccine_readable(result)

    def _vaccine_readable(self, result: Result) -> None:
        if self.on_replacement:
            result.unreadable.add("vaccine_response")
            result.shown["vaccine_response"] = "cannot be read"
            result.notes.append(
                "Vaccine responses cannot be read on immunoglobulin replacement: the donor "
                "IgG carries antibodies to the vaccines."
            )
        elif self.age_days < parameter("vaccine_response_min_age_days"):
            result.unreadable.add("vaccine_response")
            result.shown["vaccine_response"] = "cannot be read"
            result.notes.append(
                "Too young: the routine vaccines have not all been given and maternal "
                "antibodies confound the result."
            )

    def _pass(self, days: int, pneumonia_rate: float) -> None:
        """Move the clock by up to 30 days: infections, a live vaccine, treatment effects."""
        start = self.day
        self.day += days
        treated = self.treated_day
        for result in self.orders:
            if (
                treated is not None
                and "vaccine_response" in result.categories
                and "vaccine_response" not in result.unreadable
                and result.ordered_day < treated < result.ready_day
            ):
                self._vaccine_readable(result)  # replacement began before the second sample
        self._infection(days, pneumonia_rate)
        self._live_vaccine(start)

    def _infection(self, days: int, rate: float) -> None:
        """A serious infection with the pneumonia rate for the IgG level (and more with a
        profound T-cell defect); an opportunistic one in CD40L, CD40 or NEMO deficiency."""
        condition = self.patient.condition
        if condition == "SCID":
            rate += parameter("profound_t_infection_rate")
        if self.rng.random() < 1 - math.exp(-rate * days / labs.DAYS_PER_YEAR):
            self.events.append(
                Event(
                    self.day,
                    "infection",
                    "A serious infection (pneumonia) "
                    "while waiting: admitted for antibiotics into a vein.",
                    True,
                )
            )
        if condition in ("HIGM_CD40L", "HIGM_CD40", "HIGM_NEMO"):
            rate = parameter("opportunistic_infection_rate")
            if self.rng.random() < 1 - math.exp(-rate * days / labs.DAYS_PER_YEAR):
                self.extra["opportunistic_infection"] = "yes"
                self.events.append(
                    Event(
                        self.day,
                        "opportunistic-infection",
                        "Pneumocystis pneumonia while waiting: an opportunistic infection.",
                        True,
                    )
                )

    def _live_vaccine(self, start: int) -> None:
        due = parameter("live_vaccine_age_days")
        crossed = self.patient.age_days + start < due <= self.age_days
        if not crossed or self.vaccines_deferred or self.on_replacement or self.live_vaccine_given:
            return
        self.live_vaccine_given = True
        harm = conditions()[self.patient.condition].live_vaccine_harm
        text = "The routine live vaccine (measles, mumps and rubella) was given at its age."
        if harm:
            text += " In this patient's immune defect a live vaccine can cause the disease."
        self.events.append(Event(self.day, "live-vaccine", text, harm))

    @classmethod
    def replay(
        cls, patient: Patient, actions: Sequence[Mapping[str, Any]], **options: Any
    ) -> Workup:
        """The work-up after ``actions`` (as logged), logging them again only to ``options``."""
        workup = cls(patient)
        for action in actions:
            workup.apply(action)
        if options:
            workup._store, workup._lesson, workup._item = (
                options.get("store"),
                options.get("lesson"),
                options.get("item"),
            )
        return workup


CONFIDENCE_WORDS = ((0.8, "sure"), (0.5, "think so"), (0.0, "guessing"))
"""How a stated probability is filed among the course's confidence words (course judgement)."""


def confidence_word(probability: float) -> str:
    """``"sure"`` from 0.8, ``"think so"`` from 0.5, else ``"guessing"``."""
    probability = checks.probability("probability", probability)
    return next(word for low, word in CONFIDENCE_WORDS if probability >= low)


def _steps(days: int) -> list[int]:
    """A wait cut into steps of at most 30 days (infection risk is re-read each step)."""
    full, rest = divmod(days, 30)
    return [30] * full + ([rest] if rest else [])


# --------------------------------------------------------------------------- reading it
def arrived(workup: Workup, day: int | None = None) -> list[Result]:
    """Results that had arrived by ``day`` (default: today)."""
    day = workup.day if day is None else day
    return [r for r in workup.orders if r.ready_day <= day]


def _readable_igg(workup: Workup, day: int | None) -> list[Result]:
    return [r for r in arrived(workup, day) if "IgG" in r.values and "IgG" not in r.unreadable]


def follow_up(workup: Workup, day: int | None = None) -> str | None:
    """``"yes"`` when a low IgG became normal without replacement on a repeat at least
    ``follow_up_min_days`` later; ``"no"`` when it is still low at an age by which THI
    has resolved (``thi_recovery_age_high_days``); else None (not known yet)."""
    readable = _readable_igg(workup, day)
    low = ("absent", "very_low", "low")
    first_low = next((r for r in readable if r.categories["IgG"] in low), None)
    if first_low is None:
        return None
    later = [
        r
        for r in readable
        if r.ordered_day - first_low.ordered_day >= parameter("follow_up_min_days")
    ]
    if not later:
        return None
    if later[-1].categories["IgG"] not in low:
        return "yes"
    resolved_by = parameter("thi_recovery_age_high_days")
    return "no" if later[-1].age_days >= resolved_by else None


def known(workup: Workup, day: int | None = None) -> dict[str, tuple[str, int]]:
    """What the learner knows (by ``day``, default today), as categories:
    finding -> (value, age measured)."""
    patient = workup.patient
    facts: dict[str, tuple[str, int]] = {
        p: (v, patient.age_days) for p, v in patient.findings.items() if p in _PRESENTING_KEYS
    }
    if day is None or day >= workup.day:
        for finding, value in workup.extra.items():
            facts[finding] = (value, workup.age_days)
    for result in arrived(workup, day):
        for finding, value in result.categories.items():
            if finding not in result.unreadable:
                facts[finding] = (value, result.age_days)
    answer = follow_up(workup, day)
    if answer is not None:
        facts["follow_up_normal_igg"] = (answer, workup.age_days)
    return facts


_PRESENTING_KEYS = (
    "recurrent_infections",
    "opportunistic_infection",
    "lymphoid_hyperplasia",
    "ectodermal_dysplasia",
)


def quick_scores(
    workup: Workup, facts: Known | None = None, *, day: int | None = None
) -> dict[str, float]:
    """The clinic's differential from categories (fast; see :mod:`clinic_evidence`),
    today or as it stood on ``day``."""
    patient = workup.patient
    day = workup.day if day is None else day
    prior = setting_prior(patient.setting, patient.age_days, patient.sex)
    on_ivig = workup.treated_day is not None and workup.treated_day <= day
    total = evidence(
        known(workup, day) if facts is None else facts,
        age_days=patient.age_days + day,
        sex=patient.sex,
        on_ivig=on_ivig,
    )
    return scores(prior, total)


def engine_patient(workup: Workup) -> dict[str, Any]:
    """Everything known, as a patient for :func:`higm_lessons.diagnosis.differential`."""
    patient = workup.patient
    found: dict[str, Any] = {"age_years": workup.age_days / labs.DAYS_PER_YEAR, "sex": patient.sex}
    found.update({k: v == "yes" for k, v in patient.findings.items() if k in _PRESENTING_KEYS})
    found.update({k: v == "yes" for k, v in workup.extra.items()})
    for result in workup.results():
        for finding, text in result.shown.items():
            if finding in result.unreadable and finding != "IgG":
                continue
            found[finding] = text
    if workup.on_replacement:
        found["on_ivig"] = True
    answer = follow_up(workup)
    if answer is not None:
        found["follow_up_normal_igg"] = answer == "yes"
    return found


def differential(workup: Workup) -> pd.DataFrame:
    """The engine's differential with reasons, its priors replaced by the setting's base
    rates for this patient's age and sex at presentation."""
    frame = diagnosis.differential(engine_patient(workup))
    patient = workup.patient
    prior = setting_prior(patient.setting, patient.age_days, patient.sex)
    posterior = diagnosis.posterior(prior, dict(zip(frame["code"], frame["evidence"], strict=True)))
    frame["prior"] = [prior[c] for c in frame["code"]]
    frame["score"] = [posterior[c] for c in frame["code"]]
    order = {c: i for i, c in enumerate(diagnosis.CODES)}
    frame["_order"] = [order[c] for c in frame["code"]]
    frame = frame.sort_values(["score", "_order"], ascending=[False, True], kind="stable")
    caveats = frame.attrs.get("caveats", [])
    frame = frame.drop(columns="_order").reset_index(drop=True)
    frame.attrs["caveats"] = caveats
    return frame
