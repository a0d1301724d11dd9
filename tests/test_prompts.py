"""Unit tests for higm_lessons.prompts: prompt files, their validation and response checking."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from higm_lessons import data, prompts
from higm_lessons.prompts import Prompt, PromptError

PROMPTS = prompts.all_prompts()


# --------------------------------------------------------------------------- the course files
def test_the_course_prompts_load_with_unique_ids_and_model_answers():
    ids = [p.id for p in PROMPTS]
    assert len(ids) == len(set(ids)) >= 7
    assert {p.lesson for p in PROMPTS} >= {"00", "01", "02"}
    assert all(p.model_answer.strip() and p.sources for p in PROMPTS)
    assert [p.id for p in prompts.prompts("02")] == ["02-preterm", "02-diagnosis-later"]
    assert prompts.prompts("42") == []  # a lesson without a prompt file has no prompts


def test_get_finds_a_prompt_or_names_the_known_ones():
    assert prompts.get("02", "02-preterm").kind == "choice"
    assert prompts.get(2, "02-preterm") == prompts.get("02", "02-preterm")
    with pytest.raises(ValueError, match=r"prompt_id .*'02-preterm'.*not '02-nothing'"):
        prompts.get("02", "02-nothing")
    with pytest.raises(TypeError, match="prompt_id"):
        prompts.get("02", 3)
    with pytest.raises(ValueError, match="lesson"):
        prompts.get("x", "02-preterm")


@pytest.mark.parametrize("item", [p for p in PROMPTS if p.kind == "choice"], ids=lambda p: p.id)
def test_exactly_the_declared_option_is_right(item: Prompt):
    verdicts = {o.id: prompts.check(item, o.id) for o in item.options}
    assert [key for key, v in verdicts.items() if v.correct] == [item.answer]
    for option in item.options:
        assert verdicts[option.id].feedback == option.feedback
        assert verdicts[option.id].model_answer == item.model_answer


# --------------------------------------------------------------------------- checking
def _make(**fields) -> Prompt:
    base = {"id": "02-x", "lesson": "02", "prompt": "How many?", "model_answer": "Three.",
            "sources": ("course",)}  # fmt: skip
    return Prompt.model_validate({**base, **fields})


def test_a_number_is_right_within_its_tolerance_and_says_which_side_it_missed():
    item = _make(kind="number", answer=2.5, tolerance=0.5, unit="months")
    assert prompts.check(item, 3.0).correct is True
    assert prompts.check(item, "2,0").correct is True  # a decimal comma, at the edge
    low, high = prompts.check(item, 1.9), prompts.check(item, 3.1)
    assert low.correct is False and "below" in low.feedback and "0.5 months" in low.feedback
    assert high.correct is False and "above" in high.feedback
    with pytest.raises(ValueError, match="response must be a number"):
        prompts.check(item, "")
    with pytest.raises(ValueError, match="answer must be a number"):
        prompts.check(item, "soon")


def test_a_prediction_is_right_within_its_tolerance_and_must_be_on_the_slider():
    item = _make(kind="prediction", answer=6, tolerance=1, min=0, max=24, step=0.5)
    assert prompts.check(item, 7).correct is True and prompts.check(item, 7.5).correct is False
    with pytest.raises(ValueError, match=r"between 0\.0 and 24\.0"):
        prompts.check(item, 30)


def test_a_text_prompt_has_no_verdict_until_the_learner_rates_it():
    item = _make(kind="text")
    verdict = prompts.check(item, "  IgM is spared  ")
    assert verdict.correct is None and verdict.model_answer == "Three."
    with pytest.raises(ValueError, match="response must not be empty"):
        prompts.check(item, "   ")


def test_a_choice_response_must_be_an_option():
    item = prompts.get("00", "00-binder-progress")
    with pytest.raises(ValueError, match=r"one option id of \['a', 'b', 'c'\]"):
        prompts.check(item, "z")
    with pytest.raises(TypeError, match="prompt must be a Prompt"):
        prompts.check("00-binder-progress", "a")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"kind": "number", "answer": 2.0}, "needs a tolerance"),
        ({"kind": "number", "tolerance": 1}, "finite number as answer"),
        ({"kind": "number", "answer": 1, "tolerance": 1, "min": 0}, "belong to a prediction"),
        ({"kind": "prediction", "answer": 1, "tolerance": 1}, "needs min, max and step"),
        ({"kind": "prediction", "answer": 30, "tolerance": 1, "min": 0, "max": 24, "step": 1},
         "between min and max"),
        ({"kind": "text", "answer": "b"}, "a text prompt takes no"),
        ({"kind": "choice", "answer": "a"}, "two or more options"),
        ({"kind": "essay"}, "kind"),
        ({"kind": "text", "id": "03-x"}, "starts with its lesson number"),
        ({"kind": "text", "model_answer": ""}, "model_answer"),
    ],
)  # fmt: skip
def test_a_badly_formed_prompt_is_rejected(fields, says):
    with pytest.raises(ValueError, match=says):
        _make(**fields)


# --------------------------------------------------------------------------- files
GOOD = """
    lesson = "00"

    [[prompts]]
    id = "00-where"
    kind = "choice"
    prompt = "Where?"
    answer = "a"
    model_answer = "Here."
    sources = ["{source}"]

    [[prompts.options]]
    id = "a"
    text = "Here"
    feedback = "{right}"

    [[prompts.options]]
    id = "b"
    text = "There"
    feedback = "{wrong}"
