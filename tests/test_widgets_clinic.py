"""Widget tests for the virtual clinic board."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as w
import pytest

from higm_lessons import clinic, diagnosis
from higm_lessons.progress import ProgressStore
from higm_lessons.widgets.clinic import clinic_board, item_for
from tests.helpers import fresh_progress, state_text

PLOTLY = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "p.sqlite")


def text(value: str) -> str:
    return re.sub(r"<[^>]+>", "", value)


def controls(widget: w.Widget) -> list[w.Widget]:
    found = []
    for child in getattr(widget, "children", ()):
        if isinstance(child, w.Button | w.Dropdown | w.BoundedIntText | w.FloatSlider):
            found.append(child)
        found.extend(controls(child))
    return found


def test_every_control_is_named_with_a_description():
    board = clinic_board(42, lesson="10").inner
    found = controls(board)
    assert len(found) == 14
    for control in found:
        assert control.description.strip()
        assert control.tooltip


def test_the_hidden_diagnosis_is_not_in_the_widget_state_before_the_diagnosis():
    board = clinic_board(7, lesson="10").inner
    name = diagnosis.NAMES[board.patient.condition]
    board.menu.value = "immunoglobulins"
    board.order_button.click()
    board.next_button.click()
    seen = state_text(board)
    in_list = state_text(board.choice).count(name)
    assert in_list == 1
    assert seen.count(name) == in_list  # only the list of diagnoses names it
    assert "Debrief" not in seen and "the patient had" not in seen
    board.choice.value = "NORMAL"
    board.diagnose_button.click()
    assert f"the patient had {name}" in state_text(board)


def test_order_wait_and_results_in_the_patients_units_with_flags():
    board = clinic_board(42, lesson="10").inner
    board.menu.value = "immunoglobulins"
    board.order_button.click()
    assert "arrives on day 2" in text(board.status.value)
    assert "pending" in text(board.results.value)
    board.next_button.click()
    shown = text(board.results.value)
    assert "Day 2" in text(board.counters.value)
    result = board.workup.results()[0]
    for analyte, value in result.shown.items():
        assert f"{analyte}{value}" in shown.replace("</td><td>", "")
    assert "(in band)" in shown or "(low)" in shown or "(high)" in shown


def test_bad_actions_show_a_message_not_a_traceback():
    board = clinic_board(42, lesson="10").inner
    board.next_button.click()
    assert "no result is pending" in text(board.status.value)
    board.diagnose_button.click()
    assert "choose a diagnosis first" in text(board.status.value)
    board.menu.value = "immunoglobulins"
    board.order_button.click()
    board.order_button.click()
    assert "already pending" in text(board.status.value)


def test_diagnosis_shows_the_debrief_with_the_timeline_figure():
    board = clinic_board(42, lesson="10").inner
    board.menu.value = "immunoglobulins"
    board.order_button.click()
    board.next_button.click()
    board.choice.value = board.patient.condition
    board.sure.value = 0.8
    board.diagnose_button.click()
    debrief = text(board.debrief_html.value)
    assert f"the patient had {diagnosis.NAMES[board.patient.condition]}" in debrief
    assert "Reference work-up" in debrief and "Reference path" in debrief
    layout = board.figure.outputs[0]["data"][PLOTLY]["layout"]
    assert layout["title"]["text"] == "How the differential changed as results arrived"
    assert "Takeaway" in board.takeaway.value
    assert board.order_button.disabled and board.diagnose_button.disabled


def test_the_workup_comes_back_after_a_restart_and_can_start_again(store: Path):
    board = clinic_board(42, lesson="10").inner
    board.menu.value = "blood_count"
    board.order_button.click()
    board.days.value = 5
    board.wait_button.click()
    shown = board.results.value
    again = clinic_board(42, lesson="10").inner  # the cell run again, or after a restart
    assert again.workup.day == 5 and again.results.value == shown
    assert "is back (2 actions)" in text(again.status.value)
    saved = ProgressStore(store).attempts("10", item_for(42, None, "medium"))
    assert list(saved["kind"]) == ["clinic-action", "clinic-action"]
    again.restart_button.click()
    fresh = clinic_board(42, lesson="10").inner
    assert fresh.workup.day == 0 and fresh.workup.orders == []


def test_a_scenario_board_shows_its_guide_and_free_play_takes_a_difficulty():
    board = clinic_board(scenario="guided-infant", lesson="10").inner
    assert "Guided patient 1" in text(board.story.value)
    assert "whose IgG it is" in text(board.guide.value)
    board.seed.value = 5
    board.difficulty.value = "easy"
    board.new_button.click()
    assert board.patient == clinic.new_patient(5, setting="practice")
    assert board.guide.value == ""
    with pytest.raises(ValueError, match="difficulty"):
        clinic_board(1, difficulty="nightmare")


def test_the_menu_shows_short_names_and_the_chosen_test_in_full_below_it():
    import pandas as pd

    from higm_lessons.tables.clinic_tests import SHORT_MAX

    board = clinic_board(42, lesson="10").inner
    table = pd.read_csv(Path(__file__).resolve().parent.parent / "data" / "clinic_tests.csv")
    labels = dict((key, label) for label, key in board.menu.options)
    for row in table.itertuples():
        assert labels[row.test].startswith(f"{row.short} · ${row.cost_usd:,.0f} · ")
        assert len(row.short) <= SHORT_MAX < len(max(table["name"], key=len))
        board.menu.value = row.test
        about = text(board.about.value)
        assert about.startswith(f"{row.name}: ${row.cost_usd:,.0f}, results ")
        assert f"{row.blood_ml:g} mL of blood" in about
    vaccines = table.set_index("test").loc["vaccine_responses"]
    board.menu.value = "vaccine_responses"
    assert f"results in {vaccines.turnaround_days} days" in text(board.about.value)
    board.order_button.click()
    assert vaccines["name"] in text(board.status.value)  # ordering names the test in full
    board.next_button.click()
    assert vaccines.short in text(board.results.value)  # the results table names it short
    assert vaccines["name"] not in text(board.results.value)
