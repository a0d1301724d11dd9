"""The clinic's reference work-up, the score of a work-up and its debrief.

* :func:`information_gain` asks how much a test is expected to narrow the clinic's
  differential: each condition's possible results come from the patterns the patients
  are drawn from (``data/clinic_patterns.csv``), each result moves the differential
  by the engine's weights, and the gain is the expected fall in entropy (bits).
* :func:`reference_workup` is the efficient path the learner is compared with: it
  defers live vaccines, then orders the test with the largest expected gain (the
  cheaper on a tie), waits for it, and diagnoses once the leading condition reaches
  ``reference_stop_score`` or no test can still change the answer. When THI is still
  possible it waits and repeats IgG, because THI is a diagnosis in hindsight.
* :func:`score` and :func:`debrief` grade a closed work-up: correctness, the Brier
  score of the stated confidence, cost, days, blood, harm events, tests that could
  not change the answer, and the flags premature closure, anchoring, uninterpretable
  orders and base-rate neglect.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from higm_lessons import checks, diagnosis
from higm_lessons.clinic_evidence import (
    entropy,
    evidence,
    group_evidence,
    groups,
    setting_prior,
)
from higm_lessons.clinic_patient import Patient, parameter, patterns
from higm_lessons.clinic_workup import (
    Workup,
    arrived,
    known,
    maternal_igg_days,
    quick_scores,
    tests,
)

MIN_GAIN_BITS = 0.02
"""A test expected to narrow the differential by less than this is not worth ordering."""
CHANGE_SHARE = 0.05
"""A test that would change the leading condition this often (or more) could still
change the answer; one that changes it less than a fifth as often could not."""
SURE = 0.99
"""The reference work-up always stops once the leading condition's score reaches this."""
FOLLOW_UP_GAP_DAYS = 180
MAX_FOLLOW_UPS = 6


# --------------------------------------------------------------------------- outcomes
def _readable(workup: Workup, finding: str) -> bool:
    if finding == "IgG":
        return not workup.on_replacement and workup.age_days >= maternal_igg_days()
    if finding == "vaccine_response":
        return not workup.on_replacement and workup.age_days >= parameter(
            "vaccine_response_min_age_days"
        )
    return True


def _options(workup: Workup, finding: str, condition: str) -> list[tuple[str, float]]:
    if finding == "variant_gene":
        genes = diagnosis.GENES.get(condition, ())
        if not genes:
            return [("none", 1.0)]
        found = parameter("gene_panel_sensitivity")
        return [(genes[0], found), ("none", 1.0 - found)]
    values, probs = patterns()[condition][finding]
    return [(v, float(p)) for v, p in zip(values, probs, strict=True) if p > 0]


def outcomes(
    workup: Workup, test: str, condition: str
) -> list[tuple[float, tuple[tuple[str, str], ...]]]:
    """The possible readable results of ``test`` for a patient with ``condition``, each with
    its probability: (probability, ((finding, value), ...))."""
    findings = [f for f in tests()[test].results if _readable(workup, f)]
    choices = [_options(workup, f, condition) for f in findings]
    result = []
    for combination in itertools.product(*choices):
        probability = float(np.prod([p for _, p in combination]))
        if probability > 1e-4:
            result.append(
                (probability, tuple(zip(findings, [v for v, _ in combination], strict=True)))
            )
    return result


def _predictive(workup: Workup, test: str, current: dict[str, float]) -> dict[Any, float]:
    """Each possible result of ``test`` with its probability under the current differential."""
    predictive: dict[Any, float] = {}
    for code, share in current.items():
        if share < 1e-4:
            continue
        for probability, outcome in outcomes(workup, test, code):
            predictive[outcome] = predictive.get(outcome, 0.0) + share * probability
    return predictive


