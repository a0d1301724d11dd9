"""A notebook's link to the live classroom, when the course runs on a JupyterHub.

Nothing here does anything on a laptop or on Binder: without the hub's
``$JUPYTERHUB_API_TOKEN`` and the course's ``$HIGM_CLASSROOM_URL`` (the classroom
service's address, set by the hub's configuration), or before the learner has
joined a session, :func:`submit` returns None and the widgets behave as they
always do. In class:

1. the instructor opens a session for a lesson and shares its join code;
2. the student runs ``join("K7M2QX")`` in a notebook (saved beside the progress
   file, ``~/.higm_lessons/classroom.json``, so every lesson's kernel knows it);
3. each commitment in that lesson (a prompt, a prediction) and each quiz answer
   is sent to the session with its confidence, under the student's hub user;
4. a commit-before-reveal widget holds its model answer until the instructor
   releases the question (:func:`watch` polls for that), and opens it then.

Standard library HTTP only, short timeouts, and every failure is reported as a
value (never raised into a widget) except in :func:`join`, where the learner asked.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from higm_lessons import checks
from higm_lessons.course import lessons
from higm_lessons.progress import default_path

URL_ENV = "HIGM_CLASSROOM_URL"
TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
SESSION_ENV = "HIGM_CLASSROOM_SESSION"
TIMEOUT = 4.0
"""Seconds to wait for the service before giving up on a request."""
POLL_SECONDS = 2.0
WATCH_HOURS = 4.0
"""A watcher stops by itself after this long (a class is over by then)."""
CODE_LENGTH = 6


class ClassroomError(RuntimeError):
    """The classroom service could not be reached or refused a request."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def service_url() -> str | None:
    """The classroom service's base URL (ending in /), or None outside a hub."""
    url = os.environ.get(URL_ENV, "").strip()
    if not url or not os.environ.get(TOKEN_ENV):
        return None
    return url if url.endswith("/") else url + "/"


def _session_file() -> Path:
    """Beside the progress file (``~/.higm_lessons/classroom.json`` by default)."""
    return default_path().parent / "classroom.json"


def _code(code: object) -> str:
    text = checks.text("code", code).strip().upper()
    if len(text) != CODE_LENGTH or not text.isalnum():
        raise ValueError(f"code must be the {CODE_LENGTH}-character join code, not {code!r}")
    return text


def request(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """Call the service with the notebook's hub token; the decoded JSON (or text) reply.

    Raises :class:`ClassroomError` (with the HTTP ``status`` when there is one)."""
    base = service_url()
    if base is None:
        raise ClassroomError(f"no classroom here: ${URL_ENV} or ${TOKEN_ENV} is not set")
    try:
        data = None if body is None else json.dumps(body, allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        raise ClassroomError(f"the answer could not be sent as JSON ({exc})") from None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", f"token {os.environ[TOKEN_ENV]}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as reply:
            text = reply.read().decode("utf-8")
            kind = reply.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise ClassroomError(_reason(exc), exc.code) from None
    except (OSError, ValueError) as exc:
        raise ClassroomError(f"the classroom service could not be reached ({exc})") from None
    return json.loads(text) if kind.startswith("application/json") else text


def _reason(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read().decode("utf-8"))["error"])
    except (ValueError, KeyError, TypeError, OSError):
        return f"the classroom service answered {exc.code} {exc.reason}"


# ------------------------------------------------------------------ students
def join(code: str) -> dict[str, Any]:
    """Join the session with this code (checked with the service); returns the session."""
    session = request("GET", f"api/sessions/{_code(code)}")
    if not session.get("open"):
        raise ClassroomError(f"the classroom session {session['code']} is closed")
    path = _session_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"code": session["code"], "lesson": session["lesson"]}))
    return dict(session)


def leave() -> None:
    """Leave the session: commitments stay in this notebook only, as on a laptop."""
    _session_file().unlink(missing_ok=True)


def current() -> dict[str, str] | None:
    """The joined session (``code`` and lesson ``slug``), or None."""
    if service_url() is None:
        return None
    try:
        saved = json.loads(_session_file().read_text())
        return {"code": _code(saved["code"]), "lesson": str(saved["lesson"])}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _slug(lesson: str | int) -> str | None:
    number = checks.lesson_number(lesson)
    table = lessons()
    match = table.loc[table["number"] == number, "slug"]
    return str(match.iloc[0]) if len(match) else None


