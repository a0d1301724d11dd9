"""Unit tests for higm_lessons.course: the course map and `python -m higm_lessons.course`."""

from __future__ import annotations

from pathlib import Path

import pytest

from higm_lessons import course

REPO = Path(__file__).resolve().parent.parent
START_HERE = REPO / "notebooks" / "00_start_here.ipynb"


@pytest.fixture
def only_lesson_00(tmp_path, monkeypatch) -> Path:
    """A notebooks folder holding only lesson 00, whatever the repository holds today."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "00_start_here.ipynb").write_text("{}")
    monkeypatch.setattr(course, "NOTEBOOK_DIR", folder)
    return folder


def test_the_notebook_folder_is_the_repository_one():
    assert course.NOTEBOOK_DIR == REPO / "notebooks"
    assert START_HERE.is_file()


def test_lessons_are_numbered_without_gaps_with_notebook_names():
    table = course.lessons()
    assert len(table) >= 10
    assert list(table["number"]) == [f"{n:02d}" for n in range(len(table))]
    assert list(table.columns) == [
        "number",
        "slug",
        "title",
        "summary",
        "minutes",
        "notebook",
        "available",
    ]
    assert table.loc[0, "notebook"] == "00_start_here.ipynb"
    assert table.loc[4, "notebook"] == "04_inheritance_patterns.ipynb"
    assert all(
        nb == f"{n}_{s}.ipynb"
        for nb, n, s in zip(table["notebook"], table["number"], table["slug"], strict=True)
    )
    assert bool(table.loc[0, "available"]) is True


def test_available_follows_the_notebook_files(only_lesson_00):
    table = course.lessons()
    assert list(table["available"]) == [True] + [False] * (len(table) - 1)
    (only_lesson_00 / "03_class_switching_and_higm_types.ipynb").write_text("{}")
    assert list(course.lessons()["number"][course.lessons()["available"]]) == ["00", "03"]


@pytest.mark.parametrize("lesson", ["0", "00", 0, " 00 "])
def test_notebook_for_lesson_00(lesson):
    path = course.notebook_for(lesson)
    assert path == START_HERE
    assert path.relative_to(REPO) == Path("notebooks/00_start_here.ipynb")


@pytest.mark.parametrize("lesson", ["42", "x", "", "-1", "0x1", 100])
def test_an_unknown_lesson_lists_the_available_ones(only_lesson_00, lesson):
    with pytest.raises(ValueError) as info:
        course.notebook_for(lesson)
    message = str(info.value)
    assert "['00']" in message
    assert repr(lesson) in message


def test_a_lesson_without_a_notebook_is_coming_soon(only_lesson_00):
    with pytest.raises(ValueError, match="coming soon") as info:
        course.notebook_for("04")
    assert "Inheritance patterns" in str(info.value)
    assert "['00']" in str(info.value)


@pytest.mark.parametrize("lesson", [True, None, 4.0, ["00"]])
def test_a_lesson_that_is_not_a_number_or_text(lesson):
    with pytest.raises(TypeError, match="lesson"):
        course.notebook_for(lesson)


def test_main_prints_the_notebook_path(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    assert course.main(["notebook", "00"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(Path("notebooks/00_start_here.ipynb"))
    assert captured.err == ""


def test_main_prints_an_absolute_path_outside_the_repository(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert course.main(["notebook", "0"]) == 0
    assert capsys.readouterr().out.strip() == str(START_HERE)


def test_main_with_an_unknown_lesson(capsys):
    assert course.main(["notebook", "99"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: lesson must be one of")
    assert "'99'" in captured.err


@pytest.mark.parametrize("argv", [[], ["notebook"], ["lesson", "00"], ["notebook", "00", "x"]])
def test_main_usage(capsys, argv):
    assert course.main(argv) == 2
    assert "usage: python -m higm_lessons.course notebook NN" in capsys.readouterr().err
