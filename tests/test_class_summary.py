"""Unit tests for higm_lessons.classroom.class_summary: many learners' exports, bad ones too."""

from __future__ import annotations

import html
import json
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from higm_lessons import lesson_moves
from higm_lessons.assessment import (
    EXAMPLE_CLASS_CODE,
    example_class,
    example_name,
    example_named,
    example_roster,
)
from higm_lessons.classroom import (
    MIN_DISCRIMINATION_LEARNERS,
    REPORT_QUESTIONS,
    ClassSummary,
    class_report_html,
    class_summary,
    class_summary_of_texts,
    hardest_questions,
    short,
)
from higm_lessons.figures.assessment import class_scores_figure, difficulty_figure
from higm_lessons.progress import ProgressStore


def export(path: Path, *answers) -> Path:
    """Write an export with (lesson, question, correct, minute) answers at fixed times."""
    micro = zlib.crc32(path.name.encode()) % 10**6  # distinct times for distinct learners
    payload = {
        "format": "higm-lessons-progress",
        "version": 1,
        "exported_at": "2025-03-03T10:00:00+00:00",
        "answers": [
            {
                "lesson": lesson,
                "question": question,
                "answer": "a",
                "correct": correct,
                "answered_at": f"2025-03-03T09:{minute:02d}:00.{micro:06d}+00:00",
            }
            for lesson, question, correct, minute in answers
        ],
    }
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


@pytest.fixture
def classroom(tmp_path) -> list[Path]:
    """Three learners answering two lesson-04 questions and one lesson-05 question."""
    return [
        export(
            tmp_path / "ann.json",
            ("04", "q1", False, 1),
            ("04", "q1", True, 2),
            ("04", "q2", True, 3),
            ("05", "q3", False, 4),
        ),
        export(
            tmp_path / "ben.json",
            ("04", "q1", False, 1),
            ("04", "q2", True, 2),
            ("05", "q3", True, 3),
        ),
        export(tmp_path / "cy.json", ("04", "q1", True, 1), ("04", "q2", False, 2)),
    ]


def test_per_question_difficulty_and_per_lesson_scores(classroom):
    summary = class_summary(classroom)
    assert isinstance(summary, ClassSummary) and summary.problems == ()
    q = summary.questions.set_index("question")
    assert q.loc["q1", ["learners", "right_first_try", "right_latest"]].tolist() == [3, 1, 2]
    assert q.loc["q1", "difficulty"] == pytest.approx(2 / 3)
    assert q.loc["q1", "mean_attempts"] == pytest.approx(4 / 3)
    assert q.loc["q2", "difficulty"] == pytest.approx(1 / 3)
    assert q.loc["q3", "difficulty"] == pytest.approx(1 / 2)
    assert summary.questions["question"].tolist() == ["q1", "q3", "q2"]  # hardest first
    lessons = summary.lessons.set_index("lesson")
    # latest attempts: ann 04 = 2/2, ben 04 = 1/2, cy 04 = 1/2; 05: ann 0, ben 1
    assert lessons.loc["04", "mean_score"] == pytest.approx((1 + 0.5 + 0.5) / 3)
    assert lessons.loc["04", ["learners", "questions"]].tolist() == [3, 2]
    assert lessons.loc["05", ["lowest", "highest"]].tolist() == [0.0, 1.0]
    learners = summary.learners.set_index("learner")
    assert learners.loc["learner 1", "files"] == "ann.json"
    assert learners.loc["learner 1", ["attempts", "questions", "right"]].tolist() == [4, 3, 2]
    assert summary.scores.loc["learner 3"].isna().tolist() == [False, True]
    assert "3 learners" in summary.takeaway() and "q1" in summary.takeaway()
    assert "3 learners" in repr(summary)


def test_a_folder_or_a_single_file(classroom, tmp_path):
    assert len(class_summary(tmp_path).learners) == 3
    assert len(class_summary(str(classroom[0])).learners) == 1


