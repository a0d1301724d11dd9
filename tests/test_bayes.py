"""Unit tests for higm_lessons.bayes: equilibrium priors, elimination, forward sampling."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from higm_lessons import bayes
from higm_lessons.inheritance import _model


def test_haldane_equilibrium():
    women, men = bayes.x_linked_equilibrium(1e-6, 1e-6)
    assert women.sum() == pytest.approx(1) and men.sum() == pytest.approx(1)
    assert women[1] == pytest.approx(4e-6, rel=1e-5)  # carrier women about 4 mu
    assert men[1] == pytest.approx(3e-6, rel=1e-5)  # affected men about 3 mu
    women, men = bayes.x_linked_equilibrium(1e-6, 3e-6)
    assert women[1] == pytest.approx(2 * (1e-6 + 3e-6), rel=1e-4)  # 2 (mu + nu)
    a, _ = bayes.x_linked_equilibrium(1e-6, 1e-6)
    a[0] = 5  # a copy: the cache is not changed
    assert bayes.x_linked_equilibrium(1e-6, 1e-6)[0][0] < 1


def rows():
    p = lambda i, f, m, s, a: {"id": i, "father": f, "mother": m, "sex": s, "affected": a}  # noqa: E731
    return [
        p("1", None, None, "M", False),
        p("2", None, None, "F", None),
        p("3", "1", "2", "F", None),
        p("4", None, None, "M", False),
        p("5", "4", "3", "M", True),
        p("6", "4", "3", "F", None),
    ]


@pytest.mark.parametrize("mode", ["x-linked", "autosomal"])
def test_elimination_matches_brute_force(mode):
    model, _ = _model(rows(), mode, 0.01, 0.1, 2.0)
    pool = bayes.factors(model)
    cards = model.cards()
    joint = np.zeros(model.size)
    total = 0.0
    for g in itertools.product(*[range(c) for c in cards]):
        p = 1.0
        for variables, table in pool:
            p *= table[tuple(g[v] for v in variables)]
        total += p
        joint += p * (np.array(g) >= 1)
    order = bayes.elimination_order(model)
    for i in range(model.size):
        table, _ = bayes.marginal(model, i, order=order)
        assert table[1:].sum() / table.sum() == pytest.approx(joint[i] / total, rel=1e-10)
    # Any elimination order gives the same answer.
    table, _ = bayes.marginal(model, 2, order=list(reversed(order)))
    assert table[1:].sum() / table.sum() == pytest.approx(joint[2] / total, rel=1e-10)


def test_marginal_flags_impossible_evidence():
    r = rows()
    r[3]["affected"] = True  # father 4 affected, with an unaffected mother; fine
    r[2]["affected"] = True  # mother 3 affected: her son 5 must be affected (he is)
    r.append({"id": "7", "father": "4", "mother": "3", "sex": "M", "affected": False})
    model, _ = _model(r, "x-linked", 0.0, 0.0, 1.0, founder_rate=1e-6)
    table, log_scale = bayes.marginal(model, 0)
    assert not table.any() and log_scale == -np.inf


def test_sample_follows_mendel():
    model, _ = _model(rows(), "x-linked", 1e-12, 0.0, 1.0, founder_rate=0.2)
    g = bayes.sample(model, 200_000, np.random.default_rng(1))
    assert g.shape == (200_000, 6)
    carriers = g[:, 2] == 1  # mother 3 a carrier: her son 5 affected half the time
    assert abs(g[carriers, 4].mean() - 0.5) < 0.01
    assert set(np.unique(g[:, 0])) <= {0, 1}  # men have one X
    affected = bayes.is_affected(model, g)
    assert (affected[:, 4] == (g[:, 4] == 1)).all() and (affected[:, 2] == (g[:, 2] == 2)).all()
