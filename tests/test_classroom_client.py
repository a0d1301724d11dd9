"""The notebook's classroom client and the commit-before-reveal widget in a live class.

Without a hub nothing changes; in a class session a commitment is sent, the model
answer waits for the instructor's release and then opens; a broken service never
blocks a learner. The service here is a small stand-in on 127.0.0.1 over the real
store (the real service runs behind a real hub in `make class-test`)."""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from higm_lessons import classroom_client as client
from higm_lessons.widgets.prompt import CommitBar
from tests.helpers import fresh_progress

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy" / "classroom"))
from higm_classroom.store import ClassroomStore, ClosedError

TOKENS = {"tok-sam": "sam", "tok-kim": "kim"}
LESSON, SLUG = "02", "antibodies_in_early_life"


class StandIn(BaseHTTPRequestHandler):
    """The student routes of the classroom service, over a real store (one thread)."""

    store: ClassroomStore | None = None
    path_db: Path

    def log_message(self, *args):  # quiet
        pass

    def reply(self, status, data):
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_one(self, method):
        cls = type(self)
        if cls.store is None:
            cls.store = ClassroomStore(cls.path_db)
        user = TOKENS.get(self.headers.get("Authorization", "").removeprefix("token "))
        if user is None:
            return self.reply(403, {"error": "not allowed"})
        parts = self.path.strip("/").split("/")  # api sessions CODE ...
        try:
            if method == "GET" and len(parts) == 3:
                return self.reply(200, cls.store.session(parts[2]))
            if method == "GET" and parts[3] == "questions":
                return self.reply(200, cls.store.question(parts[2], parts[4]))
            if method == "POST" and parts[3] == "votes":
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                item = body.pop("item")
                return self.reply(201, cls.store.vote(parts[2], item, user, **body))
        except ClosedError as exc:
            return self.reply(409, {"error": str(exc)})
        except LookupError as exc:
            return self.reply(404, {"error": str(exc)})
        return self.reply(404, {"error": "no such route"})

    def do_GET(self):
        self.handle_one("GET")

    def do_POST(self):
        self.handle_one("POST")


@pytest.fixture(autouse=True)
def progress(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "progress" / "progress.sqlite")


@pytest.fixture
def service(tmp_path, monkeypatch):
    """A running stand-in service, the student's hub token, and the instructor's store."""
    db = tmp_path / "classroom.sqlite"
    handler = type("Handler", (StandIn,), {"store": None, "path_db": db})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(client.URL_ENV, f"http://127.0.0.1:{server.server_port}/")
    monkeypatch.setenv(client.TOKEN_ENV, "tok-sam")
    monkeypatch.setattr(client, "POLL_SECONDS", 0.05)
    instructor = ClassroomStore(db)
    yield instructor
    server.shutdown()
    server.server_close()
    instructor.close()


def bar(shown):
    made = CommitBar(
        LESSON, "02-predict-onset", "prediction",
        response=lambda: 6.0, judge=lambda r: r == 6.0,
        on_commit=lambda attempt: shown.append(attempt["response"]),
        on_restore=lambda attempt: shown.append(("restored", attempt["response"])),
    )  # fmt: skip
    made.confidence.value = "think so"
    return made


def wait_for(condition, seconds=5.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end and not condition():
        time.sleep(0.02)
    return condition()


def test_without_a_hub_nothing_is_sent_and_the_answer_shows_at_once(monkeypatch):
    monkeypatch.delenv(client.TOKEN_ENV, raising=False)
    monkeypatch.setenv(client.URL_ENV, "http://127.0.0.1:9/")
    assert client.service_url() is None and client.current() is None
    assert client.submit(LESSON, "02-x", "choice", "a", confidence="sure") is None
    shown: list = []
    made = bar(shown)
    made.commit()
    assert shown == [6.0] and made.held is False


def test_joining_checks_the_code_with_the_service(service):
    with pytest.raises(ValueError, match="code"):
        client.join("12")
    with pytest.raises(client.ClassroomError) as missing:
        client.join("ZZZZZZ")
    assert missing.value.status == 404
    code = service.open_session(SLUG, "dr-ada")["code"]
    assert client.join(code.lower())["lesson"] == SLUG
    assert client.current() == {"code": code, "lesson": SLUG}
    client.leave()
    assert client.current() is None


def test_in_class_the_answer_waits_for_the_release_then_opens(service):
    code = service.open_session(SLUG, "dr-ada")["code"]
    client.join(code)
    shown: list = []
    made = bar(shown)
    attempt = made.commit()
    assert attempt is not None and made.held and shown == []
    assert "releases it" in made.status.value
    [vote] = service.own_votes(code, "sam")
    assert (vote["response"], vote["confidence"], vote["correct"]) == (6.0, "think so", True)
    assert bar([]).attempt is None, "a re-run cell must not restore an answer not yet released"
    service.act(code, "02-predict-onset", "release")
    assert wait_for(lambda: shown == [6.0]), "the release did not open the answer"
    assert made.held is False and "released" in made.status.value
    restored: list = []
    bar(restored).restore()
    assert restored == [("restored", 6.0)]


def test_a_session_for_another_lesson_changes_nothing(service):
    client.join(service.open_session("immunoglobulin_classes", "dr-ada")["code"])
    shown: list = []
    bar(shown).commit()
    assert shown == [6.0]


def test_a_locked_question_holds_the_answer_and_says_so(service):
    code = service.open_session(SLUG, "dr-ada")["code"]
    client.join(code)
    service.act(code, "02-predict-onset", "lock")
    shown: list = []
    made = bar(shown)
    made.commit()
    assert made.held and shown == [] and "closed" in made.status.value
    assert service.own_votes(code, "sam") == []


def test_a_service_that_is_down_never_blocks_the_learner(service, monkeypatch):
    code = service.open_session(SLUG, "dr-ada")["code"]
    client.join(code)
    monkeypatch.setenv(client.URL_ENV, "http://127.0.0.1:9/")  # nothing listens there
    sent = client.submit(LESSON, "02-predict-onset", "prediction", 6.0)
    assert sent is not None and sent["sent"] is False and "Not sent" in sent["message"]
    shown: list = []
    made = bar(shown)
    made.commit()
    assert shown == [6.0] and not made.held and "Not sent" in made.status.value
