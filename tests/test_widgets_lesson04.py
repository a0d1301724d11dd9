"""Widget tests for lesson 04: the controls really change what is shown, quickly."""

from __future__ import annotations

from higm_lessons.widgets.lesson04 import family_simulator, punnett_widget

PLOTLY = "application/vnd.plotly.v1+json"


def figure_json(output) -> dict:
    return output.outputs[0]["data"][PLOTLY]


def test_punnett_widget_reacts_to_each_control():
    box = punnett_widget()
    w = box.inner
    assert "higm-punnett-widget" in box._dom_classes
    before = (w.grid.value, w.table.value, figure_json(w.figure)["layout"]["title"]["text"])
    w.parents.father.value = "affected"
    after = (w.grid.value, w.table.value, figure_json(w.figure)["layout"]["title"]["text"])
    assert all(a != b for a, b in zip(before, after, strict=True))
    assert "daughter: ■ affected" in w.grid.value
    assert 'class="higm-takeaway"' in w.takeaway.value
    assert "✔" in w.status.value


def test_x_linked_father_cannot_be_carrier():
    w = punnett_widget(mode="autosomal", mother="carrier", father="carrier").inner
    assert "carrier" in w.parents.father.options
    w.parents.mode.value = "x-linked"
    assert "carrier" not in w.parents.father.options
    assert w.parents.father.value == "non-carrier"
    assert "Sons (sperm with Y)" in w.grid.value and "✘" not in w.status.value


def test_family_simulator_reacts():
    w = family_simulator(families=1000).inner
    first = figure_json(w.figure)
    w.parents.mode.value = "autosomal"
    w.parents.father.value = "carrier"
    assert figure_json(w.figure) != first
    assert "autosomal" in w.takeaway.value
    w.families.value = 1_000_000
    w.seed.value = 12
    assert "1,000,000 families" in w.takeaway.value
    assert "Chi-square test" in w.summary.value
    assert "girls" in w.ratio.value
