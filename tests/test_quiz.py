"""Unit tests for higm_lessons.quiz: the question banks, their validation and answer checking."""

from __future__ import annotations

import itertools
import math
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from higm_lessons import data, inheritance, labs, quiz
from higm_lessons.quiz import QuestionBankError

REPO = Path(__file__).resolve().parent.parent
BANK_NAME = "questions/lesson_00.toml"

QUESTIONS = quiz.all_questions()
SINGLE = [q for q in QUESTIONS if q.kind == "single"]
MULTIPLE = [q for q in QUESTIONS if q.kind == "multiple"]
NUMERIC = [q for q in QUESTIONS if q.kind == "numeric"]


def by_id(questions):
    return pytest.mark.parametrize("question", questions, ids=[q.id for q in questions])


# --------------------------------------------------------------------------- the real banks
def test_every_bank_loads():
    assert len(QUESTIONS) >= 5
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    assert [q.id for q in quiz.load_bank("00")] == [q.id for q in QUESTIONS if q.lesson == "00"]
    # every kind is present, so the parametrised tests below are not empty
    assert SINGLE and MULTIPLE and NUMERIC


def test_each_course_bank_file_is_loaded():
    files = sorted((REPO / "data" / "questions").glob("lesson_*.toml"))
    lessons = {q.lesson for q in QUESTIONS}
    assert lessons == {f.stem.removeprefix("lesson_") for f in files}


@pytest.mark.parametrize(
    ("text", "affirming", "negating"),
    [
        ("Correct! IgG is the largest.", True, False),
        ("Right: it is X-linked.", True, False),
        ("Yes, that is the pattern.", True, False),
        ("Well done.", True, False),
        ("That's right.", True, False),
        ("  Exactly.", True, False),
        ("No, IgM is made.", False, True),
        ("Not quite: check the factor.", False, True),
        ("Incorrect.", False, True),
        ("Wrong class.", False, True),
        ("Nothing is needed: answers are saved.", False, False),
        ("Normal for his age.", False, False),
        ("IgG is about three quarters of serum immunoglobulin.", False, False),
    ],
)
def test_the_tone_patterns(text, affirming, negating):
    assert bool(quiz.AFFIRMING.match(text)) is affirming
    assert bool(quiz.NEGATING.match(text)) is negating


def _question(question_id: str) -> quiz.Question:
    return next(q for q in QUESTIONS if q.id == question_id)


def test_the_small_family_question_rests_on_the_courses_risks():
    """05-small-family: two affected brothers fit both recessive modes; under autosomal
    recessive inheritance two affected children are both boys one time in four."""
    text = _question("05-small-family").explanation
    autosomal = inheritance.offspring_risks("autosomal", "carrier", "carrier")
    son, daughter = autosomal.loc["son", "affected"], autosomal.loc["daughter", "affected"]
    assert son == daughter == 0.25 and "one in four, son or daughter alike" in text
    assert (son / (son + daughter)) ** 2 == 0.25 and "both boys one time in four" in text
    x_linked = inheritance.offspring_risks("x-linked", "carrier", "non-carrier")
    assert x_linked.loc["son", "affected"] == 0.5 and "each son with a chance of one half" in text
    assert x_linked.loc["daughter", "affected"] == 0.0  # so only boys are affected: it fits


@pytest.mark.parametrize(
    ("analyte", "z", "flag"), [("IgG", -6.2, "L"), ("CD4", 1.2, "N"), ("ANC", -2.3, "L")]
)
def test_the_zlog_question_reads_as_the_course_flags(analyte, z, flag):
    """07-zlog-read: a result at each zlog value of the question, against the course's band
    for a 1-year-old boy, gets the flag that the keyed answer gives it."""
    band = labs.reference_interval(analyte, age_years=1.0, sex="M")
    low, high = math.log(band["low"]), math.log(band["high"])
    value = math.exp((low + high) / 2 + z * (high - low) / 3.92)
    assert float(labs.zlog(value, band["low"], band["high"])) == pytest.approx(z)
    assert labs.flag(value, band["low"], band["high"]) == flag
    shown = f"+{z}" if z > 0 else f"−{-z}"  # the prompt prints a true minus sign
    assert f"{analyte} at {shown}" in _question("07-zlog-read").prompt.replace("count ", "")