class _Differential:
    """The clinic's differential today, ready to be updated by one more result (fast)."""

    def __init__(self, workup: Workup) -> None:
        patient = workup.patient
        self.workup = workup
        self.facts = known(workup)
        prior = setting_prior(patient.setting, patient.age_days, patient.sex)
        self.prior = np.array([prior[c] for c in diagnosis.CODES])
        self.total = evidence(
            self.facts, age_days=workup.age_days, sex=patient.sex, on_ivig=workup.on_replacement
        )
        self.current = self.shares(np.zeros(len(diagnosis.CODES)))

    def shares(self, extra: np.ndarray) -> np.ndarray:
        """Scores after adding ``extra`` evidence (one value per code)."""
        logits = np.where(self.prior > 0, np.log(np.maximum(self.prior, 1e-300)), -np.inf)
        logits = logits + self.total + extra
        logits -= logits[np.isfinite(logits)].max()
        weights = np.exp(logits)
        return weights / weights.sum()

    def extra(self, outcome: tuple[tuple[str, str], ...]) -> np.ndarray:
        """The evidence a result adds (its findings were not known before)."""
        found = {finding: (value, self.workup.age_days) for finding, value in outcome}
        added = np.zeros(len(diagnosis.CODES))
        for items, day in groups(found):
            added += group_evidence(items, day, self.workup.on_replacement)
        return added


def _bits(shares: np.ndarray) -> float:
    return entropy(shares.tolist())


def test_value(workup: Workup, test: str, state: _Differential | None = None) -> dict[str, float]:
    """``gain`` (expected fall in entropy, bits) and ``change`` (the chance that the result
    changes the leading condition) of ordering ``test`` now."""
    state = state or _Differential(workup)
    current = dict(zip(diagnosis.CODES, state.current.tolist(), strict=True))
    leader = int(np.argmax(state.current))
    predictive = _predictive(workup, test, current)
    total = sum(predictive.values()) or 1.0
    expected, change, sure = 0.0, 0.0, 0.0
    for outcome, probability in predictive.items():
        after = state.shares(state.extra(outcome))
        expected += probability / total * _bits(after)
        sure += probability / total * float(after.max())
        if int(np.argmax(after)) != leader:
            change += probability / total
    return {
        "gain": max(_bits(state.current) - expected, 0.0),
        "change": change,
        "sure_before": float(state.current.max()),
        "sure_after": sure,
    }


def information_gain(workup: Workup, test: str) -> float:
    """The expected fall in the differential's entropy (bits) from ordering ``test`` now."""
    return test_value(workup, test)["gain"]


def candidates(workup: Workup) -> list[str]:
    """Tests not yet ordered whose results could be read today."""
    done = {r.test for r in workup.orders}
    return [
        t
        for t, spec in tests().items()
        if t not in done and any(_readable(workup, f) for f in spec.results)
    ]


# --------------------------------------------------------------------------- reference
def _leader(shares: dict[str, float]) -> str:
    return max(diagnosis.CODES, key=lambda c: (shares[c], -diagnosis.CODES.index(c)))


def _order_and_wait(workup: Workup, test: str) -> None:
    try:
        workup.order(test)
    except ValueError:  # today's blood limit: come back tomorrow
        workup.wait(1)
        workup.order(test)
    workup.wait(max(tests()[test].turnaround_days, 1))


def _needs_follow_up(workup: Workup, shares: dict[str, float], repeats: int) -> bool:
    """THI is still possible and only time can tell: IgG was low and is not yet normal."""
    facts = known(workup)
    low = facts.get("IgG", ("normal", 0))[0] in ("absent", "very_low", "low")
    settled = facts.get("follow_up_normal_igg", ("", 0))[0] == "yes"
    return shares["THI"] > 0.01 and low and not settled and repeats < MAX_FOLLOW_UPS


def _next_test(workup: Workup) -> tuple[str | None, float]:
    """The most informative test per price (dollars plus days), if any informs at all;
    and the largest chance that any test changes the leading condition."""
    state = _Differential(workup)
    values = {t: test_value(workup, t, state) for t in candidates(workup)}
    useful = {t: v["gain"] for t, v in values.items() if v["gain"] >= MIN_GAIN_BITS}
    change = max((v["change"] for v in values.values()), default=0.0)
    if not useful:
        return None, change
    per_day = parameter("reference_cost_per_day_usd")
    price = {t: tests()[t].cost_usd + per_day * tests()[t].turnaround_days for t in useful}
    return max(useful, key=lambda t: (useful[t] / price[t], useful[t])), change


