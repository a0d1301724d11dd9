"""A learner's answers, kept in a small SQLite file that survives kernel restarts.

The file is ``$HIGM_LESSONS_PROGRESS`` when set, otherwise
``~/.higm_lessons/progress.sqlite``. Several kernels may write at once (SQLite
write-ahead log and a busy timeout serialise them). A damaged file is renamed
``*.damaged-<time>``, a warning says where it went, and a fresh store starts, so
a learner is never blocked. ``export_json`` writes a file the learner can
download and keep (essential on Binder, whose sessions are temporary);
``import_json`` merges one back without duplicating answers.

Two kinds of record:

* **answers** to quiz questions (``record``, ``answers``, ``latest``), each with
  an optional confidence;
* **attempts** at every other commitment (``record_attempt``, ``attempts``,
  ``latest_attempt``): a prompt, a prediction, a case stage, a challenge. Each
  keeps the learner's response (any JSON value), whether it was right (None when
  the learner rates it themself), their confidence and their self-rating.

A file made by an earlier version (schema 1, answers only) is upgraded in place
when it is opened. Exports are versioned: version 3 holds answers, attempts and the
lesson-move step it was written at; versions 2 (answers and attempts) and 1 (answers
only) still import. When lessons are renumbered or split, ``data/lesson_moves.csv``
says where each lesson and item went (:mod:`higm_lessons.lesson_moves`): an older store
is moved on when it is opened, and an older export when it is imported, so a learner
never loses progress.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import sqlite3
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from higm_lessons import checks, lesson_moves

PROGRESS_ENV = "HIGM_LESSONS_PROGRESS"
EXPORT_FORMAT = "higm-lessons-progress"
EXPORT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
SCHEMA_VERSION = 2
COLUMNS = ["lesson", "question", "answer", "correct", "answered_at"]
"""The fields of a quiz answer in every export version."""
ANSWER_COLUMNS = [*COLUMNS, "confidence"]
"""The columns of :meth:`ProgressStore.answers` (and of a version 2 export's answers)."""
ATTEMPT_COLUMNS = [
    "lesson",
    "item",
    "kind",
    "response",
    "correct",
    "confidence",
    "self_rating",
    "attempted_at",
]
"""The columns of :meth:`ProgressStore.attempts` (and of a version 2 export's attempts)."""
CONFIDENCE = ("sure", "think so", "guessing")
"""How sure the learner is of a commitment, most sure first."""
SELF_RATINGS = ("right", "partly", "missed")
"""How a learner rates their own free-text answer against a model answer."""

ExportRow = tuple[str, str, str, int, str]
"""One quiz answer: lesson, question, answer (as JSON text), correct (0 or 1), time (UTC)."""
AnswerRow = tuple[str, str, str, int, str, str | None]
"""A quiz answer as stored: an :data:`ExportRow` and its confidence (or None)."""
AttemptRow = tuple[str, str, str, str, int | None, str | None, str | None, str]
"""An attempt as stored: lesson, item, kind, response (JSON text), correct (0, 1 or None),
confidence, self-rating, time (UTC)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    lesson TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answered_at TEXT NOT NULL,
    confidence TEXT CHECK (confidence IN ('sure', 'think so', 'guessing')),
    UNIQUE (lesson, question, answer, answered_at)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '2');
"""
_ATTEMPTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    lesson TEXT NOT NULL,
    item TEXT NOT NULL,
    kind TEXT NOT NULL,
    response TEXT NOT NULL,
    correct INTEGER CHECK (correct IN (0, 1)),
    confidence TEXT CHECK (confidence IN ('sure', 'think so', 'guessing')),
    self_rating TEXT CHECK (self_rating IN ('right', 'partly', 'missed')),
    attempted_at TEXT NOT NULL,
    UNIQUE (lesson, item, kind, response, attempted_at)
)
"""
_ADD_CONFIDENCE = (
    "ALTER TABLE answers ADD COLUMN confidence TEXT "
    "CHECK (confidence IN ('sure', 'think so', 'guessing'))"
)
_INSERT_ANSWERS = (
    "INSERT INTO answers (lesson, question, answer, correct, answered_at, confidence) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
    "confidence = coalesce(answers.confidence, excluded.confidence)"
)
_INSERT_ATTEMPTS = (
    "INSERT INTO attempts (lesson, item, kind, response, correct, confidence, self_rating, "
    "attempted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
    "self_rating = coalesce(excluded.self_rating, attempts.self_rating), "
    "confidence = coalesce(attempts.confidence, excluded.confidence)"
)


_OPEN_TIMEOUT = 30.0
"""Seconds to keep trying to open a progress file that another kernel holds."""
_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
_NOT_DAMAGE = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_READONLY",
    "SQLITE_PERM",
    "SQLITE_FULL",
)
"""SQLite errors that say nothing about the file's contents; they never set a file aside."""


