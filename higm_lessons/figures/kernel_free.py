"""Kernel-free figures: each lesson's central model over precomputed settings, so the model
still responds in the static edition of the course (``make book``), where no Python runs
behind the page.

Every frame is drawn by the same course figure function, from the same pure functions, as
the live lesson's widget; :func:`switcher` puts them into one plotly figure and lists, in
``layout.meta.kernel_free``, each frame's label and the ``Plotly.update`` arguments that
show it. The edition's script (book/_static/higm_book.js) turns that list into a labelled
HTML control, a menu or a range slider, which works with the keyboard and a screen reader
(plotly's own SVG sliders and menus do not) and never covers the figure's legend.
:data:`KERNEL_FREE` maps each lesson's *slug* (``data/lessons.csv``) to its figure, so
renumbering lessons does not break the mapping.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from higm_lessons import assessment, diagnosis, labs
from higm_lessons.figures.assessment import score_figure
from higm_lessons.figures.diagnosis import differential_figure
from higm_lessons.figures.higm_types import pathway_figure
from higm_lessons.figures.immunoglobulins import (
    infant_igg_figure,
    serum_share_figure,
    structure_figure,
)
from higm_lessons.figures.inheritance import flow_figure, risk_figure
from higm_lessons.figures.labs import bands_figure
from higm_lessons.figures.pedigree import pedigree_figure
from higm_lessons.figures.treatment import hsct_figure, hsct_rows, levels_figure
from higm_lessons.immunoglobulins import DEFECTS, first_below_of, igg_curve, nadir_of
from higm_lessons.inheritance import STATUSES, carrier_risks
from higm_lessons.pedigree import make_pedigree

CONTROLS = ("dropdown", "slider")
AXIS_KEYS = ("range", "tickvals", "ticktext")

Frame = tuple[str, go.Figure]


def _axis_update(name: str, axis: dict[str, Any]) -> dict[str, Any]:
    """Relayout keys that put one axis back as ``axis`` draws it (range, ticks, title)."""
    update: dict[str, Any] = {f"{name}.title.text": axis.get("title", {}).get("text", "")}
    for key in AXIS_KEYS:
        update[f"{name}.{key}"] = axis.get(key)
    if axis.get("range") is None:
        update[f"{name}.autorange"] = True
    return update


def _layout_update(layout: dict[str, Any], axes: Sequence[str]) -> dict[str, Any]:
    """Relayout arguments that show one frame's title, shapes, notes and axes."""
    update: dict[str, Any] = {
        "title.text": layout.get("title", {}).get("text", ""),
        "shapes": layout.get("shapes", []),
        "annotations": layout.get("annotations", []),
    }
    for name in axes:
        update.update(_axis_update(name, layout.get(name, {})))
    return update


def _check_frames(frames: object, control: object, label: object) -> list[Frame]:
    if control not in CONTROLS:
        raise ValueError(f"control must be one of {list(CONTROLS)}, not {control!r}")
    if not isinstance(label, str) or not label.strip():
        raise ValueError("label must be a non-empty string naming what the control sets")
    if isinstance(frames, str | bytes) or not isinstance(frames, Sequence) or len(frames) < 2:
        raise ValueError("frames must be a list of at least two (label, figure) pairs")
    for item in frames:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)
                and isinstance(item[1], go.Figure)):  # fmt: skip
            raise TypeError("each frame must be a (label, plotly Figure) pair")
    return list(frames)