def run_reference(workup: Workup) -> Workup:
    """Carry on ``workup`` with the reference policy until it diagnoses; returns it."""
    if not workup.vaccines_deferred:
        workup.defer_live_vaccines()
    enough, repeats = parameter("reference_stop_score"), 0
    for _ in range(len(tests()) + MAX_FOLLOW_UPS + 2):
        shares = quick_scores(workup)
        sure = shares[_leader(shares)]
        if sure >= SURE:
            break
        test, change = _next_test(workup)
        if sure >= enough and change < CHANGE_SHARE:
            break  # no test could still change the answer: closing now is not premature
        if test is not None:
            _order_and_wait(workup, test)
        elif _needs_follow_up(workup, shares, repeats):
            repeats += 1
            workup.wait(FOLLOW_UP_GAP_DAYS)
            _order_and_wait(workup, "immunoglobulins")
        else:
            break
    shares = quick_scores(workup)
    leader = _leader(shares)
    workup.diagnose(leader, round(shares[leader], 3))
    return workup


def reference_workup(patient: Patient) -> Workup:
    """The reference work-up of ``patient`` from the start (see the module docstring)."""
    return run_reference(Workup(patient))


def random_workup(patient: Patient, seed: int) -> Workup:
    """A poor work-up for comparison: tests in a random order, stopping after a random
    number of them, then the leading condition with its score as confidence."""
    rng = np.random.default_rng(seed)
    workup = Workup(patient)
    menu = list(tests())
    count = int(rng.integers(1, len(menu) + 1))
    for index in rng.permutation(len(menu))[:count]:
        _order_and_wait(workup, menu[int(index)])
    shares = quick_scores(workup)
    leader = _leader(shares)
    workup.diagnose(leader, round(shares[leader], 3))
    return workup


# --------------------------------------------------------------------------- score
@dataclass(frozen=True)
class Score:
    """How a closed work-up did."""

    code: str
    confidence: float
    correct: bool
    brier: float
    cost_usd: float
    days: int
    blood_ml: float
    harm: tuple[str, ...]
    wasted: tuple[str, ...]

    @property
    def points(self) -> float:
        """One summary number (a course judgement, weights in clinic_parameters.csv):
        points for the right answer, less the Brier score, cost, days, harm and waste."""
        return (
            parameter("points_correct") * self.correct
            - parameter("points_per_brier") * self.brier
            - parameter("points_per_100_usd") * self.cost_usd / 100
            - parameter("points_per_day") * self.days
            - parameter("points_per_harm") * len(self.harm)
            - parameter("points_per_wasted_test") * len(self.wasted)
        )


def _state_before(workup: Workup, index: int) -> Workup:
    """The work-up as it stood just before its ``index``-th order (by replaying)."""
    count, actions = 0, []
    for action in workup.actions:
        if action["action"] == "order":
            if count == index:
                break
            count += 1
        actions.append(action)
    return Workup.replay(workup.patient, actions)


def wasted_tests(workup: Workup) -> list[str]:
    """Tests that, when ordered, had (almost) no chance to change the leading condition."""
    wasted = []
    for index, result in enumerate(workup.orders):
        before = _state_before(workup, index)
        if test_value(before, result.test)["change"] < CHANGE_SHARE / 5:
            wasted.append(result.test)
    return wasted


def score(workup: Workup, *, count_waste: bool = True) -> Score:
    """The score of a closed work-up (``count_waste=False`` skips the replays that find
    tests that could not change the answer)."""
    if not isinstance(workup, Workup):
        raise TypeError("workup must be a Workup")
    if workup.diagnosis is None:
        raise ValueError("workup: no diagnosis yet; call workup.diagnose(code, confidence)")
    made = workup.diagnosis
    correct = bool(made["correct"])
    return Score(
        code=made["code"],
        confidence=made["confidence"],
        correct=correct,
        brier=(made["confidence"] - float(correct)) ** 2,
        cost_usd=workup.cost(),
        days=int(made["day"]),
        blood_ml=workup.blood_drawn(),
        harm=tuple(e.text for e in workup.events if e.harm),
        wasted=tuple(wasted_tests(workup)) if checks.boolean("count_waste", count_waste) else (),
    )