class ProgressWarning(UserWarning):
    """Something happened to the progress file that the learner should know about."""


def default_path() -> Path:
    """Where progress is kept: ``$HIGM_LESSONS_PROGRESS`` or ``~/.higm_lessons/progress.sqlite``."""
    override = os.environ.get(PROGRESS_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path.home() / ".higm_lessons" / "progress.sqlite"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _lesson_text(lesson: Any) -> str:
    return checks.lesson_number(lesson)


def _confidence(value: object) -> str | None:
    return checks.one_of("confidence", value, CONFIDENCE, optional=True)


def _self_rating(value: object) -> str | None:
    return checks.one_of("self_rating", value, SELF_RATINGS, optional=True)


def _response_json(response: Any) -> str:
    """Any JSON value (text, number, list, dict), with no NaN or infinity."""
    if isinstance(response, tuple):
        response = list(response)
    try:
        return json.dumps(response, ensure_ascii=False, allow_nan=False, sort_keys=True)
    except ValueError:
        raise ValueError("response must not contain NaN or infinity") from None
    except TypeError as exc:
        raise TypeError(f"response must be text, a number, a list or a dict: {exc}") from None


def _answer_json(answer: Any) -> str:
    if isinstance(answer, float) and not math.isfinite(answer):
        raise ValueError("answer must be a finite number, text, or a list of option ids")
    if isinstance(answer, tuple | set | frozenset):
        answer = sorted(answer) if isinstance(answer, set | frozenset) else list(answer)
    if (
        not isinstance(answer, str | int | float | list)
        or isinstance(answer, bool)
        or (isinstance(answer, list) and not all(isinstance(a, str) for a in answer))
    ):
        raise TypeError("answer must be text, a number, or a list of option ids (text)")
    return json.dumps(answer, ensure_ascii=False)


class ProgressStore:
    """SQLite-backed record of a learner's answers."""

    def __init__(self, path: str | os.PathLike[str] | None = None):
        if path is not None and not isinstance(path, str | os.PathLike):
            raise TypeError(f"path must be a file path or None, not {type(path).__name__}")
        self.path = checks.file_path("path", path if path is not None else default_path())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.set_aside: Path | None = None
        try:
            self._initialise()
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorname", "").startswith(_NOT_DAMAGE):
                raise  # busy, locked, unreadable or full: the file itself is fine, leave it alone
            self._set_aside(exc)
            self._initialise()

    # -- connection handling -------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        connection.execute("PRAGMA busy_timeout = 30000")
        return connection

    def _initialise(self) -> None:
        # Kernels opening a new file at the same moment can meet "database is locked" on the
        # switch to WAL, which SQLite reports at once instead of waiting: try again for a while.
        deadline = time.monotonic() + _OPEN_TIMEOUT
        while True:
            connection = self._connect()
            try:
                if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("integrity check failed")
                connection.execute("PRAGMA journal_mode = WAL")
                connection.executescript(_SCHEMA)
                self._migrate(connection)
                return
            except sqlite3.OperationalError as exc:
                busy = getattr(exc, "sqlite_errorname", "").startswith(_BUSY)
                if not busy or time.monotonic() > deadline:
                    raise
            finally:
                connection.close()
            time.sleep(0.02)

    @staticmethod
    def _migrate(connection: sqlite3.Connection) -> None:
        """Bring a file up to :data:`SCHEMA_VERSION` (schema 1 had no confidence or attempts)."""
        connection.execute("BEGIN IMMEDIATE")  # one kernel upgrades; the others then see it done
        try:
            columns = [row[1] for row in connection.execute("PRAGMA table_info(answers)")]
            if columns == ["id", *COLUMNS]:
                connection.execute(_ADD_CONFIDENCE)
            elif columns != ["id", *ANSWER_COLUMNS]:
                raise sqlite3.DatabaseError(f"unexpected answers table columns {columns}")
            connection.execute(_ATTEMPTS_SCHEMA)
            columns = [row[1] for row in connection.execute("PRAGMA table_info(attempts)")]
            if columns != ["id", *ATTEMPT_COLUMNS]:
                raise sqlite3.DatabaseError(f"unexpected attempts table columns {columns}")
            connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            _apply_moves(connection)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _set_aside(self, reason: Exception) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            self.path.replace(target)
        except FileNotFoundError:
            return  # another kernel set the same damaged file aside a moment ago
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(FileNotFoundError):
                extra.replace(target.with_name(target.name + suffix))
        self.set_aside = target
        warnings.warn(
            f"The progress file {self.path} was damaged ({reason}); it was kept as {target} "
            "and a fresh progress file was started. Import an exported progress file to restore.",
            ProgressWarning,
            stacklevel=3,
        )

    def _count(self, connection: sqlite3.Connection) -> int:
        return int(
            connection.execute(
                "SELECT (SELECT count(*) FROM answers) + (SELECT count(*) FROM attempts)"
            ).fetchone()[0]
        )

    def _write(self, answers: list[AnswerRow], attempts: list[AttemptRow] | None = None) -> int:
        """Add rows in one transaction; returns how many new rows (answers + attempts) there are.

        A row already present is not duplicated; it only gains a confidence or a
        self-rating it did not have.
        """
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            before = self._count(connection)
            connection.executemany(_INSERT_ANSWERS, answers)
            connection.executemany(_INSERT_ATTEMPTS, attempts or [])
            added = self._count(connection) - before
            connection.execute("COMMIT")
            return added
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        finally:
            connection.close()

    # -- public API ----------------------------------------------------------------
    def record(
        self,
        lesson: str | int,
        question: str,
        answer: Any,
        correct: bool,
        confidence: str | None = None,
    ) -> None:
        """Record one attempt at a quiz question, with the learner's confidence (optional)."""
        lesson = _lesson_text(lesson)
        question = checks.text("question", question)
        if not isinstance(correct, bool):  # numpy's bool is not stored: it is not JSON
            raise TypeError(f"correct must be True or False, not {correct!r}")
        row = (
            lesson,
            question,
            _answer_json(answer),
            int(correct),
            _now(),
            _confidence(confidence),
        )
        self._write([row])

    def record_attempt(
        self,
        lesson: str | int,
        item: str,
        kind: str,
        response: Any,
        *,
        correct: bool | None = None,
        confidence: str | None = None,
        self_rating: str | None = None,
    ) -> dict[str, Any]:
        """Record one commitment (a prompt, a prediction, a case stage...); returns it as a dict.

        ``item`` names what was attempted (a prompt id such as ``"02-preterm"``), ``kind``
        what sort of commitment it is (``"choice"``, ``"prediction"``, ``"case-stage"``...),
        ``response`` is any JSON value. ``correct`` is None when the course cannot judge it.
        """
        lesson = _lesson_text(lesson)
        item = checks.text("item", item)
        kind = checks.text("kind", kind)
        if correct is not None and not isinstance(correct, bool):
            raise TypeError(f"correct must be True, False or None, not {correct!r}")
        row: AttemptRow = (
            lesson,
            item,
            kind,
            _response_json(response),
            None if correct is None else int(correct),
            _confidence(confidence),
            _self_rating(self_rating),
            _now(),
        )
        self._write([], [row])
        return _attempt_dict(row)

    def rate_attempt(self, lesson: str | int, item: str, self_rating: str) -> dict[str, Any]:
        """Set the self-rating of the latest attempt at ``item``; returns the updated attempt."""
        rating = checks.one_of("self_rating", self_rating, SELF_RATINGS)
        latest = self.latest_attempt(lesson, item)
        if latest is None:
            raise ValueError(f"item {item!r} of lesson {lesson} has no attempt to rate yet")
        connection = self._connect()
        try:
            connection.execute(
                "UPDATE attempts SET self_rating = ? WHERE lesson = ? AND item = ? "
                "AND attempted_at = ?",
                (rating, latest["lesson"], latest["item"], latest["attempted_at"]),
            )
        finally:
            connection.close()
        return {**latest, "self_rating": rating}

    def attempts(self, lesson: str | int | None = None, item: str | None = None) -> pd.DataFrame:
        """Every recorded attempt (of one lesson and/or item), oldest first."""
        where, values = [], []
        if lesson is not None:
            where.append("lesson = ?")
            values.append(_lesson_text(lesson))
        if item is not None:
            where.append("item = ?")
            values.append(checks.text("item", item))
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        rows = self._select(
            f"SELECT {', '.join(ATTEMPT_COLUMNS)} FROM attempts {clause}ORDER BY attempted_at, id",
            values,
        )
        records = [_attempt_dict(r) for r in rows]
        # object columns built value by value: a response keeps its own type (a dict, 6 not
        # 6.0) and a missing correct, confidence or self-rating stays None, never NaN
        return pd.DataFrame(
            {c: pd.Series([r[c] for r in records], dtype=object) for c in ATTEMPT_COLUMNS},
            columns=ATTEMPT_COLUMNS,
        ).astype({"lesson": str, "item": str, "kind": str, "attempted_at": str})

    def latest_attempt(self, lesson: str | int, item: str) -> dict[str, Any] | None:
        """The most recent attempt at ``item`` as a dict of :data:`ATTEMPT_COLUMNS`, or None."""
        rows = self._select(
            f"SELECT {', '.join(ATTEMPT_COLUMNS)} FROM attempts WHERE lesson = ? AND item = ? "
            "ORDER BY attempted_at DESC, id DESC LIMIT 1",
            [_lesson_text(lesson), checks.text("item", item)],
        )
        return _attempt_dict(rows[0]) if rows else None

    def _select(self, sql: str, values: list[Any] | None = None) -> list[Any]:
        connection = self._connect()
        try:
            return connection.execute(sql, values or []).fetchall()
        finally:
            connection.close()

    def answers(self) -> pd.DataFrame:
        """Every quiz answer, oldest first: lesson, question, answer, correct, answered_at,
        confidence."""
        rows = self._select(
            f"SELECT {', '.join(ANSWER_COLUMNS)} FROM answers ORDER BY answered_at, id"
        )
        frame = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
        # object dtype: answers keep their own type (a column of numbers must not turn 820 into
        # 820.0, or a re-imported export would no longer match the attempts it came from)
        frame["answer"] = pd.Series(
            [json.loads(a) for a in frame["answer"]], index=frame.index, dtype=object
        )
        frame["correct"] = frame["correct"].astype(bool)
        frame["confidence"] = pd.Series([r[5] for r in rows], index=frame.index, dtype=object)
        return frame

    def latest(self) -> pd.DataFrame:
        """The most recent attempt at each question (what "resume where I left off" needs)."""
        frame = self.answers()
        return frame.drop_duplicates(["lesson", "question"], keep="last").reset_index(drop=True)

    def export_json(self, path: str | os.PathLike[str]) -> Path:
        """Write every answer and attempt to a JSON file the learner can download."""
        target = checks.file_path("path", path)
        return write_export(
            target,
            self.answers().to_dict(orient="records"),
            exported_at=_now(),
            attempts=self.attempts().to_dict(orient="records"),
        )

    def import_json(self, path: str | os.PathLike[str]) -> int:
        """Merge an exported file into this store; returns how many new records were added.

        Raises ``ValueError`` naming the file and the first bad entry when it is
        not a course progress export; nothing is added in that case.
        """
        contents = read_export_contents(checks.file_path("path", path))
        return self._write(contents.answers, contents.attempts)


def _moved_answers(rows: list[AnswerRow], since: int) -> list[AnswerRow]:
    out = []
    for lesson, question, *rest in rows:
        out.append((*lesson_moves.move(lesson, question, since), *rest))
    return out  # type: ignore[return-value]


def _moved_attempts(rows: list[AttemptRow], since: int) -> list[AttemptRow]:
    out = []
    for lesson, item, kind, response, *rest in rows:
        moved = json.dumps(lesson_moves.move_value(json.loads(response), since), ensure_ascii=False)
        out.append((*lesson_moves.move(lesson, item, since), kind, moved, *rest))
    return out  # type: ignore[return-value]


def _apply_moves(connection: sqlite3.Connection) -> None:
    """Move a store's records on to the latest step of ``data/lesson_moves.csv`` (inside the
    caller's transaction). A store that never recorded a step is as old as step 0, unless it
    is empty; the step applied is recorded, so opening it again changes nothing."""
    latest = lesson_moves.latest_step()
    row = connection.execute("SELECT value FROM meta WHERE key = 'lesson_moves_step'").fetchone()
    if row and int(row[0]) >= latest:
        return  # up to date: the usual case, decided without reading any record
    answers = connection.execute(f"SELECT {', '.join(ANSWER_COLUMNS)} FROM answers").fetchall()
    attempts = connection.execute(f"SELECT {', '.join(ATTEMPT_COLUMNS)} FROM attempts").fetchall()
    since = int(row[0]) if row else (0 if answers or attempts else latest)
    if since < latest:
        connection.execute("DELETE FROM answers")
        connection.execute("DELETE FROM attempts")
        connection.executemany(_INSERT_ANSWERS, _moved_answers(answers, since))
        connection.executemany(_INSERT_ATTEMPTS, _moved_attempts(attempts, since))
    connection.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('lesson_moves_step', ?)", (str(latest),)
    )