def switcher(frames: Sequence[Frame], *, control: str = "dropdown", label: str) -> go.Figure:
    """One figure showing ``frames`` one at a time, to be chosen with a ``control`` ("dropdown"
    or "slider") named ``label``; it works in the browser alone.

    Each frame's traces are kept and shown only while it is chosen; its title, shapes,
    notes and axis ranges and ticks are set with it. The figure starts at the first frame.
    ``layout.meta.kernel_free`` holds the control, its label and one step per frame
    (``label`` and the ``args`` of ``Plotly.update``).
    """
    frames = _check_frames(frames, control, label)
    specs = [json.loads(fig.to_json()) for _, fig in frames]
    data: list[dict[str, Any]] = []
    owner: list[int] = []
    for index, spec in enumerate(specs):
        data += spec["data"]
        owner += [index] * len(spec["data"])
    first = specs[0]["layout"]
    axes = sorted({k for s in specs for k in s["layout"] if k.startswith(("xaxis", "yaxis"))})
    height = max(int(s["layout"].get("height", 450)) for s in specs)
    steps: list[dict[str, Any]] = []
    masks: list[list[bool]] = []
    for index, ((name, _), spec) in enumerate(zip(frames, specs, strict=True)):
        masks.append([o == index and data[k].get("visible", True) is not False
                      for k, o in enumerate(owner)])  # fmt: skip
        update = _layout_update(spec["layout"], axes)
        steps.append({"label": name, "args": [{"visible": masks[-1]}, update]})
    for trace, on in zip(data, masks[0], strict=True):
        trace["visible"] = on
    meta = {"control": control, "label": label, "frames": len(steps), "steps": steps}
    layout = {**first, "height": height, "meta": {"kernel_free": meta}}
    return go.Figure({"data": data, "layout": layout}, _validate=False)


# ---------------------------------------------------------------------- one per lesson

ISOTYPES = ("IgG", "IgA", "IgM", "IgE", "IgD")


def _serum_shares() -> go.Figure:
    frames = [(name, serum_share_figure(name)) for name in ISOTYPES]
    return switcher(frames, label="Highlight the class")


def _structures() -> go.Figure:
    frames = [(name, structure_figure(name)) for name in ISOTYPES]
    return switcher(frames, label="Class")


INFANT_HALF_LIVES = (14, 21, 28, 35)


def _infant_frame(half_life: int, preterm: bool) -> Frame:
    curve = igg_curve(half_life_days=float(half_life), preterm=preterm)
    birth = "preterm" if preterm else "term"
    title = f"IgG in the first 3 years: healthy infant born at {birth}"
    fig = infant_igg_figure(curve, nadir_of(curve), first_below_of(curve), title=title)
    return f"born at {birth}, half-life {half_life} days", fig


def _infant_igg() -> go.Figure:
    frames = [_infant_frame(h, p) for p in (False, True) for h in INFANT_HALF_LIVES]
    return switcher(frames, control="slider", label="Birth and maternal IgG half-life")


def _knockouts() -> go.Figure:
    frames = [(defect or "none (working pathway)", pathway_figure(defect)) for defect in DEFECTS]
    return switcher(frames, label="Gene knocked out")


def parent_pairs(mode: str) -> list[tuple[str, str]]:
    """The (mother, father) statuses :func:`risk_figure` accepts in ``mode``."""
    fathers = [s for s in STATUSES if mode == "autosomal" or s != "carrier"]
    return [(mother, father) for mother in STATUSES for father in fathers]


def _offspring_risks() -> go.Figure:
    frames = [
        (f"{short}: mother {mother}, father {father}", risk_figure(mode, mother, father))
        for mode, short in (("x-linked", "X-linked"), ("autosomal", "Autosomal"))
        for mother, father in parent_pairs(mode)
    ]
    return switcher(frames, label="Parents")


def sister_with_sons(sons: int) -> Any:
    """A woman (4) whose brother (3) is affected, married to an unaffected man (5), with
    ``sons`` unaffected sons: the classic X-linked carrier-risk pedigree."""
    rows: list[dict[str, Any]] = [
        {"id": "1", "father": None, "mother": None, "sex": "M", "affected": False},
        {"id": "2", "father": None, "mother": None, "sex": "F", "affected": None},
        {"id": "3", "father": "1", "mother": "2", "sex": "M", "affected": True},
        {"id": "4", "father": "1", "mother": "2", "sex": "F", "affected": None},
        {"id": "5", "father": None, "mother": None, "sex": "M", "affected": False},
    ]
    rows += [{"id": str(6 + k), "father": "5", "mother": "4", "sex": "M", "affected": False}
             for k in range(sons)]  # fmt: skip
    return make_pedigree(rows)


def _carrier_frame(sons: int) -> Frame:
    ped = sister_with_sons(sons)
    risks = carrier_risks(ped, "x-linked")
    women = {p: float(risks[p]) for p in ped.loc[ped["sex"].eq("F"), "id"]}
    title = f"Sister of an affected man, {sons} unaffected son(s): carrier probability"
    return f"{sons} unaffected son(s)", pedigree_figure(ped, title=title, risks=women)