# --------------------------------------------------------------------------- debrief
@dataclass(frozen=True)
class Flag:
    """One lesson from the work-up: ``kind`` and a plain-language ``text``."""

    kind: str
    text: str


@dataclass(frozen=True)
class Debrief:
    """The debrief of a closed work-up, compared with the reference work-up."""

    condition: str
    name: str
    score: Score
    reference: Score
    reference_tests: tuple[str, ...]
    flags: tuple[Flag, ...]
    timeline: pd.DataFrame = field(compare=False)


def _premature(workup: Workup, leader_at_close: str) -> list[Flag]:
    flags = []
    before = Workup.replay(workup.patient, workup.actions[:-1])
    for test in candidates(before):
        change = test_value(before, test)["change"]
        if change >= CHANGE_SHARE:
            flags.append(
                Flag(
                    "premature closure",
                    f"You diagnosed before {tests()[test].name.lower()}, whose result had about a "
                    f"{change:.0%} chance of changing the leading condition ({leader_at_close}).",
                )
            )
    return flags[:2]


def _uninterpretable(workup: Workup) -> list[Flag]:
    flags = []
    for result in workup.orders:
        for note in result.notes:
            flags.append(Flag("uninterpretable order", f"{tests()[result.test].name}: {note}"))
    return flags


def _anchoring(workup: Workup, timeline: pd.DataFrame, code: str) -> list[Flag]:
    first = timeline.iloc[0]
    last = quick_scores(workup, day=int(workup.diagnosis["day"]) if workup.diagnosis else None)
    if code == first["leader"] and last[code] < 0.2 and _leader(last) != code:
        return [
            Flag(
                "anchoring",
                f"{code} led on the story alone and you kept it, although the results brought its "
                f"score down to {last[code]:.2f}; {_leader(last)} leads now.",
            )
        ]
    return []


def _base_rate(workup: Workup, code: str) -> list[Flag]:
    patient = workup.patient
    total = evidence(
        known(workup), age_days=workup.age_days, sex=patient.sex, on_ivig=workup.on_replacement
    )
    best_fit = diagnosis.CODES[int(np.argmax(total))]
    shares = quick_scores(workup)
    if code == best_fit and _leader(shares) != code and shares[code] < 0.5:
        prior = setting_prior(patient.setting, patient.age_days, patient.sex)
        return [
            Flag(
                "base-rate neglect",
                f"The findings fit {code} best, but it is rare here "
                f"(base rate {prior[code]:.3f} in "
                f"the {patient.setting}), so {_leader(shares)} stays more likely "
                f"({shares[_leader(shares)]:.2f} against {shares[code]:.2f}).",
            )
        ]
    return []


def timeline(workup: Workup) -> pd.DataFrame:
    """The clinic's differential on day 0 and on each day a result arrived (up to the
    diagnosis): columns ``day``, ``arrived`` (tests), ``leader`` and one column per code."""
    end = workup.diagnosis["day"] if workup.diagnosis else workup.day
    days = sorted({0, *(r.ready_day for r in arrived(workup, end))})
    rows = []
    for day in days:
        shares = quick_scores(workup, day=day)
        came = [r.test for r in workup.orders if r.ready_day == day]
        rows.append({"day": day, "arrived": came, "leader": _leader(shares), **shares})
    return pd.DataFrame(rows)


def debrief(workup: Workup) -> Debrief:
    """Score a closed work-up, compare it with the reference and flag what it teaches."""
    mine = score(workup)
    reference = reference_workup(workup.patient)
    line = timeline(workup)
    leader = str(line.iloc[-1]["leader"])
    flags = [
        *_premature(workup, leader),
        *_anchoring(workup, line, mine.code),
        *_uninterpretable(workup),
        *_base_rate(workup, mine.code),
    ]
    return Debrief(
        condition=workup.patient.condition,
        name=diagnosis.NAMES[workup.patient.condition],
        score=mine,
        reference=score(reference),
        reference_tests=tuple(r.test for r in reference.orders),
        flags=tuple(flags),
        timeline=line,
    )
