"""The student and instructor editions (``make editions``, tools/editions.py) and the
facilitator guides: no instructor cell reaches the student edition, every lesson has a
guide in the instructor edition and on a printable page, and both editions run under nbval."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from higm_lessons import facilitator, presets, quiz
from higm_lessons.course import lessons
from higm_lessons.data import DataError
from higm_lessons.practice import misconceptions
from tools import editions, lesson_time

ROOT = Path(__file__).resolve().parent.parent
SOURCE = sorted((ROOT / "notebooks").glob("*.ipynb"))
LESSONS = {row.number: row for row in lessons().itertuples() if row.available}

NOTE = "**Teaching notes.**"
"""How every teaching note starts. Its parts carry bold labels an instructor finds at a
glance: the lesson's first note gives ``**Timing** (N min):`` and ``**Demo:**``, and each
note beside a prompt or widget ``**Expected wrong answers:**`` and ``**Follow-up:**``."""
DEMO = "**Demo:**"
WRONG = "**Expected wrong answers:**"
FOLLOW_UP = "**Follow-up:**"
TIMING = re.compile(r"^\*\*Timing\*\* \((\d+) min\): (.+)\.$", re.M)
PRESET = re.compile(r"(?:lesson (\d\d) at )?`\?preset=([^`]+)`")
"""A preset named in a note: of the note's own lesson, or of ``lesson NN at`` one."""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    return out, editions.build(out)


def _tagged(cell) -> bool:
    return editions.TAG in cell.metadata.get("tags", [])


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def test_every_lesson_has_a_facilitator_guide():
    table = lessons()
    available = set(table[table["available"]]["slug"])
    assert {g.lesson for g in facilitator.guides()} == available
    for guide in facilitator.guides():
        assert sum(step.minutes for step in guide.run_sheet) == facilitator.CLASS_MINUTES
        assert 2 <= len(guide.misconceptions) <= 3


def test_no_instructor_cell_reaches_the_student_edition(built):
    _out, written = built
    names = {p.name for p in written["student"]}
    assert names == {p.name for p in SOURCE if not editions.instructor_only(p.name)}
    for path in written["student"]:
        notebook = _read(path)
        assert not [c for c in notebook.cells if _tagged(c)], path.name
        text = "\n".join(c.source for c in notebook.cells)
        assert editions.BANNER not in text and "Facilitator guide" not in text, path.name
        nbformat.validate(notebook)


def test_the_instructor_edition_keeps_and_highlights_the_notes(built):
    out, written = built
    slugs = {row.notebook: row.slug for row in lessons().itertuples() if row.available}
    assert {p.name for p in written["instructor"]} == {p.name for p in SOURCE}
    for source in SOURCE:
        notebook = _read(out / "instructor" / source.name)
        nbformat.validate(notebook)
        notes = [c for c in notebook.cells if _tagged(c)]
        assert all(c.source.startswith(f"> {editions.BANNER}") for c in notes), source.name
        own = [c for c in _read(source).cells if _tagged(c)]
        guide = [c for c in notes if c.get("id") == editions.GUIDE_ID]
        assert len(notes) == len(own) + len(guide)
        if source.name in slugs:
            assert len(guide) == 1 and notebook.cells[1].get("id") == editions.GUIDE_ID
            assert f"Lesson {source.name[:2]}" in guide[0].source
        else:
            assert guide == []


def test_teaching_notes_are_prose_and_code_is_the_same_in_every_edition(built):
    """Nothing important hides in an instructor cell: they are Markdown, and each edition's
    code cells are exactly the source's (so the learner runs what the instructor shows)."""
    out, _ = built
    for source in SOURCE:
        cells = _read(source).cells
        assert all(c.cell_type == "markdown" for c in cells if _tagged(c)), source.name
        code = [c.source for c in cells if c.cell_type == "code"]
        for edition in ("student", "instructor"):
            path = out / edition / source.name
            if path.exists():
                assert [c.source for c in _read(path).cells if c.cell_type == "code"] == code


