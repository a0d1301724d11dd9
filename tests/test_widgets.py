"""Unit tests for higm_lessons.widgets: the widgets work in a kernel without any browser."""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import ipywidgets as w
import pytest

from higm_lessons import assessment, data, quiz
from higm_lessons.figures.immunoglobulins import HIGHLIGHT, OTHERS
from higm_lessons.progress import PROGRESS_ENV, ProgressStore
from higm_lessons.widgets import common, setup_check
from higm_lessons.widgets import progress as progress_widgets
from higm_lessons.widgets import quiz as quiz_widgets
from tests.helpers import fresh_progress

PLOTLY_MIME = "application/vnd.plotly.v1+json"


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    """Every test gets its own progress file and no store left open by another test."""
    yield from fresh_progress(monkeypatch, tmp_path / "progress" / "progress.sqlite")


def saved(path: Path) -> list[dict]:
    return ProgressStore(path).answers().to_dict(orient="records")


def plotly_payload(output: w.Output) -> dict:
    assert len(output.outputs) == 2  # the figure, then its numbers as text ("Show the data")
    shown = output.outputs[0]
    assert shown["output_type"] == "display_data"
    return shown["data"][PLOTLY_MIME]


def text_of(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


# --------------------------------------------------------------------------- common
def test_message_html_escapes_and_marks_by_symbol():
    page = common.message_html("IgG <b>low</b>\nsecond line", "error")
    assert "<b>low</b>" not in page
    assert "IgG &lt;b&gt;low&lt;/b&gt;<br>second line" in page
    assert "<b>✘</b>" in page
    assert 'class="higm-msg higm-msg-error"' in page
    for kind, (symbol, _fg, _bg) in common.KIND_STYLE.items():
        assert f"<b>{symbol}</b>" in common.message_html("x", kind)


def test_guarded_turns_an_exception_into_a_message():
    status = w.HTML()

    @common.guarded(lambda: status)
    def bad_entry():
        raise ValueError("lesson must be a number, not 'x<y'")

    @common.guarded(lambda: status)
    def broken():
        raise RuntimeError("disk on fire")

    @common.guarded(lambda: status)
    def fine(value):
        return value * 2

    assert bad_entry() is None
    assert "✘" in status.value
    assert "lesson must be a number, not &#x27;x&lt;y&#x27;" in status.value
    assert "Something went wrong" not in status.value

    assert broken() is None
    assert "Something went wrong (RuntimeError: disk on fire)" in status.value
    assert "Traceback" not in status.value

    assert fine(21) == 42
    assert fine.__name__ == "fine"


def test_figure_bundle():
    from higm_lessons.figures.immunoglobulins import serum_share_figure

    fig = serum_share_figure("IgA")
    bundle = common.figure_bundle(fig)
    assert set(bundle) == {PLOTLY_MIME, "text/plain"}
    payload = bundle[PLOTLY_MIME]
    assert set(payload) == {"data", "layout", "config"}
    assert payload["config"] == common.PLOTLY_CONFIG == {"displaylogo": False, "responsive": False}
    assert payload["data"][0]["type"] == "bar"
    assert "IgA marked" in payload["layout"]["title"]["text"]
    assert bundle["text/plain"] == f"<plotly figure: {fig.layout.title.text}>"
    json.dumps(payload)  # plain JSON, ready for the front end


def test_progress_store_is_one_per_file(store_path, tmp_path, monkeypatch):
    first = common.progress_store()
    assert first.path == store_path
    assert common.progress_store() is first
    monkeypatch.setenv(PROGRESS_ENV, str(tmp_path / "other.sqlite"))
    assert common.progress_store() is not first


# --------------------------------------------------------------------------- lesson 00
def test_the_check_widget_reacts_to_a_new_class():
    box = setup_check.check_widget()
    inner = box.inner
    assert isinstance(inner, setup_check.CheckWidget)
    assert "higm-check" in box._dom_classes and "higm-panel" in box._dom_classes
    assert inner.control.value == "IgG"
    before = plotly_payload(inner.figure)
    takeaway_before = inner.takeaway.value
    assert "IgG marked" in before["layout"]["title"]["text"]
    assert "the largest share" in takeaway_before

    inner.control.value = "IgE"

    after = plotly_payload(inner.figure)
    assert "IgE marked" in after["layout"]["title"]["text"]
    assert after["layout"]["title"]["text"] != before["layout"]["title"]["text"]
    colours_before = before["data"][0]["marker"]["color"]
    colours_after = after["data"][0]["marker"]["color"]
    assert colours_before != colours_after
    assert colours_before == [HIGHLIGHT, OTHERS, OTHERS, OTHERS, OTHERS]
    assert colours_after == [OTHERS, OTHERS, OTHERS, HIGHLIGHT, OTHERS]
    assert inner.takeaway.value != takeaway_before
    assert "IgE makes up about 0.0003%" in inner.takeaway.value
    assert "the smallest share" in inner.takeaway.value
    assert "✔" in inner.status.value and "widgets and plots work" in inner.status.value


def test_the_check_widget_shows_an_error_instead_of_raising(monkeypatch):
    inner = setup_check.check_widget().inner

    def broken(isotype):
        raise ValueError(f"isotype must be one of the five, not {isotype!r}")

    monkeypatch.setattr(setup_check, "serum_share_figure", broken)
    inner.control.value = "IgM"
    assert "✘" in inner.status.value
    assert "isotype must be one of the five" in inner.status.value


# --------------------------------------------------------------------------- quiz
def question_widget(box, kind: str) -> quiz_widgets.QuestionWidget:
    return next(item for item in box.questions if item.question.kind == kind)


def test_quiz_builds_one_widget_per_question():
    box = quiz_widgets.quiz("00")
    bank = quiz.load_bank("00")
    assert [item.question.id for item in box.questions] == [q.id for q in bank]
    assert all(isinstance(item, quiz_widgets.QuestionWidget) for item in box.questions)
    # the questions in order, then the panel's hidden accessibility layer
    assert list(box.children) == [*box.questions, common.accessibility()]
    assert "higm-quiz" in box._dom_classes
    assert "Question 1." in box.questions[0].children[0].value
    assert quiz_widgets.quiz(0).questions[0].question.id == bank[0].id


def test_deep_dive_questions_sit_apart_in_a_closed_fold():
    bank = quiz.load_bank("07")
    deep = [q.id for q in bank if q.deep_dive]
    assert deep == ["07-zlog-limit", "07-zlog-read"]  # the zlog deep dive's questions
    core = quiz_widgets.quiz("07")
    assert [item.question.id for item in core.questions] == [
        q.id for q in bank if not q.deep_dive
    ]
    folded = quiz_widgets.quiz("07", deep_dive=True)
    assert [item.question.id for item in folded.questions] == deep
    fold = folded.children[0]
    assert isinstance(fold, w.Accordion) and fold.selected_index is None
    assert fold.titles[0].startswith("Deep dive (optional)")
    assert not any(q.deep_dive for qs in assessment.question_pool().values() for q in qs)


def test_a_right_single_answer(store_path):
    item = question_widget(quiz_widgets.quiz("00"), "single")
    assert item.current_answer() is None
    item.control.value = item.question.answer
    item.confidence.value = "sure"
    item._on_check()
    assert item.feedback.value.count("✔") == 1
    assert "✘" not in item.feedback.value
    assert "Correct." in item.feedback.value
    right = next(o for o in item.question.options if o.id == item.question.answer)
    assert text_of(item.feedback.value).endswith(text_of(right.feedback))
    assert item.status.value == ""
    rows = saved(store_path)
    assert [
        (r["lesson"], r["question"], r["answer"], bool(r["correct"]), r["confidence"])
        for r in rows
    ] == [("00", item.question.id, item.question.answer, True, "sure")]


def test_a_wrong_single_answer(store_path):
    item = question_widget(quiz_widgets.quiz("00"), "single")
    wrong = next(o for o in item.question.options if o.id != item.question.answer)
    item.control.value = wrong.id
    item.confidence.value = "guessing"
    item.check_button.click()
    assert "✘" in item.feedback.value and "✔" not in item.feedback.value
    assert "Not quite." in item.feedback.value
    assert [(r["answer"], bool(r["correct"])) for r in saved(store_path)] == [(wrong.id, False)]


def test_a_multiple_answer(store_path):
    item = question_widget(quiz_widgets.quiz("00"), "multiple")
    for key in item.question.answer:
        item.boxes[key].value = True
    assert item.current_answer() == list(item.question.answer)
    item.confidence.value = "think so"
    item._on_check()
    assert "✔" in item.feedback.value
    assert [(r["answer"], bool(r["correct"])) for r in saved(store_path)] == [
        (list(item.question.answer), True)
    ]


def test_checking_with_nothing_chosen_records_nothing(store_path):
    box = quiz_widgets.quiz("07")  # a bank with all three kinds
    for kind in ("single", "multiple", "numeric"):
        item = question_widget(box, kind)
        item._on_check()
        assert "Choose or type an answer first." in item.status.value
        assert item.feedback.value == ""
    assert saved(store_path) == []


def test_a_numeric_entry_that_is_not_a_number(store_path):
    item = question_widget(quiz_widgets.quiz("07"), "numeric")
    item.control.value = "abc"
    item.confidence.value = "sure"
    item._on_check()  # no exception escapes
    assert "✘" in item.status.value
    assert "answer must be a number" in item.status.value
    assert item.feedback.value == ""
    assert saved(store_path) == []


def test_a_numeric_entry(store_path):
    item = question_widget(quiz_widgets.quiz("07"), "numeric")
    item.control.value = f"{item.question.answer:g}"
    item.confidence.value = "sure"
    item._on_check()
    assert "✔" in item.feedback.value
    assert [r["answer"] for r in saved(store_path)] == [f"{item.question.answer:g}"]


def test_an_answer_that_cannot_be_saved_still_gets_feedback(monkeypatch, store_path):
    def no_store():
        raise OSError("read-only file system")

    monkeypatch.setattr(quiz_widgets, "progress_store", no_store)
    item = question_widget(quiz_widgets.quiz("00"), "single")
    item.control.value = item.question.answer
    item.confidence.value = "sure"
    item._on_check()
    assert "Correct." in item.feedback.value
    assert "⚠" in item.status.value
    assert "could not be saved: read-only file system" in item.status.value


def widget_state_text(widget: w.Widget) -> str:
    """Every string in the state of ``widget`` and of all the widgets inside it."""
    texts = []
    for name in widget.keys:
        value = getattr(widget, name)
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list | tuple):
            for entry in value:
                if isinstance(entry, w.Widget):
                    texts.append(widget_state_text(entry))
                elif isinstance(entry, str):
                    texts.append(entry)
                elif isinstance(entry, list | tuple):
                    texts.extend(str(e) for e in entry)
        elif isinstance(value, w.Widget):
            texts.append(widget_state_text(value))
    return "\n".join(texts)


