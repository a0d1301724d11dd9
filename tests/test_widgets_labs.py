"""Widget tests for lesson 07: entering a panel updates the table, notes and both figures."""

from __future__ import annotations

import re

import pytest

from higm_lessons.prompts import prompts as prompts_of
from higm_lessons.widgets.labs import lab_panel
from tests.helpers import check_prompt_round_trip, fresh_progress

PLOTLY = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def fresh_store(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "p.sqlite")


def text(value: str) -> str:
    return re.sub(r"<[^>]+>", "", value)


def figure_of(output, index: int = 0) -> dict:
    return output.outputs[index]["data"][PLOTLY]


def test_opens_with_a_case_and_shows_flags():
    panel = lab_panel()
    inner = panel.inner
    assert "higm-labpanel" in panel._dom_classes
    assert inner.values["IgG"].value == "60" and inner.units["IgM"].value == "g/L"
    table = text(inner.table.value)
    assert "60 mg/dL (0.6 g/L)" in table and "▼ L (below the interval)" in table
    assert "mayo_igg" in table and "9 to &lt;15 months" in table
    assert "4 of 8 results lie outside" in inner.bands_take.value
    # one large band panel, of the first result; the zlog strip waits for its fold to open
    band = figure_of(inner.band_figure)
    assert band["layout"]["title"]["text"].startswith("IgG against its reference band")
    assert inner.shown.value == "IgG" and len(inner.shown.options) == 8
    assert len(band["data"]) == 1 and len(band["layout"]["shapes"]) == 1
    assert inner.zlog_fold.selected_index is None and inner.zlog_figure.outputs == ()
    inner.zlog_fold.selected_index = 0
    assert "zlog" in figure_of(inner.zlog_figure)["layout"]["title"]["text"]
    assert 'class="higm-takeaway"' in inner.zlog_take.value


def test_the_band_shown_follows_the_value_typed_and_the_learners_choice():
    inner = lab_panel().inner
    inner.values["IgM"].value = "3"
    assert inner.shown.value == "IgM"
    band = figure_of(inner.band_figure)
    assert band["data"][0]["y"] == [300.0]  # 3 g/L, drawn in the band's unit (mg/dL)
    assert band["layout"]["xaxis"]["title"]["text"].startswith("<b>IgM</b> 300 mg/dL")
    inner.shown.value = "ANC"
    assert figure_of(inner.band_figure)["layout"]["title"]["text"].startswith("ANC against")
    inner.age.value = 20  # a change that is not a value keeps the learner's choice
    assert inner.shown.value == "ANC"
    inner.values["IgM"].value = ""  # the result shown as last typed is gone: the choice stays
    inner.values["ANC"].value = ""
    assert inner.shown.value in inner.shown.options and "ANC" not in inner.shown.options


def test_changing_a_value_updates_flags_and_figures():
    inner = lab_panel().inner
    inner.zlog_fold.selected_index = 0
    before = figure_of(inner.band_figure)
    inner.values["IgG"].value = "500"
    assert "500 mg/dL (5 g/L)" in text(inner.table.value)
    after = figure_of(inner.band_figure)
    assert after != before
    igg_marker = next(t for t in after["data"] if t.get("mode") == "markers+text")
    assert igg_marker["y"] == [500.0] and igg_marker["text"] == ["N"]
    assert "3 of 8 results" in inner.bands_take.value
    zlog = figure_of(inner.zlog_figure)["data"][0]
    assert zlog["y"][0] == "IgG" and "500 mg/dL (N)" in zlog["text"][0]


def test_age_and_unit_changes():
    inner = lab_panel().inner
    inner.age_unit.value = "years"
    inner.age.value = 30
    assert "18 years and over" in text(inner.table.value)
    assert "age 30 years" in figure_of(inner.band_figure)["layout"]["title"]["text"]
    inner.units["IgM"].value = "mg/dL"
    inner.values["IgM"].value = "2"  # 2 mg/dL is far below the band; 2 g/L would be inside it
    assert "2 mg/dL" in text(inner.table.value)
    assert "Was it written in g/L?" in text(inner.notes.value)


