"""Widget tests for lesson 07: the case player advances stage by stage, and the feature chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from higm_lessons import cases
from higm_lessons.data import DATA_ENV
from higm_lessons.progress import ProgressStore
from higm_lessons.widgets import common
from higm_lessons.widgets.lesson07 import case_player, feature_chart

PLOTLY = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    path = tmp_path / "p.sqlite"
    monkeypatch.setenv("HIGM_LESSONS_PROGRESS", str(path))
    common._STORES.clear()
    yield path
    common._STORES.clear()


def text(value: str) -> str:
    return re.sub(r"<[^>]+>", "", value)


def test_commit_requires_a_choice_then_reveals_the_next_stage():
    player = case_player("higm1-classic").inner
    assert "Stage 1 of 5" in player.progress.value
    assert "Pneumocystis" in player.story.value and "Examination" not in player.story.value
    player.commit.click()
    assert "Choose your leading diagnosis first" in text(player.status.value)
    assert "Stage 1 of 5" in player.progress.value
    player.choice.value = "XLA"
    player.commit.click()
    assert "Stage 2 of 5" in player.progress.value
    assert "Stage 2: Examination" in text(player.story.value)
    # Pneumocystis in a baby: SCID, commoner in the first year, leads before any test.
    assert "Base rates and reasons favour SCID" in text(player.status.value)
    reasoning = text(player.reasoning.value)
    assert "The differential after stage 1" in reasoning
    assert "Base rate (prior)" in reasoning and "1 in 58,000" in reasoning
    assert "Score = base rate × exp(evidence)" in reasoning
    assert player.choice.value == ""  # a fresh commitment for each stage
    title = player.figure.outputs[0]["data"][PLOTLY]["layout"]["title"]["text"]
    assert title == "Differential after stage 1"


def test_full_case_ends_with_explanation_and_saves_the_answer(store: Path):
    player = case_player("xla").inner
    for _ in range(5):
        player.choice.value = "XLA"
        player.commit.click()
    assert "Stage 5 of 5" in player.progress.value
    assert "Expected diagnosis: XLA" in text(player.final.value)
    assert "Your final answer matches" in text(player.final.value)
    assert "Teaching points" in text(player.final.value)
    assert player.commit.disabled
    assert text(player.history.value).count("Stage") == 5
    answers = ProgressStore(store).answers()
    assert answers["question"].tolist() == ["07-case-xla"] and bool(answers["correct"].iloc[0])
    player.restart.click()
    assert "Stage 1 of 5" in player.progress.value and not player.commit.disabled
    assert player.final.value == ""


def test_labs_stage_shows_the_flagged_table_and_trap_caveat():
    player = case_player("infant-under-6-months").inner
    for choice in ("SCID", "SCID", "HIGM_CD40L"):
        player.choice.value = choice
        player.commit.click()
    story = text(player.story.value)
    assert "150 mg/dL (1.5 g/L)" in story and "Stage 4: Flow cytometry" in story
    assert "mother" in text(player.reasoning.value)


def test_switching_case_restarts():
    player = case_player("higm1-classic").inner
    player.choice.value = "XLA"
    player.commit.click()
    player.case_menu.value = "scid"
    assert "Stage 1 of 5" in player.progress.value
    assert "failing to thrive" in player.progress.value


def test_case_text_is_escaped(tmp_path, monkeypatch):
    folder = tmp_path / "mine" / "cases"
    folder.mkdir(parents=True)
    course = Path(cases.__file__).resolve().parent.parent / "data" / "cases"
    text_ = (
        (course / "07_xla.toml")
        .read_text()
        .replace(
            'title = "A 2-year-old boy with ear infections almost every month"',
            'title = "Tiny <img src=x onerror=alert(1)>"',
        )
        .replace("His mother's brother", "<script>alert(2)</script> His mother's brother")
    )
    (folder / "07_xla.toml").write_text(text_)
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "mine"))
    player = case_player("xla").inner
    assert "<img" not in player.progress.value and "&lt;img" in player.progress.value
    assert "<script>" not in player.story.value and "&lt;script&gt;" in player.story.value
    # A dropdown shows its option labels as plain text (never as HTML), so the title must
    # arrive there verbatim: escaping it would show "&lt;img" to the learner.
    labels = dict((value, label) for label, value in player.case_menu.options)
    assert labels["xla"] == "Tiny <img src=x onerror=alert(1)>"


def test_feature_chart_reacts():
    chart = feature_chart().inner
    before = chart.figure.outputs[0]["data"][PLOTLY]
    chart.control.value = "laboratory"
    after = chart.figure.outputs[0]["data"][PLOTLY]
    assert after != before and "laboratory findings" in after["layout"]["title"]["text"]
    assert "Normal serum IgM in 40%" in chart.takeaway.value