@by_id([q for q in QUESTIONS if q.kind != "numeric"])
def test_option_feedback_never_contradicts_the_verdict(question):
    right = set(question.correct_ids)
    for option in question.options:
        if option.id in right:
            assert not quiz.NEGATING.match(option.feedback), (option.id, option.feedback)
        else:
            assert not quiz.AFFIRMING.match(option.feedback), (option.id, option.feedback)


@by_id(NUMERIC)
def test_numeric_feedback_never_contradicts_the_verdict(question):
    assert not quiz.NEGATING.match(question.feedback_correct)
    assert not quiz.AFFIRMING.match(question.feedback_low)
    assert not quiz.AFFIRMING.match(question.feedback_high)


@by_id(SINGLE)
def test_a_single_question_has_exactly_its_declared_answer(question):
    ids = [o.id for o in question.options]
    assert question.answer in ids
    right = [i for i in ids if quiz.check(question, i).correct]
    assert right == [question.answer]
    for option in question.options:
        result = quiz.check(question, option.id)
        assert result.feedback == (option.feedback,)
        assert result.verdict == ("Correct." if option.id == question.answer else "Not quite.")
        assert result.explanation == question.explanation


@by_id(MULTIPLE)
def test_a_multiple_question_has_exactly_its_declared_answer_set(question):
    ids = [o.id for o in question.options]
    subsets = [set(c) for n in range(1, len(ids) + 1) for c in itertools.combinations(ids, n)]
    assert len(subsets) == 2 ** len(ids) - 1
    right = [s for s in subsets if quiz.check(question, sorted(s)).correct]
    assert right == [set(question.answer)]
    # the order of the ticks does not matter
    assert quiz.check(question, list(reversed(question.answer))).correct


@by_id(MULTIPLE)
def test_a_multiple_answer_with_a_right_option_missing_is_partly_right(question):
    if len(question.answer) < 2:
        pytest.skip("needs two or more right options")
    chosen = list(question.answer[:-1])
    missed = question.answer[-1]
    result = quiz.check(question, chosen)
    assert result.correct is False
    assert result.verdict.startswith("Partly right")
    missed_text = next(o.text for o in question.options if o.id == missed)
    assert any(line.startswith("You left out") and missed_text in line for line in result.feedback)


@by_id(MULTIPLE)
def test_a_multiple_answer_with_a_wrong_option_is_not_right(question):
    wrong = next(o.id for o in question.options if o.id not in question.answer)
    result = quiz.check(question, [*question.answer, wrong])
    assert result.correct is False
    assert result.verdict == "Not quite."
    assert len(result.feedback) == len(question.answer) + 1


@by_id(NUMERIC)
def test_a_numeric_question_accepts_exactly_its_tolerance(question):
    answer, tolerance = question.answer, question.tolerance
    small = 1e-6 * max(1.0, abs(answer))
    for value in (answer, answer - tolerance, answer + tolerance):
        result = quiz.check(question, value)
        assert result.correct, value
        assert result.feedback == (question.feedback_correct,)
        assert quiz.check(question, repr(value)).correct
    low = quiz.check(question, answer - tolerance - small)
    assert low.correct is False
    assert low.feedback == (question.feedback_low,)
    high = quiz.check(question, answer + tolerance + small)
    assert high.correct is False
    assert high.feedback == (question.feedback_high,)


def test_the_unit_question_takes_typed_entries():
    question = next(q for q in NUMERIC if q.id == "07-units-g-per-l")
    assert quiz.check(question, "8.2").correct
    assert quiz.check(question, " 8,2 ").correct
    assert not quiz.check(question, "82").correct
    assert quiz.check(question, "0.82").feedback == (question.feedback_low,)


# --------------------------------------------------------------------------- numeric edges
def _numeric(answer: float, tolerance: float) -> quiz.Question:
    return quiz.Question(
        id="t-numeric",
        lesson="00",
        kind="numeric",
        prompt="How many?",
        explanation="Because.",
        sources=("myigsource_higm",),
        answer=answer,
        tolerance=tolerance,
        feedback_correct="That matches.",
        feedback_low="Too low.",
        feedback_high="Too high.",
    )