def test_infant_note_and_own_values():
    inner = lab_panel(example=None).inner
    assert inner.values["IgG"].value == "820"
    inner.age_unit.value = "months"
    inner.age.value = 3
    assert "mother" in text(inner.notes.value)
    inner.values["CD4"].value = "1.5 x10^9/L"
    assert "1,500 cells/uL" in text(inner.table.value)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("1.2 gL", "cannot read the unit"),
        ("-4", "must be 0 or more"),
        ("0.2 mg/dL", None),
    ],
)
def test_bad_entries_show_a_message_not_a_traceback(entry, message):
    inner = lab_panel().inner
    box = "IgE" if message is None else "IgG"
    inner.values[box].value = entry
    shown = text(inner.status.value)
    assert "✘" in shown
    assert (message or "IgE cannot be given in a mass unit") in shown.replace("&#x27;", "'")


def test_ige_in_a_mass_unit_says_to_read_it_in_kul():
    inner = lab_panel().inner
    inner.values["IgE"].value = "120 ng/mL"
    shown = text(inner.status.value).replace("&#x27;", "'")
    assert "✘" in shown
    assert "kU/L" in shown and "own limit" in shown
    assert "no mass conversion" not in shown


def test_adult_anc_of_2_is_not_flagged_low():
    inner = lab_panel(example=None).inner
    inner.age_unit.value = "years"
    inner.age.value = 30
    inner.values["ANC"].value = "2.0"
    row = text(inner.table.value).split("Absolute neutrophil count")[1]
    assert "N (within the interval)" in row and "1.5–7.8 10^9/L" in row


def test_bad_age_shows_a_message():
    inner = lab_panel().inner
    inner.age_unit.value = "years"
    inner.age.value = 500
    assert "✘" in inner.status.value and "age" in text(inner.status.value)


def test_example_menu_fills_every_box():
    inner = lab_panel(example=None).inner
    inner.example.value = "cvid"
    assert inner.values["IgG"].value == "3.8" and inner.units["IgG"].value == "g/L"
    assert inner.sex.value == "F" and inner.age.value == 24
    assert inner.values["IgE"].value == ""
    assert "CD19" in text(inner.table.value)


def test_the_patient_menu_names_no_diagnosis_and_no_case_title():
    """Lesson 09 reaches each case's diagnosis stage by stage: lesson 07 must not give it."""
    from higm_lessons import cases
    from higm_lessons.widgets.labs import patient_label

    inner = lab_panel(example=None).inner
    labels = [label for label, key in inner.example.options if key]
    assert len(labels) == len(set(labels)) >= 10
    every = cases.load_cases()
    for label, key in inner.example.options[1:]:
        case = every[key]
        assert label.startswith(patient_label(case)) and re.fullmatch(
            r"(Boy|Girl), \d+ (weeks|months|years)( \d+ months)?( \(\d\))?", label
        )
    shown = repr(inner.example.get_state())  # what the page sees: labels, not the case ids
    assert "higm1-classic" not in shown and "Boy, 9 weeks" in shown
    for case in every.values():
        assert case.title not in shown
    for name in ("HIGM", "hyper-IgM", "CD40", "XLA", "CVID", "SCID", "NEMO", "trap", "AID"):
        assert name.lower() not in shown.lower()
    # the two exercise patients are found by the labels the prompts give
    assert patient_label(every["higm1-normal-igm"]) == "Boy, 15 months"
    assert patient_label(every["infant-under-6-months"]) == "Boy, 9 weeks"


def test_the_exercise_prompts_name_no_diagnosis():
    from higm_lessons.prompts import get

    for item in ("07-normal-igm", "07-infant-trap"):
        words = get("07", item).prompt + get("07", item).model_answer
        assert "X-linked HIGM" not in words and "turns out" not in words and "He too" not in words
        for option in get("07", item).options:
            assert "X-linked" not in option.text


@pytest.mark.parametrize("item_id", [p.id for p in prompts_of("07")])
def test_lesson_06_prompts_are_recorded_exported_and_restored(item_id, tmp_path):
    """Each prompt: nothing to read before the commit; the attempt (with its confidence) is
    saved and exported; the cell run again (or after a restart) brings it back."""
    check_prompt_round_trip("07", item_id, tmp_path)
