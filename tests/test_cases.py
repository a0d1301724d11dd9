"""Unit tests for higm_lessons.cases: the case library, its schema and instructor files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from higm_lessons import cases, labs
from higm_lessons.data import DATA_ENV

COURSE_CASES = Path(__file__).resolve().parent.parent / "data" / "cases"


def test_library_covers_what_the_issue_lists():
    library = cases.load_cases()
    assert len(library) >= 12
    expected = [c.expected for c in library.values()]
    for code in (
        "HIGM_CD40L",
        "HIGM_CD40",
        "HIGM_AID_UNG",
        "HIGM_NEMO",
        "XLA",
        "CVID",
        "THI",
        "SCID",
        "SIGAD",
        "NORMAL",
    ):
        assert code in expected, code
    # HIGM1 with a normal IgM and with a low IgM; an infant under 6 months; a patient on IVIG.
    igm_flags = set()
    for case in library.values():
        if case.expected == "HIGM_CD40L":
            table = cases.stage_labs(case, 2).set_index("analyte")
            igm_flags.add(table.loc["IgM", "flag"])
    assert {"N", "L", "H"} <= igm_flags
    assert any(c.age_years < 0.5 and c.expected == "HIGM_CD40L" for c in library.values())
    assert any(c.patient(0).get("on_ivig") for c in library.values())


def test_every_case_has_five_stages_in_order():
    for case in cases.load_cases().values():
        assert tuple(s.kind for s in case.stages) == cases.STAGES
        assert len(case.teaching_points) >= 2


def test_patient_accumulates_findings_stage_by_stage():
    case = cases.get_case("higm1-classic")
    assert "IgG" not in case.patient(1)
    assert case.patient(2)["IgG"] == "60 mg/dL"
    assert case.patient(4)["variant_gene"] == "CD40LG"
    assert case.patient(0) == {
        "age_years": 0.84,
        "sex": "M",
        "opportunistic_infection": True,
        "recurrent_infections": True,
    }
    with pytest.raises(ValueError, match="stage must be a whole number from 0 to 4"):
        case.patient(5)
    with pytest.raises(TypeError, match="stage"):
        case.patient("2")
    with pytest.raises(ValueError, match="case_id must be one of"):
        cases.get_case("nope")
    with pytest.raises(TypeError, match="case_id must be one of"):
        cases.get_case(3)


def test_stage_helpers():
    case = cases.get_case("higm1-classic")
    table = cases.stage_labs(case, 2)
    assert table["flag"].tolist() == ["L", "L", "H", "L"]
    assert cases.stage_labs(case, 0).empty
    assert "CD40 ligand on activated CD4 T cells: absent" in cases.stage_findings(case, 3)
    assert cases.stage_findings(case, 4) == ["disease-causing variant found in CD40LG"]
    with pytest.raises(ValueError, match="stage must be a whole number from 0 to 4"):
        cases.stage_findings(case, 5)
    with pytest.raises(TypeError, match="stage"):
        cases.stage_labs(case, "2")
    assert labs.age_text(case.age_years) == case.age_text == "10 months"


@pytest.fixture
def instructor(tmp_path, monkeypatch):
    folder = tmp_path / "mydata" / "cases"
    folder.mkdir(parents=True)
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "mydata"))
    return folder


def test_instructor_files_replace_and_add(instructor):
    text = (COURSE_CASES / "01_higm1_classic.toml").read_text()
    (instructor / "01_higm1_classic.toml").write_text(
        text.replace(
            'title = "A 10-month-old boy with pneumonia that will not clear"',
            'title = "My own <b>version</b>"',
        )
    )
    new = text.replace('id = "higm1-classic"', 'id = "my-new-case"')
    (instructor / "90_my_case.toml").write_text(new)
    library = cases.load_cases()
    assert library["higm1-classic"].title == "My own <b>version</b>"
    assert "my-new-case" in library
    assert len(library) == len(list(COURSE_CASES.glob("*.toml"))) + 1


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (('kind = "examination"', 'kind = "labs"'), "stages must be exactly"),
        (('CD40L = "absent"', 'CD40L = "missing"'), r"stage 4 \(flow_cytometry\), findings"),
        (('IgG = "60 mg/dL"', 'IgG = "60 mgdl"'), r"patient\['IgG'\]"),
        (('expected = "HIGM_CD40L"', 'expected = "HIGM9"'), "field 'expected'"),
        (('sources = ["winkelstein2003"', 'sources = ["nobody2099"'), "unknown source keys"),
        (("age_years = 0.84", "age_years = -1"), "field 'age_years'"),
        (('id = "higm1-classic"', "id = [1"), "not valid TOML"),
    ],
)
def test_bad_case_files_report_file_and_field(instructor, change, match):
    text = (COURSE_CASES / "01_higm1_classic.toml").read_text()
    assert change[0] in text
    (instructor / "01_higm1_classic.toml").write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(cases.CaseError, match=match) as info:
        cases.load_cases()
    assert "01_higm1_classic.toml" in str(info.value)


def test_duplicate_ids_are_refused(instructor):
    shutil.copy(COURSE_CASES / "07_xla.toml", instructor / "99_copy.toml")
    with pytest.raises(cases.CaseError, match=r"cases/.*: id 'xla' is used twice"):
        cases.load_cases()


def test_leaders_stage_by_stage_as_lesson_07_says():
    """Lesson 09's answers: which condition leads after each stage of two cases."""
    low_igm = cases.get_case("higm1-low-igm")
    assert low_igm.title == "A 2-year-old boy with three pneumonias in a year"
    assert list(low_igm.differential(2)["code"].head(3)) == ["THI", "NORMAL", "XLA"]
    assert low_igm.differential(3)["code"].iloc[0] == "HIGM_CD40L"
    classic = cases.get_case("higm1-classic")
    assert classic.differential(0)["code"].iloc[0] == "SCID"  # Pneumocystis in a baby
    assert classic.differential(2)["code"].iloc[0] == "HIGM_CD40L"


def test_case_texts_the_medical_review_corrected():
    cd40 = cases.get_case("higm3-cd40").stages[4].text
    assert "homozygous" in cd40 and "Two disease-causing variants" not in cd40
    ivig = cases.get_case("on-ivig")
    assert "3 weeks ago" in ivig.stages[0].text and "every 4 weeks" in ivig.stages[0].text
    assert "just before the next infusion" not in ivig.stages[2].text
    assert "3 weeks after the last infusion" in ivig.stages[2].text
    nemo = " ".join(cases.get_case("nemo-deficiency").teaching_points)
    for word in ("BCG", "oral polio", "rotavirus", "Inactivated vaccines are safe", "only some"):
        assert word in nemo, word
    cvid = " ".join(cases.get_case("cvid").teaching_points)
    assert "with or without a low IgM" in cvid and "secondary causes" in cvid
    assert "no profound T-cell defect" in cvid and "clinical feature" in cvid
    assert "A normal IgM does not argue against CVID" in cvid