def _carrier_risk() -> go.Figure:
    return switcher([_carrier_frame(n) for n in range(5)], control="slider",
                    label="Her unaffected sons")  # fmt: skip


LAB_PANEL = {"IgG": 150, "IgA": 7, "IgM": 180}
"""One made-up boy's results (mg/dL), read against the bands of different ages."""
LAB_AGES = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 16.0)


def _lab_frame(age: float) -> Frame:
    table = labs.interpret(LAB_PANEL, age_years=age, sex="M")
    return labs.age_text(age), bands_figure(table, age_years=age, sex="M")


def _lab_bands() -> go.Figure:
    return switcher([_lab_frame(a) for a in LAB_AGES], control="slider", label="Age")


WORKUP: tuple[tuple[str, dict[str, Any]], ...] = (
    ("age and sex only", {"age_years": 1.2, "sex": "M"}),
    ("+ immunoglobulins", {"IgG": 90, "IgA": 5, "IgM": 240}),
    ("+ an opportunistic infection", {"opportunistic_infection": True}),
    ("+ CD40L absent on activated T cells", {"CD40L": "absent"}),
)
"""The lesson's worked example boy (1.2 years), one finding added at each step."""


def cumulative(
    findings: Sequence[tuple[str, dict[str, Any]]],
) -> list[tuple[str, dict[str, Any]]]:
    """Each step of ``findings`` with everything known up to it."""
    known: dict[str, Any] = {}
    steps = []
    for name, found in findings:
        known = {**known, **found}
        steps.append((name, dict(known)))
    return steps


def workup_patients() -> list[tuple[str, dict[str, Any]]]:
    """The work-up steps of :data:`WORKUP`, each with everything known so far."""
    return cumulative(WORKUP)


def _differential_frames(steps: Sequence[tuple[str, dict[str, Any]]]) -> go.Figure:
    frames = [
        (name, differential_figure(diagnosis.differential(patient), title=f"Differential: {name}"))
        for name, patient in steps
    ]
    return switcher(frames, control="slider", label="Known so far")


def _workup() -> go.Figure:
    return _differential_frames(workup_patients())


ALL_LOW: tuple[tuple[str, dict[str, Any]], ...] = (
    ("age, sex and recurrent infections", {"age_years": 2.0, "sex": "M",
                                           "recurrent_infections": True}),
    ("+ immunoglobulins, all low", {"IgG": 150, "IgA": 5, "IgM": 15}),
    ("+ T- and B-cell counts", {"CD3": 2800, "CD19": 10}),
)  # fmt: skip
"""The lesson's 2-year-old boy with every immunoglobulin low, one finding added at a time."""


def all_low_patients() -> list[tuple[str, dict[str, Any]]]:
    """The steps of :data:`ALL_LOW`, each with everything known so far."""
    return cumulative(ALL_LOW)


def _all_low() -> go.Figure:
    return _differential_frames(all_low_patients())


WORKING_X_SHARES = (0.9, 0.7, 0.5, 0.3, 0.1, 0.02)
"""Shares of a carrier's T cells that use the X with the working CD40LG gene."""


def _flow() -> go.Figure:
    frames = [
        (f"{100 * s:.0f}% of her T cells use the working X",
         flow_figure("carrier", working_x_share=s, seed=0))
        for s in WORKING_X_SHARES
    ]  # fmt: skip
    return switcher(frames, control="slider", label="X-inactivation in a carrier")


def _transplant() -> go.Figure:
    rows = hsct_rows()
    frames = [
        (f"{row['study']}: {row['measure']}, {row['group']}", hsct_figure(i))
        for i, row in enumerate(rows.to_dict("records"))
    ]
    return switcher(frames, label="Published figure")


DOSES = (300, 400, 500, 600)
INTERVALS = (21, 28)


def _trough_frame(dose: int, interval: int) -> Frame:
    fig = levels_figure(dose_mg_per_kg=dose, interval_days=interval)
    return f"{dose} mg/kg every {interval} days", fig


def _troughs() -> go.Figure:
    frames = [_trough_frame(d, i) for i in INTERVALS for d in DOSES]
    return switcher(frames, control="slider", label="IVIG schedule")