def test_printable_guides(built):
    out, written = built
    page = (out / "instructor" / "facilitator_guides.html").read_text()
    for guide in facilitator.guides():
        assert f"Lesson {guide.number} · {guide.title}" in page
        assert f"<code>{guide.exit_ticket}</code>" in page
        single = out / "instructor" / "guides"
        assert any(guide.title in p.read_text() for p in single.glob(f"{guide.number}_*.html"))
    assert "page-break-before" in page and len(written["guides"]) == len(facilitator.guides()) + 1


def test_a_guide_names_only_real_misconceptions_presets_and_questions():
    vocabulary = {q.id: q for q in quiz.all_questions()}
    for guide in facilitator.guides():
        assert vocabulary[guide.exit_ticket].lesson == guide.number
        known = {f"{p.widget}.{p.name}" for p in presets.presets()}
        assert {m.preset for m in guide.misconceptions} <= known
        text = facilitator.guide_markdown(guide.lesson)
        for m in guide.misconceptions:
            assert f"`?preset={m.preset.split('.', 1)[1]}`" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("minutes = 5\n", "minutes = 6\n"), "takes 51 minutes"),
        (('phase = "exit-ticket"', 'phase = "debrief"'), "ends on"),
        (('preset = "', 'preset = "no_widget.'), "is not in presets.toml"),
        (('[exit_ticket]\nid = "', '[exit_ticket]\nid = "x'), "is not a question of lesson"),
        (('[[misconceptions]]\nid = "', '[[misconceptions]]\nid = "no-'), "misconceptions.csv"),
    ],
)
def test_a_broken_guide_is_reported(tmp_path, monkeypatch, change, message):
    guide = facilitator.guides()[0]
    path = ROOT / "data" / "facilitator" / f"{guide.lesson}.toml"
    text = path.read_text()
    old, new = change
    assert old in text
    (tmp_path / "facilitator").mkdir()
    (tmp_path / "facilitator" / path.name).write_text(text.replace(old, new, 1))
    monkeypatch.setenv("HIGM_LESSONS_DATA", str(tmp_path))
    with pytest.raises(DataError, match=message):
        facilitator.guide(guide.lesson)


def test_both_editions_run_under_nbval(built):
    out, _ = built
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "conftest", "-q",
         "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
         str(out / "student"), str(out / "instructor")],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_binder_opens_the_student_edition():
    """Learners on Binder see the student edition: postBuild builds it, the badges open it."""
    assert "python tools/editions.py" in (ROOT / "postBuild").read_text()
    readme = (ROOT / "README.md").read_text()
    badges = [line for line in readme.splitlines() if "mybinder.org/v2" in line]
    assert badges and all("build/student/" in line for line in badges)


def _notes(number: str) -> tuple[list, list[tuple[int, nbformat.NotebookNode]]]:
    cells = _read(ROOT / "notebooks" / LESSONS[number].notebook).cells
    return cells, [(i, c) for i, c in enumerate(cells) if _tagged(c)]


