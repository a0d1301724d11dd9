"""Lesson 02 widgets and figures: the IgG curve reacts to every control; predict-then-reveal."""

from __future__ import annotations

import re

import pytest

from higm_lessons import immunoglobulins as ig
from higm_lessons.figures import immunoglobulins as figs
from higm_lessons.progress import ProgressStore
from higm_lessons.widgets import early_life
from tests.helpers import fresh_progress

PLOTLY_MIME = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    """Every test gets its own progress file: a committed prediction changes the widgets."""
    yield from fresh_progress(monkeypatch, tmp_path / "progress.sqlite")


def payload(output) -> dict:
    assert len(output.outputs) == 2  # the figure, then its numbers as text ("Show the data")
    return output.outputs[0]["data"][PLOTLY_MIME]


def trace(fig_payload, name) -> dict:
    return next(t for t in fig_payload["data"] if t.get("name") == name)


def text(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


def test_figure_shows_three_curves_the_bands_and_the_nadir():
    curve = ig.igg_curve()
    fig = figs.infant_igg_figure(curve, ig.igg_nadir(), None, title="t")
    names = [t.name for t in fig.data]
    assert {"mother's IgG", "infant's own IgG", "total IgG", "nadir (lowest total)"} <= set(names)
    dashes = {t.name: t.line.dash for t in fig.data if t.mode == "lines"}
    assert dashes == {"mother's IgG": "dash", "infant's own IgG": "dot", "total IgG": "solid"}
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(rects) == 5  # the five Mayo bands that start before 36 months
    assert rects[0].y0 == 100 and rects[0].y1 == 334
    nadir = next(t for t in fig.data if t.name == "nadir (lowest total)")
    assert nadir.text[0] == "nadir: 112 mg/dL at 3.0 months"


def test_takeaways():
    healthy = figs.infant_igg_takeaway(ig.igg_nadir(), None, class_switching=True)
    assert "about 112 mg/dL at 3.0 months" in healthy and "never falls below" in healthy
    higm = figs.infant_igg_takeaway(ig.igg_nadir(class_switching=False), 76, class_switching=False)
    assert "no recovery" in higm and "below the reference band at 2.5 months" in higm


def test_curve_widget_reacts_to_every_control():
    inner = early_life.igg_explorer().inner
    total = lambda: trace(payload(inner.figure), "total IgG")["y"]  # noqa: E731
    start = total()
    inner.maternal.value = 800
    after_maternal = total()
    assert after_maternal != start
    inner.half_life.value = 30
    assert total() != after_maternal
    inner.switching.value = False
    assert "no class switching" in payload(inner.figure)["layout"]["title"]["text"]
    assert "no recovery" in text(inner.takeaway.value)
    inner.switching.value = True
    inner.preterm.value = True
    assert inner.maternal.value == 641
    inner.preterm.value = False
    assert inner.maternal.value == 1226
    assert inner.status.value == ""


def test_predict_then_reveal():
    inner = early_life.predict_onset().inner
    assert inner.reveal.outputs == () and inner.answer.value == ""
    inner.prediction.value = 6.0
    inner.commit.click()
    assert inner.reveal.outputs == () and "Say how sure you are" in inner.status.value
    inner.bar.confidence.value = "think so"
    inner.commit.click()
    fig = payload(inner.reveal)
    assert fig["layout"]["title"]["text"].startswith("A boy with X-linked HIGM")
    answer = text(inner.answer.value)
    assert "falls below the reference band at 2.5 months" in answer
    assert "You predicted 3.5 months later" in answer
    assert "more than half by age 1" in answer and "more than 90% by age 4" in answer
    assert inner.prediction.disabled and inner.commit.disabled and not inner.again.disabled
    inner.again.click()
    assert inner.reveal.outputs == () and inner.answer.value == ""
    assert not inner.prediction.disabled


def test_the_prediction_is_recorded_and_restored(store_path):
    inner = early_life.predict_onset().inner
    inner.prediction.value = 2.0
    inner.bar.confidence.value = "guessing"
    inner.commit.click()
    saved = ProgressStore(store_path).attempts(lesson=2, item="02-predict-onset")
    assert saved[["kind", "response", "correct", "confidence"]].values.tolist() == [
        ["prediction", 2.0, True, "guessing"]  # within a month of 2.5
    ]
    again = early_life.predict_onset().inner  # the cell runs again (or after a restart)
    assert again.prediction.value == 2.0 and again.prediction.disabled
    assert "falls below the reference band at 2.5 months" in text(again.answer.value)
    assert "Restored your answer from" in again.status.value
    again.again.click()
    again.prediction.value = 9.0
    again.bar.confidence.value = "sure"
    again.commit.click()
    history = ProgressStore(store_path).attempts(lesson=2, item="02-predict-onset")
    assert history["response"].tolist() == [2.0, 9.0]
    assert history["correct"].tolist() == [True, False]


def test_the_explorer_hides_the_onset_month_until_the_prediction_is_committed():
    inner = early_life.igg_explorer().inner
    inner.switching.value = False
    names = [t.get("name") for t in payload(inner.figure)["data"]]
    assert "first below the band" not in names
    assert "2.5 months" not in inner.takeaway.value and "below the reference band at" not in (
        inner.takeaway.value
    )
    assert "hidden until you commit your prediction" in text(inner.takeaway.value)
    predict = early_life.predict_onset().inner
    predict.bar.confidence.value = "sure"
    predict.commit.click()
    inner.half_life.value = 22  # any change redraws, now with the month
    inner.half_life.value = 21
    names = [t.get("name") for t in payload(inner.figure)["data"]]
    assert "first below the band" in names
    assert "below the reference band at 2.5 months" in text(inner.takeaway.value)


@pytest.mark.parametrize(("months", "phrase"), [(2.5, "Spot on"), (1.0, "1.5 months earlier")])
def test_prediction_feedback(months, phrase):
    inner = early_life.predict_onset().inner
    inner.prediction.value = months
    inner.bar.confidence.value = "sure"
    inner.commit.click()
    assert phrase in text(inner.answer.value)
