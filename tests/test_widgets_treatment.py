"""Widget tests for lessons 10 and 11: each control changes what is shown; bad entries are
messages."""

from __future__ import annotations

import math
import re

import pytest

from higm_lessons.progress import ProgressStore, read_export_contents
from higm_lessons.treatment import compare_schedules, steady_state_trough
from higm_lessons.widgets.treatment import (
    replacement_simulator,
    schedule_challenge,
    transplant_outcomes,
)
from tests.helpers import fresh_progress, state_text

PLOTLY_MIME = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "progress.sqlite")


def payload(output) -> dict:
    return output.outputs[0]["data"][PLOTLY_MIME]


def title(output) -> str:
    return payload(output)["layout"]["title"]["text"]


def text(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


def test_the_simulator_starts_from_the_table_defaults():
    box = replacement_simulator()
    sim = box.inner
    assert "higm-ig-simulator" in box._dom_classes
    assert (sim.route.value, sim.interval.value, sim.dose.value) == ("iv", 28, 400)
    assert sim.half_life.value == 21
    assert "292 mg/dL" in text(sim.summary.value)
    assert "100% of each dose" in text(sim.summary.value)
    assert "8.0 g" in text(sim.summary.value)
    assert "higm-takeaway" in sim.takeaway.value
    for control in (sim.route, sim.interval, sim.dose, sim.half_life, sim.weight, sim.baseline):
        assert control.description


def test_a_dose_change_redraws_the_curve_and_the_numbers():
    sim = replacement_simulator().inner
    before = payload(sim.figure)
    sim.dose.value = 600
    after = payload(sim.figure)
    assert after != before
    assert title(sim.figure) == "Serum IgG with 600 mg/kg every 28 days"
    trough = steady_state_trough(600, 28)
    expected = f"{trough:,.0f} mg/dL ({round(trough) / 100:.3g} g/L)"
    assert expected in text(sim.summary.value)
    assert "12.0 g" in text(sim.summary.value)
    assert sim.status.value == ""


def test_the_half_life_and_own_igg_move_the_trough():
    sim = replacement_simulator().inner
    sim.half_life.value = 14
    assert f"{steady_state_trough(400, 28, half_life_days=14):,.0f} mg/dL" in text(
        sim.summary.value
    )
    sim.baseline.value = 100
    trough = steady_state_trough(400, 28, half_life_days=14, baseline_mg_dl=100)
    assert f"{trough:,.0f} mg/dL" in text(sim.summary.value)


def test_the_route_switches_interval_and_dose_range_and_draws_once(monkeypatch):
    sim = replacement_simulator().inner
    drawn = []
    original = sim._figure
    monkeypatch.setattr(sim, "_figure", lambda: drawn.append(1) or original())
    sim.route.value = "sc"
    assert sim.interval.options == (("every week (7 days)", 7),)
    assert (sim.interval.value, sim.dose.value, sim.dose.min, sim.dose.max) == (7, 100, 25, 300)
    assert drawn == [1]
    assert "every 7 days" in title(sim.figure)
    assert "weekly SCIG" in sim.usual.value
    # only two-thirds of a subcutaneous dose is absorbed: the trough is that of 67 mg/kg IV
    shown = text(sim.summary.value)
    assert "67% of each dose" in shown
    assert f"{steady_state_trough(100, 7, route='SC'):,.0f} mg/dL" in shown
    assert "286 mg/dL" in shown and "427 mg/dL" not in shown
    assert "under the skin (about 67% of it absorbed" in text(sim.takeaway.value)
    sim.route.value = "iv"
    assert (sim.interval.value, sim.dose.value, sim.dose.max) == (28, 400, 1200)


def test_weight_changes_grams_only():
    sim = replacement_simulator().inner
    before = payload(sim.figure)
    sim.weight.value = 35
    assert payload(sim.figure) == before  # the curve is per kilogram
    assert "14.0 g" in text(sim.summary.value)


def test_a_bad_weight_is_a_message_not_a_traceback():
    sim = replacement_simulator().inner
    sim._on_weight({"new": 0})
    assert "higm-msg-error" in sim.status.value
    assert "Body weight" in text(sim.status.value)


def test_a_trough_above_the_band_warns_of_extrapolation():
    sim = replacement_simulator().inner
    sim.dose.value = 1200
    sim.interval.value = 21
    assert "extrapolation" in text(sim.summary.value)


def test_the_challenge_verdicts():
    challenge = schedule_challenge().inner
    assert challenge.target.value == 600
    assert challenge.interval.options == (
        ("SCIG every 7 days", 7),
        ("IVIG every 21 days", 21),
        ("IVIG every 28 days", 28),
    )
    challenge.interval.value = 28
    challenge.dose.value = 500
    ok, message = challenge.verdict()
    assert not ok and "Not there yet" in message and "821 mg/kg" in message
    challenge.dose.value = 840
    ok, message = challenge.verdict()
    assert not ok and "needs less" in message and "another interval" in message
    # Weekly doses go under the skin: a third of each is not absorbed.
    challenge.interval.value = 7
    assert challenge.route() == "SC"
    challenge.dose.value = 140  # enough if it were all absorbed, not under the skin
    ok, message = challenge.verdict()
    assert (
        not ok and "Not there yet" in message and "SCIG every 7 days needs at least 210" in message
    )
    challenge.dose.value = 300
    ok, message = challenge.verdict()
    assert not ok and "Try a lower dose" in message
    challenge.dose.value = 215  # reaches the target, but with more drug than IVIG every 3 weeks
    ok, message = challenge.verdict()
    assert not ok and "needs less" in message and "another interval" in message
    challenge.interval.value = 21
    challenge.dose.value = 545
    ok, message = challenge.verdict()
    assert ok and "Found it: IVIG every 21 days at 545 mg/kg" in message


def test_no_verdict_or_least_drug_table_before_a_commit(store_path):
    box = schedule_challenge()
    challenge = box.inner
    for target in (500, 600, 800):
        challenge.target.value = target
        for interval in (7, 21, 28):
            challenge.interval.value = interval
            state = state_text(box)
            assert challenge.feedback.value == "" and challenge.answer.value == ""
            for secret in ("Found it", "Not there yet", "needs less", "Doses that just reach"):
                assert secret not in state, secret
            best = compare_schedules(target, challenge._schedules())
            for dose in best["dose_mg_per_kg"]:
                assert f"<td style='padding:2px 14px 2px 0'>{math.ceil(dose):,}</td>" not in state
    assert challenge.answer.layout.display == "none"
    assert ProgressStore(store_path).attempts().empty


def test_committing_a_schedule_needs_a_confidence_then_shows_verdict_and_table(store_path):
    challenge = schedule_challenge().inner
    challenge.interval.value = 21
    challenge.dose.value = 545
    challenge.bar.commit_button.click()
    assert "Say how sure you are first" in text(challenge.status.value)
    assert challenge.feedback.value == "" and ProgressStore(store_path).attempts().empty
    challenge.bar.confidence.value = "think so"
    challenge.bar.commit_button.click()
    assert "higm-msg-ok" in challenge.feedback.value
    assert "Found it: IVIG every 21 days at 545 mg/kg" in text(challenge.feedback.value)
    assert challenge.answer.layout.display == "block"
    assert "reach 600 mg/dL" in challenge.answer.value
    rows = re.findall(r"<tr><td[^>]*>(SCIG|IVIG) every (\d+) days", challenge.answer.value)
    assert rows == [("IVIG", "21"), ("IVIG", "28"), ("SCIG", "7")]
    assert "about 67% is absorbed" in challenge.answer.value
    assert challenge.dose.disabled and challenge.interval.disabled and challenge.target.disabled
    saved = ProgressStore(store_path).attempts(lesson="11")
    assert saved[["item", "kind", "confidence"]].values.tolist() == [
        ["11-schedule-challenge", "challenge", "think so"]
    ]
    assert saved["response"].iloc[0] == {
        "target_mg_dl": 600,
        "interval_days": 21,
        "route": "IV",
        "dose_mg_per_kg": 545,
    }
    assert saved["correct"].tolist() == [True]


def test_a_wrong_schedule_is_recorded_and_try_again_hides_the_answer(store_path, tmp_path):
    challenge = schedule_challenge().inner
    challenge.target.value = 800
    challenge.interval.value = 7  # weekly SCIG, as if fully absorbed
    challenge.dose.value = 190
    challenge.bar.confidence.value = "sure"
    challenge.bar.commit_button.click()
    assert "higm-msg-warn" in challenge.feedback.value
    assert "Not there yet" in text(challenge.feedback.value)
    assert "reach 800 mg/dL" in challenge.answer.value
    challenge.bar.again_button.click()
    assert challenge.feedback.value == "" and challenge.answer.value == ""
    assert challenge.answer.layout.display == "none" and not challenge.dose.disabled
    store = ProgressStore(store_path)
    assert store.attempts(lesson="11")["correct"].tolist() == [False]
    contents = read_export_contents(store.export_json(tmp_path / "export.json"))
    assert [(a[1], a[2]) for a in contents.attempts] == [("11-schedule-challenge", "challenge")]


def test_a_fresh_challenge_restores_the_committed_schedule(store_path):
    first = schedule_challenge().inner
    first.target.value = 700
    first.interval.value = 28
    first.dose.value = 960
    first.bar.confidence.value = "guessing"
    first.bar.commit_button.click()
    again = schedule_challenge().inner
    assert (again.target.value, again.interval.value, again.dose.value) == (700, 28, 960)
    assert again.bar.confidence.value == "guessing" and again.bar.commit_button.disabled
    assert "Restored your answer" in text(again.status.value)
    assert "reach 700 mg/dL" in again.answer.value
    assert text(again.feedback.value) == text(first.feedback.value) != ""
    assert "700 mg/dL" in title(again.figure)


def test_the_transplant_explorer():
    box = transplant_outcomes()
    hsct = box.inner
    assert "Ferrua 2019" in text(hsct.takeaway.value)
    before = payload(hsct.figure)
    hsct.choice.value = 3
    assert payload(hsct.figure) != before
    assert "28.2%" in text(hsct.takeaway.value)
    assert "mitsui_sekinaka2015" in hsct.takeaway.value
    assert "higm-msg-ok" in hsct.status.value
