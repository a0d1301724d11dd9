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
    assert {"idf_higm", "gard_higm1"} <= set(sources.index)
    assert sources.loc["idf_higm", "url"].startswith("https://primaryimmune.org/")
    assert sources.loc["gard_higm1", "url"].startswith("https://rarediseases.info.nih.gov/")


def test_references_keep_the_order_given():
    refs = references(["idf_higm", "gard_higm1"])
    assert isinstance(refs, ReferenceList)
    assert refs.keys == ["idf_higm", "gard_higm1"]
    assert references(["gard_higm1", "idf_higm"]).keys == ["gard_higm1", "idf_higm"]
    assert references(iter(["wong2011", "idf_higm", "wong2011"])).keys == ["wong2011", "idf_higm"]


def test_an_unknown_key_is_named():
    with pytest.raises(ValueError, match="nobody2020") as info:
        references(["idf_higm", "nobody2020"])
    assert "sources.csv" in str(info.value)
    assert "idf_higm'" not in str(info.value).split("known keys")[0]


def test_a_plain_string_is_a_type_error():
    with pytest.raises(TypeError, match="list of source keys"):
        references("idf_higm")
    with pytest.raises(TypeError):
        references(None)


@pytest.mark.parametrize("keys", [[], (), ["idf_higm", 3]])
def test_empty_or_non_text_keys_are_a_value_error(keys):
    with pytest.raises(ValueError, match="non-empty"):
        references(keys)


def test_str_lists_numbered_entries_with_urls():
    text = str(references(["idf_higm", "gard_higm1"]))
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        "1. Immune Deficiency Foundation (2024). Hyper-IgM Syndromes (HIGM)."
    )
    assert lines[0].endswith(
        "https://primaryimmune.org/understanding-primary-immunodeficiency/types-of-pi/"
        "hyper-igm-syndromes-higm"
    )
    assert lines[1].startswith("2. NIH Genetic and Rare Diseases Information Center (GARD) (2013).")
    assert "GARD 73." in lines[1]  # the identifier, when there is one
    assert lines[1].endswith(
        "https://rarediseases.info.nih.gov/diseases/73/immunodeficiency-with-hyper-igm-type-1"
    )


def test_markdown_and_html_list_every_entry():
    refs = references(["idf_higm", "gard_higm1", "tangye2022"])
    markdown = refs._repr_markdown_()
    assert [line[:3] for line in markdown.splitlines()] == ["1. ", "2. ", "3. "]
    assert "`[tangye2022]`" in markdown
    page = refs._repr_html_()
    assert page.startswith('<ol class="higm-references">')
    assert re.findall(r'<li id="ref-([a-z0-9_]+)">', page) == [
        "idf_higm",
        "gard_higm1",
        "tangye2022",
    ]
    assert 'href="https://doi.org/10.1007/s10875-022-01289-3"' in page
    assert 'rel="noopener"' in page


def test_html_escapes_the_data(tmp_path, monkeypatch):
    frame = pd.read_csv(REAL_SOURCES, dtype=str, keep_default_na=False)
    frame.loc[frame["key"] == "idf_higm", "title"] = "Hyper-IgM <script>alert('x')</script>"
    frame.loc[frame["key"] == "idf_higm", "authors"] = "Smith & Jones"
    frame.loc[frame["key"] == "idf_higm", "url"] = 'https://example.org/?a=1&b="x"><b>'
    frame.to_csv(tmp_path / "sources.csv", index=False)
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))

    page = references(["idf_higm"])._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Smith &amp; Jones" in page
    assert 'href="https://example.org/?a=1&amp;b=&quot;x&quot;&gt;&lt;b&gt;"' in page
    assert "<b>" not in page
    # plain text is not escaped
    assert "<script>" in str(references(["idf_higm"]))


def test_markdown_escapes_the_data(tmp_path, monkeypatch):
    frame = pd.read_csv(REAL_SOURCES, dtype=str, keep_default_na=False)
    frame.loc[frame["key"] == "idf_higm", "title"] = "Hyper-IgM *bold* <b>tag</b> [link]"
    frame.to_csv(tmp_path / "sources.csv", index=False)
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    markdown = references(["idf_higm"])._repr_markdown_()
    assert r"Hyper-IgM \*bold\* \<b\>tag\</b\> \[link\]" in markdown
