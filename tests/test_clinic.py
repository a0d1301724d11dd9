"""The virtual clinic (higm_lessons.clinic): patients, actions, scoring and debrief."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from higm_lessons import clinic, diagnosis, immunoglobulins, labs, treatment
from higm_lessons.clinic_evidence import evidence, setting_prior
from higm_lessons.clinic_patient import (
    LAB_FINDINGS,
    category_value,
    maternal_igg,
    own_value,
    parameter,
)
from higm_lessons.clinic_workup import follow_up
from higm_lessons.progress import ProgressStore

SEEDS = st.integers(min_value=0, max_value=2**31)
CODES = st.sampled_from(diagnosis.CODES)
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _order_everything(workup: clinic.Workup) -> None:
    """Order every test, moving to the next day when today's blood limit is reached."""
    for test in clinic.tests():
        try:
            workup.order(test)
        except ValueError as exc:
            assert "limit" in str(exc)
            workup.wait(1)
            workup.order(test)
    workup.wait(40)


# --------------------------------------------------------------------------- patients
@FAST
@given(seed=SEEDS, condition=st.one_of(st.none(), CODES))
def test_the_same_seed_gives_the_same_patient(seed, condition):
    first = clinic.new_patient(seed, condition=condition)
    again = clinic.new_patient(seed, condition=condition)
    assert first == again
    assert clinic.story(first) == clinic.story(again)


def test_different_seeds_give_different_patients():
    patients = {clinic.new_patient(seed).age_days for seed in range(30)}
    assert len(patients) > 20


@pytest.mark.parametrize(
    ("arguments", "error", "name"),
    [
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": "42"}, TypeError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"seed": 1, "condition": "HIGM9"}, ValueError, "condition"),
        ({"seed": 1, "setting": "moon base"}, ValueError, "setting"),
    ],
)
def test_new_patient_rejects_bad_arguments_naming_them(arguments, error, name):
    with pytest.raises(error, match=name):
        clinic.new_patient(**arguments)


def test_x_linked_conditions_are_boys_and_autosomal_ones_both_sexes():
    xla = [clinic.new_patient(s, condition="XLA").sex for s in range(400)]
    cd40 = [clinic.new_patient(s, condition="HIGM_CD40").sex for s in range(400)]
    assert xla.count("M") / len(xla) > 0.99
    assert 0.4 < cd40.count("M") / len(cd40) < 0.6


def test_cvid_and_iga_deficiency_are_never_drawn_before_age_four():
    for code in ("CVID", "SIGAD"):
        ages = [clinic.new_patient(s, condition=code).age_days for s in range(300)]
        assert min(ages) >= 1461


def test_the_story_never_names_the_condition():
    for seed in range(60):
        patient = clinic.new_patient(seed)
        text = clinic.story(patient).lower()
        for word in ("hyper-igm", "agammaglobulinaemia", "scid", "cvid", "cd40", "nemo"):
            assert word not in text


def test_category_values_fall_in_their_category():
    for analyte in ("IgG", "IgA", "IgM", "CD4", "CD19", "ANC"):
        for age in (40, 200, 800, 3000, 9000):
            row = labs.reference_interval(analyte, age_years=age / 365.25)
            low, high = row["low"], row["high"]
            for position in (0.0, 0.3, 0.999):
                assert category_value(analyte, "normal", position, age) <= high
                assert category_value(analyte, "normal", position, age) >= low
                assert category_value(analyte, "low", position, age) < low
                assert category_value(analyte, "high", position, age) > high
                assert category_value(analyte, "very_low", position, age) < 0.4 * low


def test_maternal_igg_is_the_infant_igg_models_maternal_part():
    ages = [0, 21, 60, 150, 400]
    model = immunoglobulins.infant_igg(ages, class_switching=False)["maternal"].tolist()
    assert [maternal_igg(a) for a in ages] == pytest.approx(model, rel=1e-12)