def test_bad_files_are_reported_not_fatal(classroom, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "notes.json").write_text('{"notes": 1}', encoding="utf-8")
    (bad / "cut.json").write_text(classroom[0].read_text()[:50], encoding="utf-8")
    (bad / "binary.json").write_bytes(b"\xff\xfe\x00")
    export(bad / "empty.json")
    (bad / "old.json").write_text(
        json.dumps({"format": "higm-lessons-progress", "version": 99, "answers": []})
    )
    paths = [*classroom, *sorted(bad.iterdir()), tmp_path / "missing.json", bad]
    summary = class_summary(paths)
    assert len(summary.learners) == 3
    text = "\n".join(summary.problems)
    assert len(summary.problems) == 7
    for name, says in [
        ("notes.json", "not a course progress export"),
        ("cut.json", "not a readable progress export"),
        ("binary.json", "not a readable progress export"),
        ("empty.json", "holds no answers"),
        ("old.json", "version must be one of [1, 2, 3, 4]"),
        ("missing.json", "does not exist"),
        ("bad", "not a readable progress export"),
    ]:
        assert any(p.startswith(f"{name}: skipped") and says in p for p in summary.problems), (
            name,
            text,
        )


def test_an_exact_duplicate_is_counted_once(classroom, tmp_path):
    copy = tmp_path / "ann_again.json"
    copy.write_bytes(classroom[0].read_bytes())
    summary = class_summary([*classroom, copy, classroom[1]])
    assert len(summary.learners) == 3
    assert summary.problems == (
        "ann_again.json: an exact copy of ann.json (the same file handed in twice?); counted once",
        "ben.json: an exact copy of ben.json (the same file handed in twice?); counted once",
    )
    assert summary.questions.set_index("question").loc["q1", "learners"] == 3


def test_two_exports_of_one_learner_are_merged(classroom, tmp_path):
    ann = json.loads(classroom[0].read_text())
    early = dict(ann, answers=ann["answers"][:2])
    (tmp_path / "ann_early.json").write_text(json.dumps(early))
    summary = class_summary([*classroom, tmp_path / "ann_early.json"])
    assert len(summary.learners) == 3
    assert summary.learners.iloc[0]["files"] == "ann.json, ann_early.json"
    assert any("share answers" in p and "merged" in p for p in summary.problems)
    assert summary.learners.iloc[0]["attempts"] == 4  # shared attempts counted once


def test_nothing_usable_gives_an_empty_summary(tmp_path):
    (tmp_path / "x.json").write_text("nope")
    summary = class_summary([tmp_path / "x.json"])
    assert summary.learners.empty and summary.questions.empty and summary.lessons.empty
    assert len(summary.problems) == 1
    assert "nothing to summarise" in summary.takeaway()
    class_scores_figure(summary.scores)
    difficulty_figure(summary.questions)


@pytest.mark.parametrize(
    ("paths", "error", "says"),
    [
        (None, TypeError, "paths"),
        (3, TypeError, "paths"),
        ([1, 2], TypeError, "paths"),
        ([], ValueError, "at least one"),
        (b"x.json", TypeError, "paths"),
    ],
)
def test_bad_arguments(paths, error, says):
    with pytest.raises(error, match=says):
        class_summary(paths)


def test_an_empty_folder_and_by_topic(tmp_path):
    with pytest.raises(ValueError, match="at least one"):
        class_summary(tmp_path)
    with pytest.raises(TypeError, match="by_topic"):
        class_summary([tmp_path / "a.json"], by_topic="yes")


def test_final_assessment_answers_count_towards_their_topic(tmp_path):
    path = export(
        tmp_path / "f.json",
        ("13", "13-lab-pattern", True, 1),
        ("13", "13-not-higm", False, 2),
        ("13", "03-borrowed", True, 3),
    )
    by_topic = class_summary([path])
    assert by_topic.lessons["lesson"].tolist() == ["03", "07", "09"]
    as_given = class_summary([path], by_topic=False)
    assert as_given.lessons["lesson"].tolist() == ["13"]


