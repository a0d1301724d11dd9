"""Unit tests for higm_lessons.progress: the learner's answers in a small SQLite file."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from higm_lessons import lesson_moves, progress
from higm_lessons.progress import ANSWER_COLUMNS, ProgressStore, ProgressWarning

GARBAGE = b"this is not a database" * 100


@pytest.fixture
def store_path(tmp_path, monkeypatch) -> Path:
    """A progress file in a temporary folder, also made the default through the environment."""
    path = tmp_path / "progress.sqlite"
    monkeypatch.setenv(progress.PROGRESS_ENV, str(path))
    return path


@pytest.fixture
def store(store_path) -> ProgressStore:
    return ProgressStore(store_path)


def records(store: ProgressStore) -> list[dict]:
    return store.answers().to_dict(orient="records")


# --------------------------------------------------------------------------- paths
def test_default_path_honours_the_environment(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "mine.sqlite"
    monkeypatch.setenv(progress.PROGRESS_ENV, str(target))
    assert progress.default_path() == target
    store = ProgressStore()
    assert store.path == target
    assert target.is_file()  # the folder was created and the file opened


def test_default_path_without_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(progress.PROGRESS_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress.default_path() == tmp_path / ".higm_lessons" / "progress.sqlite"
    monkeypatch.setenv(progress.PROGRESS_ENV, "  ")
    assert progress.default_path() == tmp_path / ".higm_lessons" / "progress.sqlite"


def test_store_path_arguments(tmp_path):
    with pytest.raises(TypeError, match="path"):
        ProgressStore(123)
    with pytest.raises(ValueError, match="folder"):
        ProgressStore(tmp_path)
    assert ProgressStore(str(tmp_path / "a.sqlite")).path == tmp_path / "a.sqlite"


# --------------------------------------------------------------------------- record / answers
def test_an_empty_store(store):
    frame = store.answers()
    assert list(frame.columns) == ANSWER_COLUMNS
    assert frame.empty
    assert store.latest().empty


def test_record_and_answers_round_trip(store):
    before = datetime.now(UTC)
    store.record("00", "00-higm-pattern", "b", True)
    after = datetime.now(UTC)
    frame = store.answers()
    assert (
        list(frame.columns)
        == ANSWER_COLUMNS
        == ["lesson", "question", "answer", "correct", "answered_at", "confidence"]
    )
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["lesson"], row["question"], row["answer"]) == ("00", "00-higm-pattern", "b")
    assert bool(row["correct"]) is True
    assert frame["correct"].dtype == bool
    answered = datetime.fromisoformat(row["answered_at"])
    assert answered.utcoffset().total_seconds() == 0
    assert before <= answered <= after


@pytest.mark.parametrize(
    ("lesson", "stored"), [(4, "04"), ("4", "04"), (" 04 ", "04"), (0, "00"), (99, "99")]
)
def test_lesson_numbers_are_stored_with_two_digits(store, lesson, stored):
    store.record(lesson, "q", "a", False)
    assert list(store.answers()["lesson"]) == [stored]


@pytest.mark.parametrize(
    "answer",
    ["b", "", "ünïcode ✔ 0,25", 820.5, -0.25, 1e-300, 820, ["a", "b", "d"], [], ["ä"]],
)
def test_answer_types_are_kept_exactly(store, answer):
    store.record(0, "q", answer, True)
    kept = store.answers()["answer"].iloc[0]
    assert kept == answer
    assert type(kept) is type(answer)


def test_tuples_and_sets_are_stored_as_lists(store):
    store.record(0, "q1", ("a", "c"), True)
    store.record(0, "q2", {"d", "a"}, True)
    assert list(store.answers()["answer"]) == [["a", "c"], ["a", "d"]]


@pytest.mark.parametrize(
    ("changes", "error", "argument"),
    [
        ({"lesson": "x"}, ValueError, "lesson"),
        ({"lesson": True}, TypeError, "lesson"),
        ({"lesson": None}, TypeError, "lesson"),
        ({"lesson": 100}, ValueError, "lesson"),
        ({"lesson": -1}, ValueError, "lesson"),
        ({"question": ""}, ValueError, "question"),
        ({"question": "   "}, ValueError, "question"),
        ({"question": None}, TypeError, "question"),
        ({"correct": "yes"}, TypeError, "correct"),
        ({"correct": 1}, TypeError, "correct"),
        ({"answer": float("nan")}, ValueError, "answer"),
        ({"answer": float("inf")}, ValueError, "answer"),
        ({"answer": {"a": 1}}, TypeError, "answer"),
        ({"answer": None}, TypeError, "answer"),
        ({"answer": True}, TypeError, "answer"),
        ({"answer": ["a", 1]}, TypeError, "answer"),
    ],
)
def test_bad_inputs_name_the_argument(store, changes, error, argument):
    arguments = {"lesson": "00", "question": "q", "answer": "a", "correct": True, **changes}
    with pytest.raises(error) as info:
        store.record(**arguments)
    assert str(info.value).startswith(argument)
    assert store.answers().empty


def test_every_attempt_is_kept_and_latest_keeps_the_last(store):
    store.record(0, "q1", "a", False)
    store.record(0, "q2", "c", True)
    store.record(0, "q1", "a", False)  # the same attempt again is a second attempt
    store.record(0, "q1", "b", True)
    store.record(1, "q1", "x", False)  # the same id in another lesson is another question
    assert len(store.answers()) == 5
    latest = store.latest()
    assert list(latest.columns) == ANSWER_COLUMNS
    assert [
        (r["lesson"], r["question"], r["answer"], bool(r["correct"]))
        for r in latest.to_dict(orient="records")
    ] == [("00", "q2", "c", True), ("00", "q1", "b", True), ("01", "q1", "x", False)]


# --------------------------------------------------------------------------- persistence
def test_answers_survive_reopening(store_path):
    first = ProgressStore(store_path)
    first.record(0, "q1", ["a", "b"], True)
    first.record(0, "q2", 820.0, True)
    del first
    again = ProgressStore(store_path)
    assert [(r["question"], r["answer"]) for r in records(again)] == [
        ("q1", ["a", "b"]),
        ("q2", 820.0),
    ]


def test_answers_survive_a_separate_process(store_path):
    ProgressStore(store_path).record(0, "before", "a", True)
    code = textwrap.dedent("""
        from higm_lessons.progress import ProgressStore
        store = ProgressStore()
        print(len(store.answers()))
        store.record(4, "04-from-another-kernel", ["a", "c"], False)
    """)
    env = {**os.environ, progress.PROGRESS_ENV: str(store_path)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"  # the other process saw the earlier answer
    rows = records(ProgressStore(store_path))
    assert [(r["lesson"], r["question"], r["answer"], bool(r["correct"])) for r in rows] == [
        ("00", "before", "a", True),
        ("04", "04-from-another-kernel", ["a", "c"], False),
    ]


def _record_many(path: str, tag: int, count: int, barrier) -> None:
    """Run in a separate process: open the store and record ``count`` answers."""
    warnings.simplefilter("error", ProgressWarning)  # a set-aside file would fail this process
    barrier.wait(timeout=120)
    store = ProgressStore(path)
    for i in range(count):
        store.record(
            i % 10, f"q-{tag}-{i}", [str(tag), str(i)] if i % 2 else f"{tag}:{i}", i % 3 == 0
        )


def _run_writers(target, store_path: Path, writers: int, count: int) -> None:
    """Start ``writers`` processes running ``target`` on the same store at once (a barrier
    lines them up) and see each of them finish cleanly."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(writers)
    processes = [
        context.Process(target=target, args=(str(store_path), tag, count, barrier))
        for tag in range(writers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=180)
    assert [p.exitcode for p in processes] == [0] * writers


@pytest.mark.parametrize("writers", [2, 3])
def test_several_processes_write_at_once(store_path, writers):
    count = 150
    _run_writers(_record_many, store_path, writers, count)
    frame = ProgressStore(store_path).answers()
    assert len(frame) == writers * count
    assert set(frame["question"]) == {f"q-{t}-{i}" for t in range(writers) for i in range(count)}
    assert list(store_path.parent.glob("*.damaged-*")) == []


# --------------------------------------------------------------------------- damage
def test_a_damaged_file_is_set_aside_and_a_fresh_store_starts(store_path):
    store_path.write_bytes(GARBAGE)
    with pytest.warns(ProgressWarning, match="damaged") as caught:
        store = ProgressStore(store_path)
    assert store.answers().empty
    store.record(0, "q", "a", True)
    assert len(store.answers()) == 1
    kept = sorted(
        p
        for p in store_path.parent.glob("progress.sqlite.damaged-*")
        if not p.name.endswith(("-wal", "-shm"))
    )
    assert len(kept) == 1
    assert kept[0].read_bytes() == GARBAGE  # nothing lost
    assert store.set_aside == kept[0]
    assert str(kept[0]) in str(caught[0].message)


def test_a_database_of_another_shape_is_set_aside(store_path):
    with sqlite3.connect(store_path) as connection:
        connection.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, score REAL)")
        connection.execute("INSERT INTO answers (score) VALUES (0.5)")
    connection.close()
    with pytest.warns(ProgressWarning):
        store = ProgressStore(store_path)
    assert store.answers().empty
    assert store.set_aside is not None and store.set_aside.exists()


