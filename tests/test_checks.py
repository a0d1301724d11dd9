import pytest

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