def _attempt_dict(row: Any) -> dict[str, Any]:
    record = dict(zip(ATTEMPT_COLUMNS, row, strict=True))
    record["response"] = json.loads(record["response"])
    record["correct"] = None if record["correct"] is None else bool(record["correct"])
    return record


@dataclass(frozen=True)
class ExportContents:
    """What an export file holds, validated and ready for the store."""

    version: int
    answers: list[AnswerRow]
    attempts: list[AttemptRow]


_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?$")


def _utc_text(stamp: str) -> str:
    """An ISO 8601 time as the store writes it: UTC with microseconds (a time without an
    offset is taken as UTC), so that answers from any time zone sort in the order given."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def export_text(
    answers: list[dict[str, Any]],
    *,
    exported_at: str,
    attempts: list[dict[str, Any]] | None = None,
) -> str:
    """The text of a progress export holding ``answers`` and ``attempts`` (see
    :func:`write_export`, which writes it to a file)."""
    checks.text("exported_at", exported_at)
    payload = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": exported_at,
        "lesson_moves_step": lesson_moves.latest_step(),
        "answers": [
            {
                **{column: answer[column] for column in COLUMNS},
                "confidence": answer.get("confidence"),
            }
            for answer in answers
        ],
        "attempts": [
            {column: attempt.get(column) for column in ATTEMPT_COLUMNS}
            for attempt in attempts or []
        ],
    }
    return json.dumps(payload, ensure_ascii=False)


def write_export(
    path: str | os.PathLike[str],
    answers: list[dict[str, Any]],
    *,
    exported_at: str,
    attempts: list[dict[str, Any]] | None = None,
) -> Path:
    """Write answers (dicts with the :data:`COLUMNS`, and optionally ``confidence``) and
    attempts (dicts with the :data:`ATTEMPT_COLUMNS`) as a progress export; returns its path.

    The one writer of the export format (its text comes from :func:`export_text`): the
    learner's own export and the made-up class of lesson 12 both go through it. The file
    is written whole or not at all (a temporary file renamed into place).
    """
    target = checks.file_path("path", path)
    text = export_text(answers, exported_at=exported_at, attempts=attempts)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return target


def _load_payload(source: Path) -> dict[str, Any]:
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"path {str(source)!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{source.name} is not a readable progress export: {exc}") from None
    return _parse_payload(source.name, text)


def _parse_payload(name: str, text: str) -> dict[str, Any]:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{name} is not a readable progress export: {exc}") from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ValueError(
            f"{name} is not a course progress export (format must be {EXPORT_FORMAT!r})"
        )
    version = payload.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise ValueError(
            f"{name}: version must be one of {list(READABLE_VERSIONS)}, not {version!r}"
        )
    return payload


def _time(entry: dict[str, Any], field: str) -> str:
    if not isinstance(entry[field], str) or not _TIMESTAMP.match(entry[field]):
        raise ValueError(f"{field!r} must be an ISO 8601 time")
    return _utc_text(entry[field])  # a real date: no month 13


def _answer_row(entry: Any, version: int) -> AnswerRow:
    fields = COLUMNS if version == 1 else ANSWER_COLUMNS
    if not isinstance(entry, dict) or set(entry) != set(fields):
        raise ValueError(f"fields must be exactly {fields}")
    if not isinstance(entry["correct"], bool):
        raise ValueError("'correct' must be true or false")
    answered_at = _time(entry, "answered_at")
    if not isinstance(entry["question"], str) or not entry["question"].strip():
        raise ValueError("'question' must be a question id")
    return (
        _lesson_text(entry["lesson"]),
        entry["question"].strip(),
        _answer_json(entry["answer"]),
        int(entry["correct"]),
        answered_at,
        _confidence(entry.get("confidence")),
    )


def _attempt_row(entry: Any) -> AttemptRow:
    if not isinstance(entry, dict) or set(entry) != set(ATTEMPT_COLUMNS):
        raise ValueError(f"fields must be exactly {ATTEMPT_COLUMNS}")
    correct = entry["correct"]
    if correct is not None and not isinstance(correct, bool):
        raise ValueError("'correct' must be true, false or null")
    return (
        _lesson_text(entry["lesson"]),
        checks.text("item", entry["item"]),
        checks.text("kind", entry["kind"]),
        _response_json(entry["response"]),
        None if correct is None else int(correct),
        _confidence(entry["confidence"]),
        _self_rating(entry["self_rating"]),
        _time(entry, "attempted_at"),
    )


def read_export_contents(path: str | os.PathLike[str]) -> ExportContents:
    """Read and validate an exported progress file (version 1, 2 or 3): answers and attempts."""
    source = Path(path).expanduser()
    return _contents(source.name, _load_payload(source))


def parse_export(name: str, text: str | bytes) -> list[ExportRow]:
    """The quiz answers of an export's text (as :func:`read_export` reads a file), validated;
    ``name`` names the export in error messages."""
    checks.text("name", name)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{name} is not a readable progress export: {exc}") from None
    if not isinstance(text, str):
        raise TypeError(f"text must be the export's text (str or bytes), not {type(text).__name__}")
    return [row[:5] for row in _contents(name, _parse_payload(name, text)).answers]


def _contents(name: str, payload: dict[str, Any]) -> ExportContents:
    version = int(payload["version"])
    entries = payload.get("answers")
    if not isinstance(entries, list):
        raise ValueError(f"{name}: 'answers' must be a list")
    attempts = payload.get("attempts", []) if version >= 2 else []
    if not isinstance(attempts, list) or (version >= 2 and "attempts" not in payload):
        raise ValueError(f"{name}: 'attempts' must be a list")
    answer_rows, attempt_rows = [], []
    for number, entry in enumerate(entries, start=1):
        try:
            answer_rows.append(_answer_row(entry, version))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name}: answer {number} is malformed: {exc}") from None
    for number, entry in enumerate(attempts, start=1):
        try:
            attempt_rows.append(_attempt_row(entry))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name}: attempt {number} is malformed: {exc}") from None
    since = _export_step(name, payload)
    return ExportContents(
        version, _moved_answers(answer_rows, since), _moved_attempts(attempt_rows, since)
    )


def _export_step(name: str, payload: dict[str, Any]) -> int:
    """The lesson-move step an export was written at: 0 before version 3."""
    if int(payload["version"]) < 3:
        return 0
    step = payload.get("lesson_moves_step")
    if isinstance(step, bool) or not isinstance(step, int):
        raise ValueError(f"{name}: 'lesson_moves_step' must be a whole number")
    if not 0 <= step <= lesson_moves.latest_step():
        raise ValueError(
            f"{name}: 'lesson_moves_step' {step} is newer than this course "
            f"(step {lesson_moves.latest_step()}): update the course to import it"
        )
    return step


def read_export(path: str | os.PathLike[str]) -> list[ExportRow]:
    """The quiz answers of an exported progress file (version 1, 2 or 3), validated."""
    return [row[:5] for row in read_export_contents(path).answers]
