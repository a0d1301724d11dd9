import numpy as np
import pytest

from higm_lessons import checks
from higm_lessons.checks import one_of


def test_a_listed_value_is_returned():
    assert one_of("mode", "x-linked", ("x-linked", "autosomal")) == "x-linked"


def test_none_is_accepted_only_when_optional():
    assert one_of("defect", None, ["CD40"], optional=True) is None
    with pytest.raises(TypeError, match=r"defect must be one of \['CD40'\], not None"):
        one_of("defect", None, ["CD40"])


def test_an_unknown_value_names_the_argument_and_the_choices():
    with pytest.raises(ValueError, match=r"mode must be one of \['a', 'b'\] or None, not 'c'"):
        one_of("mode", "c", "ab", optional=True)


def test_a_value_of_the_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="isotype must be one of"):
        one_of("isotype", 3, ["IgG"])
    with pytest.raises(TypeError):
        one_of("isotype", ["IgG"], ["IgG"])  # unhashable, still a clear TypeError


# --------------------------------------------------------------------------- one rule


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: checks.boolean("preterm", "yes"), TypeError, "preterm must be True or False"),
        (lambda: checks.boolean("preterm", 1), TypeError, "preterm must be True or False"),
        (lambda: checks.whole("learners", 2.0), TypeError, "learners must be a whole number"),
        (lambda: checks.whole("learners", True), TypeError, "learners must be a whole number"),
        (
            lambda: checks.whole("learners", 1, low=2, high=500),
            ValueError,
            "learners must be a whole number from 2",
        ),
        (
            lambda: checks.whole("cells", 99, low=100),
            ValueError,
            "cells must be a whole number 100",
        ),
        (lambda: checks.number("dose", "1"), TypeError, "dose must be a number"),
        (lambda: checks.number("dose", float("nan")), ValueError, "dose must be a finite number"),
        (lambda: checks.number("dose", -1, low=0), ValueError, "dose must be a number 0 or more"),
        (lambda: checks.probability("p", 1.5), ValueError, "p must be a number from 0 to 1"),
        (lambda: checks.text("question", None), TypeError, "question must be text"),
        (lambda: checks.text("question", "  "), ValueError, "question must not be empty"),
        (lambda: checks.file_path("path", 3), TypeError, "path must be a file path"),
        (lambda: checks.seed(-1), ValueError, "seed must be a whole number 0 or more"),
        (lambda: checks.seed("1"), TypeError, "seed must be a whole number"),
        (lambda: checks.generator(1.5), TypeError, "seed must be None, a whole number"),
        (lambda: checks.generator(-2), ValueError, "seed must be a whole number 0 or more"),
    ],
)
def test_wrong_type_is_a_type_error_and_wrong_value_a_value_error(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error and str(info.value).startswith(message)


def test_checks_return_the_canonical_value(tmp_path):
    assert checks.whole("n", np.int64(7), low=0) == 7 and type(checks.whole("n", 7)) is int
    assert checks.number("x", np.float32(0.5)) == 0.5
    assert checks.boolean("flag", np.bool_(True)) is True
    assert checks.text("question", "  q1 ") == "q1"
    assert checks.file_path("path", str(tmp_path / "a.json")) == tmp_path / "a.json"
    assert checks.folder("folder", str(tmp_path)) == tmp_path
    with pytest.raises(ValueError, match="path must be a file, but"):
        checks.file_path("path", tmp_path)
    with pytest.raises(ValueError, match="folder must be an existing folder"):
        checks.folder("folder", tmp_path / "missing")


def test_one_seed_gives_one_draw_and_a_generator_is_used_as_given():
    a = checks.generator(2025).random(3)
    b = checks.generator(np.int64(2025)).random(3)
    assert np.array_equal(a, b)
    rng = np.random.default_rng(1)
    assert checks.generator(rng) is rng
    assert isinstance(checks.generator(None), np.random.Generator)


def test_line_of_names_the_file_line_and_the_data_row():
    assert checks.line_of(0) == "line 2 (data row 1)"
    assert checks.line_of(9) == "line 11 (data row 10)"
