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

PROGRESS_ENV = "HIGM_LESSONS_PROGRESS"
EXPORT_FORMAT = "higm-lessons-progress"
EXPORT_VERSION = 1
COLUMNS = ["lesson", "question", "answer", "correct", "answered_at"]

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
    if isinstance(lesson, bool) or not isinstance(lesson, str | int):
        raise TypeError(f"lesson must be a lesson number such as '04', not {lesson!r}")
    text = str(lesson).strip()
    if not text.isdigit() or int(text) > 99:
        raise ValueError(f"lesson must be a lesson number from 00 to 99, not {lesson!r}")
    return f"{int(text):02d}"


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

    def __init__(self, path: str | os.PathLike | None = None):
        if path is not None and not isinstance(path, str | os.PathLike):
            raise TypeError(f"path must be a file path or None, not {type(path).__name__}")
        self.path = Path(path).expanduser() if path is not None else default_path()
        if self.path.is_dir():
            raise ValueError(f"path must be a file, but {self.path} is a folder")
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

    def _write(self, rows: list[tuple]) -> int:
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
        if not isinstance(question, str) or not question.strip():
            raise ValueError(f"question must be a non-empty question id, not {question!r}")
        if not isinstance(correct, bool):
            raise TypeError(f"correct must be True or False, not {correct!r}")
        self._write([(lesson, question.strip(), _answer_json(answer), int(correct), _now())])

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

    def export_json(self, path: str | os.PathLike) -> Path:
        """Write every attempt to a JSON file the learner can download; returns its path."""
        if not isinstance(path, str | os.PathLike):
            raise TypeError(f"path must be a file path, not {type(path).__name__}")
        target = Path(path).expanduser()
        if target.is_dir():
            raise ValueError(f"path must be a file, but {target} is a folder")
        frame = self.answers()
        payload = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": _now(),
            "answers": frame.to_dict(orient="records"),
        }
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(target)
        return target

    def import_json(self, path: str | os.PathLike) -> int:
        """Merge an exported file into this store; returns how many new attempts were added.

        Raises ``ValueError`` naming the file and the first bad entry when it is
        not a course progress export; nothing is added in that case.
        """
        if not isinstance(path, str | os.PathLike):
            raise TypeError(f"path must be a file path, not {type(path).__name__}")
        rows = read_export(path)
        return self._write(rows)


_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?$")


def _utc_text(stamp: str) -> str:
    """An ISO 8601 time as the store writes it: UTC with microseconds (a time without an
    offset is taken as UTC), so that answers from any time zone sort in the order given."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def read_export(path: str | os.PathLike) -> list[tuple]:
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


# --------------------------------------------------------------------------- class summary
# For instructors: many learners' exported progress files read together. A file
# that cannot be read, or that repeats another, is reported and the rest go on.


class ClassSummary:
    """How a class did, from many exported progress files (see :func:`class_summary`).

    * ``learners``: one row per learner (``learner``, ``files``, ``attempts``,
      ``questions``, ``right``, ``score``: share right at the latest attempt);
    * ``questions``: one row per question (``lesson``, ``question``, ``learners``,
      ``right_first_try``, ``right_latest``, ``mean_attempts``, ``difficulty``: the
      share of learners wrong at their first try), hardest first;
    * ``lessons``: one row per lesson (``lesson``, ``learners``, ``questions``,
      ``mean_score``, ``lowest``, ``highest``);
    * ``scores``: learner x lesson table of each learner's share right (latest attempt);
    * ``problems``: files skipped or merged, each with the reason.
    """

    def __init__(self, learners, questions, lessons, scores, problems):
        self.learners = learners
        self.questions = questions
        self.lessons = lessons
        self.scores = scores
        self.problems = tuple(problems)

    def difficulty_figure(self, top: int = 15):
        """Horizontal bars of the ``top`` hardest questions (plotly figure)."""
        from higm_lessons.figures.assessment import difficulty_figure

        return difficulty_figure(self.questions, top=top)

    def lesson_figure(self):
        """Each learner's score per lesson, with the class mean (plotly figure)."""
        from higm_lessons.figures.assessment import class_scores_figure

        return class_scores_figure(self.scores)

    def takeaway(self) -> str:
        """One sentence on the class: its size, the weakest lesson and the hardest question."""
        if self.learners.empty:
            return "No usable progress exports were found, so there is nothing to summarise."
        weakest = self.lessons.sort_values(["mean_score", "lesson"]).iloc[0]
        hardest = self.questions.iloc[0]
        return (
            f"{len(self.learners)} learners: the lowest mean score is in lesson "
            f"{weakest['lesson']} ({weakest['mean_score']:.0%} right), and the hardest question is "
            f"{hardest['question']} (lesson {hardest['lesson']}), wrong at the first try for "
            f"{hardest['difficulty']:.0%} of the {hardest['learners']} learners who answered it."
        )

    def __repr__(self) -> str:
        return (
            f"<ClassSummary: {len(self.learners)} learners, {len(self.questions)} questions, "
            f"{len(self.lessons)} lessons, {len(self.problems)} problems>"
        )


