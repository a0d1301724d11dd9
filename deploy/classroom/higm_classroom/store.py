"""The live classroom's records: sessions, questions and votes, in one SQLite file.

Standard library only, so the hub's own environment runs it without the course's
packages. One process (the classroom service) writes; every change is a short
transaction in write-ahead-log mode with ``synchronous=FULL``, so a vote that was
acknowledged survives a crash or a restart of the service.

* A **session** is opened by an instructor for one lesson and has a short join
  code that students type into their notebook.
* A **question** is any commit-before-reveal item or quiz question of that lesson
  (its id, such as ``02-preterm``). It has a voting ``round`` (a re-vote starts the
  next round), can be ``locked`` (no more votes) and ``released`` (students'
  widgets show the model answer).
* A **vote** is one student's latest answer to a question in a round, with their
  confidence; a new answer in the same round replaces the earlier one.

Students are identified by their hub user name; what instructors see
(:meth:`ClassroomStore.distribution`, :meth:`ClassroomStore.report`) is counted or
labelled anonymously.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Any

CONFIDENCE = ("sure", "think so", "guessing")
"""The confidence ratings the course's widgets ask for (as in higm_lessons.progress)."""
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Join codes avoid letters and digits that are easily confused (I, O, 0, 1)."""
CODE_LENGTH = 6
MAX_RESPONSE_CHARS = 4000
ACTIONS = ("lock", "unlock", "revote", "release")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    code TEXT PRIMARY KEY,
    lesson TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at REAL NOT NULL,
    closed_at REAL
);
CREATE TABLE IF NOT EXISTS questions (
    code TEXT NOT NULL REFERENCES sessions(code),
    item TEXT NOT NULL,
    round INTEGER NOT NULL DEFAULT 1,
    locked INTEGER NOT NULL DEFAULT 0,
    released INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (code, item)
);
CREATE TABLE IF NOT EXISTS votes (
    code TEXT NOT NULL,
    item TEXT NOT NULL,
    round INTEGER NOT NULL,
    user TEXT NOT NULL,
    kind TEXT NOT NULL,
    response TEXT NOT NULL,
    confidence TEXT,
    correct INTEGER,
    voted_at REAL NOT NULL,
    PRIMARY KEY (code, item, round, user)
);
"""


class ClosedError(LookupError):
    """The session is closed, or the question is locked: the vote is not taken."""


def _text(name: str, value: Any, limit: int = 200) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text, not {type(value).__name__}")
    value = value.strip()
    if not value or len(value) > limit:
        raise ValueError(f"{name} must be 1 to {limit} characters, not {value!r:.60}")
    return value


def _code(value: Any) -> str:
    code = _text("code", value, CODE_LENGTH + 4).upper()
    if len(code) != CODE_LENGTH or set(code) - set(CODE_ALPHABET):
        raise ValueError(f"code must be {CODE_LENGTH} letters and digits, not {value!r}")
    return code


def _crossed(votes: list[sqlite3.Row]) -> dict[str, dict[str, int]]:
    """Answer -> confidence ("" when not given) -> how many, most common answer first."""
    found: dict[str, dict[str, int]] = {}
    for response, _n in Counter(v["response"] for v in votes).most_common():
        found[response] = {c: 0 for c in (*CONFIDENCE, "")}
    for vote in votes:
        found[vote["response"]][vote["confidence"] or ""] += 1
    return found