REPORT_SEED = 2025


def example_reports() -> list[tuple[str, dict[str, bool]]]:
    """Made-up answer sheets for one drawn final test: all right, then one lesson missed."""
    questions = assessment.draw_questions(REPORT_SEED)
    sheets = [("every answer right", {q.id: True for q in questions})]
    for lesson in sorted({assessment.topic_of(q) for q in questions}):
        sheets.append((f"lesson {lesson} missed",
                       {q.id: assessment.topic_of(q) != lesson for q in questions}))  # fmt: skip
    return sheets


def _score_report() -> go.Figure:
    questions = assessment.draw_questions(REPORT_SEED)
    frames = [
        (name, score_figure(assessment.score_by_lesson(questions, sheet)))
        for name, sheet in example_reports()
    ]
    return switcher(frames, label="Example learner")


@dataclass(frozen=True)
class KernelFree:
    """A lesson's kernel-free interaction: where it goes and how it is drawn."""

    anchor: str
    """The live widget it stands in for: the page shows it right after the cell calling it."""
    caption: str
    """One sentence telling the reader what the control changes."""
    build: Callable[[], go.Figure]


KERNEL_FREE: dict[str, KernelFree] = {
    "start_here": KernelFree(
        "check_widget", "Pick a class: the bars show each class's share of serum "
        "immunoglobulin, the chosen one outlined.", _serum_shares),
    "immunoglobulin_classes": KernelFree(
        "class_explorer", "Pick a class to see its shape: monomer, dimer or pentamer.",
        _structures),
    "antibodies_in_early_life": KernelFree(
        "igg_explorer", "Move the slider: a term or preterm birth, and a shorter or longer "
        "half-life of the mother's IgG, change the nadir.", _infant_igg),
    "class_switching_and_higm_types": KernelFree(
        "knockout_explorer", "Knock out one gene: the blocked steps turn grey and the classes "
        "still made are listed.", _knockouts),
    "inheritance_patterns": KernelFree(
        "punnett_widget", "Pick the parents: the bars give each son's and each daughter's "
        "exact chance of being affected, a carrier or neither.", _offspring_risks),
    "pedigrees_and_carrier_risk": KernelFree(
        "pedigree_builder", "Add unaffected sons: each one lowers the woman's carrier "
        "probability, computed with Bayes' theorem over the whole family.", _carrier_risk),
    "new_mutations_and_carrier_testing": KernelFree(
        "flow_widget", "Move the slider: the fewer of a carrier's T cells use the X with the "
        "working gene, the fewer stain for CD40L, until she can look like an affected boy.",
        _flow),
    "reading_immunology_labs": KernelFree(
        "lab_panel", "Move the age: the same three results are read against the bands for "
        "that age, and their flags change.", _lab_bands),
    "recognising_higm": KernelFree(
        "feature_chart", "Add the findings one at a time: the differential of a 1.2-year-old "
        "boy with low IgG and IgA and high IgM is recomputed at each step.", _workup),
    "diagnostic_reasoning_cases": KernelFree(
        "case_player", "Add the findings one at a time: the differential of a 2-year-old boy "
        "with every immunoglobulin low is recomputed at each step.", _all_low),
    "immunoglobulin_replacement": KernelFree(
        "replacement_simulator", "Move the slider through doses and intervals: the troughs "
        "(triangles) rise or fall against the target band.", _troughs),
    "everyday_care_and_transplant": KernelFree(
        "transplant_outcomes", "Pick a published figure: it is marked among the others, with "
        "its study, group and time point.", _transplant),
    "self_assessment": KernelFree(
        "final_test", "Pick an example learner (made-up answers): the report shows which "
        "lesson to go back to.", _score_report),
}  # fmt: skip
"""Each lesson's kernel-free interaction, by lesson slug."""


def kernel_free_figure(slug: str) -> go.Figure:
    """The kernel-free figure of the lesson with ``slug`` (a ``data/lessons.csv`` slug)."""
    if not isinstance(slug, str):
        raise TypeError(f"slug must be a lesson slug string, not {slug!r}")
    if slug not in KERNEL_FREE:
        raise ValueError(f"slug must be one of {sorted(KERNEL_FREE)}, not {slug!r}")
    return KERNEL_FREE[slug].build()