# --------------------------------------------------------------------------- results
@FAST
@given(seed=SEEDS, condition=CODES)
def test_every_result_passes_interpret_and_no_value_is_nan(seed, condition):
    workup = clinic.Workup(clinic.new_patient(seed, condition=condition))
    _order_everything(workup)
    assert len(workup.results()) == len(clinic.tests())
    for result in workup.results():
        labs_shown = {a: t for a, t in result.shown.items() if a in LAB_FINDINGS}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", labs.UnitWarning)
            table = labs.interpret(labs_shown, age_years=result.age_days / 365.25, sex="M")
        assert table["value"].notna().all()
        assert all(math.isfinite(v) and v >= 0 for v in result.values.values())
    frame = clinic.differential(workup)
    assert frame["score"].notna().all()
    assert frame["score"].sum() == pytest.approx(1.0)


def test_results_arrive_after_their_turnaround():
    workup = clinic.Workup(clinic.new_patient(5))
    result = workup.order("immunoglobulins")
    assert result.ready_day == clinic.tests()["immunoglobulins"].turnaround_days == 2
    assert workup.results() == [] and workup.pending() == [result]
    assert workup.wait(1) == []
    assert workup.wait(1) == [result]


def test_results_come_in_the_usual_units_of_the_analyte():
    units = set()
    for seed in range(20):
        workup = clinic.Workup(clinic.new_patient(seed))
        result = workup.order("immunoglobulins")
        units.update(text.split(" ", 1)[1] for text in result.shown.values())
    assert units == {"mg/dL", "g/L"}


def test_maternal_igg_hides_an_antibody_defect_in_early_infancy_and_the_clinic_says_so():
    patient = clinic.new_patient(3, condition="HIGM_CD40L")
    patient = patient.__class__(**{**patient.__dict__, "age_days": 60})
    workup = clinic.Workup(patient)
    early = workup.order("immunoglobulins")
    assert early.categories["IgG"] in ("normal", "high")  # the mother's IgG
    assert (
        own_value(patient, "IgG", 60) < 0.4 * labs.reference_interval("IgG", age_years=0.2)["low"]
    )
    assert "IgG" in early.unreadable and "mother's" in early.notes[0]
    workup.wait(300)
    later = workup.order("immunoglobulins")
    assert later.categories["IgG"] in ("very_low", "low")
    assert "IgG" not in later.unreadable


def test_a_child_with_thi_recovers_and_the_repeat_igg_says_so():
    patient = clinic.new_patient(11, condition="THI")
    workup = clinic.Workup(patient)
    workup.order("immunoglobulins")
    workup.wait(2)
    assert workup.results()[0].categories["IgG"] in ("low", "very_low")
    assert follow_up(workup) is None
    workup.wait(patient.recovery_age_days - patient.age_days)
    workup.order("immunoglobulins")
    workup.wait(2)
    assert workup.results()[-1].categories["IgG"] == "normal"
    assert follow_up(workup) == "yes"
    assert clinic.engine_patient(workup)["follow_up_normal_igg"] is True


def test_replacement_makes_igg_and_vaccine_responses_unreadable_and_the_clinic_says_so():
    workup = clinic.Workup(clinic.new_patient(8, condition="XLA"))
    workup.treat()
    workup.wait(7)
    result = workup.order("immunoglobulins")
    vaccines = workup.order("vaccine_responses")
    expected = treatment.igg_levels([7.0], dose_mg_per_kg=400, interval_days=28)["igg_mg_dl"][0]
    assert workup.donor_igg(7) == pytest.approx(expected)
    assert result.values["IgG"] > 0.8 * expected
    assert "IgG" in result.unreadable and "donor" in result.notes[0]
    assert vaccines.shown["vaccine_response"] == "cannot be read"
    assert clinic.engine_patient(workup)["on_ivig"] is True


def test_replacement_started_while_vaccine_responses_are_pending_spoils_them():
    workup = clinic.Workup(clinic.new_patient(9, condition="CVID"))
    result = workup.order("vaccine_responses")
    workup.wait(10)
    workup.treat()
    workup.wait(30)
    assert "vaccine_response" in result.unreadable
    assert "vaccine_response" not in clinic.known(workup)


def test_the_blood_limit_applies_to_infants_per_day():
    assert clinic.blood_limit_ml(122) == pytest.approx((4 + 0.5 * 122 / 365.25 * 12) * 80 * 0.03)
    assert clinic.blood_limit_ml(3 * 365) is None
    workup = clinic.Workup(clinic.scenario_patient("guided-infant"))
    with pytest.raises(ValueError, match="limit"):
        for test in clinic.tests():
            workup.order(test)
    assert workup.blood_today() <= clinic.blood_limit_ml(workup.age_days)
    workup.wait(1)
    workup.order("gene_panel")