def _export_paths(paths) -> list[Path]:
    """Files to read: a folder (its ``*.json`` files), one file, or a list of files."""
    if isinstance(paths, str | os.PathLike):
        single = Path(paths).expanduser()
        return sorted(single.glob("*.json")) if single.is_dir() else [single]
    if isinstance(paths, bytes) or not hasattr(paths, "__iter__"):
        raise TypeError(
            "paths must be a folder, a file path, or a list of exported progress files, "
            f"not {type(paths).__name__}"
        )
    found = []
    for item in paths:
        if not isinstance(item, str | os.PathLike):
            raise TypeError(f"paths must hold file paths only, not {type(item).__name__} {item!r}")
        found.append(Path(item).expanduser())
    return found


def _group_overlapping(row_sets: list[frozenset]) -> list[list[int]]:
    """Group files that share any answer (same lesson, question, answer and time): one learner."""
    parent = list(range(len(row_sets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple, int] = {}
    for index, rows in enumerate(row_sets):
        for row in rows:
            if row in owner:
                parent[root(index)] = root(owner[row])
            else:
                owner[row] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(row_sets)):
        groups.setdefault(root(index), []).append(index)
    return sorted(groups.values())


_LEARNER_COLUMNS = ["learner", "files", "attempts", "questions", "right", "score"]
_QUESTION_COLUMNS = [
    "lesson",
    "question",
    "learners",
    "right_first_try",
    "right_latest",
    "mean_attempts",
    "difficulty",
]
_LESSON_COLUMNS = ["lesson", "learners", "questions", "mean_score", "lowest", "highest"]


def class_summary(paths, *, by_topic: bool = True) -> ClassSummary:
    """Summarise many learners' exported progress files (``ProgressStore.export_json``).

    ``paths`` is a folder of ``*.json`` exports, one file, or a list of files.
    Malformed files are skipped and reported; an exact copy of another file is
    counted once; files sharing answers (two exports by the same learner) are
    merged into one learner. Nothing here raises for a bad file: read
    ``problems`` for what was skipped or merged and why.

    With ``by_topic`` (the default), answers given in the final assessment of
    lesson 09 count towards the lesson each question revisits, so the lesson
    scores say which topics the class found hard.
    """
    if not isinstance(by_topic, bool):
        raise TypeError(f"by_topic must be True or False, not {by_topic!r}")
    files = _export_paths(paths)
    if not files:
        raise ValueError("paths must name at least one exported progress file (*.json)")
    problems: list[str] = []
    names: list[str] = []
    row_sets: list[frozenset] = []
    seen: dict[frozenset, str] = {}
    for path in files:
        try:
            rows = frozenset(read_export(path))
        except ValueError as exc:
            problems.append(f"{path.name}: skipped, {exc}")
            continue
        if not rows:
            problems.append(f"{path.name}: skipped, it holds no answers")
            continue
        if rows in seen:
            problems.append(
                f"{path.name}: an exact copy of {seen[rows]} (the same file handed in twice?); "
                "counted once"
            )
            continue
        seen[rows] = path.name
        names.append(path.name)
        row_sets.append(rows)
    groups = _group_overlapping(row_sets)
    for group in groups:
        if len(group) > 1:
            problems.append(
                f"{', '.join(names[i] for i in group)}: these files share answers, so they are "
                "exports from one learner at different times; merged into one learner"
            )
    learners, attempts = [], []
    for number, group in enumerate(groups, start=1):
        label = f"learner {number}"
        rows = frozenset().union(*(row_sets[i] for i in group))
        learners.append({"learner": label, "files": ", ".join(names[i] for i in group)})
        attempts += [
            {"learner": label, "lesson": r[0], "question": r[1], "correct": bool(r[3]), "at": r[4]}
            for r in rows
        ]
    if not attempts:
        empty = pd.DataFrame(columns=_LEARNER_COLUMNS)
        return ClassSummary(
            empty,
            pd.DataFrame(columns=_QUESTION_COLUMNS),
            pd.DataFrame(columns=_LESSON_COLUMNS),
            pd.DataFrame(),
            problems,
        )
    if by_topic:
        from higm_lessons.assessment import topic_for

        topic = {
            pair: topic_for(*pair) for pair in {(a["lesson"], a["question"]) for a in attempts}
        }
        for attempt in attempts:
            attempt["lesson"] = topic[(attempt["lesson"], attempt["question"])]
    # Plain dictionaries: a class's exports hold a few thousand attempts, and pandas'
    # grouping machinery costs more than the counting itself.
    for attempt in attempts:
        attempt["at"] = datetime.fromisoformat(attempt["at"].replace("Z", "+00:00"))
    attempts.sort(key=lambda a: (a["learner"], a["lesson"], a["question"], a["at"]))
    per_question: dict[tuple, list] = {}  # (learner, lesson, question) -> [tries, first, last]
    for a in attempts:
        key = (a["learner"], a["lesson"], a["question"])
        if key in per_question:
            per_question[key][0] += 1
            per_question[key][2] = a["correct"]
        else:
            per_question[key] = [1, a["correct"], a["correct"]]
    counts: dict[tuple, list] = {}  # (lesson, question) -> [learners, first, latest, tries]
    marks: dict[str, dict[str, list]] = {}  # learner -> lesson -> [right, answered]
    totals: dict[str, list] = {}  # learner -> [attempts, questions, right]
    for (learner, lesson, question), (tries, first, last) in per_question.items():
        row = counts.setdefault((lesson, question), [0, 0, 0, 0])
        row[0] += 1
        row[1] += first
        row[2] += last
        row[3] += tries
        mark = marks.setdefault(learner, {}).setdefault(lesson, [0, 0])
        mark[0] += last
        mark[1] += 1
        total = totals.setdefault(learner, [0, 0, 0])
        total[0] += tries
        total[1] += 1
        total[2] += last
    questions = pd.DataFrame(
        [
            (lesson, question, n, first, latest, tries / n, 1 - first / n)
            for (lesson, question), (n, first, latest, tries) in counts.items()
        ],
        columns=_QUESTION_COLUMNS,
    )
    questions = questions.sort_values(
        ["difficulty", "lesson", "question"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)
    order = [row["learner"] for row in learners]
    lesson_names = sorted({lesson for lesson, _question in counts})
    scores = pd.DataFrame(
        [
            [
                marks[name][lesson][0] / marks[name][lesson][1]
                if lesson in marks[name]
                else float("nan")
                for lesson in lesson_names
            ]
            for name in order
        ],
        index=pd.Index(order, name="learner"),
        columns=pd.Index(lesson_names, name="lesson"),
    )
    per_lesson_questions = {lesson: 0 for lesson in lesson_names}
    for lesson, _question in counts:
        per_lesson_questions[lesson] += 1
    lessons = pd.DataFrame(
        {
            "lesson": lesson_names,
            "learners": scores.notna().sum().to_numpy(),
            "questions": [per_lesson_questions[lesson] for lesson in lesson_names],
            "mean_score": scores.mean().to_numpy(),
            "lowest": scores.min().to_numpy(),
            "highest": scores.max().to_numpy(),
        }
    )
    table = pd.DataFrame(
        [
            (
                row["learner"],
                row["files"],
                *totals[row["learner"]],
                totals[row["learner"]][2] / totals[row["learner"]][1],
            )
            for row in learners
        ],
        columns=_LEARNER_COLUMNS,
    )
    return ClassSummary(table, questions, lessons, scores, problems)
