"""Find the course's data folder, load its CSV and TOML files, validate them on load.

This is the one place that knows where data lives (:func:`course_data_dir`,
:func:`data_dir`, :func:`data_path`, :func:`data_files`) and the one file cache
(:func:`cached`: parse a file once, again only when it changes). Inside
:func:`unchanged`, one computation looks at the folder and at each file's change time
once, however many times it reads a table.

Every table in ``data/`` has a declared pandera schema below. Loading a table
validates it and, on failure, raises :class:`DataError` naming the file, the
line (and data row) and the column, so an instructor editing a file in a text
editor can go straight to the mistake. Every ``source`` cell must name keys
that exist in ``sources.csv``, the course's one bibliography.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import tomllib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pandas as pd

from higm_lessons.checks import line_of

__all__ = [
    "DATA_ENV",
    "DataError",
    "cached",
    "course_data_dir",
    "data_dir",
    "data_files",
    "data_path",
    "line_of",
    "load_table",
    "load_toml",
    "table_files",
    "table_names",
    "unchanged",
    "validate_all",
]

T = TypeVar("T")

DATA_ENV = "HIGM_LESSONS_DATA"
"""Environment variable that points the course at another data folder."""

_BOOL_TEXT = {"True": True, "true": True, "False": False, "false": False}


class DataError(ValueError):
    """A data file is missing, unreadable or does not match its schema."""


_PACKAGE = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE / "course_data"
"""Where an installed package (``pip install .``) keeps its copy of ``data/``."""
_CHECKOUT = _PACKAGE.parent / "data"
"""The ``data/`` folder of a repository checkout (and of an editable install)."""


_LOOKED_UP: contextvars.ContextVar[dict[tuple, Any] | None] = contextvars.ContextVar(
    "higm_data_looked_up", default=None
)
"""Inside :func:`unchanged`: what this computation has already looked up in the folder."""


@contextlib.contextmanager
def unchanged() -> Iterator[None]:
    """Treat the data folder as unchanged for the length of the block.

    Where a file is, which files a folder holds and each file's change time are looked up
    once in the block and then remembered, so one computation that reads the same tables
    many times (a widget's reaction) does not look at the disk each time. Nested blocks
    share the outer one's look-ups. Outside any block, every call looks again, so an
    edited file is read at the next call.
    """
    if _LOOKED_UP.get() is not None:
        yield
        return
    token = _LOOKED_UP.set({})
    try:
        yield
    finally:
        _LOOKED_UP.reset(token)


def _once(key: tuple, look: Callable[[], T]) -> T:
    """``look()``, remembered under ``key`` inside :func:`unchanged`."""
    seen = _LOOKED_UP.get()
    if seen is None:
        return look()
    if key not in seen:
        seen[key] = look()
    return seen[key]


def course_data_dir() -> Path:
    """The course's own data folder: the copy shipped inside an installed package, or the
    ``data/`` folder of the repository when the package runs from a checkout."""
    if (_INSTALLED / "sources.csv").is_file():
        return _INSTALLED
    if (_CHECKOUT / "sources.csv").is_file():
        return _CHECKOUT
    raise DataError(
        f"the course data were not found (looked in {_INSTALLED} and {_CHECKOUT}); "
        f"reinstall the package or set {DATA_ENV} to a data folder"
    )


def data_dir() -> Path:
    """The folder holding the course data.

    ``$HIGM_LESSONS_DATA`` when set (an instructor's own folder), otherwise the
    course's own data folder (:func:`course_data_dir`).
    """
    override = os.environ.get(DATA_ENV, "").strip()
    if override:
        path = Path(override).expanduser()
        if not path.is_dir():
            raise DataError(f"{DATA_ENV}={override!r} is not a folder; point it at a data folder")
        return path
    return course_data_dir()


def data_path(*parts: str) -> Path:
    """Path of a file inside the data folder, with a clear error when it is missing.

    A file missing from an instructor's own folder (``$HIGM_LESSONS_DATA``) is
    taken from the course's own data folder, so an instructor only has to
    supply the files they change.
    """
    return _once(("path", *parts), lambda: _data_path(parts))


def _data_path(parts: tuple[str, ...]) -> Path:
    path = data_dir().joinpath(*parts)
    if not path.exists():
        fallback = course_data_dir().joinpath(*parts)
        if fallback.exists():
            return fallback
        raise DataError(f"data file {'/'.join(parts)!r} not found in {data_dir()}")
    return path


def data_files(folder: str, pattern: str) -> list[Path]:
    """Files matching ``pattern`` in a data sub-folder, sorted by name; an instructor's file
    (``$HIGM_LESSONS_DATA``) replaces the course's file of the same name."""
    return list(_once(("files", folder, pattern), lambda: _data_files(folder, pattern)))


def _data_files(folder: str, pattern: str) -> list[Path]:
    files: dict[str, Path] = {}
    for base in dict.fromkeys([course_data_dir(), data_dir()]):  # the instructor's is read last
        where = base / folder
        for path in sorted(where.glob(pattern)) if where.is_dir() else []:
            files[path.name] = path
    return [files[name] for name in sorted(files)]


def table_files(name: str) -> tuple[Path, Path]:
    """A table's file and ``sources.csv`` (which it is checked against): pass them to
    :func:`cached` to remember something derived from the table until either changes."""
    return data_path(name), data_path("sources.csv")


def cached(parse: Callable[..., T], *paths: Path) -> T:
    """``parse(*paths)``, remembered until one of the files changes (its change time).

    The result is shared between callers: return it as an immutable value (a
    tuple, a frozen model) or copy it before changing it.
    """
    stamp = tuple((str(path), _changed_at(path)) for path in paths)
    return _cached_call(parse, stamp)


def _changed_at(path: Path) -> int:
    return _once(("stamp", str(path)), lambda: path.stat().st_mtime_ns)


@functools.cache
def _cached_call(parse: Callable[..., Any], stamp: tuple[tuple[str, int], ...]) -> Any:
    return parse(*(Path(path) for path, _mtime in stamp))


def _display(path: Path) -> str:
    """A short name for a data file in messages: ``data/x.csv`` rather than a long path."""
    return f"{path.parent.name}/{path.name}"


# --------------------------------------------------------------------------- schemas
# Each CSV table declares its schema in its own module in ``higm_lessons.tables``
# (one module per file, found automatically): ``NAME`` (the file name),
# ``schema()`` (a pandera DataFrameSchema, built on first use because pandera is
# slow to import), optional ``BOOLEANS`` (columns stored as True/False text) and
# an optional ``check(frame, where)`` for rules across rows, which returns a list
# of problems, each naming its line.


@functools.cache
def _tables() -> dict[str, ModuleType]:
    import importlib
    import pkgutil

    from higm_lessons import tables

    found = {}
    for info in pkgutil.iter_modules(tables.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"higm_lessons.tables.{info.name}")
        found[module.NAME] = module
    return found


def _schemas() -> dict[str, Any]:
    return {name: module.schema() for name, module in _tables().items()}


def table_names() -> list[str]:
    """Every CSV table with a declared schema."""
    return sorted(_tables())


def _describe_failures(path: Path, err: Any) -> str:
    """Turn pandera's failure cases into one line per problem: file, line, row, column."""
    lines = []
    cases = err.failure_cases
    uncoercible = set(
        cases.loc[cases["check"].astype(str).str.startswith("coerce_dtype"), "column"]
    )
    for case in cases.itertuples(index=False):
        column = case.column if isinstance(case.column, str) else None
        check = str(case.check)
        if column in uncoercible and not check.startswith("coerce_dtype"):
            continue  # the unreadable value is reported once, not again by every later check
        index = case.index
        where = _display(path)
        if index is not None and not pd.isna(index):
            row = int(index) + 1
            where += f", line {row + 1} (data row {row})"
        if column:
            where += f", column {column!r}"
        value = case.failure_case
        if check.startswith("coerce_dtype"):
            wanted = {"int64": "a whole number", "float64": "a number"}.get(
                check.split("'")[1] if "'" in check else "", check
            )
            lines.append(f"{where}: value {value!r} is not {wanted}")
        elif check == "column_in_dataframe":
            lines.append(f"{where}: required column {value!r} is missing")
        elif check == "column_in_schema":
            lines.append(f"{where}: unexpected column {value!r}")
        elif check.startswith("field_uniqueness") or check == "multiple_fields_uniqueness":
            lines.append(f"{where}: duplicate value {value!r} (must be unique)")
        elif check == "not_nullable":
            lines.append(f"{where}: empty cell (a value is required)")
        else:
            lines.append(f"{where}: value {value!r} fails check {check}")
    return "\n".join(dict.fromkeys(lines))


def _source_keys(sources: Path) -> frozenset[str]:
    return frozenset(cached(_read_table, sources, sources)["key"])


def _check_source_keys(path: Path, frame: pd.DataFrame, sources: Path) -> None:
    if "source" not in frame.columns:
        return
    known = _source_keys(sources)
    problems = []
    for row, cell in enumerate(frame["source"], start=1):
        for key in (k.strip() for k in str(cell).split(";")):
            if key not in known:
                problems.append(
                    f"{_display(path)}, {line_of(row - 1)}, column 'source': "
                    f"unknown source key {key!r}; add it to sources.csv"
                )
    if problems:
        raise DataError("\n".join(problems))


def _read_table(path: Path, sources: Path) -> pd.DataFrame:
    """Read and validate one CSV table (named by its file name) against ``sources``."""
    import pandera.errors

    name = path.name

    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"{_display(path)} is not a readable CSV file: {exc}") from exc
    try:
        frame = _tables()[name].schema().validate(raw, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        raise DataError(
            f"{_display(path)} does not match its schema:\n{_describe_failures(path, exc)}"
        ) from None
    module = _tables()[name]
    for column in getattr(module, "BOOLEANS", ()):
        frame[column] = frame[column].map(_BOOL_TEXT).astype(bool)
    frame = frame.replace({float("nan"): None}).infer_objects()
    _check_source_keys(path, frame, sources)
    if hasattr(module, "check"):
        problems = module.check(frame, _display(path))
        if problems:
            raise DataError(f"{_display(path)} breaks a rule across rows:\n" + "\n".join(problems))
    return frame


def load_table(name: str) -> pd.DataFrame:
    """Load one validated CSV table from the data folder, such as ``"sources.csv"``.

    The result is a fresh copy; callers may change it freely.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a table file name such as 'sources.csv', not {name!r}")
    if name not in _tables():
        raise ValueError(f"name must be one of {table_names()}, not {name!r}")
    return cached(_read_table, data_path(name), data_path("sources.csv")).copy()


def load_toml(path: Path | str) -> dict[str, Any]:
    """Parse a TOML file, naming the file, line and column of a syntax error."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{_display(path)} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise DataError(f"{_display(path)} cannot be read: {exc}") from exc


def validate_all(loaders: list[Callable[[], Any]] | None = None) -> list[str]:
    """Load every table (and any extra loaders); return a list of problems, empty when clean."""
    problems = []
    for name in table_names():
        try:
            load_table(name)
        except DataError as exc:
            problems.append(str(exc))
    for loader in loaders or []:
        try:
            loader()
        except DataError as exc:
            problems.append(str(exc))
    return problems


def files_by_id(
    folder: str,
    files: Iterable[Path],
    parse: Callable[[Path, frozenset[str]], T],
    error: type[Exception],
) -> dict[str, T]:
    """Each of ``files`` parsed with ``parse(path, known source keys)``, keyed by the
    parsed item's ``id``, in file order; ``error`` names a file whose id is used twice.
    The loader of the teaching cases and of the clinic's scenarios."""
    known = frozenset(load_table("sources.csv")["key"])
    found: dict[str, T] = {}
    for path in files:
        item = parse(path, known)
        key = item.id  # type: ignore[attr-defined]
        if key in found:
            raise error(f"{folder}/{path.name}: id {key!r} is used twice")
        found[key] = item
    return found