def test_real_exports_from_stores(tmp_path):
    paths = []
    for number, right in enumerate([True, False]):
        store = ProgressStore(tmp_path / f"s{number}.sqlite")
        store.record("11", "11-grams-per-infusion", 9, right)
        paths.append(store.export_json(tmp_path / f"e{number}.json"))
    summary = class_summary(paths)
    row = summary.questions.iloc[0]
    assert (row["lesson"], row["question"], row["learners"], row["right_first_try"]) == (
        "11",
        "11-grams-per-infusion",
        2,
        1,
    )


# --------------------------------------------------------------------------- item analysis
def export_answers(path: Path, *answers) -> Path:
    """An export with (lesson, question, answer, correct, minute) answers."""
    micro = zlib.crc32(path.name.encode()) % 10**6
    payload = {
        "format": "higm-lessons-progress",
        "version": 1,
        "exported_at": "2025-03-03T10:00:00+00:00",
        "answers": [
            {
                "lesson": lesson,
                "question": question,
                "answer": answer,
                "correct": correct,
                "answered_at": f"2025-03-03T09:{minute:02d}:00.{micro:06d}+00:00",
            }
            for lesson, question, answer, correct, minute in answers
        ],
    }
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_distractor_analysis_counts_the_wrong_options_chosen_at_the_first_try(tmp_path):
    first = ["a", "a", "c", "b", "b"]  # 04-why-boys is keyed "b"
    files = [
        export_answers(tmp_path / f"l{i}.json", ("04", "04-why-boys", pick, pick == "b", 1))
        for i, pick in enumerate(first)
    ]
    # a sixth learner: wrong with "a" first, right later; only the first try is counted
    files.append(
        export_answers(
            tmp_path / "late.json",
            ("04", "04-why-boys", "a", False, 1),
            ("04", "04-why-boys", "b", True, 2),
            ("04", "04-ar-carriers", ["a", "b"], False, 3),
        )
    )
    table = class_summary(files).distractors
    rows = table[table["question"] == "04-why-boys"].set_index("option")
    assert rows["chosen"].to_dict() == {"a": 3, "c": 1}
    assert rows.loc["a", "share"] == pytest.approx(3 / 6)
    assert list(rows.index) == ["a", "c"]  # most chosen first
    from higm_lessons.quiz import load_bank

    why = next(q for q in load_bank("04") if q.id == "04-why-boys")
    assert rows.loc["a", "text"] == next(o.text for o in why.options if o.id == "a")
    ticked = table[table["question"] == "04-ar-carriers"]
    ar = next(q for q in load_bank("04") if q.id == "04-ar-carriers")
    wrong = [o for o in ("a", "b") if o not in ar.correct_ids]
    assert wrong == ["b"]
    assert list(ticked["option"]) == wrong


def test_discrimination_is_the_corrected_point_biserial_correlation(tmp_path):
    # six learners, four questions; 1 = right at the first try
    marks = [
        (1, 1, 1, 1),
        (1, 1, 1, 0),
        (1, 1, 0, 0),
        (0, 1, 0, 1),
        (0, 0, 1, 0),
        (0, 0, 0, 0),
    ]
    files = [
        export_answers(
            tmp_path / f"learner{i}.json",
            *[("04", f"q{k}", "a", bool(m), k + 1) for k, m in enumerate(row)],
        )
        for i, row in enumerate(marks)
    ]
    questions = class_summary(files).questions.set_index("question")
    for k in range(4):
        x = [row[k] for row in marks]
        rest = [(sum(row) - row[k]) / 3 for row in marks]
        n = len(x)
        mx, my = sum(x) / n, sum(rest) / n
        cov = sum((a - mx) * (b - my) for a, b in zip(x, rest, strict=True))
        sx = sum((a - mx) ** 2 for a in x) ** 0.5
        sy = sum((b - my) ** 2 for b in rest) ** 0.5
        assert questions.loc[f"q{k}", "discrimination"] == pytest.approx(cov / (sx * sy))
    # q0 separates the strong from the weak; q3 is answered at random
    assert questions.loc["q0", "discrimination"] > 0.5
    assert questions.loc["q3", "discrimination"] < questions.loc["q0", "discrimination"]