@settings(max_examples=200, deadline=None)
@given(
    answer=st.decimals(
        min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False
    ),
    tolerance=st.sampled_from(["0", "0.01", "0.1", "0.5", "1", "5"]),
)
def test_typed_entries_at_the_edge_of_the_tolerance_count(answer, tolerance):
    tolerance = Decimal(tolerance)
    question = _numeric(float(answer), float(tolerance))
    for edge in (answer - tolerance, answer + tolerance):
        assert quiz.check(question, str(edge)).correct, (answer, tolerance, edge)
    outside = tolerance + Decimal("0.01")
    assert not quiz.check(question, str(answer - outside)).correct
    assert not quiz.check(question, str(answer + outside)).correct


# --------------------------------------------------------------------------- parse_number
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.25", 0.25),
        ("0,25", 0.25),
        ("25%", 25.0),
        (" 25 % ", 25.0),
        ("1/4", 0.25),
        (" 1 / 4 ", 0.25),
        ("-1/4", -0.25),
        (" 3 ", 3.0),
        ("+3", 3.0),
        ("1e3", 1000.0),
        (3, 3.0),
        (0.5, 0.5),
        ("1,030,000", 1030000.0),
        ("12,345.5", 12345.5),
        ("1,5", 1.5),
    ],
)
def test_parse_number_accepts(text, value):
    parsed = quiz.parse_number(text)
    assert parsed == value
    assert type(parsed) is float


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "",
        "   ",
        "1/0",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1/2/3",
        "1e999",
        float("nan"),
        float("inf"),
    ],
)
def test_parse_number_rejects(text):
    with pytest.raises(ValueError, match="answer"):
        quiz.parse_number(text)


@pytest.mark.parametrize("value", [True, False, None, [1], {"x": 1}])
def test_parse_number_rejects_non_numbers(value):
    with pytest.raises(TypeError, match="answer"):
        quiz.parse_number(value)


@given(st.floats(allow_nan=False, allow_infinity=False, width=32))
def test_parse_number_round_trips_floats(value):
    for text in (repr(value), str(value), f"{value}%", repr(value).replace(".", ",")):
        assert quiz.parse_number(text) == value, text
    assert quiz.parse_number(value) == value


@given(st.integers(min_value=-10_000, max_value=10_000), st.integers(min_value=1, max_value=999))
def test_parse_number_reads_fractions(numerator, denominator):
    assert math.isclose(quiz.parse_number(f"{numerator}/{denominator}"), numerator / denominator)


# --------------------------------------------------------------------------- check() errors
def test_check_rejects_bad_answers():
    single, multiple, numeric = SINGLE[0], MULTIPLE[0], NUMERIC[0]
    with pytest.raises(ValueError, match="option id"):
        quiz.check(single, "z")
    with pytest.raises(ValueError):
        quiz.check(single, ["a"])
    with pytest.raises(ValueError):
        quiz.check(single, None)
    with pytest.raises(TypeError):
        quiz.check(multiple, "a")
    with pytest.raises(TypeError):
        quiz.check(multiple, 3)
    with pytest.raises(ValueError, match="one or more"):
        quiz.check(multiple, [])
    with pytest.raises(ValueError):
        quiz.check(multiple, ["a", "z"])
    with pytest.raises(TypeError):
        quiz.check(numeric, ["820"])
    with pytest.raises(ValueError):
        quiz.check(numeric, "about eight hundred")
    with pytest.raises(TypeError, match="Question"):
        quiz.check("00-higm-pattern", "b")


def test_questions_are_frozen():
    with pytest.raises(Exception, match="frozen"):
        SINGLE[0].answer = "a"


def test_load_bank_arguments():
    assert [q.id for q in quiz.load_bank(0)] == [q.id for q in quiz.load_bank("00")]
    assert [q.id for q in quiz.load_bank("0")] == [q.id for q in quiz.load_bank(" 00 ")]
    with pytest.raises(ValueError, match="lesson"):
        quiz.load_bank("7x")
    with pytest.raises(ValueError, match="lesson"):
        quiz.load_bank(100)
    with pytest.raises(TypeError, match="lesson"):
        quiz.load_bank(None)
    with pytest.raises(TypeError, match="lesson"):
        quiz.load_bank(True)
    with pytest.raises(data.DataError, match=r"lesson_42\.toml"):
        quiz.load_bank("42")