# --------------------------------------------------------------------------- actions
@pytest.mark.parametrize(
    ("action", "error", "name"),
    [
        (lambda w: w.order("x-ray"), ValueError, "test"),
        (lambda w: w.order(3), TypeError, "test"),
        (lambda w: w.wait(0), ValueError, "days"),
        (lambda w: w.wait(1.5), TypeError, "days"),
        (lambda w: w.wait(10_000), ValueError, "days"),
        (lambda w: w.treat("oral"), ValueError, "route"),
        (lambda w: w.diagnose("HIGM9", 0.5), ValueError, "code"),
        (lambda w: w.diagnose("XLA", 1.5), ValueError, "confidence"),
        (lambda w: w.diagnose("XLA", "sure"), TypeError, "confidence"),
        (lambda w: w.apply({"action": "cure"}), ValueError, "action"),
        (lambda w: w.apply("order"), TypeError, "action"),
    ],
)
def test_every_action_checks_its_arguments(action, error, name):
    workup = clinic.Workup(clinic.new_patient(1))
    with pytest.raises(error, match=name):
        action(workup)
    assert workup.actions == []


def test_a_pending_test_a_second_treatment_and_a_closed_workup_are_refused():
    workup = clinic.Workup(clinic.new_patient(1))
    workup.order("immunoglobulins")
    with pytest.raises(ValueError, match="pending"):
        workup.order("immunoglobulins")
    workup.treat()
    with pytest.raises(ValueError, match="already started"):
        workup.treat()
    workup.diagnose("NORMAL", 0.6)
    with pytest.raises(ValueError, match="closed"):
        workup.wait(1)


def test_a_live_vaccine_at_its_age_harms_a_child_with_scid_unless_deferred():
    patient = clinic.new_patient(2, condition="SCID")
    assert patient.age_days < 365
    given = clinic.Workup(patient)
    given.wait(400)
    harm = [e for e in given.events if e.kind == "live-vaccine"]
    assert len(harm) == 1 and harm[0].harm
    deferred = clinic.Workup(patient)
    deferred.defer_live_vaccines()
    deferred.wait(400)
    assert not [e for e in deferred.events if e.kind == "live-vaccine"]


def test_waiting_untreated_is_dangerous_in_scid_and_safe_in_a_healthy_child():
    def infected(code: str) -> float:
        hits = 0
        for seed in range(60):
            workup = clinic.Workup(clinic.new_patient(seed, condition=code))
            workup.defer_live_vaccines()
            workup.wait(180)
            hits += any(e.kind == "infection" for e in workup.events)
        return hits / 60

    rate = parameter("profound_t_infection_rate")
    assert infected("SCID") > 1 - math.exp(-rate * 180 / 365.25) - 0.2
    assert infected("NORMAL") < 0.1


def test_every_action_goes_to_the_progress_store_and_replays_to_the_same_workup(tmp_path):
    store = ProgressStore(tmp_path / "progress.sqlite")
    patient = clinic.new_patient(42)
    workup = clinic.Workup(patient, store=store, lesson="10", item="clinic:seed-42")
    workup.order("immunoglobulins")
    workup.order("blood_count")
    workup.wait(3)
    workup.defer_live_vaccines()
    workup.diagnose("NORMAL", 0.7)
    logged = store.attempts("10", "clinic:seed-42")
    assert list(logged["kind"]) == ["clinic-action"] * 5
    last = logged.iloc[-1]
    assert last["correct"] == (patient.condition == "NORMAL") and last["confidence"] == "think so"
    assert logged.iloc[0]["confidence"] is None
    responses = list(logged["response"])
    assert [r["action"] for r in responses] == [a["action"] for a in workup.actions]
    again = clinic.Workup.replay(patient, responses)
    assert [r.shown for r in again.orders] == [r.shown for r in workup.orders]
    assert again.diagnosis == workup.diagnosis


