"""Presenter mode in the kernel: when it is on, and what it changes in a figure."""

from __future__ import annotations

import plotly.io as pio
import pytest

from higm_lessons import presenting, theme
from higm_lessons.widgets.common import PLOTLY_MIME, figure_bundle


@pytest.fixture
def laptop(monkeypatch):
    monkeypatch.delenv(presenting.PRESENT_ENV, raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    return monkeypatch


def test_not_presenting_by_default(laptop):
    assert not presenting.presenting()
    assert presenting.font_scale() == 1.0
    assert presenting.query_parameters() == {}
    assert presenting.requested_preset() is None


@pytest.mark.parametrize(
    ("env", "query", "expected"),
    [
        ("1", "", True),  # make present
        ("0", "", False),
        ("", "template=higm-present", True),  # Voila inside JupyterLab, asked by address
        ("", "template=lab&preset=four-sons", False),
        ("", "preset=four-sons&template=higm-present", True),
    ],
)
def test_presenting_from_make_present_or_the_address(laptop, env, query, expected):
    laptop.setenv(presenting.PRESENT_ENV, env)
    laptop.setenv("QUERY_STRING", query)
    assert presenting.presenting() is expected
    assert presenting.font_scale() == (presenting.FONT_SCALE if expected else 1.0)


def test_the_preset_comes_from_the_query_string(laptop):
    laptop.setenv("QUERY_STRING", "preset=four-sons&x=1&preset=")
    assert presenting.query_parameters() == {"preset": "four-sons", "x": "1"}
    assert presenting.requested_preset() == "four-sons"
    laptop.setenv("QUERY_STRING", "preset=%20&other=2")
    assert presenting.requested_preset() is None


def _template_sizes() -> tuple[float, float]:
    template = theme._build_template(presenting.font_scale())
    return template.layout.font.size, template.layout.title.font.size


def test_the_course_template_is_larger_when_presenting(laptop):
    laptop_sizes = _template_sizes()
    laptop.setenv(presenting.PRESENT_ENV, "1")
    projector = _template_sizes()
    assert laptop_sizes == (15, 18)
    assert projector == (round(15 * presenting.FONT_SCALE), round(18 * presenting.FONT_SCALE))


def _forget_template() -> None:
    if theme.TEMPLATE_NAME in pio.templates:
        del pio.templates[theme.TEMPLATE_NAME]


def _bundle_layout(monkeypatch, present: bool) -> dict:
    monkeypatch.setenv(presenting.PRESENT_ENV, "1" if present else "0")
    _forget_template()  # rebuilt for this mode
    fig = theme.figure(title="t", x_title="x", y_title="y", height=400, margin={"l": 40})
    fig.update_layout(legend={"font": {"size": 12}}, xaxis={"tickfont": {"size": 10}})
    fig.add_scatter(x=[1], y=[1], text=["a"], mode="text", textfont={"size": 14})
    payload = figure_bundle(fig)[PLOTLY_MIME]
    return {
        "height": payload["layout"]["height"],
        "legend": payload["layout"]["legend"]["font"]["size"],
        "ticks": payload["layout"]["xaxis"]["tickfont"]["size"],
        "text": payload["data"][0]["textfont"]["size"],
        "template": payload["layout"]["template"]["layout"]["font"]["size"],
        "margin": payload["layout"]["margin"]["l"],
    }


def test_a_widget_figure_is_enlarged_once_when_presenting(laptop):
    try:
        normal = _bundle_layout(laptop, present=False)
        large = _bundle_layout(laptop, present=True)
    finally:
        _forget_template()
    assert normal == {"height": 400, "legend": 12, "ticks": 10, "text": 14, "template": 15,
                      "margin": 40}
    scale = presenting.FONT_SCALE
    # the plot area (400 px less the template's 70 + 60 px margins) grows by HEIGHT_SCALE,
    # and the margins (105 + 90 px on the projector) are added to it
    assert large == {
        "height": round(105 + 90 + 270 * presenting.HEIGHT_SCALE),
        "legend": 12 * scale,
        "ticks": 10 * scale,
        "text": 14 * scale,
        "template": round(15 * scale),  # scaled in the template only, not a second time
        "margin": round(40 * scale),
    }


def _projector_layout(monkeypatch, **layout) -> dict:
    monkeypatch.setenv(presenting.PRESENT_ENV, "1")
    _forget_template()
    try:
        fig = theme.figure(title="t", x_title="x", y_title="y", **layout)
        return figure_bundle(fig)[PLOTLY_MIME]["layout"]
    finally:
        _forget_template()


def test_on_the_projector_a_legend_below_the_plot_moves_beside_it(laptop):
    below = _projector_layout(laptop, height=420, legend={"orientation": "h", "y": -0.22, "x": 0},
                              margin={"t": 60, "b": 130})  # fmt: skip
    assert below["legend"] == {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1,
                               "yanchor": "top"}  # fmt: skip
    # larger margins (90 + 195 px) never squeeze the plot: it grows from 230 to 276 px
    assert below["height"] - 90 - 195 == round(230 * presenting.HEIGHT_SCALE)
    above = {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0}
    assert _projector_layout(laptop, height=300, legend=dict(above))["legend"] == above