@pytest.mark.parametrize("lesson", sorted({q.lesson for q in quiz.all_questions()}))
def test_no_feedback_or_explanation_before_an_attempt(lesson):
    """Nothing that gives the answer away is in the page (the widgets' state) before a check."""
    box = quiz_widgets.quiz(lesson)
    state = widget_state_text(box)
    for item in box.questions:
        question = item.question
        assert item.explain_button.disabled
        secrets = [question.explanation, *(o.feedback for o in question.options)]
        secrets += [question.feedback_correct, question.feedback_low, question.feedback_high]
        for secret in filter(None, secrets):
            assert html.escape(secret) not in state and secret not in state, secret


def test_checking_needs_a_confidence(store_path):
    item = question_widget(quiz_widgets.quiz("00"), "single")
    item.control.value = item.question.answer
    item._on_check()
    assert "Say how sure you are first" in item.status.value
    assert item.feedback.value == "" and item.explanation.value == ""
    assert saved(store_path) == []
    assert item.confidence.options == ("sure", "think so", "guessing")


def test_saved_answers_are_restored_when_the_quiz_runs_again(store_path):
    first = question_widget(quiz_widgets.quiz("00"), "single")
    wrong = next(o for o in first.question.options if o.id != first.question.answer)
    first.control.value = wrong.id
    first.confidence.value = "think so"
    first._on_check()
    again = question_widget(quiz_widgets.quiz("00"), "single")
    assert again.control.value == wrong.id and again.confidence.value == "think so"
    assert "Restored your answer from" in again.status.value and "UTC" in again.status.value
    assert "Not quite." in again.feedback.value
    assert html.escape(first.question.explanation) in again.explanation.value
    assert not again.explain_button.disabled
    untouched = question_widget(quiz_widgets.quiz("00"), "multiple")
    assert untouched.status.value == "" and untouched.feedback.value == ""


