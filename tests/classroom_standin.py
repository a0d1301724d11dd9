"""A stand-in for the classroom service on 127.0.0.1, over the real store, for unit tests.

It answers the service's routes with the same status codes and JSON, and knows three
tokens: two students and one instructor. The real service, behind a real JupyterHub and
its OAuth and scopes, is tested by `make class-test`; this stand-in lets the notebook
client and the widgets be tested without a hub.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy" / "classroom"))
from higm_classroom.store import ClassroomStore, ClosedError

STUDENTS = {"tok-sam": "sam", "tok-kim": "kim"}
INSTRUCTORS = {"tok-ada": "dr-ada"}


class StandIn(BaseHTTPRequestHandler):
    """The classroom service's routes over a real store (one thread, its own connection)."""

    store: ClassroomStore | None = None
    path_db: Path

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def reply(self, status: int, data: object) -> None:
        text = data if isinstance(data, str) else json.dumps(data)
        body = text.encode()
        self.send_response(status)
        kind = "text/csv" if isinstance(data, str) else "application/json"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route(self, method: str) -> None:
        cls = type(self)
        if cls.store is None:
            cls.store = ClassroomStore(cls.path_db)
        store = cls.store
        token = self.headers.get("Authorization", "").removeprefix("token ")
        user = STUDENTS.get(token) or INSTRUCTORS.get(token)
        if user is None:
            return self.reply(403, {"error": "not allowed"})
        teacher = token in INSTRUCTORS
        parts = self.path.strip("/").split("/")[1:]  # sessions CODE ...
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        teacher_only = (method == "POST" and parts == ["sessions"]) or (
            len(parts) >= 3 and parts[2] in ("distribution", "report", "close")
        ) or (len(parts) == 5 and parts[2] == "questions")
        if teacher_only and not teacher:
            return self.reply(403, {"error": "only instructors may do this"})
        try:
            if parts == ["sessions"]:
                return self.reply(201, store.open_session(body["lesson"], user))
            code = parts[1]
            if len(parts) == 2:
                return self.reply(200, {**store.session(code), "questions": store.questions(code)})
            if parts[2] == "votes" and method == "POST":
                item = body.pop("item")
                return self.reply(201, store.vote(code, item, user, **body))
            if parts[2] == "questions" and len(parts) == 4:
                return self.reply(200, store.question(code, parts[3]))
            if parts[2] == "questions":
                return self.reply(200, store.act(code, parts[3], parts[4]))
            if parts[2] == "distribution":
                return self.reply(200, store.distribution(code))
            if parts[2] == "report":
                return self.reply(200, store.report(code))
        except ClosedError as exc:
            return self.reply(409, {"error": str(exc)})
        except LookupError as exc:
            return self.reply(404, {"error": str(exc)})
        return self.reply(404, {"error": "no such route"})

    def do_GET(self) -> None:
        self.route("GET")

    def do_POST(self) -> None:
        self.route("POST")


def serve(db: Path) -> Iterator[tuple[str, ClassroomStore]]:
    """Run a stand-in service over the store at ``db``; yields its base URL and a store on
    the same file for the test to look or act through. Stopped when the generator closes."""
    handler = type("Handler", (StandIn,), {"store": None, "path_db": db})
    server = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    store = ClassroomStore(db)
    try:
        yield f"http://127.0.0.1:{server.server_port}/", store
    finally:
        server.shutdown()
        server.server_close()
        store.close()


def serve_as(db: Path, monkeypatch: Any, token: str) -> Iterator[ClassroomStore]:
    """:func:`serve`, with the notebook's client pointed at it under the hub token ``token``
    (a student's or an instructor's); yields the store. For a pytest fixture."""
    from higm_lessons import classroom_client

    for url, store in serve(db):
        monkeypatch.setenv(classroom_client.URL_ENV, url)
        monkeypatch.setenv(classroom_client.TOKEN_ENV, token)
        yield store