def session_for(lesson: str | int) -> str | None:
    """The join code when the learner is in a session for this lesson, else None."""
    joined = current()
    if joined is None or joined["lesson"] != _slug(lesson):
        return None
    return joined["code"]


def submit(
    lesson: str | int,
    item: str,
    kind: str,
    response: Any,
    *,
    confidence: str | None = None,
    correct: bool | None = None,
) -> dict[str, Any] | None:
    """Send a commitment to the session; None when not in a class session for this lesson.

    Otherwise a dict: ``sent`` (bool), ``round``, ``locked``, ``released`` and a
    ``message`` for the learner. Never raises for the network or the service."""
    code = session_for(lesson)
    if code is None:
        return None
    body = {"item": item, "kind": kind, "response": response, "confidence": confidence,
            "correct": None if correct is None else bool(correct)}  # fmt: skip
    try:
        state = request("POST", f"api/sessions/{code}/votes", body)
    except ClassroomError as exc:
        state = question_state(code, item) or {}
        locked = exc.status == 409
        return {"sent": False, "code": code, "round": state.get("round"), "locked": locked,
                "released": bool(state.get("released")),
                "message": f"Not sent to the class: {exc}"}  # fmt: skip
    return {"sent": True, "code": code, "round": state["round"], "locked": state["locked"],
            "released": state["released"],
            "message": "Sent to the class (your name is not shown)."}  # fmt: skip


def holds(lesson: str | int, item: str) -> bool:
    """True when the learner is in a class session for this lesson and the question's
    answer is not released yet (False outside a class, or when the service is down)."""
    code = session_for(lesson)
    if code is None:
        return False
    state = question_state(code, item)
    return state is not None and not state.get("released")


def question_state(code: str, item: str) -> dict[str, Any] | None:
    """A question's ``round``, ``locked`` and ``released``, or None if it cannot be read."""
    try:
        state = request("GET", f"api/sessions/{_code(code)}/questions/{quote(item, safe='')}")
    except (ClassroomError, ValueError, TypeError):
        return None
    return dict(state)


def watch(
    code: str,
    item: str,
    on_change: Callable[[dict[str, Any]], None],
    *,
    interval: float | None = None,
    hours: float | None = None,
) -> threading.Event:
    """Poll a question's state in the background; ``on_change(state)`` on every change.

    Polls every ``interval`` seconds (default :data:`POLL_SECONDS`); stops by itself
    when the question is released, after ``hours`` (default :data:`WATCH_HOURS`), or
    when the returned event is set."""
    stop = threading.Event()
    pause = POLL_SECONDS if interval is None else interval
    limit = (WATCH_HOURS if hours is None else hours) * 3600

    def run() -> None:
        last: dict[str, Any] | None = None
        deadline = time.monotonic() + limit
        while not stop.is_set() and time.monotonic() < deadline:
            state = question_state(code, item)
            if state is not None and state != last:
                last = state
                with contextlib.suppress(Exception):  # a widget's error must not end the watch
                    on_change(state)
                if state.get("released"):
                    return
            stop.wait(pause)

    threading.Thread(target=run, name=f"classroom-watch-{item}", daemon=True).start()
    return stop


# --------------------------------------------------------------- instructors
def open_session(lesson: str) -> dict[str, Any]:
    """Open a session for a lesson (its slug, as in data/lessons.csv); returns it with its code."""
    slug = checks.text("lesson", lesson).strip()
    if slug not in set(lessons()["slug"]):
        raise ValueError(f"lesson must be a lesson slug from data/lessons.csv, not {lesson!r}")
    return dict(request("POST", "api/sessions", {"lesson": slug}))


def distribution(code: str) -> list[dict[str, Any]]:
    """Answer and confidence counts per question and round (instructors only)."""
    return list(request("GET", f"api/sessions/{_code(code)}/distribution"))


def act(code: str, item: str, action: str) -> dict[str, Any]:
    """Lock, unlock, start a re-vote on, or release a question (instructors only)."""
    action = checks.one_of("action", action, ("lock", "unlock", "revote", "release"))
    path = f"api/sessions/{_code(code)}/questions/{quote(item, safe='')}/{action}"
    return dict(request("POST", path, {}))


def report(code: str) -> str:
    """The session's votes as CSV text, students labelled anonymously (instructors only)."""
    return str(request("GET", f"api/sessions/{_code(code)}/report"))


def close(code: str) -> dict[str, Any]:
    """Close a session: no more votes are taken (instructors only)."""
    return dict(request("POST", f"api/sessions/{_code(code)}/close", {}))
