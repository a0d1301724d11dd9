"""The notebook's classroom client and the commit-before-reveal widget in a live class.

Without a hub nothing changes; in a class session a commitment is sent, the model
answer waits for the instructor's release and then opens; a broken service never
blocks a learner. The service here is a small stand-in on 127.0.0.1 over the real
store (the real service runs behind a real hub in `make class-test`)."""

from __future__ import annotations

import time

import pytest

from higm_lessons import classroom_client as client
from higm_lessons.widgets.prompt import CommitBar
from tests.classroom_standin import serve_as
from tests.helpers import fresh_progress

LESSON, SLUG = "02", "antibodies_in_early_life"


@pytest.fixture(autouse=True)
def progress(tmp_path, monkeypatch):
    yield from fresh_progress(monkeypatch, tmp_path / "progress" / "progress.sqlite")


@pytest.fixture
def service(tmp_path, monkeypatch):
    """A running stand-in service with the student's hub token; yields the store to act on."""
    monkeypatch.setattr(client, "POLL_SECONDS", 0.05)
    yield from serve_as(tmp_path / "classroom.sqlite", monkeypatch, "tok-sam")


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
        client.join("13")
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


def test_an_answer_that_is_not_json_is_reported_not_raised(service):
    client.join(service.open_session(SLUG, "dr-ada")["code"])
    sent = client.submit(LESSON, "02-x", "number", float("nan"), confidence="sure")
    assert sent is not None and sent["sent"] is False and "JSON" in sent["message"]