def _label(text: str, label: str) -> str:
    """The paragraph of a note that starts with ``label`` (empty if there is none)."""
    return next((p for p in text.split("\n\n") if p.startswith(label)), "")


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_every_lesson_has_teaching_notes_where_the_instructor_needs_them(number):
    """One note after the "In this lesson" box with the timing and the demo sequence, and
    one beside the lesson's prompts and widgets (at least two where it has two) with the
    expected wrong answers and a follow-up question."""
    cells, notes = _notes(number)
    assert notes, f"lesson {number} has no teaching notes"
    assert all(c.source.startswith(NOTE) for _, c in notes)
    top = [(i, c) for i, c in notes if TIMING.search(c.source)]
    assert len(top) == 1, "one note gives the lesson's timing"
    where, first = top[0]
    assert cells[where - 1].source.startswith("## In this lesson") and DEMO in first.source
    asked = [
        c for c in cells
        if c.cell_type == "code"
        and (lesson_time.PROMPT_CALL.search(c.source)
             or {"interactive", "practice"} & set(c.metadata.get("tags", [])))
    ]  # fmt: skip
    beside = [(i, c) for i, c in notes if i != where]
    assert len(beside) >= min(2, len(asked)), "a note beside each main prompt or widget"
    for i, cell in beside:
        assert cells[i - 1].cell_type == "code", f"note {cell.id} must follow the cell it is about"
    for i, cell in notes:
        if i != where or WRONG in cell.source:
            assert _label(cell.source, WRONG)[len(WRONG) :].strip(), f"{cell.id}: wrong answers"
            assert "?" in _label(cell.source, FOLLOW_UP), f"{cell.id}: a follow-up question"
    text = "\n".join(c.source for _, c in notes)
    names = {key: m.name for key, m in misconceptions().items()}
    surfaced = facilitator.guide(LESSONS[number].slug).misconceptions
    missing = [names[m.id] for m in surfaced if names[m.id] not in text]
    assert not missing, (
        f"the guide's misconceptions, by their name in misconceptions.csv: {missing}"
    )


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_a_teaching_note_names_only_presets_of_its_lesson(number):
    _, notes = _notes(number)
    known = {(p.lesson, p.name) for p in presets.presets()}
    named = [
        (LESSONS[m.group(1) or number].slug, m.group(2))
        for _, c in notes for m in PRESET.finditer(c.source)
    ]  # fmt: skip
    own = {name for slug, name in named if slug == LESSONS[number].slug}
    assert set(named) <= known, f"not in presets.toml: {set(named) - known}"
    assert own == {p.name for p in presets.for_lesson(LESSONS[number].slug)}, (
        "the demo sequence names each of the lesson's presets"
    )


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_the_timing_splits_the_stated_time_by_section(number):
    """The minutes per section add up to the lesson's stated core time (data/lessons.csv,
    measured by tools/lesson_time.py), section by section close to the measurement;
    ``python tools/lesson_time.py --write`` restates them."""
    _, notes = _notes(number)
    path = ROOT / "notebooks" / LESSONS[number].notebook
    match = next(m for _, c in notes if (m := TIMING.search(c.source)))
    total = int(match.group(1))
    assert total == LESSONS[number].minutes
    given = [part.rsplit(" ", 1) for part in match.group(2).split(" · ")]
    measured = lesson_time.sections(path)
    assert [label for label, _ in given] == [label for label, _ in measured]
    minutes = [int(n) for _, n in given]
    assert sum(minutes) == total
    scale = total / sum(m for _, m in measured)
    for (label, exact), stated in zip(measured, minutes, strict=True):
        assert abs(stated - exact * scale) <= 2, (
            f"{label}: {stated} min, measured {exact * scale:.1f}: run tools/lesson_time.py --write"
        )


def test_make_lab_updates_the_student_edition_and_keeps_what_a_learner_changed(tmp_path):
    """`make lab` opens build/student/, brought up to date first: an unchanged source leaves
    the learner's copy alone, a changed source replaces it, and a copy the learner changed
    is kept in earlier/ first."""
    source, out = tmp_path / "notebooks", tmp_path / "build"
    source.mkdir()
    for path in SOURCE[:2]:
        (source / path.name).write_bytes(path.read_bytes())
    first, second = (out / "student" / p.name for p in SOURCE[:2])
    assert editions.update_student(out, source) == [first, second]
    assert not any(_tagged(c) for c in nbformat.read(first, as_version=4).cells)
    mine = first.read_text().replace('"cells": [', '"cells": [{"cell_type": "markdown", '
                                      '"id": "mine", "metadata": {}, "source": "my notes"},', 1)
    first.write_text(mine)
    assert editions.update_student(out, source) == []  # nothing changed upstream
    assert first.read_text() == mine
    for path in SOURCE[:2]:  # the course is updated
        book = nbformat.read(source / path.name, as_version=4)
        book.cells.append(nbformat.v4.new_markdown_cell("A new paragraph."))
        nbformat.write(book, source / path.name)
    assert editions.update_student(out, source) == [first, second]
    assert "A new paragraph." in first.read_text() and "my notes" not in first.read_text()
    kept = list((out / "student" / "earlier").glob(f"{first.stem}-*.ipynb"))
    assert len(kept) == 1 and kept[0].read_text() == mine
    assert not list((out / "student" / "earlier").glob(f"{second.stem}-*"))  # untouched
