"""Each lesson's kernel-free interaction (higm_lessons/figures/kernel_free.py): one per lesson
slug, and every frame shows what the course's pure functions compute for its setting."""

from __future__ import annotations

import base64
import itertools
import json
import re

import numpy as np
import pytest

from higm_lessons import course, diagnosis, labs, treatment
from higm_lessons.assessment import draw_questions, topic_of
from higm_lessons.carrier_testing import expected_positive_share
from higm_lessons.figures import kernel_free as kf
from higm_lessons.figures.immunoglobulins import serum_share_figure
from higm_lessons.figures.treatment import hsct_rows
from higm_lessons.inheritance import carrier_risks, offspring_risks


def spec(fig) -> dict:
    return json.loads(fig.to_json())


def values(data) -> list:
    """Plain values of a plotly array (typed arrays are base64 ``bdata``)."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def control(figure: dict) -> dict:
    return figure["layout"]["meta"]["kernel_free"]


def steps(figure: dict) -> list[dict]:
    return control(figure)["steps"]


def shown(figure: dict, step: dict) -> list[dict]:
    mask = step["args"][0]["visible"]
    return [t for t, on in zip(figure["data"], mask, strict=True) if on]


SLUGS = sorted(course.lessons()["slug"])


def test_every_lesson_has_a_kernel_free_interaction_and_no_other_slug_does():
    assert set(kf.KERNEL_FREE) == set(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_anchor_is_a_widget_the_lesson_calls(slug):
    row = course.lessons().set_index("slug").loc[slug]
    if not row["available"]:
        pytest.skip(f"lesson {slug} has no notebook yet")
    source = (course.NOTEBOOK_DIR / row["notebook"]).read_text(encoding="utf-8")
    assert re.search(rf"\b{kf.KERNEL_FREE[slug].anchor}\(", source), slug


@pytest.mark.parametrize("slug", sorted(kf.KERNEL_FREE))
def test_each_frame_shows_only_its_own_traces_and_its_own_title(slug):
    figure = spec(kf.kernel_free_figure(slug))
    all_steps = steps(figure)
    assert len(all_steps) == figure["layout"]["meta"]["kernel_free"]["frames"] >= 2
    titles = [s["args"][1]["title.text"] for s in all_steps]
    labels = [s["label"] for s in all_steps]
    assert len(set(labels)) == len(labels), "every setting has its own label"
    assert all(titles), "every frame is titled"
    masks = [s["args"][0]["visible"] for s in all_steps]
    for i, j in itertools.pairwise(range(len(masks))):
        assert (
            masks[i] != masks[j]
            or titles[i] != titles[j]
            or (all_steps[i]["args"][1]["shapes"] != all_steps[j]["args"][1]["shapes"])
        ), f"{slug}: frames {i} and {j} look the same"
    starting = [t.get("visible", True) for t in figure["data"]]
    assert starting == masks[0], "the figure starts at its first frame"


def test_switcher_keeps_each_figure_whole():
    frames = [(name, serum_share_figure(name)) for name in ("IgG", "IgE")]
    figure = spec(kf.switcher(frames, label="Class"))
    one = spec(frames[1][1])
    second = steps(figure)[1]
    assert [values(t["x"]) for t in shown(figure, second)] == [values(t["x"]) for t in one["data"]]
    assert second["args"][1]["title.text"] == one["layout"]["title"]["text"]
    assert control(figure)["control"] == "dropdown"
    assert control(figure)["label"] == "Class"


@pytest.mark.parametrize(
    ("frames", "options", "error"),
    [
        ([], {"label": "x"}, ValueError),
        ("ab", {"label": "x"}, ValueError),
        ([("a", 1), ("b", 2)], {"label": "x"}, TypeError),
        (None, {"label": "x", "control": "knob"}, ValueError),
        (None, {"label": " "}, ValueError),
    ],
)
def test_switcher_rejects_bad_arguments(frames, options, error):
    if frames is None:
        frames = [(n, serum_share_figure(n)) for n in ("IgG", "IgA")]
    with pytest.raises(error):
        kf.switcher(frames, **options)


def test_kernel_free_figure_names_the_known_slugs():
    with pytest.raises(ValueError, match="slug must be one of"):
        kf.kernel_free_figure("no_such_lesson")
    with pytest.raises(TypeError):
        kf.kernel_free_figure(4)


def test_offspring_risk_frames_are_the_exact_risks():
    figure = spec(kf.kernel_free_figure("inheritance_patterns"))
    combos = [(m, mo, fa) for m in ("x-linked", "autosomal") for mo, fa in kf.parent_pairs(m)]
    assert len(steps(figure)) == len(combos) == 6 + 9
    for step, (mode, mother, father) in zip(steps(figure), combos, strict=True):
        risks = offspring_risks(mode, mother, father)
        bars = shown(figure, step)
        assert len(bars) == len(risks.columns)
        for bar, status in zip(bars, risks.columns, strict=True):  # one bar trace per status
            expected = 100 * risks.loc[["daughter", "son"], status].to_numpy()
            assert values(bar["y"]) == ["each daughter", "each son"]
            assert np.allclose(values(bar["x"]), expected), (mode, mother, father, status)


def test_each_unaffected_son_lowers_the_sisters_carrier_risk():
    risks = [float(carrier_risks(kf.sister_with_sons(n), "x-linked")["4"]) for n in range(5)]
    # Haldane: the mother of an isolated case carries with probability 2/3, so his sister 1/3
    assert risks[0] == pytest.approx(1 / 3, abs=1e-3)
    assert all(a > b for a, b in itertools.pairwise(risks))
    figure = spec(kf.kernel_free_figure("pedigrees_and_carrier_risk"))
    for n, step in enumerate(steps(figure)):
        assert step["label"].startswith(f"{n} unaffected")
        text = json.dumps(shown(figure, step))
        assert f"{risks[n] * 100:.0f}%" in text or f"{risks[n] * 100:.1f}%" in text


def test_lab_frames_read_the_same_results_at_each_age():
    figure = spec(kf.kernel_free_figure("reading_immunology_labs"))
    assert [s["label"] for s in steps(figure)] == [labs.age_text(a) for a in kf.LAB_AGES]
    flags = [tuple(labs.interpret(kf.LAB_PANEL, age_years=a, sex="M")["flag"])
             for a in kf.LAB_AGES]  # fmt: skip
    assert len(set(flags)) > 1, "the example must show flags changing with age"


@pytest.mark.parametrize(
    ("slug", "patients", "leader"),
    [
        ("recognising_higm", kf.workup_patients, "HIGM_CD40L"),
        ("diagnostic_reasoning_cases", kf.all_low_patients, "XLA"),
    ],
)
def test_differential_frames_end_with_the_leading_diagnosis_on_top(slug, patients, leader):
    figure = spec(kf.kernel_free_figure(slug))
    steps_known = patients()
    assert [s["label"] for s in steps(figure)] == [name for name, _ in steps_known]
    for step, (_, patient) in zip(steps(figure), steps_known, strict=True):
        top = diagnosis.differential(patient).iloc[0]
        assert top["name"] in json.dumps(shown(figure, step))
    assert diagnosis.differential(steps_known[-1][1]).iloc[0]["code"] == leader


def test_flow_frames_lose_positive_cells_as_the_working_x_is_switched_off():
    figure = spec(kf.kernel_free_figure("new_mutations_and_carrier_testing"))
    shares = [expected_positive_share("carrier", s) for s in kf.WORKING_X_SHARES]
    assert all(a > b for a, b in itertools.pairwise(shares))
    for step, share in zip(steps(figure), shares, strict=True):
        positive = next(t for t in shown(figure, step) if t["name"] == "CD40L-positive cells")
        negative = next(t for t in shown(figure, step) if t["name"] == "CD40L-negative cells")
        counted = sum(values(positive["y"])) / (
            sum(values(positive["y"])) + sum(values(negative["y"]))
        )
        assert counted == pytest.approx(share, abs=0.03)


def test_transplant_frames_mark_each_published_figure_in_turn():
    figure = spec(kf.kernel_free_figure("everyday_care_and_transplant"))
    rows = hsct_rows()
    assert len(steps(figure)) == len(rows)
    for step, row in zip(steps(figure), rows.to_dict("records"), strict=True):
        assert step["label"].startswith(str(row["study"]))


def test_trough_frames_reach_the_steady_state_trough():
    figure = spec(kf.kernel_free_figure("immunoglobulin_replacement"))
    labels = [s["label"] for s in steps(figure)]
    assert labels == [f"{d} mg/kg every {i} days" for i in kf.INTERVALS for d in kf.DOSES]
    for step, (interval, dose) in zip(steps(figure), [(i, d) for i in kf.INTERVALS
                                                      for d in kf.DOSES], strict=True):  # fmt: skip
        trough = treatment.steady_state_trough(dose, interval)
        text = json.dumps([step["args"][1], shown(figure, step)])
        assert f"{trough:.0f}" in text, (dose, interval, trough)


def test_example_reports_miss_exactly_one_lesson_each():
    questions = draw_questions(kf.REPORT_SEED)
    sheets = kf.example_reports()
    assert all(sheets[0][1].values())
    for name, sheet in sheets[1:]:
        lesson = name.split()[1]
        assert {topic_of(q) for q in questions if not sheet[q.id]} == {lesson}
