"""tools/renumber_lessons.py: one command shifts lessons to make room for a new one."""

from __future__ import annotations

import csv
import shutil
import subprocess

import nbformat
import pytest

from tools import renumber_lessons as tool

SLUGS = {"09": "cases", "10": "treatment", "11": "safety"}


def test_parse_moves_checks_its_pairs():
    assert tool.parse_moves(["10:11", "11:12"]) == {"10": "11", "11": "12"}
    for bad in (["10-11"], ["10:10"], ["1:2"], ["10:11", "10:12"], ["10:12", "11:12"]):
        with pytest.raises(ValueError, match="pairs"):
            tool.parse_moves(bad)
    with pytest.raises(ValueError, match="pairs"):
        tool.parse_moves([])


def test_rewrite_text_moves_every_kind_of_reference_at_once():
    text = (
        'prompt("10", "10-route") and quiz(\'11\'); see Lesson 10 · Treatment, lesson 11\'s '
        "safety, lesson_10.toml, widgets lesson11, [link](10_treatment.ipynb), ``11-transplant``\n"
        "| 10 · [Treatment](10_treatment.ipynb) | dose | 45 min |\n| 11 | [Safety] | 30 min |\n"
        'and not "2026-10-01", 100 mg or "109"'
    )
    new = tool.rewrite_text(text, {"10": "11", "11": "12"}, SLUGS)
    assert new == (
        'prompt("11", "11-route") and quiz(\'12\'); see Lesson 11 · Treatment, lesson 12\'s '
        "safety, lesson_11.toml, widgets lesson12, [link](11_treatment.ipynb), ``12-transplant``\n"
        "| 11 · [Treatment](11_treatment.ipynb) | dose | 45 min |\n| 12 | [Safety] | 30 min |\n"
        'and not "2026-10-01", 100 mg or "109"'
    )


def test_rewrite_csv_changes_only_the_lesson_columns_of_moved_rows():
    text = 'id,lesson,text,source\n09-1,09,"a, b",course\n10-1,10,"c, ""d""",course\n'
    new = tool.rewrite_csv(text, ("id", "lesson"), {"10": "11"})
    assert new == 'id,lesson,text,source\n09-1,09,"a, b",course\n11-1,11,"c, ""d""",course\n'


def _repo(tmp_path):
    """A small repository laid out like the course."""
    root = tmp_path / "course"
    for folder in ("data/prompts", "data/questions", "notebooks", "tests/expected_outputs"):
        (root / folder).mkdir(parents=True)
    (root / "data/lessons.csv").write_text(
        "number,slug,title,summary,minutes\n"
        + "".join(f"{n},{s},{s.title()},x,30\n" for n, s in SLUGS.items()),
        encoding="utf-8",
    )
    moves = ",".join(tool.MOVE_FIELDS) + "\n1,05,*,06,*,course\n"
    (root / "data/lesson_moves.csv").write_text(moves, encoding="utf-8")
    for n, s in SLUGS.items():
        (root / f"data/prompts/lesson_{n}.toml").write_text(f'lesson = "{n}"\nid = "{n}-a"\n')
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell(f'prompt("{n}", "{n}-a")')
        cell.id = "call"
        nb.cells = [cell]
        nbformat.write(nb, root / f"notebooks/{n}_{s}.ipynb")
    (root / "CHANGELOG.md").write_text("Lesson 10 was added.\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    return root


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_renumber_makes_room_for_a_new_lesson_and_records_the_move(tmp_path):
    root = _repo(tmp_path)
    with pytest.raises(ValueError, match="lesson 11 exists"):
        tool.renumber({"10": "11"}, root)  # 11 would be overwritten
    changed = tool.renumber({"10": "11", "11": "12"}, root)
    assert "notebooks/10_treatment.ipynb -> notebooks/11_treatment.ipynb" in changed
    assert sorted(p.name for p in (root / "notebooks").iterdir()) == [
        "09_cases.ipynb", "11_treatment.ipynb", "12_safety.ipynb"
    ]  # fmt: skip
    cell = nbformat.read(root / "notebooks/12_safety.ipynb", 4).cells[0]
    assert cell.source == 'prompt("12", "12-a")' and cell.id == "call"
    assert (root / "data/prompts/lesson_11.toml").read_text() == 'lesson = "11"\nid = "11-a"\n'
    with open(root / "data/lessons.csv", encoding="utf-8") as handle:
        assert [r["number"] for r in csv.DictReader(handle)] == ["09", "11", "12"]
    with open(root / "data/lesson_moves.csv", encoding="utf-8") as handle:
        moves = [tuple(r.values()) for r in csv.DictReader(handle)]
    assert moves[1:] == [
        ("2", "10", "*", "11", "*", "course"), ("2", "11", "*", "12", "*", "course")
    ]  # fmt: skip
    assert (root / "CHANGELOG.md").read_text() == "Lesson 10 was added.\n"  # history stays
