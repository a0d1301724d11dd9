"""Widget tests for lessons 08 and 09: the feature chart, and the case player advancing stage
by stage."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from higm_lessons import cases
from higm_lessons.data import DATA_ENV
from higm_lessons.progress import ProgressStore, read_export_contents
from higm_lessons.widgets.cases import case_player, feature_chart
from tests.helpers import fresh_progress, state_text

PLOTLY = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "p.sqlite")


def text(value: str) -> str:
    return re.sub(r"<[^>]+>", "", value)


def commit(player, code: str, confidence: str = "think so") -> None:
    player.choice.value = code
    player.bar.confidence.value = confidence
    player.commit.click()


def test_commit_requires_a_choice_and_a_confidence_then_reveals_the_next_stage(store: Path):
    player = case_player("higm1-classic").inner
    assert "Stage 1 of 5" in player.progress.value
    assert "Pneumocystis" in player.story.value and "Examination" not in player.story.value
    player.commit.click()
    assert "Answer first" in text(player.bar.status.value)
    player.choice.value = "XLA"
    player.commit.click()
    assert "Say how sure you are first" in text(player.bar.status.value)
    assert "Stage 1 of 5" in player.progress.value and player.reasoning.value == ""
    assert ProgressStore(store).attempts().empty
    player.bar.confidence.value = "guessing"
    player.commit.click()
    assert "Stage 2 of 5" in player.progress.value
    assert "Stage 2: Examination" in text(player.story.value)
    # Pneumocystis in a baby: SCID, commoner in the first year, leads before any test.
    assert "Base rates and reasons favour SCID" in text(player.status.value)
    reasoning = text(player.reasoning.value)
    assert "The differential after stage 1" in reasoning
    assert "Base rate (prior)" in reasoning and "1 in 58,000" in reasoning
    assert "Score = base rate × exp(evidence)" in reasoning
    assert player.choice.value == "" and player.bar.confidence.value is None  # a fresh stage
    title = player.figure.outputs[0]["data"][PLOTLY]["layout"]["title"]["text"]
    assert title == "Differential after stage 1"
    assert "Stage 1: you chose XLA (guessing)" in text(player.history.value)


def test_nothing_of_the_answer_is_in_the_page_before_each_commit():
    """Before a stage's commitment: no differential or next tests for that stage, no later
    stage, and never the explanation, teaching points or expected diagnosis."""
    for case in cases.load_cases().values():
        player = case_player(case.id).inner
        for stage in range(len(cases.STAGES)):
            state = html.unescape(state_text(player))
            assert case.explanation not in state and case.teaching_points[0] not in state
            assert "Expected diagnosis" not in state
            assert f"The differential after stage {stage + 1}" not in state
            assert f"Differential after stage {stage + 1}" not in state
            if stage + 1 < len(cases.STAGES):
                assert case.stages[stage + 1].text not in state
            commit(player, "NORMAL")
            assert f"The differential after stage {stage + 1}" in text(player.reasoning.value)
        assert "Expected diagnosis" in text(player.final.value)


def test_every_stage_is_recorded_with_its_confidence_and_the_final_answer(store: Path):
    player = case_player("xla").inner
    for confidence in ("guessing", "guessing", "think so", "sure", "sure"):
        commit(player, "XLA", confidence)
    assert "Stage 5 of 5" in player.progress.value
    final = text(player.final.value)
    assert "Expected diagnosis: XLA" in final and "Your final answer matches" in final
    assert "You were sure." in final and "Teaching points" in final
    assert player.commit.disabled and player.choice.disabled
    assert text(player.history.value).count("Stage") == 5
    saved = ProgressStore(store)
    stages = saved.attempts(lesson="09")
    assert stages["item"].tolist() == [f"09-xla-stage-{n}" for n in range(1, 6)]
    assert set(stages["kind"]) == {"case-stage"}
    assert stages["confidence"].tolist() == ["guessing", "guessing", "think so", "sure", "sure"]
    assert [r["leading"] for r in stages["response"]] == ["XLA"] * 5
    assert [r["stage"] for r in stages["response"]] == [1, 2, 3, 4, 5]
    assert stages["correct"].iloc[-1] is True  # the expected diagnosis
    answers = saved.answers()
    assert answers["question"].tolist() == ["09-case-xla"] and bool(answers["correct"].iloc[0])
    assert answers["confidence"].tolist() == ["sure"]
    player.restart.click()
    assert "Stage 1 of 5" in player.progress.value and not player.commit.disabled
    assert player.final.value == "" and not player.choice.disabled


def test_the_stages_are_in_the_export(store: Path, tmp_path):
    player = case_player("thi").inner
    commit(player, "THI", "think so")
    commit(player, "NORMAL", "guessing")
    contents = read_export_contents(ProgressStore(store).export_json(tmp_path / "e.json"))
    items = {(a[1], a[2]) for a in contents.attempts}
    assert items == {("09-thi-stage-1", "case-stage"), ("09-thi-stage-2", "case-stage")}


def test_a_fresh_player_resumes_at_the_furthest_committed_stage(store: Path):
    first = case_player("higm1-classic").inner
    commit(first, "SCID", "guessing")
    commit(first, "SCID", "think so")
    again = case_player().inner  # no case named: the one the learner was playing
    assert again.case_menu.value == "higm1-classic"
    assert "Stage 3 of 5" in again.progress.value
    log = text(again.history.value)
    assert "Stage 1: you chose SCID (guessing)" in log
    assert "Stage 2: you chose SCID (think so)" in log
    assert "The differential after stage 2" in text(again.reasoning.value)
    assert "Restored your commitments up to stage 2" in text(again.status.value)
    assert again.choice.value == "" and not again.commit.disabled
    commit(again, "HIGM_CD40L")
    assert "Stage 4 of 5" in again.progress.value
    # Starting again begins a new play: a fresh player shows only what came after it.
    again.restart.click()
    commit(again, "NORMAL", "sure")
    third = case_player("higm1-classic").inner
    assert "Stage 2 of 5" in third.progress.value
    assert text(third.history.value).count("Stage") == 1
    assert len(ProgressStore(store).attempts(lesson="09")) == 4  # every attempt is kept


def test_a_finished_case_comes_back_finished(store: Path):
    player = case_player("scid").inner
    for _ in range(5):
        commit(player, "SCID", "sure")
    back = case_player("scid").inner
    assert "Stage 5 of 5" in back.progress.value and back.commit.disabled
    assert "Expected diagnosis: SCID" in text(back.final.value)
    assert len(ProgressStore(store).answers()) == 1  # restoring records nothing new


def test_labs_stage_shows_the_flagged_table_and_trap_caveat():
    player = case_player("infant-under-6-months").inner
    for choice in ("SCID", "SCID", "HIGM_CD40L"):
        commit(player, choice)
    story = text(player.story.value)
    assert "150 mg/dL (1.5 g/L)" in story and "Stage 4: Flow cytometry" in story
    assert "mother" in text(player.reasoning.value)


def test_switching_case_restarts():
    player = case_player("higm1-classic").inner
    commit(player, "XLA")
    player.case_menu.value = "scid"
    assert "Stage 1 of 5" in player.progress.value
    assert "failing to thrive" in player.progress.value
    player.case_menu.value = "higm1-classic"  # and coming back resumes it
    assert "Stage 2 of 5" in player.progress.value


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


def test_a_case_opened_at_a_stage_is_a_demonstration_that_saves_nothing(store: Path):
    """case_player(case, stage=3): stages 1 and 2 shown with the differential the course
    computes for them, nothing written to the progress store; stage 3 works as usual."""
    case = cases.load_cases()["higm1-normal-igm"]
    player = case_player("higm1-normal-igm", stage=3).inner
    assert "Stage 3 of 5" in player.progress.value
    story = text(player.story.value)
    assert all(case.stages[n].text in html.unescape(story) for n in range(3))
    assert case.stages[3].text not in html.unescape(state_text(player))
    demo = text(player.demo.value)
    assert "A demonstration opened at stage 3: stages 1 and 2 are shown" in demo
    leaders = [case.differential(n)["code"].iloc[0] for n in range(2)]
    log = text(player.history.value)
    for n, leader in enumerate(leaders, start=1):
        assert f"Stage {n}: shown in the demonstration, not committed; the differential " \
               f"led with {leader}" in log  # fmt: skip
    assert "you chose" not in log
    assert "The differential after stage 2" in text(player.reasoning.value)
    assert "The differential after stage 3" not in text(player.reasoning.value)
    title = player.figure.outputs[0]["data"][PLOTLY]["layout"]["title"]["text"]
    assert title == "Differential after stage 2"
    assert "Expected diagnosis" not in state_text(player)
    assert case.explanation not in html.unescape(state_text(player))
    assert ProgressStore(store).attempts().empty and ProgressStore(store).answers().empty
    # from stage 3 on, the player works as usual: the commitment is the first one saved
    commit(player, "HIGM_CD40L", "think so")
    assert "Stage 4 of 5" in player.progress.value
    assert "Stage 3: you chose HIGM_CD40L (think so)" in text(player.history.value)
    saved = ProgressStore(store).attempts(lesson="09")
    assert saved["item"].tolist() == ["09-higm1-normal-igm-stage-3"]
    # starting again plays the case from stage 1, no longer a demonstration
    player.restart.click()
    assert "Stage 1 of 5" in player.progress.value and player.demo.value == ""
    assert player.history.value == "" and player.reasoning.value == ""


def test_a_demonstration_ignores_the_presenters_saved_play(store: Path):
    first = case_player("aid-deficiency").inner
    commit(first, "HIGM_AID_UNG", "guessing")
    commit(first, "HIGM_AID_UNG", "sure")
    demo = case_player("aid-deficiency", stage=2).inner
    assert "Stage 2 of 5" in demo.progress.value
    assert "you chose" not in text(demo.history.value)
    assert "Restored" not in text(demo.status.value)
    at_one = case_player("aid-deficiency", stage=1).inner
    assert "Stage 1 of 5" in at_one.progress.value and at_one.history.value == ""
    assert "earlier plays of this case are not brought back" in text(at_one.demo.value)
    assert len(ProgressStore(store).attempts(lesson="09")) == 2  # only the two commitments


def test_a_demonstration_at_the_last_stage_finishes_as_usual(store: Path):
    player = case_player("xla", stage=5).inner
    assert "Stage 5 of 5" in player.progress.value
    assert text(player.history.value).count("shown in the demonstration") == 4
    assert "stages 1 to 4 are shown" in text(player.demo.value)
    assert player.final.value == ""
    commit(player, "XLA", "sure")
    assert "Expected diagnosis: XLA" in text(player.final.value)
    assert ProgressStore(store).answers()["question"].tolist() == ["09-case-xla"]


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"case_id": "no-such-case", "stage": 3}, ValueError, "case_id"),
        ({"case_id": 3}, TypeError, "case_id"),
        ({"stage": 3}, ValueError, "case_id"),
        ({"case_id": "xla", "stage": 0}, ValueError, "stage"),
        ({"case_id": "xla", "stage": 6}, ValueError, "stage"),
        ({"case_id": "xla", "stage": "3"}, TypeError, "stage"),
        ({"case_id": "xla", "stage": 3.0}, TypeError, "stage"),
        ({"case_id": "xla", "stage": True}, TypeError, "stage"),
    ],
)
def test_a_bad_case_or_stage_is_named(kwargs, error, name):
    with pytest.raises(error, match=name):
        case_player(**kwargs)


@pytest.mark.parametrize(
    ("preset", "case_id", "stage"),
    [("diarrhoea-boy-at-labs", "higm1-normal-igm", 3),
     ("infant-at-labs", "infant-under-6-months", 3), ("sinus-girl", "aid-deficiency", 1)],
)  # fmt: skip
def test_a_case_at_stage_preset_opens_the_case_at_that_stage(store: Path, preset, case_id, stage):
    player = case_player(preset=preset).inner
    assert player.case.id == case_id
    assert f"Stage {stage} of 5" in player.progress.value
    assert f"A demonstration opened at stage {stage}" in text(player.demo.value)
    assert ProgressStore(store).attempts().empty


def test_a_demonstrations_commitment_does_not_join_the_presenters_earlier_play(store: Path):
    """Stages 1 and 2 committed in a normal play, then stage 3 committed in a demonstration
    opened there: a later normal play brings back stages 1 and 2 only, not all three as one
    play (stage 3 was committed after the course's differential, not the presenter's)."""
    own = case_player("higm1-normal-igm").inner
    commit(own, "HIGM_CD40L", "guessing")
    commit(own, "HIGM_CD40L", "think so")
    demo = case_player("higm1-normal-igm", stage=3).inner
    commit(demo, "HIGM_CD40L", "sure")
    saved = ProgressStore(store).attempts(lesson="09")
    assert saved["response"].iloc[-1]["opened_at"] == 3
    assert "opened_at" not in saved["response"].iloc[0]
    again = case_player("higm1-normal-igm").inner
    assert "Stage 3 of 5" in again.progress.value
    assert "Restored your commitments up to stage 2" in text(again.status.value)
    assert "Stage 3: you chose" not in text(again.history.value)
    commit(again, "HIGM_CD40L", "sure")  # the presenter's own stage 3 continues the play
    assert "Restored your commitments up to stage 3" in text(
        case_player("higm1-normal-igm").inner.status.value
    )