def test_discrimination_is_empty_for_a_small_class(classroom):
    assert class_summary(classroom).questions["discrimination"].isna().all()


def test_an_example_class_in_memory_is_summarised_as_its_files_are(tmp_path):
    """The instructors' panel reads the made-up class without files: the same summary."""
    from higm_lessons.assessment import example_class, example_exports
    from higm_lessons.classroom import class_summary_of_texts

    paths = example_exports(tmp_path, learners=6, seed=3)
    texts = example_class(learners=6, seed=3)
    assert [(p.name, p.read_text(encoding="utf-8")) for p in paths] == list(texts)
    on_disk, in_memory = class_summary(paths), class_summary_of_texts(texts)
    assert on_disk.problems == in_memory.problems and len(in_memory.problems) == 4
    for table in ("learners", "questions", "lessons", "scores", "distractors"):
        assert getattr(on_disk, table).equals(getattr(in_memory, table)), table


def test_texts_are_checked_and_bad_ones_reported():
    from higm_lessons.classroom import class_summary_of_texts

    summary = class_summary_of_texts([("a.json", b"\xff"), ("b.json", "{}"), ("c.json", "[")])
    assert summary.learners.empty and len(summary.problems) == 3
    assert summary.problems[0].startswith("a.json: skipped")
    with pytest.raises(ValueError, match="at least one"):
        class_summary_of_texts([])
    with pytest.raises(TypeError, match="pairs"):
        class_summary_of_texts([("a.json", 3)])
    with pytest.raises(TypeError, match="pairs"):
        class_summary_of_texts("a.json")


# --------------------------------------------------------------------------- names and rosters
def named(path: Path, name: str | None, code: str | None, *answers) -> Path:
    """An export (version 4) that carries the learner's chosen name and class code."""
    export(path, *answers)
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload.update(version=4, attempts=[], learner={"name": name, "class_code": code},
                   lesson_moves_step=lesson_moves.latest_step())  # fmt: skip
    for answer in payload["answers"]:
        answer["confidence"] = None
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


@pytest.fixture
def named_class(tmp_path) -> list[Path]:
    return [
        named(tmp_path / "a.json", "José García", "MED-2", ("04", "q1", True, 1)),
        named(tmp_path / "b.json", "Ben Ng", "med-2", ("04", "q1", False, 2)),
        named(tmp_path / "c.json", None, "MED-2", ("04", "q1", True, 3)),
        named(tmp_path / "d.json", "Other Class", "MED-3", ("04", "q1", True, 4)),
        export(tmp_path / "old.json", ("04", "q1", False, 5)),  # version 1: no name
    ]


def test_learners_are_labelled_by_the_names_they_gave(named_class):
    summary = class_summary(named_class)
    assert list(summary.learners["learner"]) == [
        "José García", "Ben Ng", "learner 3", "Other Class", "learner 5"
    ]  # fmt: skip


def test_a_class_code_keeps_that_class_and_exports_without_a_code(named_class):
    summary = class_summary(named_class, class_code="med-2")
    assert list(summary.learners["files"]) == ["a.json", "b.json", "c.json", "old.json"]
    assert "d.json: skipped, its class code 'MED-3' is not 'med-2'" in summary.problems
    with pytest.raises(ValueError, match="class_code must be up to 32"):
        class_summary(named_class, class_code="two words")


