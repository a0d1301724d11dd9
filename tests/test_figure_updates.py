"""How widget callbacks send figures: after their text, once, and only when changed."""

from __future__ import annotations

import ipywidgets as w
import pytest

from higm_lessons.figures._fast import fast_figure
from higm_lessons.widgets import common


def figure(title: str):
    return fast_figure(title=title, x_title="x", y_title="y", data=[{"type": "bar", "y": [1]}])


def title(output: w.Output, index: int = 0) -> str:
    return output.outputs[index]["data"][common.PLOTLY_MIME]["layout"]["title"]["text"]


def test_a_callback_sends_its_figure_after_its_text_and_once():
    output = common.figure_output(figure("before"))
    text = w.HTML()
    sent: list[str] = []
    output.observe(lambda change: sent.append("figure"), "outputs")
    text.observe(lambda change: sent.append("text"), "value")

    @common.guarded(lambda: text)
    def react():
        common.set_figure(output, figure("first try"))
        assert title(output) == "before"  # held while the callback runs
        common.set_figure(output, figure("after"))
        text.value = "the takeaway"

    react()
    assert sent == ["text", "figure"]
    assert title(output) == "after"


def test_an_unchanged_figure_is_not_sent_again():
    output = common.figure_output(figure("same"))
    sent = []
    output.observe(lambda change: sent.append(change), "outputs")
    common.set_figure(output, figure("same"))
    common.guarded(lambda: w.HTML())(lambda: common.set_figure(output, figure("same")))()
    assert sent == []
    common.set_figure(output, figure("new"))
    assert len(sent) == 1 and title(output) == "new"


def test_a_failing_callback_still_sends_the_figures_it_set_and_shows_the_error():
    output = common.figure_output(figure("before"))
    status = w.HTML()

    @common.guarded(lambda: status)
    def fail():
        common.set_figure(output, figure("drawn before the error"))
        raise ValueError("dose must be positive")

    fail()
    assert title(output) == "drawn before the error"
    assert "dose must be positive" in status.value
    assert common._PENDING_FIGURES == {}


def test_several_figures_share_one_output_and_one_message():
    output = common.figures_output(figure("scores"), figure("hardest"))
    assert [title(output, i) for i in range(2)] == ["scores", "hardest"]
    sent = []
    output.observe(lambda change: sent.append(change), "outputs")
    common.set_figures(output, figure("scores 2"), figure("hardest 2"))
    assert len(sent) == 1
    assert [title(output, i) for i in range(2)] == ["scores 2", "hardest 2"]


def test_the_quickest_figure_to_draw_is_sent_first():
    heavy = common.figure_output(figure("heavy before"))
    light = common.figure_output(figure("light before"))
    sent: list[str] = []
    heavy.observe(lambda change: sent.append("heavy"), "outputs")
    light.observe(lambda change: sent.append("light"), "outputs")
    many = [{"type": "scatter", "x": [i], "y": [i], "xaxis": f"x{i}"} for i in range(1, 9)]
    subplots = fast_figure(
        title="eight panels", x_title="x", y_title="y", data=many,
        **{f"xaxis{i}": {"domain": [0, 1]} for i in range(2, 9)},
    )  # fmt: skip

    @common.guarded(lambda: w.HTML())
    def react():
        common.set_figure(heavy, subplots)
        common.set_figure(light, figure("light after"))

    react()
    assert sent == ["light", "heavy"]
    assert title(heavy) == "eight panels" and title(light) == "light after"


def test_a_lessons_own_figure_is_shown_with_its_data_as_the_widgets_show_theirs(monkeypatch):
    shown: list[dict] = []
    monkeypatch.setattr(common, "display", lambda bundle, raw: shown.append(bundle))
    fig = figure("a pedigree")
    common.show_figure(fig)
    assert [list(b) for b in shown] == [
        [common.PLOTLY_MIME, "text/plain"],
        ["text/html", "text/plain"],
    ]
    assert shown[0][common.PLOTLY_MIME]["config"] == common.PLOTLY_CONFIG
    assert shown[1]["text/html"].startswith('<details class="higm-data"><summary>Show the data: a')
    assert shown == common.figure_bundles(fig)
    with pytest.raises(TypeError, match="fig must be a plotly Figure"):
        common.show_figure({"data": []})
