"""Stated lesson times follow the documented measurement in tools/lesson_time.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from higm_lessons.course import lessons
from tools import lesson_time

ROOT = Path(__file__).resolve().parent.parent
TIMINGS = {t.lesson: t for t in lesson_time.measure_all()}
STATED = dict(zip(lessons()["number"], lessons()["minutes"], strict=True))


@pytest.mark.parametrize("lesson", sorted(TIMINGS))
def test_the_stated_time_matches_the_measurement(lesson):
    measured = TIMINGS[lesson].core_minutes
    assert abs(STATED[lesson] - measured) <= lesson_time.MARGIN, (
        f"lesson {lesson} states {STATED[lesson]} min but measures {measured:.0f}: "
        "run tools/lesson_time.py and restate data/lessons.csv and the In this lesson box"
    )


@pytest.mark.parametrize("lesson", sorted(TIMINGS))
def test_the_box_gives_the_deep_dive_time(lesson):
    path = next((ROOT / "notebooks").glob(f"{lesson}_*.ipynb"))
    box = next(
        c.source
        for c in nbformat.read(path, as_version=4).cells
        if c.source.startswith("## In this lesson")
    )
    timing = TIMINGS[lesson]
    extra = re.search(r"The optional deep dives add about (\d+) more\.", box)
    if timing.deep_dive_words:
        assert extra and int(extra.group(1)) == max(1, round(timing.deep_dive_minutes))
    else:
        assert extra is None


def test_words_count_what_a_learner_reads():
    text = (
        'The <abbr title="central nervous system: the brain">CNS</abbr> and `code here` '
        "and a [link](https://example.org/long/path) end."
    )
    assert lesson_time.words(text) == 7  # The CNS and and a link end: no title, code or URL


def test_measure_times_core_prose_and_actions_and_sets_deep_dives_apart(tmp_path):
    deep = (
        '<details class="deep-dive"><summary>Deep dive (optional): more</summary>\n\n'
        + "word " * 300
        + "\n\n</details>"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("word " * 150 + "\n\n" + deep, id="a"),
        nbformat.v4.new_code_cell("widget()", id="b", metadata={"tags": ["interactive"]}),
        nbformat.v4.new_markdown_cell(
            "<details><summary>Show the answer</summary>x</details>", id="c"
        ),
        nbformat.v4.new_markdown_cell("## References\n\n" + "word " * 900, id="d"),
    ]
    path = tmp_path / "01_sample.ipynb"
    nbformat.write(nb, path)
    timing = lesson_time.measure(path)
    assert timing.deep_dive_words >= 300 and timing.core_words < 200
    assert (timing.interactives, timing.prompts) == (1, 1)
    assert timing.deep_dive_minutes == pytest.approx(timing.deep_dive_words / 150)
    expected = (
        timing.core_words / 150
        + lesson_time.PER_INTERACTIVE
        + lesson_time.PER_PROMPT
        + lesson_time.PER_QUESTION * timing.questions
    )
    assert timing.core_minutes == pytest.approx(expected)
    assert timing.stated % 5 == 0 and abs(timing.stated - timing.core_minutes) <= 2.5


@pytest.mark.parametrize("lesson", sorted(TIMINGS))
def test_the_sections_add_up_to_the_lesson(lesson):
    """The minutes per section of a lesson's teaching notes split its measured core time."""
    path = next((ROOT / "notebooks").glob(f"{lesson}_*.ipynb"))
    parts = lesson_time.sections(path)
    labels = [label for label, _ in parts]
    assert labels[-1] == lesson_time.SELF_CHECK
    assert labels[:-1] == [f"§{n}" for n in range(1, len(labels))]
    assert sum(m for _, m in parts) == pytest.approx(TIMINGS[lesson].core_minutes)


def test_apportion_gives_whole_minutes_that_add_up():
    parts = [("§1", 2.4), ("§2", 10.4), ("§3", 0.3), ("self-check", 6.9)]
    whole = lesson_time.apportion(parts, 20)
    assert [label for label, _ in whole] == [label for label, _ in parts]
    assert sum(n for _, n in whole) == 20
    assert all(abs(n - m) < 1 for (_, n), (_, m) in zip(whole, parts, strict=True))
    assert lesson_time.apportion(parts, 40)[1] == ("§2", 21)  # scaled to the stated time


def test_restating_rewrites_a_stale_timing_line(tmp_path):
    """``--write`` restates the minutes per section of a lesson's teaching notes too."""
    for part in ("notebooks", "data"):
        (tmp_path / part).mkdir()
    shutil.copy(ROOT / "data" / "lessons.csv", tmp_path / "data")
    shutil.copy(ROOT / "README.md", tmp_path)
    for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"):
        shutil.copy(path, tmp_path / "notebooks")
    path = next((tmp_path / "notebooks").glob("04_*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    note = next(c for c in nb.cells if lesson_time.TIMING_LINE.search(c.source))
    note.source = lesson_time.TIMING_LINE.sub("**Timing** (40 min): §1 40.", note.source)
    nbformat.write(nb, path)
    new = lesson_time.restate(tmp_path)
    after = next(c for c in nbformat.read(path, as_version=4).cells if c.id == note.id)
    assert lesson_time.timing_line(path, new["04"]) in after.source
    assert after.source.replace(lesson_time.timing_line(path, new["04"]), "") == (
        note.source.replace("**Timing** (40 min): §1 40.", "")
    )