class ClassroomStore:
    """Sessions, questions and votes in the SQLite file at ``path`` (made if missing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def _write(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            cursor = self._db.execute(sql, args)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return cursor

    # ---------------------------------------------------------------- sessions
    def open_session(self, lesson: str, instructor: str) -> dict[str, Any]:
        """Open a session for ``lesson``; returns it with its new join code."""
        lesson, instructor = _text("lesson", lesson, 80), _text("instructor", instructor)
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                self._write(
                    "INSERT INTO sessions (code, lesson, opened_by, opened_at) VALUES (?,?,?,?)",
                    (code, lesson, instructor, time.time()),
                )
            except sqlite3.IntegrityError:
                continue
            return self.session(code)
        raise RuntimeError("could not find a free join code")  # pragma: no cover

    def session(self, code: str) -> dict[str, Any]:
        """The session with join ``code``; LookupError if there is none."""
        row = self._db.execute("SELECT * FROM sessions WHERE code = ?", (_code(code),)).fetchone()
        if row is None:
            raise LookupError(f"no classroom session has the code {code!r}")
        return {**dict(row), "open": row["closed_at"] is None}

    def sessions(self, instructor: str | None = None) -> list[dict[str, Any]]:
        """Every session (or one instructor's), newest first."""
        sql, args = "SELECT code FROM sessions", ()
        if instructor is not None:
            sql, args = sql + " WHERE opened_by = ?", (_text("instructor", instructor),)
        rows = self._db.execute(sql + " ORDER BY opened_at DESC", args).fetchall()
        return [self.session(row["code"]) for row in rows]

    def close_session(self, code: str) -> dict[str, Any]:
        self.session(code)
        self._write(
            "UPDATE sessions SET closed_at = ? WHERE code = ? AND closed_at IS NULL",
            (time.time(), _code(code)),
        )
        return self.session(code)

    # --------------------------------------------------------------- questions
    def question(self, code: str, item: str) -> dict[str, Any]:
        """A question's state: ``round``, ``locked`` and ``released`` (round 1 if new)."""
        self.session(code)
        item = _text("item", item)
        row = self._db.execute(
            "SELECT * FROM questions WHERE code = ? AND item = ?", (_code(code), item)
        ).fetchone()
        if row is None:
            return {"item": item, "round": 1, "locked": False, "released": False}
        return {
            "item": item,
            "round": row["round"],
            "locked": bool(row["locked"]),
            "released": bool(row["released"]),
        }

    def questions(self, code: str) -> list[dict[str, Any]]:
        """The states of the questions an instructor has acted on or students voted on."""
        self.session(code)
        rows = self._db.execute(
            "SELECT item FROM questions WHERE code = ? UNION SELECT item FROM votes WHERE code = ?"
            " ORDER BY item",
            (_code(code), _code(code)),
        ).fetchall()
        return [self.question(code, row["item"]) for row in rows]

    def act(self, code: str, item: str, action: str) -> dict[str, Any]:
        """An instructor's action on a question: lock, unlock, revote or release.

        ``revote`` starts the next round (unlocked; earlier rounds' votes are kept);
        ``release`` lets every student's widget show the model answer."""
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
        state = self.question(code, item)
        change = {
            "lock": "locked = 1",
            "unlock": "locked = 0",
            "revote": "round = round + 1, locked = 0",
            "release": "released = 1, locked = 1",
        }[action]
        self._write(
            "INSERT INTO questions (code, item) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (_code(code), state["item"]),
        )
        self._write(
            f"UPDATE questions SET {change} WHERE code = ? AND item = ?",
            (_code(code), state["item"]),
        )
        return self.question(code, item)

    # ------------------------------------------------------------------- votes
    def vote(
        self,
        code: str,
        item: str,
        user: str,
        *,
        kind: str,
        response: Any,
        confidence: str | None = None,
        correct: bool | None = None,
    ) -> dict[str, Any]:
        """Record ``user``'s answer to ``item`` in the question's current round.

        Returns the question's state. Raises :class:`ClosedError` when the session
        is closed or the question locked, ValueError/TypeError for bad input."""
        user, kind = _text("user", user), _text("kind", kind, 40)
        if confidence is not None and confidence not in CONFIDENCE:
            raise ValueError(f"confidence must be one of {', '.join(CONFIDENCE)} or None")
        if correct is not None and not isinstance(correct, bool):
            raise TypeError("correct must be True, False or None")
        try:
            text = json.dumps(response, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"response must be a JSON value: {exc}") from None
        if len(text) > MAX_RESPONSE_CHARS:
            raise ValueError(f"response must be at most {MAX_RESPONSE_CHARS} characters of JSON")
        if not self.session(code)["open"]:
            raise ClosedError("this classroom session is closed")
        state = self.question(code, item)
        if state["locked"]:
            raise ClosedError("voting on this question is closed")
        self._write(
            "INSERT OR REPLACE INTO votes VALUES (?,?,?,?,?,?,?,?,?)",
            (_code(code), state["item"], state["round"], user, kind, text, confidence,
             None if correct is None else int(correct), time.time()),
        )  # fmt: skip
        return state

    def own_votes(self, code: str, user: str) -> list[dict[str, Any]]:
        """One student's own votes in a session (all rounds), oldest first."""
        self.session(code)
        rows = self._db.execute(
            "SELECT item, round, kind, response, confidence, correct, voted_at FROM votes "
            "WHERE code = ? AND user = ? ORDER BY voted_at",
            (_code(code), _text("user", user)),
        ).fetchall()
        return [self._vote(row) for row in rows]

    @staticmethod
    def _vote(row: sqlite3.Row) -> dict[str, Any]:
        vote = dict(row)
        vote["response"] = json.loads(vote["response"])
        vote["correct"] = None if vote["correct"] is None else bool(vote["correct"])
        return vote

    def distribution(self, code: str) -> list[dict[str, Any]]:
        """For instructors: per question and round, how many voted, each answer's count,
        the confidence counts, and how many were right (where the course judges). No names."""
        self.session(code)
        rows = self._db.execute(
            "SELECT item, round, kind, response, confidence, correct FROM votes "
            "WHERE code = ? ORDER BY item, round",
            (_code(code),),
        ).fetchall()
        groups: dict[tuple[str, int], list[sqlite3.Row]] = {}
        for row in rows:
            groups.setdefault((row["item"], row["round"]), []).append(row)
        found = []
        for (item, round_), votes in groups.items():
            state = self.question(code, item)
            judged = [v["correct"] for v in votes if v["correct"] is not None]
            found.append({
                **state,
                "round": round_,
                "current_round": state["round"],
                "kind": votes[-1]["kind"],
                "votes": len(votes),
                "responses": dict(Counter(v["response"] for v in votes).most_common()),
                "confidence": {c: sum(v["confidence"] == c for v in votes) for c in CONFIDENCE},
                "by_confidence": _crossed(votes),
                "right": sum(judged) if judged else None,
                "judged": len(judged),
            })  # fmt: skip
        return found

    def report(self, code: str) -> str:
        """The session's votes as CSV, one row per vote, students labelled
        ``learner 1``, ``learner 2``, ... in the order they first voted."""
        session = self.session(code)
        rows = self._db.execute(
            "SELECT * FROM votes WHERE code = ? ORDER BY voted_at", (_code(code),)
        ).fetchall()
        labels: dict[str, str] = {}
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["session", "lesson", "learner", "item", "round", "kind", "response",
                         "confidence", "correct", "voted_at"])  # fmt: skip
        for row in rows:
            label = labels.setdefault(row["user"], f"learner {len(labels) + 1}")
            correct = "" if row["correct"] is None else bool(row["correct"])
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(row["voted_at"]))
            writer.writerow([session["code"], session["lesson"], label, row["item"], row["round"],
                             row["kind"], row["response"], row["confidence"] or "", correct,
                             stamp])  # fmt: skip
        return out.getvalue()
