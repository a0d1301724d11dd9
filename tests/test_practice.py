"""Generated practice problems: one right answer, steps that reproduce it, named misconceptions."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from higm_lessons import data, practice
from higm_lessons.data import DataError
from higm_lessons.practice import FLAGS, KINDS, LEVELS, Problem, check, generate
from tests.helpers import copy_course_data

REPO = Path(__file__).resolve().parent.parent

problems = st.builds(
    generate,
    st.sampled_from(KINDS),
    seed=st.integers(min_value=0, max_value=2**32),
    level=st.sampled_from(LEVELS),
)
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True)

# Independent unit factors (to the second unit from the first), written out by hand.
FACTORS = {
    ("mg/dL", "g/L"): 0.01,
    ("g/L", "mg/dL"): 100.0,
    ("cells/uL", "10^9/L"): 0.001,
    ("10^9/L", "cells/uL"): 1000.0,
}
# Each kind's misconceptions, as the generators should produce them over a sweep of seeds.
EXPECTED = {
    "offspring-risk": {
        "sex-share-multiplied",
        "carrier-affected-confused",
        "mode-confused",
        "sex-ignored",
        "sexes-added",
        "risks-added",
        "all-not-any",
        "one-child-only",
    },
    "carrier-risk": {
        "unaffected-sons-ignored",
        "joint-not-normalised",
        "conditional-as-answer",
        "isolated-case-obligate",
    },
    "lab-flag": {"adult-band-for-child", "unit-mass-confused", "unit-count-confused"},
    "unit-conversion": {"conversion-inverted", "quantity-step-forgotten", "volume-step-forgotten"},
    "maternal-igg": {"half-life-a-month", "decay-linear", "halvings-multiplied"},
    "trough": {"interval-ignored", "sc-fully-absorbed", "single-dose-not-steady-state"},
}


def numbers(problem: Problem) -> dict[str, float]:
    return {label: value for label, value in problem.steps if not isinstance(value, str)}


def first(problem: Problem, prefix: str) -> float:
    return next(v for k, v in numbers(problem).items() if k.startswith(prefix))


# --------------------------------------------------------------------------- properties
@SETTINGS
@given(problems)
def test_every_problem_has_exactly_one_correct_answer(problem):
    values = [problem.answer, *(d.value for d in problem.distractors)]
    if problem.kind == "lab-flag":
        assert problem.answer in FLAGS and problem.tolerance is None
        assert len(set(values)) == len(values)  # distinct flags, none the answer
        return
    assert problem.tolerance is not None and problem.tolerance >= 0
    spans = [(problem.answer, problem.tolerance)] + [
        (d.value, d.tolerance) for d in problem.distractors
    ]
    for i, (a, ta) in enumerate(spans):
        assert math.isfinite(a) and a >= 0
        for b, tb in spans[i + 1 :]:
            assert abs(a - b) > ta + tb, (problem.kind, problem.level, spans)
    if problem.unit == "":  # a probability
        assert all(0 <= v <= 1 for v in values)


@SETTINGS
@given(problems)
def test_the_same_seed_gives_the_same_problem(problem):
    again = generate(problem.kind, seed=problem.seed, level=problem.level)
    assert again == problem


@SETTINGS
@given(problems)
def test_check_accepts_the_answer_and_names_each_distractors_misconception(problem):
    answer = problem.answer if isinstance(problem.answer, str) else f"{problem.answer!r}"
    right = check(problem, answer)
    assert right.correct and right.misconception is None and right.step is None
    labels = [label for label, _ in problem.steps]
    assert len(labels) == len(set(labels))
    for wrong in problem.distractors:
        feedback = check(problem, wrong.value)
        assert not feedback.correct
        assert feedback.misconception is not None
        assert feedback.misconception.id == wrong.misconception
        assert feedback.step == wrong.step and wrong.step in labels
        assert feedback.misconception.name.lower() in feedback.message.lower()
        assert wrong.step in feedback.message


@SETTINGS
@given(problems)
def test_the_worked_steps_reproduce_the_answer(problem):
    assert problem.steps[-1][1] == problem.answer
    recomputed = REPRODUCE[problem.kind](problem)
    if isinstance(problem.answer, str):
        assert recomputed == problem.answer
    else:
        assert recomputed == pytest.approx(problem.answer, rel=1e-9, abs=1e-12)


def _offspring(p: Problem) -> float:
    if p.level == 1:
        return first(p, "Chance a ")
    if p.level == 2:
        son, daughter = first(p, "Chance a son"), first(p, "Chance a daughter")
        share = p.step("Chance the baby is a son")
        assert share == 0.5
        return share * son + (1 - share) * daughter
    risk, n = first(p, "Chance a "), p.step("Number of children")
    assert p.step("Chance none of them does") == pytest.approx((1 - risk) ** n)
    return 1 - (1 - risk) ** n


def _carrier(p: Problem) -> float:
    prior = p.step("Prior: carrier")
    assert prior + p.step("Prior: not a carrier") == pytest.approx(1)
    sons = int(re.search(r"has \*\*(\d) healthy son", p.prompt)[1])
    assert p.step("Conditional: healthy sons if a carrier") == pytest.approx(0.5**sons, rel=1e-4)
    assert p.step("Conditional: healthy sons if not a carrier") == pytest.approx(1, abs=1e-4)
    joint = [
        p.step("Prior: carrier") * p.step("Conditional: healthy sons if a carrier"),
        p.step("Prior: not a carrier") * p.step("Conditional: healthy sons if not a carrier"),
    ]
    assert joint == pytest.approx([p.step("Joint: carrier"), p.step("Joint: not a carrier")])
    return joint[0] / sum(joint)


def _lab_flag(p: Problem) -> str:
    analyte, unit = re.search(r"\((\w+)\+?\)\*\* of \*\*[\d.,]+ (\S+)\*\*", p.prompt).groups()
    default = {"IgG": "mg/dL", "IgA": "mg/dL", "IgM": "mg/dL", "ANC": "10^9/L"}.get(
        analyte, "cells/uL"
    )
    factor = 1.0 if unit == default else FACTORS[unit, default]
    value = p.step("Value in the interval's unit")
    assert value == pytest.approx(p.step("Value in the report's unit") * factor)
    low, high = p.step("Reference interval low"), p.step("Reference interval high")
    return "L" if value < low else "H" if value > high else "N"


def _conversion(p: Problem) -> float:
    source, target = re.search(
        r"\*\*[\d.,]+ (\S+)\*\*. What is it in \*\*(\S+)\*\*", p.prompt
    ).groups()
    value = p.step("Value")
    if p.level == 1:
        factor = p.step("Conversion factor")
    else:
        factor = first(p, "Quantity factor") * first(p, "Volume factor")
    assert factor == pytest.approx(FACTORS[source, target])
    return value * factor


def _maternal(p: Problem) -> float:
    start, half_life, days = (
        p.step("Maternal IgG at birth"),
        p.step("Half-life"),
        p.step("Age in days"),
    )
    assert p.step("Half-lives elapsed") == pytest.approx(days / half_life)
    return start * 0.5 ** (days / half_life)


def _trough(p: Problem) -> float:
    k = math.log(2) / p.step("Half-life")
    growth = math.exp(k * p.step("Interval")) - 1
    assert p.step("Growth over one interval") == pytest.approx(growth)
    fraction, volume = p.step("Fraction absorbed"), p.step("Volume of distribution")
    if p.level < 3:
        return fraction * p.step("Dose") / volume / growth
    return p.step("Target trough") * growth * volume / fraction


REPRODUCE = {
    "offspring-risk": _offspring,
    "carrier-risk": _carrier,
    "lab-flag": _lab_flag,
    "unit-conversion": _conversion,
    "maternal-igg": _maternal,
    "trough": _trough,
}


# --------------------------------------------------------------------------- coverage
def _sweep(seeds: int = 40) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for kind in KINDS:
        for level in LEVELS:
            for seed in range(seeds):
                used[kind] |= {
                    d.misconception for d in generate(kind, seed=seed, level=level).distractors
                }
    return used


def test_every_misconception_a_generator_uses_is_in_the_vocabulary():
    used = _sweep()
    vocabulary = set(practice.misconceptions())
    for kind, ids in used.items():
        assert ids <= vocabulary, f"{kind}: add {sorted(ids - vocabulary)} to misconceptions.csv"
        assert ids == EXPECTED[kind], kind


def test_each_level_of_each_kind_offers_wrong_answers():
    for kind in KINDS:
        for level in LEVELS:
            counts = [len(generate(kind, seed=s, level=level).distractors) for s in range(20)]
            assert sum(c > 0 for c in counts) >= 15, (kind, level, counts)


def test_levels_ask_for_more_steps():
    for kind in ("offspring-risk", "unit-conversion"):
        one = len(generate(kind, seed=3, level=1).steps)
        three = len(generate(kind, seed=3, level=3).steps)
        assert three > one


def test_different_seeds_give_different_problems():
    for kind in KINDS:
        prompts = {generate(kind, seed=s, level=2).prompt for s in range(12)}
        assert len(prompts) >= 4, kind


# --------------------------------------------------------------------------- exact cases
def test_carrier_risk_of_a_sister_of_an_isolated_case_follows_haldane():
    # Her mother carries with chance 2/3 (Haldane), so her prior is 1/3; k healthy sons.
    for seed in range(10):
        p = generate("carrier-risk", seed=seed, level=2)
        sons = int(re.search(r"has \*\*(\d) healthy son", p.prompt)[1])
        joint = (1 / 3) * 0.5**sons
        assert p.answer == pytest.approx(joint / (joint + 2 / 3), abs=1e-4)
        assert p.step("Prior: carrier") == pytest.approx(1 / 3, abs=1e-4)


def test_carrier_risk_when_the_mother_is_a_carrier_starts_from_one_half():
    for seed in range(10):
        p = generate("carrier-risk", seed=seed, level=1)
        sons = int(re.search(r"has \*\*(\d) healthy son", p.prompt)[1])
        assert p.answer == pytest.approx(0.5**sons / (0.5**sons + 1), abs=1e-4)


def test_trough_feedback_names_the_misconceptions_with_hand_numbers():
    p = next(
        q
        for s in range(50)
        if "under the skin" in (q := generate("trough", seed=s, level=2)).prompt
    )
    dose = p.step("Dose")
    growth = 2 ** (7 / 21) - 1  # weekly doses, half-life 21 days
    assert p.answer == pytest.approx(0.67 * dose / 0.90 / growth)
    full = check(p, dose / 0.90 / growth)
    assert full.misconception.id == "sc-fully-absorbed"
    assert full.step == "Fraction absorbed"
    ignored = check(p, 0.73 * dose)  # the 4-weekly rule of thumb, 73 mg/dL per 100 mg/kg
    assert ignored.misconception.id == "interval-ignored"


def test_a_wrong_answer_that_is_no_distractor_gets_a_direction():
    p = generate("maternal-igg", seed=5, level=2)
    feedback = check(p, p.answer * 3 + 1000)
    assert not feedback.correct and feedback.misconception is None
    assert "above" in feedback.message


def test_a_lab_flag_prompt_shows_the_patients_band_and_the_adult_band():
    for seed in range(10):
        p = generate("lab-flag", seed=seed, level=3)
        assert f"| {p.step('Age band')} |" in p.prompt
        assert "| 18 years and over |" in p.prompt
        assert p.prompt.count("\n| ") == 4  # header and three bands


def test_responses_are_read_as_a_learner_types_them():
    p = next(
        q for s in range(40) if (q := generate("offspring-risk", seed=s, level=1)).answer == 0.5
    )
    assert check(p, "50%").correct
    assert check(p, "1/2").correct
    assert check(p, "0,5").correct
    assert check(p, 0.5).correct
    flag = generate("lab-flag", seed=1, level=1)
    words = {"L": "low", "N": "normal", "H": "high"}
    assert check(flag, words[flag.answer].upper()).correct
    assert check(flag, f" {flag.answer.lower()} ").correct


# --------------------------------------------------------------------------- bad arguments
@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"kind": "punnett"}, ValueError, "kind"),
        ({"kind": 3}, TypeError, "kind"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": "7"}, TypeError, "seed"),
        ({"seed": True}, TypeError, "seed"),
        ({"level": 4}, ValueError, "level"),
        ({"level": 0}, ValueError, "level"),
        ({"level": 1.5}, TypeError, "level"),
    ],
)
def test_generate_rejects_bad_arguments_naming_them(kwargs, error, name):
    arguments = {"kind": "trough", "seed": 1, "level": 1, **kwargs}
    kind = arguments.pop("kind")
    with pytest.raises(error, match=name):
        generate(kind, **arguments)


def test_check_rejects_bad_responses_naming_them():
    numeric = generate("trough", seed=1)
    flag = generate("lab-flag", seed=1)
    with pytest.raises(TypeError, match="problem"):
        check("trough", 1.0)
    with pytest.raises(ValueError, match="response"):
        check(numeric, "a lot")
    with pytest.raises(ValueError, match="response"):
        check(numeric, "  ")
    with pytest.raises(TypeError, match="response"):
        check(numeric, None)
    with pytest.raises(TypeError, match="response"):
        check(numeric, True)
    with pytest.raises(TypeError, match="response"):
        check(flag, 3)
    with pytest.raises(ValueError, match="response"):
        check(flag, "LL")
    with pytest.raises(ValueError, match="label"):
        numeric.step("No such step")
    with pytest.raises(ValueError, match="misconception_id"):
        practice.misconception("no-such-error")


# --------------------------------------------------------------------------- the vocabulary
def test_the_vocabulary_loads_with_names_and_steps():
    vocabulary = practice.misconceptions()
    assert len(vocabulary) >= 20
    item = vocabulary["unaffected-sons-ignored"]
    assert item.name == "Forgot to condition on the unaffected sons"
    assert item.step and item.source == "course"
    assert vocabulary["isolated-case-obligate"].source == "haldane1935"


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    return copy_course_data(tmp_path, monkeypatch)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_bad_misconception_id_names_file_line_and_column(data_copy):
    _edit(data_copy / "misconceptions.csv", "\nsex-ignored,", "\nSex Ignored,")
    with pytest.raises(DataError) as info:
        practice.misconceptions()
    message = str(info.value)
    assert "misconceptions.csv" in message
    assert re.search(r"line 5 \(data row 4\), column 'id'", message), message


def test_a_duplicate_misconception_name_is_reported(data_copy):
    _edit(
        data_copy / "misconceptions.csv",
        "Added the son's and the daughter's risks",
        "Gave one sex's risk for a baby of unknown sex",
    )
    with pytest.raises(DataError, match=r"line 6 \(data row 5\), column 'name': duplicate"):
        data.load_table("misconceptions.csv")


def test_an_unknown_source_of_a_misconception_is_reported(data_copy):
    _edit(data_copy / "misconceptions.csv", ",haldane1935\n", ",haldane1936\n")
    with pytest.raises(DataError, match="unknown source key 'haldane1936'"):
        data.load_table("misconceptions.csv")