def test_a_roster_says_who_handed_in(named_class, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\n  jose   GARCIA ,j@x\nBen Ng,b@x\nNot Here,n@x\n")
    summary = class_summary(named_class, class_code="MED-2", roster=roster)
    table = summary.roster.set_index("name")
    assert list(table.index) == ["jose GARCIA", "Ben Ng", "Not Here"]
    assert list(table["handed_in"]) == [True, True, False]
    assert table.loc["jose GARCIA", "learner"] == "José García"
    assert table.loc["jose GARCIA", "files"] == "a.json" and table.loc["Ben Ng", "score"] == 0
    assert pd.isna(table.loc["Not Here", "score"])
    assert summary.unmatched == (
        "c.json: no name in the export, so no roster match",
        "old.json: no name in the export, so no roster match",
    )
    assert not any("roster" in p for p in summary.problems)
    stranger = class_summary(named_class, roster=["Ben Ng"])
    assert "d.json: 'Other Class' is not on the roster" in stranger.unmatched
    assert class_summary(named_class).roster.empty and class_summary(named_class).unmatched == ()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("who\nAnn\n", "must have a 'name' column"),
        ("name,email\nAnn,a@x\n  ,b@x\n", "line 3: a name must be non-empty text"),
        ("name\nAnn\nann\n", "line 3: 'ann' repeats line 2"),
    ],
)
def test_a_bad_roster_is_refused(named_class, tmp_path, content, says):
    roster = tmp_path / "roster.csv"
    roster.write_text(content)
    with pytest.raises(ValueError, match=says):
        class_summary(named_class, roster=roster)
    with pytest.raises(TypeError, match="roster must be a CSV file or a list"):
        class_summary(named_class, roster=42)


def test_the_example_class_has_names_a_code_and_a_roster():
    summary = class_summary_of_texts(
        example_class(learners=12, seed=7), roster=example_roster(learners=12),
        class_code=EXAMPLE_CLASS_CODE,
    )  # fmt: skip
    handed = summary.roster[summary.roster["handed_in"]]
    unnamed = [n for n in range(1, 13) if not example_named(n)]
    assert len(summary.roster) == 13 and len(handed) == 12 - len(unnamed)
    assert example_name(13) in set(summary.roster.loc[~summary.roster["handed_in"], "name"])
    assert sum("no name in the export" in u for u in summary.unmatched) == len(unnamed)


def test_the_class_report_is_one_printable_page_with_the_item_analysis():
    summary = class_summary_of_texts(example_class(learners=20, seed=3),
                                     roster=example_roster(learners=20))  # fmt: skip
    page = class_report_html(summary, title="MED-2 <week 6>", generated="2026-12-02 09:00")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "MED-2 &lt;week 6&gt;" in page and "made 2026-12-02 09:00" in page
    assert html.escape(summary.takeaway()) in page
    hardest = hardest_questions(summary)
    assert len(hardest) == REPORT_QUESTIONS
    assert (hardest["learners"] >= MIN_DISCRIMINATION_LEARNERS).all()
    for row in hardest.itertuples():
        assert f"<td>{row.question}</td>" in page
        assert f"<td>{row.difficulty:.0%}</td>" in page
        if not pd.isna(row.discrimination):
            assert f"<td>{row.discrimination:.2f}" in page
    top = summary.distractors.iloc[0]
    if top["question"] in set(hardest["question"]):
        assert html.escape(f"{top['option']}: {short(top['text'], 60)}") in page
    missing = summary.roster.loc[~summary.roster["handed_in"], "name"]
    assert f"{len(summary.roster) - len(missing)} of {len(summary.roster)}" in page
    assert all(html.escape(p) in page for p in (*summary.problems, *summary.unmatched))
    with pytest.raises(TypeError, match="summary must be a ClassSummary"):
        class_report_html("not a summary")


def test_short_cuts_at_a_word_and_says_so():
    assert short("a short text", 60) == "a short text"
    assert short("antibody deficiency that affects antibodies", 24) == "antibody deficiency that…"


def test_the_written_out_correlation_matches_numpy():
    from higm_lessons.classroom import _pearson

    rng = np.random.default_rng(5)
    for n in (3, 5, 12, 40):
        for _ in range(50):
            x = rng.integers(0, 2, n).astype(float)
            y = rng.integers(0, n, n) / (n - 1)
            pairs = list(zip(x.tolist(), y.tolist(), strict=True))
            expected = None if x.std() == 0 or y.std() == 0 else np.corrcoef(x, y)[0, 1]
            got = _pearson(pairs)
            assert (got is None) if expected is None else got == pytest.approx(expected)
    assert _pearson([(1.0, 1 / 3), (0.0, 1 / 3), (1.0, 1 / 3)]) is None  # y does not vary
