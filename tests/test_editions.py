"""The student and instructor editions (``make editions``, tools/editions.py) and the
facilitator guides: no instructor cell reaches the student edition, every lesson has a
guide in the instructor edition and on a printable page, and both editions run under nbval."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from higm_lessons import facilitator, presets, quiz
from higm_lessons.course import lessons
from higm_lessons.data import DataError
from tools import editions

ROOT = Path(__file__).resolve().parent.parent
SOURCE = sorted((ROOT / "notebooks").glob("*.ipynb"))


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