# --------------------------------------------------------------------------- damaged banks
HEADER = 'lesson = "00"\n'

SINGLE_TOML = """
[[questions]]
id = "t-single"
kind = "single"
prompt = "Which class is made in HIGM?"
answer = "b"
explanation = "B cells make IgM but cannot switch."
sources = ["myigsource_higm"]

[[questions.options]]
id = "a"
text = "IgG"
feedback = "{feedback_a}"

[[questions.options]]
id = "b"
text = "IgM"
feedback = "{feedback_b}"
"""

NUMERIC_TOML = """
[[questions]]
id = "t-numeric"
kind = "numeric"
prompt = "8.2 g/L in mg/dL?"
answer = 820
{tolerance}
feedback_correct = "1 g/L is 100 mg/dL."
feedback_low = "Check the factor."
feedback_high = "Check the factor again."
explanation = "Multiply by 100."
sources = ["{source}"]
"""


def single(feedback_a="IgG is the class that is missing.", feedback_b="IgM is still made."):
    return SINGLE_TOML.format(feedback_a=feedback_a, feedback_b=feedback_b)


def numeric(tolerance="tolerance = 0.5", source="genereviews_xhigm"):
    return NUMERIC_TOML.format(tolerance=tolerance, source=source)


@pytest.fixture
def bank(tmp_path, monkeypatch):
    """Write ``lesson_00.toml`` into an instructor's data folder (HIGM_LESSONS_DATA)."""
    folder = tmp_path / "data"
    (folder / "questions").mkdir(parents=True)
    monkeypatch.setenv(data.DATA_ENV, str(folder))

    def write(text: str) -> Path:
        path = folder / "questions" / "lesson_00.toml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def bank_error(match: str | None = None) -> str:
    with pytest.raises(QuestionBankError) as info:
        quiz.load_bank("00")
    message = str(info.value)
    assert BANK_NAME in message
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, data.DataError)
    if match is not None:
        assert match in message, message
    # all_questions() reads the same file and must fail the same way
    with pytest.raises(QuestionBankError):
        quiz.all_questions()
    return message


def test_an_instructor_bank_replaces_the_course_bank(bank):
    bank(HEADER + single() + numeric())
    assert [q.id for q in quiz.load_bank("00")] == ["t-single", "t-numeric"]
    lesson_00 = [q.id for q in quiz.all_questions() if q.lesson == "00"]
    assert lesson_00 == ["t-single", "t-numeric"]
    others = [q.id for q in quiz.all_questions() if q.lesson != "00"]
    assert others == [q.id for q in QUESTIONS if q.lesson != "00"]
    assert quiz.load_bank("00")[1].answer == 820.0


def test_an_instructor_bank_for_another_lesson_is_added(bank, tmp_path):
    extra = tmp_path / "data" / "questions" / "lesson_01.toml"
    extra.write_text('lesson = "01"\n' + single())
    questions = quiz.all_questions()
    # the instructor's lesson 01 file replaces the course's, in lesson order
    assert [q.id for q in questions if q.lesson == "01"] == ["t-single"]
    assert [q.id for q in questions if q.lesson != "01"] == [
        q.id for q in QUESTIONS if q.lesson != "01"
    ]
    assert [q.lesson for q in questions] == sorted(q.lesson for q in questions)
    assert quiz.load_bank(1)[0].lesson == "01"


def test_the_same_id_in_two_banks_is_an_error(bank, tmp_path):
    bank(HEADER + single())
    (tmp_path / "data" / "questions" / "lesson_01.toml").write_text('lesson = "01"\n' + single())
    with pytest.raises(QuestionBankError, match="more than one bank") as info:
        quiz.all_questions()
    assert "t-single" in str(info.value)


def test_a_toml_syntax_error(bank):
    bank(HEADER + "[[questions]\nid = 'x'\n")
    message = bank_error("not valid TOML")
    assert "line 2" in message


