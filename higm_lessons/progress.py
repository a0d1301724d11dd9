"""A learner's answers, kept in a small SQLite file that survives kernel restarts.

The file is ``$HIGM_LESSONS_PROGRESS`` when set, otherwise
``~/.higm_lessons/progress.sqlite``. Several kernels may write at once (SQLite
write-ahead log and a busy timeout serialise them). A damaged file is renamed
``*.damaged-<time>``, a warning says where it went, and a fresh store starts, so
a learner is never blocked. ``export_json`` writes a file the learner can
download and keep (essential on Binder, whose sessions are temporary);
``import_json`` merges one back without duplicating answers.
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from higm_lessons import checks

PROGRESS_ENV = "HIGM_LESSONS_PROGRESS"
EXPORT_FORMAT = "higm-lessons-progress"
EXPORT_VERSION = 1
COLUMNS = ["lesson", "question", "answer", "correct", "answered_at"]

ExportRow = tuple[str, str, str, int, str]
"""One stored attempt: lesson, question, answer (as JSON text), correct (0 or 1), time (UTC)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    lesson TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answered_at TEXT NOT NULL,
    UNIQUE (lesson, question, answer, answered_at)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1');
"""


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
                columns = [row[1] for row in connection.execute("PRAGMA table_info(answers)")]
                if columns != ["id", *COLUMNS]:
                    raise sqlite3.DatabaseError(f"unexpected answers table columns {columns}")
                return
            except sqlite3.OperationalError as exc:
                busy = getattr(exc, "sqlite_errorname", "").startswith(_BUSY)
                if not busy or time.monotonic() > deadline:
                    raise
            finally:
                connection.close()
            time.sleep(0.02)

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

    def _write(self, rows: list[ExportRow]) -> int:
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            before = connection.total_changes
            connection.executemany(
                "INSERT OR IGNORE INTO answers (lesson, question, answer, correct, answered_at) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            connection.execute("COMMIT")
            return connection.total_changes - before
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        finally:
            connection.close()

    # -- public API ----------------------------------------------------------------
    def record(self, lesson: str | int, question: str, answer: Any, correct: bool) -> None:
        """Record one attempt at a question."""
        lesson = _lesson_text(lesson)
        question = checks.text("question", question)
        if not isinstance(correct, bool):  # numpy's bool is not stored: it is not JSON
            raise TypeError(f"correct must be True or False, not {correct!r}")
        self._write([(lesson, question, _answer_json(answer), int(correct), _now())])

    def answers(self) -> pd.DataFrame:
        """Every recorded attempt, oldest first: lesson, question, answer, correct, answered_at."""
        connection = self._connect()
        try:
            rows = connection.execute(
                f"SELECT {', '.join(COLUMNS)} FROM answers ORDER BY answered_at, id"
            ).fetchall()
        finally:
            connection.close()
        frame = pd.DataFrame(rows, columns=COLUMNS)
        # object dtype: answers keep their own type (a column of numbers must not turn 820 into
        # 820.0, or a re-imported export would no longer match the attempts it came from)
        frame["answer"] = pd.Series(
            [json.loads(a) for a in frame["answer"]], index=frame.index, dtype=object
        )
        frame["correct"] = frame["correct"].astype(bool)
        return frame

    def latest(self) -> pd.DataFrame:
        """The most recent attempt at each question (what "resume where I left off" needs)."""
        frame = self.answers()
        return frame.drop_duplicates(["lesson", "question"], keep="last").reset_index(drop=True)

    def export_json(self, path: str | os.PathLike[str]) -> Path:
        """Write every attempt to a JSON file the learner can download; returns its path."""
        target = checks.file_path("path", path)
        return write_export(target, self.answers().to_dict(orient="records"), exported_at=_now())

    def import_json(self, path: str | os.PathLike[str]) -> int:
        """Merge an exported file into this store; returns how many new attempts were added.

        Raises ``ValueError`` naming the file and the first bad entry when it is
        not a course progress export; nothing is added in that case.
        """
        return self._write(read_export(checks.file_path("path", path)))


_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?$")


def _utc_text(stamp: str) -> str:
    """An ISO 8601 time as the store writes it: UTC with microseconds (a time without an
    offset is taken as UTC), so that answers from any time zone sort in the order given."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def write_export(
    path: str | os.PathLike[str], answers: list[dict[str, Any]], *, exported_at: str
) -> Path:
    """Write answers (dicts with the :data:`COLUMNS`) as a progress export file; returns its path.

    The one writer of the export format: the learner's own export and the made-up
    class of lesson 09 both go through it. The file is written whole or not at all
    (a temporary file renamed into place).
    """
    target = checks.file_path("path", path)
    checks.text("exported_at", exported_at)
    payload = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": exported_at,
        "answers": [{column: answer[column] for column in COLUMNS} for answer in answers],
    }
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    tmp.replace(target)
    return target


def read_export(path: str | os.PathLike[str]) -> list[ExportRow]:
    """Read and validate an exported progress file into rows ready for the store."""
    source = Path(path).expanduser()
    try:
        payload = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"path {str(source)!r} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{source.name} is not a readable progress export: {exc}") from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ValueError(
            f"{source.name} is not a course progress export (format must be {EXPORT_FORMAT!r})"
        )
    if payload.get("version") != EXPORT_VERSION:
        raise ValueError(
            f"{source.name}: version must be {EXPORT_VERSION}, not {payload.get('version')!r}"
        )
    entries = payload.get("answers")
    if not isinstance(entries, list):
        raise ValueError(f"{source.name}: 'answers' must be a list")
    rows = []
    for number, entry in enumerate(entries, start=1):
        try:
            if not isinstance(entry, dict) or set(entry) != set(COLUMNS):
                raise ValueError(f"fields must be exactly {COLUMNS}")
            if not isinstance(entry["correct"], bool):
                raise ValueError("'correct' must be true or false")
            if not isinstance(entry["answered_at"], str) or not _TIMESTAMP.match(
                entry["answered_at"]
            ):
                raise ValueError("'answered_at' must be an ISO 8601 time")
            answered_at = _utc_text(entry["answered_at"])  # a real date: no month 13
            if not isinstance(entry["question"], str) or not entry["question"].strip():
                raise ValueError("'question' must be a question id")
            rows.append(
                (
                    _lesson_text(entry["lesson"]),
                    entry["question"].strip(),
                    _answer_json(entry["answer"]),
                    int(entry["correct"]),
                    answered_at,
                )
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{source.name}: answer {number} is malformed: {exc}") from None
    return rows