"""


@pytest.fixture
def prompt_file(tmp_path, monkeypatch):
    """Write ``prompts/lesson_00.toml`` into an instructor's data folder (HIGM_LESSONS_DATA)."""
    folder = tmp_path / "data"
    (folder / "prompts").mkdir(parents=True)
    monkeypatch.setenv(data.DATA_ENV, str(folder))

    def write(text: str, name: str = "lesson_00.toml") -> Path:
        path = folder / "prompts" / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def good(source="course", right="The file is kept here.", wrong="It was moved away.") -> str:
    return GOOD.format(source=source, right=right, wrong=wrong)


def error_of() -> str:
    with pytest.raises(PromptError) as info:
        prompts.prompts("00")
    assert isinstance(info.value, data.DataError)
    return str(info.value)


def test_an_instructor_file_replaces_the_course_file(prompt_file):
    prompt_file(good())
    assert [p.id for p in prompts.prompts("00")] == ["00-where"]
    assert "00-ige-bar" not in [p.id for p in prompts.all_prompts()]


def test_an_unknown_source_key_names_file_prompt_and_field(prompt_file):
    prompt_file(good(source="nobody2099"))
    message = error_of()
    assert "prompts/lesson_00.toml, prompt 1 (id '00-where'), field 'sources'" in message
    assert "nobody2099" in message


def test_a_missing_field_names_file_prompt_and_field(prompt_file):
    prompt_file(good().replace('model_answer = "Here."\n', ""))
    assert "prompt 1 (id '00-where'), field 'model_answer'" in error_of()


def test_feedback_that_contradicts_the_verdict_is_rejected(prompt_file):
    prompt_file(good(wrong="Correct, it is there."))
    assert "opens as if right" in error_of()


def test_a_file_for_another_lesson_or_a_broken_file(prompt_file):
    prompt_file(good().replace('lesson = "00"', 'lesson = "01"'))
    assert 'says lesson = "01"' in error_of()
    prompt_file('lesson = "00"\n[[prompts]\n')
    assert "prompts/lesson_00.toml is not valid TOML" in error_of()


def test_the_same_id_in_two_files_is_an_error(prompt_file):
    prompt_file(good())
    prompt_file(good().replace('"00"', '"01"').replace("00-where", "01-where"), "lesson_01.toml")
    assert len(prompts.all_prompts()) > 1
    prompt_file(good().replace('lesson = "00"', 'lesson = "01"'), "lesson_01.toml")
    with pytest.raises(PromptError, match=r"prompts/lesson_01\.toml"):
        prompts.all_prompts()  # its id does not start with its lesson number


def test_data_validation_includes_the_prompt_files(prompt_file):
    assert data.validate_all([prompts.all_prompts]) == []
    prompt_file(good(source="nobody2099"))
    problems = data.validate_all([prompts.all_prompts])
    assert len(problems) == 1 and "nobody2099" in problems[0]


def test_objective_tags_are_validated(prompt_file):
    def tagged(objective: str) -> str:
        line = 'sources = ["course"]'
        return good().replace(line, f'{line}\n    objectives = ["{objective}"]')

    prompt_file(tagged("00-3"))
    assert prompts.prompts("00")[0].objectives == ("00-3",)
    prompt_file(tagged("10-1"))
    message = error_of()
    assert "prompt 1 (id '00-where'), field 'objectives'" in message
    assert "'10-1' belongs to a later lesson than 00" in message