def test_a_wrong_option_that_says_correct(bank):
    bank(HEADER + numeric() + single(feedback_a="Correct! IgG is the main class."))
    message = bank_error("question 2 (id 't-single')")
    assert "option 'a' feedback" in message
    assert "opens as if it were right" in message


def test_a_right_option_that_says_no(bank):
    bank(HEADER + single(feedback_b="No doubt: IgM is still made."))
    message = bank_error("question 1 (id 't-single')")
    assert "option 'b' feedback" in message
    assert "opens as if it were wrong" in message


def test_numeric_feedback_with_the_wrong_tone(bank):
    bank(HEADER + numeric().replace('feedback_low = "Check', 'feedback_low = "Right idea, check'))
    bank_error("feedback_low belongs to a wrong answer")


def test_an_answer_naming_no_option(bank):
    bank(HEADER + single().replace('answer = "b"', 'answer = "e"'))
    message = bank_error("question 1 (id 't-single')")
    assert "'e'" in message
    assert "must name distinct options" in message


def test_a_multiple_answer_naming_no_option(bank):
    text = single().replace('kind = "single"', 'kind = "multiple"')
    bank(HEADER + text.replace('answer = "b"', 'answer = ["b", "c"]'))
    bank_error("must name distinct options")


def test_a_single_question_with_a_list_answer(bank):
    bank(HEADER + single().replace('answer = "b"', 'answer = ["b"]'))
    bank_error("single-choice answer is one option id")


def test_duplicate_question_ids(bank):
    bank(HEADER + single() + single())
    bank_error("duplicate question ids ['t-single']")


def test_duplicate_option_ids(bank):
    bank(HEADER + single().replace('id = "b"', 'id = "a"'))
    bank_error("option ids must be unique")


def test_a_numeric_question_without_tolerance(bank):
    bank(HEADER + numeric(tolerance=""))
    message = bank_error("question 1 (id 't-numeric')")
    assert "needs a tolerance" in message


def test_a_negative_tolerance(bank):
    bank(HEADER + numeric(tolerance="tolerance = -1"))
    bank_error("field 'tolerance'")


def test_an_unknown_source_key(bank):
    bank(HEADER + numeric(source="nobody2020"))
    message = bank_error("question 1 (id 't-numeric'), field 'sources'")
    assert "nobody2020" in message


def test_a_missing_lesson_header(bank):
    bank(single())
    bank_error('needs lesson = "NN" at the top')


def test_a_malformed_lesson_header(bank):
    bank("lesson = 0\n" + single())
    bank_error("needs lesson")


def test_a_bank_without_questions(bank):
    bank(HEADER)
    bank_error("at least one [[questions]]")


def test_a_questions_entry_that_is_not_a_table(bank):
    bank(HEADER + "questions = [1, 2]\n")
    bank_error("question 1")


def test_a_misspelt_field_is_named(bank):
    bank(HEADER + single().replace("prompt =", "promt ="))
    message = bank_error("field 'promt'")
    assert "field 'prompt'" in message  # and the missing one too


def test_every_problem_is_listed(bank):
    bank(HEADER + numeric(tolerance="") + single(feedback_a="Yes, IgG.") + single())
    message = bank_error()
    assert "question 1 (id 't-numeric')" in message
    assert "question 2 (id 't-single')" in message
    assert "duplicate question ids" not in message  # only valid questions are compared
    assert len(message.splitlines()) == 2


def test_a_bank_whose_header_names_another_lesson_is_rejected(bank):
    bank('lesson = "01"\n' + single())
    message = bank_error("rename it lesson_01.toml")
    assert 'lesson = "01"' in message


def test_objective_tags_must_name_objectives_of_this_lesson_or_earlier(bank):
    line = 'sources = ["genereviews_xhigm"]'
    tagged = numeric().replace(line, f'{line}\nobjectives = ["00-1"]')
    bank(HEADER + tagged)
    assert quiz.load_bank("00")[0].objectives == ("00-1",)
    bank(HEADER + tagged.replace('"00-1"', '"00-9"'))
    message = bank_error("question 1 (id 't-numeric'), field 'objectives'")
    assert "'00-9' is not in objectives.csv" in message
    bank(HEADER + tagged.replace('"00-1"', '"04-2"'))
    assert "belongs to a later lesson than 00" in bank_error("field 'objectives'")
