"""Unit tests for higm_lessons.references: reference lists from the one bibliography."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from higm_lessons import data
from higm_lessons.references import ReferenceList, references

REAL_SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources.csv"


def test_the_seed_pages_are_in_the_bibliography():
    sources = data.load_table("sources.csv").set_index("key")
    assert {"myigsource_higm", "gard_higm1"} <= set(sources.index)
    assert sources.loc["myigsource_higm", "url"].startswith("https://myigsource.com/")
    # the first seed page is branded MyIgSource, not the Immune Deficiency Foundation
    assert sources.loc["myigsource_higm", "authors"] == "MyIgSource"
    assert "Immune Deficiency Foundation" not in sources.loc["myigsource_higm", "authors"]
    assert sources.loc["gard_higm1", "url"].startswith("https://rarediseases.info.nih.gov/")


def test_references_keep_the_order_given():
    refs = references(["myigsource_higm", "gard_higm1"])
    assert isinstance(refs, ReferenceList)
    assert refs.keys == ["myigsource_higm", "gard_higm1"]
    assert references(["gard_higm1", "myigsource_higm"]).keys == ["gard_higm1", "myigsource_higm"]
    assert references(iter(["wong2011", "myigsource_higm", "wong2011"])).keys == [
        "wong2011",
        "myigsource_higm",
    ]


def test_an_unknown_key_is_named():
    with pytest.raises(ValueError, match="nobody2020") as info:
        references(["myigsource_higm", "nobody2020"])
    assert "sources.csv" in str(info.value)
    assert "myigsource_higm'" not in str(info.value).split("known keys")[0]


def test_a_plain_string_is_a_type_error():
    with pytest.raises(TypeError, match="list of source keys"):
        references("myigsource_higm")
    with pytest.raises(TypeError):
        references(None)


@pytest.mark.parametrize("keys", [[], (), ["myigsource_higm", 3]])
def test_empty_or_non_text_keys_are_a_value_error(keys):
    with pytest.raises(ValueError, match="non-empty"):
        references(keys)


def test_str_lists_numbered_entries_with_urls():
    text = str(references(["myigsource_higm", "gard_higm1"]))
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("1. MyIgSource (2024). Hyper-IgM Syndromes (HIGM).")
    assert lines[0].endswith("https://myigsource.com/hyper-igm-syndrome")
    assert lines[1].startswith("2. NIH Genetic and Rare Diseases Information Center (GARD) (2013).")
    assert "GARD 73." in lines[1]  # the identifier, when there is one
    assert lines[1].endswith(
        "https://rarediseases.info.nih.gov/diseases/73/immunodeficiency-with-hyper-igm-type-1"
    )


def test_markdown_and_html_list_every_entry():
    refs = references(["myigsource_higm", "gard_higm1", "tangye2022"])
    markdown = refs._repr_markdown_()
    assert [line[:3] for line in markdown.splitlines()] == ["1. ", "2. ", "3. "]
    assert "`[tangye2022]`" in markdown
    page = refs._repr_html_()
    assert page.startswith('<ol class="higm-references">')
    assert re.findall(r'<li id="ref-([a-z0-9_]+)">', page) == [
        "myigsource_higm",
        "gard_higm1",
        "tangye2022",
    ]
    assert 'href="https://doi.org/10.1007/s10875-022-01289-3"' in page
    assert 'rel="noopener"' in page


def test_html_escapes_the_data(tmp_path, monkeypatch):
    frame = pd.read_csv(REAL_SOURCES, dtype=str, keep_default_na=False)
    frame.loc[frame["key"] == "myigsource_higm", "title"] = "Hyper-IgM <script>alert('x')</script>"
    frame.loc[frame["key"] == "myigsource_higm", "authors"] = "Smith & Jones"
    frame.loc[frame["key"] == "myigsource_higm", "url"] = 'https://example.org/?a=1&b="x"><b>'
    frame.to_csv(tmp_path / "sources.csv", index=False)
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))

    page = references(["myigsource_higm"])._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Smith &amp; Jones" in page
    assert 'href="https://example.org/?a=1&amp;b=&quot;x&quot;&gt;&lt;b&gt;"' in page
    assert "<b>" not in page
    # plain text is not escaped
    assert "<script>" in str(references(["myigsource_higm"]))


def test_markdown_escapes_the_data(tmp_path, monkeypatch):
    frame = pd.read_csv(REAL_SOURCES, dtype=str, keep_default_na=False)
    frame.loc[frame["key"] == "myigsource_higm", "title"] = "Hyper-IgM *bold* <b>tag</b> [link]"
    frame.to_csv(tmp_path / "sources.csv", index=False)
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    markdown = references(["myigsource_higm"])._repr_markdown_()
    assert r"Hyper-IgM \*bold\* \<b\>tag\</b\> \[link\]" in markdown


# --------------------------------------------------------------------------- course
def test_course_is_a_note_not_a_numbered_entry():
    refs = references(["gard_higm1", "course", "tangye2022"])
    assert refs.keys == ["gard_higm1", "course", "tangye2022"]
    assert [row["key"] for row in refs.rows] == ["gard_higm1", "tangye2022"]
    lines = str(refs).splitlines()
    assert [line[:3] for line in lines[:2]] == ["1. ", "2. "]
    assert lines[-1].startswith("[course] marks the course's own judgement")
    assert "HIGM course contributors" not in str(refs)
    markdown = refs._repr_markdown_()
    assert [line[:3] for line in markdown.splitlines()[:2]] == ["1. ", "2. "]
    assert "`[course]`" not in markdown
    assert markdown.splitlines()[-1].startswith(r"\[course\] marks")
    page = refs._repr_html_()
    assert re.findall(r'<li id="ref-([a-z0-9_]+)">', page) == ["gard_higm1", "tangye2022"]
    assert page.endswith("not an external source.</p>")
    assert 'class="higm-course-note"' in page


def test_a_list_without_course_has_no_note():
    refs = references(["gard_higm1"])
    assert "[course]" not in str(refs)
    assert "higm-course-note" not in refs._repr_html_()


def test_course_alone_gives_only_the_note():
    refs = references(["course"])
    assert refs.rows == []
    assert str(refs).startswith("[course]")
    assert "<ol" not in refs._repr_html_()


# --------------------------------------------------------------------------- provenance
def test_no_bibliography_entry_is_left_unverified():
    """A note that still says an entry was written from memory or is unverified fails."""
    frame = pd.read_csv(REAL_SOURCES, dtype=str, keep_default_na=False)
    flagged = {
        key: note
        for key, note in zip(frame["key"], frame["note"], strict=True)
        if re.search(r"from memory|\bunverified\b", note, flags=re.IGNORECASE)
    }
    assert flagged == {}, f"verify these entries or cut them to 'First author, et al.': {flagged}"


def test_the_course_row_is_the_agreed_pseudo_source():
    line = next(
        line
        for line in REAL_SOURCES.read_text(encoding="utf-8").splitlines()
        if line.startswith("course,")
    )
    assert line == (
        "course,course,The HIGM course contributors,2026,The course's own teaching judgement "
        "or software behaviour,,,,\"Not an external source: marks the course's own judgements, "
        'rules and software."'
    )


def test_genereviews_is_cited_by_chapter_not_by_series_editors():
    row = data.load_table("sources.csv").set_index("key").loc["genereviews_xhigm"]
    assert "editors" not in row["authors"]
    assert row["container"].startswith("In: Adam MP")
    assert "NBK1402" in row["identifier"]
    assert "PMID:20301576" in row["identifier"]
