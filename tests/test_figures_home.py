"""The course home's figures: statuses told apart by marker and words as well as colour,
"not enough evidence yet" written where it applies, and checked inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from higm_lessons.figures import home as figures
from higm_lessons.review import MIN_ATTEMPTS


def _levels() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ["04-2", "Work out a risk", 5, 5, 6 / 7, 0.65, 0.99, "mastered"],
            ["05-2", "Compute a carrier risk", 4, 1, 2 / 6, 0.08, 0.66, "not yet mastered"],
            ["07-2", "Convert units", 1, 1, None, None, None, "not enough evidence yet"],
        ],
        columns=["objective", "text", "attempts", "correct", "estimate", "low", "high", "status"],
    )


def test_mastery_figure_marks_each_status_with_its_own_symbol_and_words():
    fig = figures.mastery_figure(_levels())
    traces = {t.name.split(" (")[0]: t for t in fig.data}
    assert traces["mastered"].marker.symbol == "circle"
    assert traces["not yet mastered"].marker.symbol == "diamond"
    missing = traces["not enough evidence yet"]
    assert missing.text == (f"not enough evidence yet: 1 of {MIN_ATTEMPTS} answers",)
    weak = traces["not yet mastered"]
    assert weak.x == (pytest.approx(1 / 3),)
    assert weak.error_x.arrayminus[0] == pytest.approx(1 / 3 - 0.08)
    assert "90% interval" in fig.layout.title.text


def test_mastery_takeaway_names_the_weakest_objective():
    text = figures.mastery_takeaway(_levels())
    assert text == (
        "Of 3 objectives, 1 mastered, 1 not yet mastered and 1 without enough evidence yet. "
        "The weakest is 05-2 (about 33%)."
    )


def test_calibration_figure_labels_counts_and_says_when_empty():
    table = pd.DataFrame(
        {"confidence": ["sure", "think so", "guessing"], "judged": [4, 0, 2], "right": [3, 0, 2],
         "share_right": [0.75, None, 1.0]}
    )  # fmt: skip
    fig = figures.calibration_figure(table)
    assert fig.data[0].x == (0, 2) and fig.data[0].customdata == ("sure", "guessing")
    assert fig.data[0].text == ("3 of 4 right", "2 of 2 right")
    assert fig.layout.xaxis.ticktext == ("sure", "think so", "guessing")
    assert "Being sure did not mean being right more often" in figures.calibration_takeaway(table)
    empty = table.assign(judged=0, right=0, share_right=None)
    assert "not enough evidence yet" in figures.calibration_figure(empty).layout.annotations[0].text


@pytest.mark.parametrize(
    "draw",
    [figures.mastery_figure, figures.calibration_figure, figures.progress_figure,
     figures.mastery_takeaway, figures.calibration_takeaway, figures.progress_takeaway],
)  # fmt: skip
def test_figures_need_their_tables(draw):
    with pytest.raises(TypeError):
        draw(pd.DataFrame({"x": [1]}))