def test_the_explanation_toggle():
    item = quiz_widgets.quiz("00").questions[0]
    assert item.explanation.layout.display == "none"
    assert item.explanation.value == "" and item.explain_button.disabled
    item.submit(item.question.answer if item.question.kind != "numeric" else 0.0, "sure")
    assert "Explanation." in item.explanation.value
    item.explain_button.value = True
    assert item.explanation.layout.display == "block"
    assert item.explain_button.description == "Hide explanation"
    item.explain_button.value = False
    assert item.explanation.layout.display == "none"
    assert item.explain_button.description == "Show explanation"


def test_a_damaged_bank_shows_a_message(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    (folder / "questions").mkdir(parents=True)
    (folder / "questions" / "lesson_00.toml").write_text('lesson = "00"\n[[questions]\nid = 1\n')
    monkeypatch.setenv(data.DATA_ENV, str(folder))
    box = quiz_widgets.quiz("00")
    assert "higm-quiz" in box._dom_classes
    assert not hasattr(box, "questions")
    message = box.children[0].value
    assert "✘" in message
    assert "The questions for lesson 00 could not be loaded" in message
    assert "questions/lesson_00.toml" in message


@pytest.mark.parametrize("lesson", ["7x", None, "42"])
def test_a_bad_lesson_shows_a_message(lesson):
    box = quiz_widgets.quiz(lesson)
    assert "could not be loaded" in box.children[0].value


# --------------------------------------------------------------------------- progress panel
def test_the_progress_panel_summary(store_path, tmp_path):
    box = progress_widgets.progress_panel(tmp_path)
    assert "higm-progress" in box._dom_classes
    assert "No answers saved yet" in box.inner.summary.value
    store = common.progress_store()
    store.record(0, "q1", "a", False)
    store.record(0, "q1", "b", True)
    store.record(0, "q2", "c", False)
    box.inner.refresh()
    assert "2 questions answered (1 right at the latest try, 3 attempts in all)" in (
        box.inner.summary.value
    )
    store.record_attempt(2, "02-preterm", "choice", "a", correct=True, confidence="sure")
    box.inner.refresh()
    assert "and 1 other commitments" in box.inner.summary.value


def test_export_and_import_through_the_panel(store_path, tmp_path, monkeypatch):
    store = common.progress_store()
    store.record(0, "00-higm-pattern", "b", True)
    store.record(0, "00-higm-facts", ["a", "b", "d"], True)
    folder = tmp_path / "exports"
    folder.mkdir()
    panel = progress_widgets.progress_panel(folder).inner

    path = panel.export()
    assert path is not None and path.parent == folder and path.is_file()
    assert re.fullmatch(r"higm_progress_\d{8}-\d{6}\.json", path.name)
    assert json.loads(path.read_text())["format"] == "higm-lessons-progress"
    assert "data:application/json;base64," in panel.link.value
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", panel.link.value)[1]
    assert base64.b64decode(encoded) == path.read_bytes()
    assert f'download="{path.name}"' in panel.link.value
    assert "✔" in panel.status.value and path.name in panel.status.value

    fresh = tmp_path / "fresh" / "progress.sqlite"
    monkeypatch.setenv(PROGRESS_ENV, str(fresh))
    assert panel.import_bytes(path.read_bytes(), path.name) == 2
    assert f"Imported {path.name}: 2 new answers added." in panel.status.value
    assert "The file holds lesson 00: 2 quiz answers, 0 other attempts." in panel.status.value
    assert [r["question"] for r in saved(fresh)] == ["00-higm-pattern", "00-higm-facts"]
    assert "2 questions answered" in panel.summary.value
    assert panel.import_bytes(path.read_bytes(), path.name) == 0


def test_the_export_carries_the_name_and_class_code_typed(store_path, tmp_path):
    common.progress_store().record(0, "00-higm-pattern", "b", True)
    panel = progress_widgets.progress_panel(tmp_path).inner
    assert panel.name.description and panel.class_code.description
    panel.name.value, panel.class_code.value = " Ada  Lovelace ", "MED-2"
    path = panel.export()
    learner = json.loads(path.read_text())["learner"]
    assert learner == {"name": "Ada Lovelace", "class_code": "MED-2"}
    panel.class_code.value = "two words"
    assert panel.export() is None
    assert "class_code must be up to 32" in panel.status.value


def test_an_upload_is_imported(store_path, tmp_path):
    source = ProgressStore(tmp_path / "elsewhere.sqlite")
    source.record(3, "03-cd40l", "a", True)
    exported = source.export_json(tmp_path / "mine.json")
    panel = progress_widgets.progress_panel(tmp_path).inner
    upload = {"name": "mine.json", "content": memoryview(exported.read_bytes())}
    panel._on_upload({"new": (upload,)})
    assert [r["question"] for r in saved(store_path)] == ["03-cd40l"]
    assert "Imported mine.json: 1 new answers added." in panel.status.value
    assert "lesson 03: 1 quiz answer, 0 other attempts" in panel.status.value


def test_the_panel_says_what_an_import_restored_by_lesson(store_path, tmp_path):
    source = ProgressStore(tmp_path / "elsewhere.sqlite")
    source.record(1, "01-classes", "a", True, confidence="sure")
    source.record_attempt(1, "01-ige-tiny", "text", "bound to mast cells", self_rating="right")
    source.record_attempt(2, "02-predict-onset", "prediction", 3.0, correct=True)
    source.record_attempt(2, "02-preterm", "choice", "b", correct=False)
    exported = source.export_json(tmp_path / "mine.json")
    panel = progress_widgets.progress_panel(tmp_path).inner
    assert panel.import_bytes(exported.read_bytes(), "mine.json") == 4
    assert (
        "The file holds lesson 01: 1 quiz answer, 1 other attempt; "
        "lesson 02: 0 quiz answers, 2 other attempts."
    ) in panel.status.value
    assert common.progress_store().latest_attempt(2, "02-predict-onset")["response"] == 3.0


def test_importing_garbage_shows_a_message(store_path, tmp_path):
    panel = progress_widgets.progress_panel(tmp_path).inner
    assert panel.import_bytes(b"garbage") is None
    assert "✘" in panel.status.value
    assert "upload.json is not a readable progress export" in panel.status.value
    assert saved(store_path) == []


def test_a_failed_export_shows_a_message(tmp_path):
    panel = progress_widgets.progress_panel(tmp_path / "no" / "such" / "folder").inner
    assert panel.export() is None
    assert "✘" in panel.status.value
    assert panel.link.value == ""


def test_a_figure_output_reserves_the_figure_height():
    from higm_lessons.figures.immunoglobulins import serum_share_figure

    fig = serum_share_figure("IgA")
    fig.update_layout(height=333)
    out = common.figure_output(fig)
    assert out.layout.min_height == "333px"
    assert out.outputs[0]["data"][PLOTLY_MIME]["layout"]["height"] == 333


def test_a_takeaway_is_escaped():
    html_text = common.takeaway_html("IgM <b>high</b> & IgG low")
    assert html_text.startswith('<p class="higm-takeaway"><b>Takeaway:</b> ')
    assert "&lt;b&gt;high&lt;/b&gt; &amp; IgG" in html_text


def test_frame_html_escapes_every_cell_and_leaves_a_missing_number_empty():
    import pandas as pd

    from higm_lessons.widgets.common import frame_html

    page = frame_html(pd.DataFrame({"a<b": ["<i>x</i>", "y"], "n": [1.5, float("nan")]}), "t")
    assert "<th scope='col'>a&lt;b</th>" in page and "&lt;i&gt;x&lt;/i&gt;" in page
    assert "<tr><td>y</td><td></td></tr>" in page and "<td>1.5</td>" in page
    assert page.startswith('<table class="t"><thead>')
