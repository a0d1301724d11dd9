"""Unit tests for higm_lessons.data: finding, loading and validating the course data."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from higm_lessons import data
from higm_lessons.data import DataError
from tests.helpers import copy_course_data

REPO = Path(__file__).resolve().parent.parent
REAL_DATA = REPO / "data"

EXPECTED_COLUMNS = {
    "sources.csv": [
        "key",
        "kind",
        "authors",
        "year",
        "title",
        "container",
        "identifier",
        "url",
        "note",
    ],
    "lessons.csv": ["number", "slug", "title", "summary", "minutes"],
    "facts.csv": ["lesson", "quote", "source", "note"],
    "immunoglobulins.csv": [
        "isotype",
        "heavy_chain",
        "structure",
        "subunits",
        "molecular_weight_kda",
        "mean_serum_mg_per_ml",
        "half_life_days",
        "crosses_placenta",
        "main_roles",
        "source",
    ],
}


# --------------------------------------------------------------------------- helpers
@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the course data folder, made the active one through HIGM_LESSONS_DATA."""
    return copy_course_data(tmp_path, monkeypatch)


def read_raw(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_raw(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Change one cell of a CSV file; ``row`` counts data rows from 0."""
    frame = read_raw(path)
    frame.loc[row, column] = value
    write_raw(frame, path)


def error_of(name: str) -> str:
    with pytest.raises(DataError) as info:
        data.load_table(name)
    return str(info.value)


# --------------------------------------------------------------------------- data_dir
def test_data_dir_default_is_the_repository_data_folder(monkeypatch):
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    assert data.data_dir() == REAL_DATA
    assert (data.data_dir() / "sources.csv").is_file()


def test_blank_override_means_the_default(monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, "   ")
    assert data.data_dir() == REAL_DATA


def test_override_points_at_another_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    assert data.data_dir() == tmp_path


def test_override_to_a_missing_folder_is_a_data_error(tmp_path, monkeypatch):
    missing = tmp_path / "no_such_folder"
    monkeypatch.setenv(data.DATA_ENV, str(missing))
    with pytest.raises(DataError, match="HIGM_LESSONS_DATA") as info:
        data.data_dir()
    assert "no_such_folder" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert issubclass(DataError, ValueError)


def test_override_to_a_file_is_a_data_error(tmp_path, monkeypatch):
    a_file = tmp_path / "data.csv"
    a_file.write_text("x\n")
    monkeypatch.setenv(data.DATA_ENV, str(a_file))
    with pytest.raises(DataError, match="not a folder"):
        data.data_dir()


# --------------------------------------------------------------------------- loading
def test_table_names_are_the_declared_tables():
    names = data.table_names()
    assert names == sorted(names)
    assert set(EXPECTED_COLUMNS) <= set(names)
    assert all((REAL_DATA / name).is_file() for name in names)


@pytest.mark.parametrize("name", data.table_names())
def test_every_table_loads_with_its_columns(name):
    table = data.load_table(name)
    assert isinstance(table, pd.DataFrame)
    assert len(table) > 0
    assert set(table.columns) == set(data._schemas()[name].columns)
    if name in EXPECTED_COLUMNS:
        assert list(table.columns) == EXPECTED_COLUMNS[name]


def test_loaded_values_have_their_declared_types():
    lessons = data.load_table("lessons.csv")
    assert list(lessons["number"]) == [f"{n:02d}" for n in range(len(lessons))]
    assert pd.api.types.is_integer_dtype(lessons["minutes"])
    sources = data.load_table("sources.csv")
    assert pd.api.types.is_integer_dtype(sources["year"])
    assert sources["key"].is_unique
    ig = data.load_table("immunoglobulins.csv")
    assert ig["crosses_placenta"].dtype == bool
    assert ig.set_index("isotype")["crosses_placenta"].to_dict() == {
        "IgG": True,
        "IgA": False,
        "IgM": False,
        "IgE": False,
        "IgD": False,
    }
    assert pd.api.types.is_float_dtype(ig["mean_serum_mg_per_ml"])
    # an empty optional cell comes back as None, not the text 'nan'
    assert sources.set_index("key").loc["myigsource_higm", "identifier"] is None


def test_load_table_returns_a_copy():
    first = data.load_table("lessons.csv")
    original_title = first.loc[0, "title"]
    original_minutes = first.loc[1, "minutes"]
    first.loc[0, "title"] = "changed by a caller"
    first["extra"] = 1
    first.loc[1, "minutes"] = 99
    again = data.load_table("lessons.csv")
    assert again.loc[0, "title"] == original_title == "Start here"
    assert "extra" not in again.columns
    assert again.loc[1, "minutes"] == original_minutes != 99


def test_load_table_rejects_a_non_string_name():
    with pytest.raises(TypeError, match="name"):
        data.load_table(3)
    with pytest.raises(TypeError):
        data.load_table(Path("sources.csv"))


def test_load_table_rejects_an_unknown_name():
    with pytest.raises(ValueError, match=r"sources\.csv") as info:
        data.load_table("patients.csv")
    assert "patients.csv" in str(info.value)


# --------------------------------------------------------------------------- bad values
@pytest.mark.parametrize(
    ("name", "row", "column", "value", "says"),
    [
        ("immunoglobulins.csv", 1, "mean_serum_mg_per_ml", "lots", "is not a number"),
        ("immunoglobulins.csv", 2, "subunits", "many", "is not a whole number"),
        ("immunoglobulins.csv", 0, "crosses_placenta", "yes", "fails check"),
        ("immunoglobulins.csv", 3, "half_life_days", "-2", "fails check"),
        ("lessons.csv", 4, "minutes", "500", "fails check"),
        ("lessons.csv", 7, "number", "7", "fails check"),
        ("sources.csv", 7, "url", "http://insecure.example.org", "fails check"),
        ("sources.csv", 2, "year", "MMXXII", "is not a whole number"),
        ("sources.csv", 0, "authors", "", "empty cell"),
        ("facts.csv", 5, "lesson", "zero", "fails check"),
    ],
)
def test_a_bad_value_names_file_line_and_column(data_copy, name, row, column, value, says):
    set_cell(data_copy / name, row, column, value)
    message = error_of(name)
    assert name in message
    line = row + 2  # the header is line 1, data row 0 is line 2
    assert re.search(rf"line {line} \(data row {row + 1}\), column '{column}'", message), message
    assert says in message
    if value:
        assert value.lstrip("-") in message


def test_an_uncoercible_value_is_reported_once(data_copy):
    set_cell(data_copy / "immunoglobulins.csv", 1, "mean_serum_mg_per_ml", "lots")
    message = error_of("immunoglobulins.csv")
    assert message.count("'lots'") == 1, message


def test_a_missing_required_column(data_copy):
    path = data_copy / "lessons.csv"
    write_raw(read_raw(path).drop(columns="minutes"), path)
    message = error_of("lessons.csv")
    assert "lessons.csv" in message
    assert "required column 'minutes' is missing" in message


def test_an_unexpected_extra_column(data_copy):
    path = data_copy / "lessons.csv"
    frame = read_raw(path)
    frame["colour"] = "red"
    write_raw(frame, path)
    message = error_of("lessons.csv")
    assert "lessons.csv" in message
    assert "unexpected column 'colour'" in message


def test_a_duplicate_key(data_copy):
    path = data_copy / "sources.csv"
    frame = read_raw(path)
    write_raw(pd.concat([frame, frame.iloc[[0]]], ignore_index=True), path)
    message = error_of("sources.csv")
    assert "sources.csv" in message
    assert "duplicate value 'myigsource_higm'" in message
    assert f"line {len(frame) + 2} " in message  # the appended copy is named


def test_only_the_course_row_may_go_without_a_url(data_copy):
    set_cell(data_copy / "sources.csv", 4, "url", "")
    message = error_of("sources.csv")
    assert "line 6 (data row 5), column 'url': an external source needs a url" in message


def test_kind_course_is_reserved_for_the_course_row(data_copy):
    set_cell(data_copy / "sources.csv", 3, "kind", "course")
    message = error_of("sources.csv")
    assert "line 5 (data row 4): only the row with key 'course' has kind 'course'" in message


def test_the_course_row_loads_without_a_url():
    row = data.load_table("sources.csv").set_index("key").loc["course"]
    assert row["kind"] == "course"
    assert row["url"] is None


def test_a_duplicate_lesson_number(data_copy):
    set_cell(data_copy / "lessons.csv", 3, "number", "02")
    message = error_of("lessons.csv")
    assert "duplicate value '02'" in message
    assert "column 'number'" in message


def test_an_unknown_source_key_names_the_key_and_the_fix(data_copy):
    set_cell(data_copy / "immunoglobulins.csv", 2, "source", "smith1999")
    message = error_of("immunoglobulins.csv")
    assert "immunoglobulins.csv, line 4 (data row 3), column 'source'" in message
    assert "'smith1999'" in message
    assert "add it to sources.csv" in message
    assert len(message.splitlines()) == 1  # only the bad row is named


def test_an_unknown_key_in_a_list_of_sources(data_copy):
    set_cell(data_copy / "facts.csv", 0, "source", "tangye2022; nobody2020")
    message = error_of("facts.csv")
    assert "'nobody2020'" in message
    assert "tangye2022" not in message


def test_adding_the_source_to_sources_csv_fixes_it(data_copy):
    set_cell(data_copy / "immunoglobulins.csv", 2, "source", "smith1999")
    error_of("immunoglobulins.csv")
    path = data_copy / "sources.csv"
    frame = read_raw(path)
    new = frame.iloc[[0]].copy()
    new["key"] = "smith1999"
    write_raw(pd.concat([frame, new], ignore_index=True), path)
    table = data.load_table("immunoglobulins.csv")
    assert table.set_index("isotype").loc["IgM", "source"] == "smith1999"


@pytest.mark.parametrize(
    "content",
    [
        b'number,slug,title,summary,minutes\n00,start_here,"Start here,summary,15\n',
        b"",
        "number,slug,title,summary,minutes\n00,start_here,Caf\xe9,s,15\n".encode("latin-1"),
    ],
    ids=["unbalanced-quote", "empty-file", "not-utf8"],
)
def test_an_unreadable_csv(data_copy, content):
    (data_copy / "lessons.csv").write_bytes(content)
    message = error_of("lessons.csv")
    assert "lessons.csv" in message
    assert "not a readable CSV file" in message


# --------------------------------------------------------------------------- TOML
def test_load_toml_reads_a_valid_file(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text('lesson = "00"\n[[questions]]\nid = "x"\n')
    assert data.load_toml(path) == {"lesson": "00", "questions": [{"id": "x"}]}
    assert data.load_toml(str(path))["lesson"] == "00"


def test_load_toml_on_broken_toml_names_the_file_and_line(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    path = folder / "lesson_03.toml"
    path.write_text('lesson = "03"\nprompt = "unterminated\n')
    with pytest.raises(DataError) as info:
        data.load_toml(path)
    message = str(info.value)
    assert "questions/lesson_03.toml" in message
    assert "not valid TOML" in message
    assert "line 2" in message


def test_load_toml_on_a_missing_file(tmp_path):
    with pytest.raises(DataError, match="cannot be read"):
        data.load_toml(tmp_path / "absent.toml")


# --------------------------------------------------------------------------- fallback
def test_a_folder_without_a_file_falls_back_to_the_course_file(tmp_path, monkeypatch):
    own = tmp_path / "own"
    own.mkdir()
    frame = read_raw(REAL_DATA / "sources.csv")
    extra = frame.iloc[[0]].copy()
    extra["key"] = "instructor2025"
    write_raw(pd.concat([frame, extra], ignore_index=True), own / "sources.csv")
    monkeypatch.setenv(data.DATA_ENV, str(own))

    assert data.data_path("sources.csv") == own / "sources.csv"
    assert data.data_path("lessons.csv") == REAL_DATA / "lessons.csv"
    assert data.data_path("questions", "lesson_00.toml") == REAL_DATA / "questions/lesson_00.toml"
    assert "instructor2025" in set(data.load_table("sources.csv")["key"])
    pd.testing.assert_frame_equal(
        data.load_table("lessons.csv"), _real_table("lessons.csv", monkeypatch, own)
    )


def _real_table(name, monkeypatch, restore):
    monkeypatch.delenv(data.DATA_ENV)
    try:
        return data.load_table(name)
    finally:
        monkeypatch.setenv(data.DATA_ENV, str(restore))


def test_a_file_missing_everywhere_is_a_data_error(tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    with pytest.raises(DataError, match="not found") as info:
        data.data_path("no_such_table.csv")
    assert "no_such_table.csv" in str(info.value)


# --------------------------------------------------------------------------- cache
def _bump_mtime(path: Path) -> None:
    """Move the file's modification time clearly forward (coarse clocks must not hide an edit)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_the_cache_notices_an_edited_file(data_copy):
    path = data_copy / "lessons.csv"
    assert data.load_table("lessons.csv").loc[0, "title"] == "Start here"
    set_cell(path, 0, "title", "Begin here")
    _bump_mtime(path)
    assert data.load_table("lessons.csv").loc[0, "title"] == "Begin here"

    set_cell(path, 0, "minutes", "a while")  # a broken edit is reported, not hidden by the cache
    _bump_mtime(path)
    assert "'a while'" in error_of("lessons.csv")

    set_cell(path, 0, "minutes", "20")
    _bump_mtime(path)
    assert data.load_table("lessons.csv").loc[0, "minutes"] == 20


def test_the_cache_notices_an_edited_sources_file(data_copy):
    path = data_copy / "sources.csv"
    assert "wong2011" in set(data.load_table("sources.csv")["key"])
    frame = read_raw(path)
    write_raw(frame[frame["key"] != "wong2011"], path)
    _bump_mtime(path)
    assert "wong2011" not in set(data.load_table("sources.csv")["key"])


def test_a_loaded_table_notices_a_source_key_removed_from_sources_csv(data_copy):
    assert len(data.load_table("immunoglobulins.csv")) == 5  # cached, keys checked
    path = data_copy / "sources.csv"
    frame = read_raw(path)
    write_raw(frame[frame["key"] != "janeway2001"], path)
    _bump_mtime(path)
    assert "unknown source key 'janeway2001'" in error_of("immunoglobulins.csv")


# --------------------------------------------------------------------------- validate_all
def test_validate_all_is_clean_on_the_course_data():
    assert data.validate_all() == []


def test_validate_all_lists_each_problem(data_copy):
    set_cell(data_copy / "lessons.csv", 0, "minutes", "soon")

    def broken_loader():
        raise DataError("questions/lesson_05.toml is not valid TOML")

    problems = data.validate_all([broken_loader, lambda: None])
    assert len(problems) == 2
    assert "lessons.csv" in problems[0] and "'soon'" in problems[0]
    assert problems[1] == "questions/lesson_05.toml is not valid TOML"


# --------------------------------------------------------------------------- lookup and cache
def test_data_files_lets_an_instructor_file_replace_the_course_file(tmp_path, monkeypatch):
    (tmp_path / "questions").mkdir()
    mine = tmp_path / "questions" / "lesson_00.toml"
    mine.write_text((REAL_DATA / "questions" / "lesson_00.toml").read_text())
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    files = data.data_files("questions", "lesson_*.toml")
    course = (REAL_DATA / "questions").glob("lesson_*.toml")
    assert [f.name for f in files] == sorted(p.name for p in course)
    assert files[0] == mine and files[1].parent == REAL_DATA / "questions"


def test_cached_parses_once_until_the_file_changes(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("one")
    calls = []

    def parse(p):
        calls.append(p)
        return p.read_text()

    assert data.cached(parse, path) == "one" and data.cached(parse, path) == "one"
    assert len(calls) == 1
    stamp = path.stat().st_mtime_ns
    path.write_text("two")
    os.utime(path, ns=(stamp + 10**9, stamp + 10**9))
    assert data.cached(parse, path) == "two" and len(calls) == 2


def test_inside_unchanged_a_reaction_looks_at_the_disk_once(tmp_path, monkeypatch):
    """Within data.unchanged() a file's change time is looked at once (a widget's reaction
    reads one consistent data folder); after the block, an edited file is read again."""
    path = tmp_path / "x.txt"
    path.write_text("one")
    looked: list[Path] = []
    real_stat = Path.stat

    def counting_stat(self, *args, **kwargs):
        if self == path:
            looked.append(self)
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", counting_stat)
    with data.unchanged():
        first = data.cached(Path.read_text, path)
        stamp = real_stat(path).st_mtime_ns
        path.write_text("two")
        os.utime(path, ns=(stamp + 10**9, stamp + 10**9))
        with data.unchanged():  # a nested block shares the outer look-ups
            assert data.cached(Path.read_text, path) == first == "one"
        assert data.cached(Path.read_text, path) == "one"
    assert len(looked) == 1
    assert data.cached(Path.read_text, path) == "two" and len(looked) == 2
    assert data.data_path("sources.csv") == REAL_DATA / "sources.csv"


def test_unchanged_still_names_a_missing_file_each_time():
    with data.unchanged():
        for _ in range(2):
            with pytest.raises(DataError, match=r"no_such\.csv"):
                data.data_path("no_such.csv")


def test_the_course_data_is_the_checkout_data_when_not_installed():
    assert data.course_data_dir() == REAL_DATA


def test_files_by_id_keys_each_file_by_its_id_and_names_a_repeated_one(tmp_path):
    from types import SimpleNamespace

    from higm_lessons.data import DataError, files_by_id

    files = [tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "c.toml"]
    ids = {"a.toml": "one", "b.toml": "two", "c.toml": "one"}
    seen: list[frozenset[str]] = []

    def parse(path, known):
        seen.append(known)
        return SimpleNamespace(id=ids[path.name])

    assert list(files_by_id("things", files[:2], parse, DataError)) == ["one", "two"]
    assert "genereviews_xhigm" in seen[0]  # the parser gets the known source keys
    with pytest.raises(DataError, match=r"things/c\.toml: id 'one' is used twice"):
        files_by_id("things", files, parse, DataError)