def test_a_healthy_file_is_not_set_aside(store_path):
    ProgressStore(store_path).record(0, "q", "a", True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        store = ProgressStore(store_path)
    assert store.set_aside is None
    assert len(store.answers()) == 1


def test_a_busy_file_is_not_mistaken_for_a_damaged_one(store_path, monkeypatch):
    ProgressStore(store_path).record(0, "q", "a", True)

    def impatient(self):
        connection = sqlite3.connect(self.path, timeout=0.05, isolation_level=None)
        connection.execute("PRAGMA busy_timeout = 50")
        return connection

    holder = sqlite3.connect(store_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another kernel holds the file for a long write
    monkeypatch.setattr(ProgressStore, "_connect", impatient)
    monkeypatch.setattr(progress, "_OPEN_TIMEOUT", 0.3)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                ProgressStore(store_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    monkeypatch.undo()
    assert list(store_path.parent.glob("*.damaged-*")) == []
    assert len(ProgressStore(store_path).answers()) == 1


# --------------------------------------------------------------------------- export / import
def _fill(store: ProgressStore) -> None:
    store.record(0, "00-higm-pattern", "a", False)
    store.record(0, "00-higm-pattern", "b", True)
    store.record(0, "00-higm-facts", ["a", "b", "d"], True)
    store.record(0, "00-units-g-per-l", "820", True)
    store.record(4, "04-risk", 0.25, True)


def test_export_writes_a_course_progress_file(store, tmp_path):
    _fill(store)
    path = store.export_json(tmp_path / "mine.json")
    assert path == tmp_path / "mine.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["format"] == progress.EXPORT_FORMAT == "higm-lessons-progress"
    assert payload["version"] == progress.EXPORT_VERSION == 3
    assert payload["lesson_moves_step"] == lesson_moves.latest_step()
    datetime.fromisoformat(payload["exported_at"])
    assert len(payload["answers"]) == 5
    assert all(list(entry) == ANSWER_COLUMNS for entry in payload["answers"])
    assert payload["attempts"] == []
    assert payload["answers"][2]["answer"] == ["a", "b", "d"]
    assert payload["answers"][0]["correct"] is False
    assert not list(tmp_path.glob("*.tmp"))


def test_export_and_import_round_trip(store, tmp_path):
    _fill(store)
    exported = store.export_json(tmp_path / "mine.json")
    fresh = ProgressStore(tmp_path / "fresh.sqlite")
    assert fresh.import_json(exported) == 5
    pd.testing.assert_frame_equal(fresh.answers(), store.answers())
    assert records(fresh) == records(store)
    assert fresh.import_json(str(exported)) == 0  # importing again adds nothing
    assert len(fresh.answers()) == 5


def test_import_merges_with_existing_answers(store, tmp_path):
    _fill(store)
    exported = store.export_json(tmp_path / "mine.json")
    other = ProgressStore(tmp_path / "other.sqlite")
    other.record(1, "01-classes", "c", True)
    assert other.import_json(exported) == 5
    assert len(other.answers()) == 6
    assert store.import_json(exported) == 0


def test_numbers_only_exports_re_import_as_the_same_attempts(store, tmp_path):
    store.record(0, "00-units-g-per-l", 820, True)
    store.record(4, "04-risk", 0.25, True)
    assert list(store.answers()["answer"]) == [820, 0.25]
    assert type(store.answers()["answer"].iloc[0]) is int
    exported = store.export_json(tmp_path / "numbers.json")
    assert [e["answer"] for e in json.loads(exported.read_text())["answers"]] == [820, 0.25]
    assert store.import_json(exported) == 0
    assert len(store.answers()) == 2


def test_export_and_import_arguments(store, tmp_path):
    with pytest.raises(TypeError, match="path"):
        store.export_json(None)
    with pytest.raises(ValueError, match="folder"):
        store.export_json(tmp_path)
    with pytest.raises(TypeError, match="path"):
        store.import_json(123)
    with pytest.raises(ValueError, match="does not exist"):
        store.import_json(tmp_path / "absent.json")


def _entry(**changes):
    entry = {
        "lesson": "00",
        "question": "q",
        "answer": "a",
        "correct": True,
        "answered_at": "2025-01-31T10:00:00.000001+00:00",
    }
    entry.update(changes)
    return entry


def _export(*entries, **changes):
    payload = {
        "format": "higm-lessons-progress",
        "version": 1,
        "exported_at": "2025-01-31T10:00:00+00:00",
        "answers": list(entries),
    }
    payload.update(changes)
    return json.dumps(payload)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{this is not json", "not a readable progress export"),
        (b"\xff\xfe\x00not utf-8", "not a readable progress export"),
        (json.dumps([1, 2]), "not a course progress export"),
        (_export(_entry(), format="someone-else"), "not a course progress export"),
        (_export(_entry(), version=4), "version must be one of [1, 2, 3]"),
        (_export(version=None), "version must be one of [1, 2, 3]"),
        (_export(answers={"a": 1}), "'answers' must be a list"),
        (
            _export(_entry(), {k: v for k, v in _entry().items() if k != "correct"}),
            "answer 2 is malformed",
        ),
        (_export(_entry(), _entry(), _entry(answered_at="yesterday")), "answer 3 is malformed"),
        (_export(_entry(answered_at="2025-13-45T10:00:00")), "answer 1 is malformed"),
        (_export(_entry(correct="yes")), "answer 1 is malformed"),
        (_export(_entry(correct=1)), "answer 1 is malformed"),
        (_export(_entry(lesson="x")), "answer 1 is malformed"),
        (_export(_entry(question="")), "answer 1 is malformed"),
        (_export(_entry(answer={"a": 1})), "answer 1 is malformed"),
        (_export(_entry(extra=1)), "answer 1 is malformed"),
        (_export(_entry(), "not an entry"), "answer 2 is malformed"),
        (_export(_entry(answer=float("nan"))), "answer 1 is malformed"),
    ],
)
def test_a_malformed_import_names_the_file_and_adds_nothing(store, tmp_path, content, says):
    store.record(0, "already-here", "a", True)
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        store.import_json(path)
    message = str(info.value)
    assert message.startswith("bad.json")
    assert says in message, message
    assert list(store.answers()["question"]) == ["already-here"]


def test_an_import_of_an_entry_with_a_z_timestamp(store, tmp_path):
    path = tmp_path / "z.json"
    path.write_text(_export(_entry(answered_at="2025-01-31T10:00:00Z", lesson=4)))
    assert store.import_json(path) == 1
    assert records(store)[0]["lesson"] == "04"
    assert records(store)[0]["answered_at"] == "2025-01-31T10:00:00.000000+00:00"


def test_imported_times_from_other_zones_are_stored_in_utc_and_sort_in_time_order(store, tmp_path):
    path = tmp_path / "zones.json"
    later_in_new_york = _entry(question="second", answered_at="2025-01-31T06:00:00-05:00")
    earlier_in_berlin = _entry(question="first", answered_at="2025-01-31T10:30:00+01:00")
    no_offset = _entry(question="third", answered_at="2025-01-31T11:15:00")  # taken as UTC
    path.write_text(_export(later_in_new_york, earlier_in_berlin, no_offset))
    assert store.import_json(path) == 3
    rows = records(store)
    assert [r["question"] for r in rows] == ["first", "second", "third"]
    assert [r["answered_at"] for r in rows] == [
        "2025-01-31T09:30:00.000000+00:00",
        "2025-01-31T11:00:00.000000+00:00",
        "2025-01-31T11:15:00.000000+00:00",
    ]
    assert store.import_json(path) == 0  # the same attempts again are not doubled


def test_a_damaged_file_already_set_aside_by_another_kernel(tmp_path):
    path = tmp_path / "progress.sqlite"
    store = ProgressStore(path)
    path.unlink()  # as if another kernel had just moved the damaged file away
    store._set_aside(RuntimeError("damaged"))
    assert store.set_aside is None
    assert list(tmp_path.glob("*.damaged-*")) == []


answers_strategy = st.one_of(
    st.text(max_size=40),
    st.lists(st.text(max_size=5), max_size=5),
    st.floats(allow_nan=False, allow_infinity=False),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=99),
            st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
            answers_strategy,
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_random_answers_round_trip_through_export_and_import(attempts):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = ProgressStore(folder / "a.sqlite")
        for lesson, question, answer, correct in attempts:
            store.record(lesson, question, answer, correct)
        kept = records(store)
        assert [(r["lesson"], r["question"], r["answer"], bool(r["correct"])) for r in kept] == [
            (f"{lesson:02d}", question, answer, correct)
            for lesson, question, answer, correct in attempts
        ]
        exported = store.export_json(folder / "export.json")
        fresh = ProgressStore(folder / "b.sqlite")
        assert fresh.import_json(exported) == len(attempts)
        assert records(fresh) == kept
        assert [type(r["answer"]) for r in records(fresh)] == [type(r["answer"]) for r in kept]
        assert fresh.import_json(exported) == 0


# --------------------------------------------------------------------------- attempts (schema 2)
FIXTURES = Path(__file__).parent / "fixtures"


def test_record_attempt_round_trip(store):
    kept = store.record_attempt(
        "02", "02-preterm", "prediction", 6.0, correct=True, confidence="think so"
    )
    assert store.latest_attempt(2, "02-preterm") == kept
    assert kept["response"] == 6.0 and kept["correct"] is True
    assert kept["confidence"] == "think so" and kept["self_rating"] is None
    datetime.fromisoformat(kept["attempted_at"])
    frame = store.attempts()
    assert list(frame.columns) == progress.ATTEMPT_COLUMNS
    assert frame.to_dict(orient="records") == [kept]


def test_attempts_keep_the_history_and_latest_is_the_last(store):
    store.record_attempt(1, "01-a", "text", "first try", confidence="guessing")
    store.record_attempt(1, "01-a", "text", "second try", confidence="sure")
    store.record_attempt(1, "01-b", "choice", "c", correct=False)
    store.record_attempt(7, "08-case-x", "case-stage", {"stage": 1, "leading": "xhim"})
    assert list(store.attempts(lesson=1, item="01-a")["response"]) == ["first try", "second try"]
    assert len(store.attempts(lesson="01")) == 3 and len(store.attempts()) == 4
    assert store.latest_attempt(1, "01-a")["response"] == "second try"
    assert store.latest_attempt(7, "08-case-x")["response"] == {"stage": 1, "leading": "xhim"}
    assert store.latest_attempt(1, "01-never") is None
    assert store.attempts(item="01-b")["correct"].tolist() == [False]
    assert store.attempts(item="01-a")["correct"].tolist() == [None, None]


def test_rate_attempt_sets_the_latest_attempts_self_rating(store):
    store.record_attempt(1, "01-a", "text", "one")
    store.record_attempt(1, "01-a", "text", "two")
    rated = store.rate_attempt(1, "01-a", "partly")
    assert rated["self_rating"] == "partly" and rated["response"] == "two"
    assert store.attempts(item="01-a")["self_rating"].tolist() == [None, "partly"]
    with pytest.raises(ValueError, match="self_rating"):
        store.rate_attempt(1, "01-a", "perfect")
    with pytest.raises(ValueError, match="no attempt"):
        store.rate_attempt(1, "01-none", "right")


@pytest.mark.parametrize(
    ("arguments", "error", "says"),
    [
        ({"lesson": "x"}, ValueError, "lesson"),
        ({"item": ""}, ValueError, "item"),
        ({"kind": 3}, TypeError, "kind"),
        ({"response": float("nan")}, ValueError, "response"),
        ({"response": object()}, TypeError, "response"),
        ({"correct": 1}, TypeError, "correct"),
        ({"confidence": "very"}, ValueError, "confidence"),
        ({"self_rating": "great"}, ValueError, "self_rating"),
    ],
)
def test_record_attempt_rejects_bad_arguments(store, arguments, error, says):
    call = {"lesson": 2, "item": "02-x", "kind": "number", "response": 1.0, **arguments}
    with pytest.raises(error, match=says):
        store.record_attempt(**call)
    assert store.attempts().empty


def test_quiz_answers_carry_a_confidence(store):
    store.record(0, "00-higm-pattern", "b", True, confidence="sure")
    store.record(0, "00-higm-pattern", "a", False)
    assert store.answers()["confidence"].tolist() == ["sure", None]
    with pytest.raises(ValueError, match="confidence"):
        store.record(0, "00-higm-pattern", "a", False, confidence="maybe")


def test_a_schema_1_file_is_upgraded_in_place(tmp_path):
    """A progress file written by the previous version of the course (answers only)."""
    path = tmp_path / "old.sqlite"
    path.write_bytes((FIXTURES / "progress_v1.sqlite").read_bytes())
    store = ProgressStore(path)
    assert store.set_aside is None
    frame = store.answers()
    assert frame["question"].tolist() == [
        "00-higm-pattern",
        "00-higm-pattern",
        "00-higm-facts",
        "04-risk",
    ]
    assert frame["answer"].tolist() == ["a", "b", ["a", "b", "d"], 0.25]
    assert frame["confidence"].tolist() == [None] * 4
    store.record_attempt(2, "02-x", "number", 3.0, correct=False, confidence="guessing")
    store.record(0, "q", "a", True, confidence="sure")
    with sqlite3.connect(path) as connection:
        version = connection.execute("SELECT value FROM meta WHERE key='schema_version'")
        assert version.fetchone()[0] == "2"
    again = ProgressStore(path)  # opening it again changes nothing
    assert len(again.answers()) == 5 and len(again.attempts()) == 1


def test_a_version_1_export_still_imports(store):
    """The file was exported by the previous version of the course."""
    assert store.import_json(FIXTURES / "progress_v1.json") == 4
    assert store.answers()["answer"].tolist() == ["a", "b", ["a", "b", "d"], 0.25]
    assert store.attempts().empty
    assert store.import_json(FIXTURES / "progress_v1.json") == 0


def test_the_export_holds_answers_and_every_kind_of_attempt(store, tmp_path):
    store.record(0, "00-higm-pattern", "b", True, confidence="sure")
    kinds = {
        "choice": "b",
        "number": 2.5,
        "prediction": 6,
        "text": "IgM only",
        "case-stage": {"stage": 2, "leading": "cd40l"},
        "which-type": ["a", "c"],
    }
    for kind, response in kinds.items():
        store.record_attempt(5, f"05-{kind}", kind, response, confidence="guessing")
    store.rate_attempt(5, "05-text", "missed")
    path = store.export_json(tmp_path / "mine.json")
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["version"] == 3
    assert payload["answers"][0]["confidence"] == "sure"
    assert [a["kind"] for a in payload["attempts"]] == list(kinds)
    assert [a["response"] for a in payload["attempts"]] == list(kinds.values())
    assert all(list(a) == progress.ATTEMPT_COLUMNS for a in payload["attempts"])
    fresh = ProgressStore(tmp_path / "fresh.sqlite")
    assert fresh.import_json(path) == 7
    pd.testing.assert_frame_equal(fresh.attempts(), store.attempts())
    pd.testing.assert_frame_equal(fresh.answers(), store.answers())
    assert fresh.import_json(path) == 0


def test_an_import_brings_a_later_self_rating_without_duplicating(store, tmp_path):
    store.record_attempt(1, "01-t", "text", "my answer")
    early = store.export_json(tmp_path / "early.json")
    store.rate_attempt(1, "01-t", "right")
    late = store.export_json(tmp_path / "late.json")
    fresh = ProgressStore(tmp_path / "fresh.sqlite")
    assert fresh.import_json(early) == 1
    assert fresh.import_json(late) == 0
    assert fresh.attempts()["self_rating"].tolist() == ["right"]
    assert fresh.import_json(early) == 0  # an older file never takes a rating away
    assert fresh.attempts()["self_rating"].tolist() == ["right"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"kind": ""}, "attempt 1 is malformed"),
        ({"correct": "yes"}, "attempt 1 is malformed"),
        ({"confidence": "certain"}, "attempt 1 is malformed"),
        ({"self_rating": 5}, "attempt 1 is malformed"),
        ({"attempted_at": "yesterday"}, "attempt 1 is malformed"),
        ({"extra": 1}, "attempt 1 is malformed"),
    ],
)
def test_a_malformed_attempt_in_an_import_adds_nothing(store, tmp_path, change, says):
    attempt = {
        "lesson": "02",
        "item": "02-x",
        "kind": "number",
        "response": 3,
        "correct": True,
        "confidence": None,
        "self_rating": None,
        "attempted_at": "2025-01-31T10:00:00+00:00",
    }
    attempt.update(change)
    payload = {
        "format": "higm-lessons-progress",
        "version": 2,
        "exported_at": "2025-01-31T10:00:00Z",
        "answers": [{**_entry(), "confidence": None}],
        "attempts": [attempt],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(ValueError, match=says):
        store.import_json(path)
    assert store.answers().empty and store.attempts().empty


def _attempt_many(path: str, tag: int, count: int, barrier) -> None:
    """Run in a separate process: record ``count`` attempts."""
    warnings.simplefilter("error", ProgressWarning)
    barrier.wait(timeout=120)
    store = ProgressStore(path)
    for i in range(count):
        store.record_attempt(i % 10, f"a-{tag}-{i}", "number", i, correct=i % 2 == 0)


def test_several_processes_record_attempts_at_once(store_path):
    writers, count = 2, 100
    _run_writers(_attempt_many, store_path, writers, count)
    frame = ProgressStore(store_path).attempts()
    assert len(frame) == writers * count
    assert list(store_path.parent.glob("*.damaged-*")) == []


# --------------------------------------------------------------------------- lesson moves
# Lessons 05, 07 and 08 were split and the course renumbered (step 1 of data/lesson_moves.csv):
# old 05 §5-8 became 06, old 06 became 07, old 07 §1-2 became 08 and §3 became 09, old 08
# §1-4 became 10 and §5-7 became 11, old 09 became 12.
OLD_ANSWERS = [
    ("05", "05-symbols", "a", True),  # stays in lesson 05
    ("05", "05-isolated-case", "b", False),  # moved with its section to lesson 06
    ("06", "06-zlog-read", 1.5, True),  # the labs lesson, now 07
    ("07", "07-next-test", "c", True),  # old 07 §2, now 08
    ("07", "07-case-xla", "xla", True),  # the case player, now 09
    ("08", "08-transplant", "a", True),  # old 08 §6, now 11
    ("09", "08-igm-falls", "a", True),  # a final-test answer: lesson 09 -> 12, item -> 10
]
NEW_ANSWERS = [
    ("05", "05-symbols"),
    ("06", "06-isolated-case"),
    ("07", "07-zlog-read"),
    ("08", "08-next-test"),
    ("09", "09-case-xla"),
    ("11", "11-transplant"),
    ("12", "10-igm-falls"),
]


def _old_store(path):
    """A store as the course wrote it before the split: no lesson-move step recorded."""
    store = ProgressStore(path)
    for lesson, question, answer, correct in OLD_ANSWERS:
        store.record(lesson, question, answer, correct, "sure")
    store.record_attempt("07", "07-xla-stage-1", "case-stage", {"stage": 1, "leading": "thi"})
    store.record_attempt("08", "08-compare-survival", "prediction", 70, confidence="sure")
    store.record_attempt(
        "09", "09-final-test", "final-test",
        {"questions": ["05-flow-carrier", "07-next-test"], "answers": {"05-flow-carrier": "a"}},
    )  # fmt: skip
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM meta WHERE key = 'lesson_moves_step'")
    rows = (store.answers(), store.attempts())
    return rows


def _where(store):
    answers = list(zip(store.answers()["lesson"], store.answers()["question"], strict=True))
    attempts = list(zip(store.attempts()["lesson"], store.attempts()["item"], strict=True))
    return answers, attempts


NEW_ATTEMPTS = [("09", "09-xla-stage-1"), ("11", "11-compare-survival"), ("12", "12-final-test")]


def test_an_old_store_comes_back_under_the_new_lessons_and_ids(tmp_path):
    path = tmp_path / "old.sqlite"
    before, _ = _old_store(path)
    store = ProgressStore(path)
    assert _where(store) == (NEW_ANSWERS, NEW_ATTEMPTS)
    final = store.latest_attempt("12", "12-final-test")["response"]
    assert final == {
        "questions": ["06-flow-carrier", "08-next-test"], "answers": {"06-flow-carrier": "a"}
    }  # fmt: skip
    assert store.answers()["answer"].tolist() == before["answer"].tolist()  # nothing lost
    assert store.answers()["confidence"].tolist() == ["sure"] * len(OLD_ANSWERS)
    again = ProgressStore(path)  # applying twice changes nothing
    pd.testing.assert_frame_equal(again.answers(), store.answers())
    pd.testing.assert_frame_equal(again.attempts(), store.attempts())


def test_a_new_store_records_the_latest_step_and_keeps_new_ids(tmp_path):
    store = ProgressStore(tmp_path / "new.sqlite")
    store.record("08", "08-next-test", "c", True)
    again = ProgressStore(tmp_path / "new.sqlite")
    assert _where(again)[0] == [("08", "08-next-test")]  # never moved a second time


def test_an_old_export_imports_under_the_new_lessons_and_ids(tmp_path):
    answers = [
        {"lesson": lesson, "question": question, "answer": answer, "correct": correct,
         "answered_at": "2026-01-01T10:00:00+00:00", "confidence": None}
        for lesson, question, answer, correct in OLD_ANSWERS
    ]  # fmt: skip
    attempts = [
        {"lesson": "07", "item": "07-xla-stage-1", "kind": "case-stage",
         "response": {"stage": 1}, "correct": None, "confidence": None, "self_rating": None,
         "attempted_at": "2026-01-01T10:00:00+00:00"}
    ]  # fmt: skip
    old = {"format": progress.EXPORT_FORMAT, "version": 2, "exported_at": "2026-01-01T10:00:00Z",
           "answers": answers, "attempts": attempts}  # fmt: skip
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    store = ProgressStore(tmp_path / "fresh.sqlite")
    assert store.import_json(path) == len(OLD_ANSWERS) + 1
    assert _where(store) == (NEW_ANSWERS, [("09", "09-xla-stage-1")])
    assert store.import_json(path) == 0  # importing twice adds nothing and moves nothing
    assert _where(store) == (NEW_ANSWERS, [("09", "09-xla-stage-1")])
    mine = store.export_json(tmp_path / "new.json")  # a version 3 export is not moved again
    other = ProgressStore(tmp_path / "other.sqlite")
    other.import_json(mine)
    assert _where(other) == _where(store)


def test_an_export_from_a_newer_course_is_refused(tmp_path):
    path = tmp_path / "future.json"
    payload = {
        "format": progress.EXPORT_FORMAT, "version": 3, "exported_at": "2026-01-01T10:00:00Z",
        "answers": [], "attempts": [], "lesson_moves_step": lesson_moves.latest_step() + 1,
    }  # fmt: skip
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(ValueError, match="newer than this course"):
        ProgressStore(tmp_path / "s.sqlite").import_json(path)


def test_moves_chain_and_check_their_arguments():
    assert lesson_moves.move("07", "07-base-rate") == ("09", "09-base-rate")
    assert lesson_moves.move("07", "07-rely-least") == ("08", "08-rely-least")
    assert lesson_moves.move("04", "04-why-boys") == ("04", "04-why-boys")
    assert lesson_moves.move("09", "practice:trough") == ("12", "practice:trough")
    latest = lesson_moves.latest_step()
    assert lesson_moves.move("07", "07-base-rate", since=latest) == ("07", "07-base-rate")
    with pytest.raises(ValueError, match="since"):
        lesson_moves.move("07", "07-x", since=latest + 1)
    with pytest.raises(TypeError, match="since"):
        lesson_moves.move("07", "07-x", since="1")  # type: ignore[arg-type]