def test_a_store_needs_a_lesson_and_an_item(tmp_path):
    with pytest.raises(ValueError, match="lesson and item"):
        clinic.Workup(clinic.new_patient(1), store=ProgressStore(tmp_path / "p.sqlite"))
    with pytest.raises(TypeError, match="patient"):
        clinic.Workup({"seed": 1})


# --------------------------------------------------------------------------- differential
@FAST
@given(
    age=st.integers(min_value=20, max_value=20000),
    sex=st.sampled_from(["M", "F"]),
    picks=st.lists(st.integers(min_value=0, max_value=4), min_size=9, max_size=9),
    cd40l=st.sampled_from(["present", "reduced", "absent"]),
)
def test_the_quick_evidence_is_the_engines_evidence_for_typical_values(age, sex, picks, cd40l):
    categories = ("absent", "very_low", "low", "normal", "high")
    known = {a: (categories[i], age) for a, i in zip(LAB_FINDINGS, picks, strict=True)}
    known["CD40L"] = (cd40l, age)
    known["recurrent_infections"] = ("yes", age)
    ours = evidence(known, age_days=age, sex=sex, on_ivig=False)
    patient = {"age_years": age / 365.25, "sex": sex, "on_ivig": False, "CD40L": cd40l,
               "recurrent_infections": True}  # fmt: skip
    # the engine reads each value at the start of its age stretch, as the quick evidence does
    from higm_lessons.clinic_evidence import age_key

    for analyte, (category, _) in known.items():
        if analyte in LAB_FINDINGS:
            names = ("CD3", "CD19") if analyte in ("CD3", "CD19") else (analyte,)
            patient[analyte] = category_value(analyte, category, 0.5, age_key(age, names))
    engine = diagnosis.evidence(patient)
    totals = [sum(w for w, _ in engine[c]) for c in diagnosis.CODES]
    assert ours == pytest.approx(totals)


def test_setting_priors_add_up_to_one_and_respect_age_and_sex():
    prior = setting_prior("referral clinic", 400, "M")
    assert sum(prior.values()) == pytest.approx(1.0)
    assert prior["CVID"] == 0 and prior["SIGAD"] == 0  # ESID: only from age 4
    girl = setting_prior("referral clinic", 400, "F")
    assert girl["HIGM_CD40L"] < prior["HIGM_CD40L"] / 500
    general = setting_prior("general paediatrics", 400, "M")
    assert general["NORMAL"] > prior["NORMAL"]


def test_the_clinic_differential_uses_the_setting_base_rates():
    workup = clinic.Workup(clinic.new_patient(4))
    frame = clinic.differential(workup)
    prior = setting_prior(workup.patient.setting, workup.patient.age_days, workup.patient.sex)
    assert dict(zip(frame["code"], frame["prior"], strict=True)) == pytest.approx(prior)
    assert list(frame["score"]) == sorted(frame["score"], reverse=True)


# --------------------------------------------------------------------------- score, debrief
def test_score_adds_up_the_workup():
    workup = clinic.Workup(clinic.new_patient(6, condition="SIGAD"))
    workup.order("immunoglobulins")
    workup.order("ige")
    workup.wait(2)
    workup.diagnose("SIGAD", 0.9)
    result = clinic.score(workup)
    assert result.correct and result.brier == pytest.approx(0.01)
    assert result.cost_usd == 60 + 30 and result.blood_ml == 3 and result.days == 2
    assert "ige" in result.wasted and "immunoglobulins" not in result.wasted
    assert result.points == pytest.approx(100 - 1 - 1 * 0.9 - 0.5 * 2 - 5 * len(result.wasted))
    wrong = clinic.Workup(clinic.new_patient(6, condition="SIGAD"))
    wrong.diagnose("CVID", 0.9)
    assert clinic.score(wrong).brier == pytest.approx(0.81)


def test_score_needs_a_diagnosis():
    with pytest.raises(ValueError, match="no diagnosis"):
        clinic.score(clinic.Workup(clinic.new_patient(1)))


def test_the_debrief_flags_premature_closure_and_uninterpretable_orders():
    workup = clinic.Workup(clinic.scenario_patient("guided-infant"))
    workup.order("immunoglobulins")
    workup.wait(2)
    workup.diagnose("HIGM_CD40L", 0.95)
    report = clinic.debrief(workup)
    kinds = [f.kind for f in report.flags]
    assert "premature closure" in kinds and "uninterpretable order" in kinds
    assert report.condition == "HIGM_CD40L" and report.score.correct
    assert report.reference.correct
    assert list(report.timeline["day"]) == [0, 2]


