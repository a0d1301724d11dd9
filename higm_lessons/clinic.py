"""The virtual clinic: a generated patient with a hidden diagnosis, worked up against
time, cost, blood and harm (pure, seeded; no plotly or ipywidgets).

::

    from higm_lessons import clinic
    patient = clinic.new_patient(42)                 # everyone who asks for 42 sees this patient
    workup = clinic.Workup(patient)
    workup.order("immunoglobulins"); workup.wait(2)
    clinic.differential(workup)                      # the engine's differential, clinic base rates
    workup.diagnose("HIGM_CD40L", 0.8)
    clinic.debrief(workup)                           # score, reference path and flags

The parts live in small modules: :mod:`clinic_patient` (drawing a patient and the true
state behind every result), :mod:`clinic_evidence` (the clinic's differential),
:mod:`clinic_workup` (the actions), :mod:`clinic_debrief` (reference work-up, score,
debrief) and :mod:`clinic_scenarios` (instructors' TOML scenarios). The numbers are in
``data/clinic_*.csv``, each row with a source or the ``course`` key.
"""

from __future__ import annotations

from higm_lessons.clinic_debrief import (
    Debrief,
    Flag,
    Score,
    debrief,
    information_gain,
    random_workup,
    reference_workup,
    run_reference,
    score,
    test_value,
    timeline,
)
from higm_lessons.clinic_patient import Patient, draw, settings, story
from higm_lessons.clinic_scenarios import Scenario, scenario_patient, scenarios
from higm_lessons.clinic_workup import (
    Event,
    Result,
    Workup,
    blood_limit_ml,
    differential,
    engine_patient,
    known,
    quick_scores,
    tests,
)

DIFFICULTIES = {"easy": "practice", "medium": "referral clinic", "hard": "general paediatrics"}
"""Free play: the difficulty picks the setting (its case mix): every condition equally
likely, a referral clinic's mix, or a general clinic where most children are healthy."""

__all__ = [
    "DIFFICULTIES",
    "Debrief",
    "Event",
    "Flag",
    "Patient",
    "Result",
    "Scenario",
    "Score",
    "Workup",
    "blood_limit_ml",
    "debrief",
    "differential",
    "engine_patient",
    "information_gain",
    "known",
    "new_patient",
    "quick_scores",
    "random_workup",
    "reference_workup",
    "run_reference",
    "scenario_patient",
    "scenarios",
    "score",
    "settings",
    "story",
    "test_value",
    "tests",
    "timeline",
]


def new_patient(
    seed: int, *, condition: str | None = None, setting: str = "referral clinic"
) -> Patient:
    """A generated patient: the same ``seed`` (and arguments) always give the same patient.

    ``condition`` fixes the hidden condition (a code of :data:`diagnosis.CODES`); otherwise
    it is drawn from the case mix of ``setting`` (see ``data/clinic_settings.csv``).
    """
    return draw(seed, condition=condition, setting=setting)
