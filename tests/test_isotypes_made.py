"""Unit tests for isotypes_made, ig_pattern and the defect checks (lessons 01 and 03)."""

from __future__ import annotations

import pytest

from higm_lessons import immunoglobulins as ig


def test_no_defect_makes_all_five():
    assert ig.isotypes_made() == {"IgG", "IgA", "IgM", "IgE", "IgD"}
    assert ig.isotypes_made(None) == set(ig.ISOTYPES)


@pytest.mark.parametrize("defect", ["CD40LG", "CD40", "AICDA", "UNG"])
def test_switching_defects_leave_only_igm_and_igd(defect):
    assert ig.isotypes_made(defect) == {"IgM", "IgD"}


def test_nemo_lists_only_what_is_made_reliably_and_says_why():
    assert ig.isotypes_made("IKBKG") == {"IgM", "IgD"}
    note = ig.ISOTYPE_NOTES["IKBKG"]
    assert "hypomorphic" in note and "varies" in note and "IgA" in note


def test_every_defect_has_a_note():
    assert set(ig.ISOTYPE_NOTES) == set(ig.DEFECTS)


def test_returns_a_fresh_set():
    made = ig.isotypes_made("CD40")
    made.add("IgG")
    assert ig.isotypes_made("CD40") == {"IgM", "IgD"}


@pytest.mark.parametrize("bad", ["cd40lg", "BTK", "", "CD40L", "none"])
def test_unknown_defect_raises_value_error(bad):
    with pytest.raises(ValueError, match="defect must be one of") as info:
        ig.isotypes_made(bad)
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("bad", [1, ["CD40"], True])
def test_non_text_defect_raises_type_error(bad):
    with pytest.raises(TypeError, match="defect"):
        ig.isotypes_made(bad)


def test_patterns():
    healthy = ig.ig_pattern("healthy")
    higm = ig.ig_pattern("HIGM")
    assert list(healthy.index) == list(higm.index) == ["IgG", "IgA", "IgM", "IgE"]
    assert set(healthy["level"]) == {"normal"}
    assert dict(higm["level"]) == {
        "IgG": "low",
        "IgA": "low",
        "IgM": "normal or high",
        "IgE": "low",
    }
    assert "myigsource_higm" in higm.loc["IgM", "source"]


@pytest.mark.parametrize(
    ("bad", "error"), [("higm", ValueError), ("", ValueError), (None, TypeError)]
)
def test_bad_pattern(bad, error):
    with pytest.raises(error, match="pattern"):
        ig.ig_pattern(bad)
