"""The course glossary: the table validates, first uses are linked once per lesson, the
linking tool is idempotent, and raw tables fold away behind "Show the data"."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from higm_lessons import data, glossary
from higm_lessons.data import DataError
from higm_lessons.widgets.common import glossary_table, show_data
from tests.helpers import copy_course_data
from tools import link_glossary

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    return copy_course_data(tmp_path, monkeypatch)


def _edit(folder: Path, row: int, column: str, value: str) -> None:
    path = folder / "glossary.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(path, index=False)


def test_the_glossary_loads_with_one_row_per_abbreviation():
    table = glossary.glossary()
    assert list(table.columns) == ["abbreviation", "term", "definition", "lesson", "source"]
    assert table["abbreviation"].is_unique and len(table) >= 40
    assert set(table["lesson"]) <= set(data.load_table("lessons.csv")["number"])


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("source", "no_such_source", "no_such_source"),
        ("definition", "x" * 201, "definition"),
        ("definition", 'a "quoted" word that would end the title', "must not contain"),
        ("lesson", "7", "lesson"),
        ("abbreviation", "pjp", "abbreviation"),
    ],
)
def test_a_bad_row_is_rejected_on_load(data_copy, column, value, says):
    _edit(data_copy, 3, column, value)
    with pytest.raises(DataError, match=says):
        data.load_table("glossary.csv")


def test_a_duplicate_abbreviation_is_rejected(data_copy):
    _edit(data_copy, 1, "abbreviation", "HIGM")
    with pytest.raises(DataError):
        data.load_table("glossary.csv")


def test_title_and_tag_come_from_the_table():
    assert glossary.title("PJP").startswith("Pneumocystis jirovecii pneumonia: ")
    assert glossary.tag("CNS") == (
        '<abbr title="central nervous system: The brain and spinal cord.">CNS</abbr>'
    )
    with pytest.raises(ValueError, match=r"not in data/glossary\.csv"):
        glossary.title("XYZ")
    with pytest.raises(TypeError):
        glossary.title(3)


def test_only_the_first_prose_use_in_a_lesson_is_linked():
    cells = [
        "# Lesson 11 · CNS in the title stays plain",
        "The `CNS` code span, a [link](CNS.ipynb), *CD40* in italics and CD40LG are not uses.",
        None,  # a cell the tool must not touch
        "Then CNS, then CNS again; CD40L and CD40.",
        "CNS once more.",
    ]
    out = glossary.link_first_uses(cells)
    assert out[0] == cells[0] and out[1] == cells[1] and out[2] is None
    assert out[3] == (
        f"Then {glossary.tag('CNS')}, then CNS again; {glossary.tag('CD40L')} and "
        f"{glossary.tag('CD40')}."
    )
    assert out[4] == "CNS once more."
    assert glossary.link_first_uses(out) == out, "running twice changes nothing"
    assert glossary.unlink(out[3]) == cells[3]


def test_a_changed_definition_is_relinked(data_copy):
    stale = ['The <abbr title="an old definition">CNS</abbr> and the CNS.']
    assert glossary.link_first_uses(stale) == [f"The {glossary.tag('CNS')} and the CNS."]


def test_bad_cells_are_a_type_error():
    with pytest.raises(TypeError, match="cells"):
        glossary.link_first_uses("CNS")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cells"):
        glossary.link_first_uses([3])  # type: ignore[list-item]


def test_the_tool_links_a_lesson_once_and_leaves_details_blocks(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("<details><summary>Answer</summary>PJP</details>", id="a"),
        nbformat.v4.new_markdown_cell("A boy with PJP; later PJP.", id="b"),
        nbformat.v4.new_code_cell('print("PJP")', id="c"),
    ]
    path = tmp_path / "08_lesson.ipynb"
    nbformat.write(nb, path)
    assert link_glossary.main(["--check", "--notebooks", str(tmp_path)]) == 1
    assert link_glossary.main(["--notebooks", str(tmp_path)]) == 0
    after = nbformat.read(path, as_version=4)
    assert after.cells[0].source == nb.cells[0].source
    assert after.cells[1].source == f"A boy with {glossary.tag('PJP')}; later PJP."
    assert after.cells[2].source == nb.cells[2].source
    assert link_glossary.main(["--check", "--notebooks", str(tmp_path)]) == 0
    assert not link_glossary.relink(path), "a second run changes nothing"


def test_the_tool_links_the_first_use_a_learner_reads_not_one_in_a_teaching_note(tmp_path):
    """Teaching notes (cells tagged ``instructor``) leave the student edition, so the first
    use a learner reads, after the note, is the one that shows its meaning."""
    note = nbformat.v4.new_markdown_cell("**Teaching notes.** Ask about PJP.", id="note")
    note.metadata["tags"] = ["instructor"]
    nb = nbformat.v4.new_notebook()
    nb.cells = [note, nbformat.v4.new_markdown_cell("A boy with PJP; later PJP.", id="b")]
    path = tmp_path / "08_lesson.ipynb"
    nbformat.write(nb, path)
    assert link_glossary.relink(path)
    after = nbformat.read(path, as_version=4)
    assert after.cells[0].source == note.source
    assert after.cells[1].source == f"A boy with {glossary.tag('PJP')}; later PJP."


def test_show_data_folds_the_table_and_keeps_its_text():
    frame = pd.DataFrame({"trough": [600, 700], "rate": [0.05, 0.04]})
    toggle = show_data(frame, frame.head(1), title="rates", index=False)
    assert toggle.accordion.selected_index is None, "closed until the learner opens it"
    assert toggle.accordion.get_title(0) == "Show the data: rates"
    assert toggle.text == frame.to_string(index=False) + "\n\n" + frame.head(1).to_string(
        index=False
    )
    assert "600" in toggle.accordion.children[0].value
    bundle = toggle._repr_mimebundle_()
    assert bundle["text/plain"] == toggle.text
    assert "application/vnd.jupyter.widget-view+json" in bundle
    with pytest.raises(TypeError, match="tables"):
        show_data([1, 2])
    with pytest.raises(TypeError, match="tables"):
        show_data()
    with pytest.raises(ValueError, match="title"):
        show_data(frame, title=" ")


def test_the_glossary_page_lists_every_entry_with_an_anchor():
    html = glossary_table().value
    for abbreviation in glossary.glossary()["abbreviation"]:
        assert f'id="glossary-{abbreviation}"' in html
    assert "Pneumocystis jirovecii pneumonia" in html


def test_a_deep_dive_links_its_own_first_uses():
    deep = (
        '<details class="deep-dive"><summary>Deep dive (optional): x</summary>\n\n'
        "CNS and PJP.\n\n</details>"
    )
    out = glossary.link_first_uses([f"Core CNS.\n\n{deep}", "Core PJP."])
    assert out[0].startswith(f"Core {glossary.tag('CNS')}.")
    assert f"{glossary.tag('CNS')} and {glossary.tag('PJP')}." in out[0], "linked inside the fold"
    assert out[1] == f"Core {glossary.tag('PJP')}.", "skipping a deep dive hides no definition"
    assert link_glossary.has_answer_block("<details><summary>Show the answer</summary>")
    assert not link_glossary.has_answer_block(deep)