def test_the_debrief_flags_anchoring_and_base_rate_neglect():
    anchored = clinic.Workup(clinic.new_patient(34, setting="general paediatrics"))
    assert anchored.patient.condition == "XLA"
    anchored.order("immunoglobulins")
    anchored.wait(2)
    anchored.diagnose("NORMAL", 0.8)
    assert "anchoring" in [f.kind for f in clinic.debrief(anchored).flags]
    rare = clinic.Workup(clinic.new_patient(3, setting="general paediatrics"))
    rare.order("immunoglobulins")
    rare.wait(2)
    rare.diagnose("SCID", 0.8)
    assert "base-rate neglect" in [f.kind for f in clinic.debrief(rare).flags]


def test_the_reference_workup_defers_live_vaccines_and_diagnoses():
    workup = clinic.reference_workup(clinic.scenario_patient("guided-infant"))
    assert workup.vaccines_deferred and workup.closed
    assert workup.diagnosis["code"] == "HIGM_CD40L"
    assert np.isfinite(clinic.score(workup).points)


def test_the_clinics_band_lookup_is_the_labs_band():
    from higm_lessons.clinic_patient import band

    for analyte in labs.ANALYTES:
        for day in range(0, 40000, 211):
            row = labs.interval_row(analyte, age_years=day / 365.25)
            assert band(analyte, day) == (row["low"], row["high"])


# --------------------------------------------------------------------------- scenarios
def test_the_course_scenarios_fix_what_they_name():
    assert list(clinic.scenarios()) == ["guided-infant", "guided-toddler"]
    infant = clinic.scenario_patient("guided-infant")
    assert (infant.condition, infant.age_days, infant.sex) == ("HIGM_CD40L", 122, "M")
    assert infant.findings["CD40L"] == "absent" and "Pneumocystis" in clinic.story(infant)
    toddler = clinic.scenario_patient("guided-toddler")
    assert toddler.recovery_age_days >= toddler.age_days + 180
    with pytest.raises(ValueError, match="scenario"):
        clinic.scenario_patient("patient-zero")


def _write(folder, name: str, text: str):
    (folder / "clinic").mkdir(exist_ok=True)
    (folder / "clinic" / name).write_text(text, encoding="utf-8")


def test_an_instructor_adds_a_scenario_and_mistakes_name_the_file_and_field(tmp_path, monkeypatch):
    from higm_lessons.data import DATA_ENV

    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    _write(tmp_path, "class.toml", 'id = "class-42"\ntitle = "Patient 42"\nseed = 42\n')
    assert clinic.scenario_patient("class-42") == clinic.new_patient(42).__class__(
        **{**clinic.new_patient(42).__dict__, "name": "class-42",
           "extra": {"title": "Patient 42", "guide": []}}
    )  # fmt: skip
    _write(tmp_path, "bad.toml", 'id = "bad"\ntitle = "x"\nseed = 1\n[findings]\nIgQ = "low"\n')
    with pytest.raises(ValueError, match=r"clinic/bad.toml, field 'findings'.*IgQ"):
        clinic.scenarios()
    _write(tmp_path, "bad.toml", 'id = "bad"\ntitle = "x"\nseed = 1\ncondition = "CVID"\n'
           "age_days = 400\n")  # fmt: skip
    with pytest.raises(ValueError, match=r"age_days.*CVID"):
        clinic.scenarios()
    _write(tmp_path, "bad.toml", 'id = "bad"\ntitle = "x"\nseed = -1\n')
    with pytest.raises(ValueError, match="seed"):
        clinic.scenarios()


def test_a_stated_probability_is_filed_among_the_confidence_words():
    from higm_lessons.clinic_workup import confidence_word

    assert [confidence_word(p) for p in (0.05, 0.49, 0.5, 0.79, 0.8, 1.0)] == [
        "guessing", "guessing", "think so", "think so", "sure", "sure"
    ]  # fmt: skip
    with pytest.raises(ValueError, match="probability"):
        confidence_word(1.2)
