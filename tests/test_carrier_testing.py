"""Unit tests for higm_lessons.carrier_testing: CD40L flow cytometry and X-inactivation."""

from __future__ import annotations

import pytest

from higm_lessons import carrier_testing as ct
from higm_lessons.carrier_testing import constants, expected_positive_share, simulate_flow


def test_sourced_constants():
    c = constants()
    assert c["cd40l_positive_control"] == 0.90
    assert c["cd40l_positive_patient"] == 0.05
    assert c["cd40l_positive_carrier"] == 0.50
    assert c["haemophilia_rate_ratio"] == 3.1


def test_expected_share_mixes_the_two_cell_types():
    assert expected_positive_share("control") == 0.90
    assert expected_positive_share("patient") == 0.05
    assert expected_positive_share("carrier", 0.5) == pytest.approx(0.475)
    assert expected_positive_share("carrier", 1.0) == pytest.approx(0.90)
    assert expected_positive_share("carrier", 0.0) == pytest.approx(0.05)
    # A balanced carrier is close to the published carrier figure.
    assert abs(expected_positive_share("carrier") - constants()["cd40l_positive_carrier"]) < 0.05


def test_simulated_flow_is_bimodal_in_a_carrier_and_reproducible():
    cells = simulate_flow("carrier", cells=20_000, seed=1)
    assert abs(cells["positive"].mean() - 0.475) < 0.02
    low = (cells["cd40l"] < 1.5).mean()
    high = (cells["cd40l"] > 2.5).mean()
    middle = ((cells["cd40l"] > 1.8) & (cells["cd40l"] < 2.2)).mean()
    assert low > 0.4 and high > 0.4 and middle < 0.05  # two peaks, a valley
    assert simulate_flow("carrier", seed=3).equals(simulate_flow("carrier", seed=3))


@pytest.mark.parametrize(
    "call,error,match",
    [
        (lambda: expected_positive_share("mother"), ValueError, "person must be one of"),
        (lambda: expected_positive_share("carrier", 1.2), ValueError, "working_x_share"),
        (lambda: expected_positive_share("carrier", "half"), TypeError, "working_x_share"),
        (lambda: simulate_flow("carrier", cells=5), ValueError, "cells must be"),
        (lambda: simulate_flow("carrier", seed=-2), ValueError, "seed must be"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_normal_staining_does_not_exclude_x_linked_higm():
    low, high = ct.patients_with_normal_staining()
    assert (low, high) == pytest.approx((0.10, 0.20))
    # Even the best case leaves one boy in ten with normal-looking staining.
    assert low > 0
