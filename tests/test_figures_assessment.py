"""Unit tests for higm_lessons.figures.assessment: score and class figures and their takeaways."""

from __future__ import annotations

import pandas as pd
import pytest

from higm_lessons.assessment import draw_questions, score_by_lesson, topic_of
from higm_lessons.figures.assessment import (
    class_scores_figure,
    difficulty_figure,
    score_figure,
    score_takeaway,
)


def scores(results=None):
    return score_by_lesson(draw_questions(2025), results or {})


def test_score_figure_stacks_right_wrong_and_open_with_patterns():
    questions = draw_questions(2025)
    table = scores({questions[0].id: True, questions[1].id: False})
    fig = score_figure(table)
    assert [t.name for t in fig.data] == ["right", "wrong", "not answered yet"]
    assert [t.marker.pattern.shape for t in fig.data] == ["", "x", "."]
    assert sum(fig.data[0].x) == 1 and sum(fig.data[1].x) == 1
    assert sum(fig.data[2].x) == len(questions) - 2
    assert fig.layout.barmode == "stack"
    assert fig.data[0].y[0] == "00 · Start here"


def test_score_takeaway_names_the_weakest_lesson():
    questions = draw_questions(2025)
    by = {}
    for q in questions:
        by.setdefault(topic_of(q), []).append(q.id)
    assert (
        score_takeaway(scores())
        == f"You have not answered any of the {len(questions)} questions yet."
    )
    sentence = score_takeaway(scores({by["04"][0]: True, by["05"][0]: False}))
    assert sentence.startswith(f"You have answered 2 of {len(questions)} questions; 1 right")
    assert "lesson 05" in sentence and "revisit that lesson first" in sentence
    with pytest.raises(TypeError, match="scores"):
        score_takeaway(pd.DataFrame())


def test_class_figures():
    matrix = pd.DataFrame(
        {"04": [1.0, 0.5, None], "05": [0.0, 1.0, 1.0]},
        index=["learner 1", "learner 2", "learner 3"],
    )
    fig = class_scores_figure(matrix)
    points, means = fig.data
    assert len(points.y) == 5 and points.marker.symbol == "circle-open"
    assert list(means.text) == ["mean 75%", "mean 67%"]
    assert means.marker.symbol == "diamond"
    questions = pd.DataFrame(
        {
            "lesson": ["04", "05"],
            "question": ["q1", "q2"],
            "learners": [4, 2],
            "right_first_try": [1, 2],
            "difficulty": [0.75, 0.0],
        }
    )
    bars = difficulty_figure(questions, top=1).data[0]
    assert list(bars.y) == ["04 · q1"] and list(bars.text) == ["3 of 4 wrong"]
    assert list(bars.x) == [75.0]
    with pytest.raises(ValueError, match="top"):
        difficulty_figure(questions, top=0)
    with pytest.raises(TypeError, match="questions"):
        difficulty_figure(pd.DataFrame({"x": [1]}))
    with pytest.raises(TypeError, match="scores"):
        score_figure([1])


def test_the_hardest_questions_figure_leaves_room_for_its_labels_without_automargin():
    import pandas as pd

    from higm_lessons.figures.assessment import difficulty_figure

    questions = pd.DataFrame(
        {
            "lesson": ["08", "04"],
            "question": ["12-cd40l-clues", "12-x-linked-next-child-and-more"],
            "learners": [10, 10],
            "right_first_try": [2, 5],
            "difficulty": [0.8, 0.5],
        }
    )
    fig = difficulty_figure(questions)
    longest = max(len(label) for label in fig.data[0].y)
    assert fig.layout.yaxis.automargin is None  # one drawing pass in the browser
    assert fig.layout.margin.l >= 8 * longest
