"""Accessibility that can be checked without a browser: contrast of the course's colours
(WCAG 2.1: 4.5:1 for text, 3:1 for lines and markers that carry meaning), the "Show the
data" text of figures, the pedigree's structured description, named slider controls and
the accessibility layer every panel carries. The browser side (axe-core, keyboard, reflow)
is tested in tests/browser/."""

from __future__ import annotations

import ast
import colorsys
import re
from pathlib import Path

import plotly.io as pio
import pytest

from higm_lessons import theme
from higm_lessons.figures._fast import fast_figure
from higm_lessons.figures.pedigree import pedigree_figure
from higm_lessons.pedigree import make_pedigree
from higm_lessons.widgets import common

ROOT = Path(__file__).resolve().parents[1]
WHITE = "#ffffff"


def test_contrast_ratio_matches_the_wcag_definition():
    assert theme.contrast_ratio("#000000", WHITE) == pytest.approx(21.0)
    assert theme.contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    # WCAG's own worked value: #777777 on white is just under 4.5:1
    assert theme.contrast_ratio("#777777", WHITE) == pytest.approx(4.48, abs=0.01)
    assert theme.contrast_ratio("#777", "#fff") == theme.contrast_ratio("#777777", WHITE)
    with pytest.raises(ValueError, match="colour"):
        theme.contrast_ratio("#12345", WHITE)
    with pytest.raises(ValueError, match="colour"):
        theme.contrast_ratio("red", WHITE)
    with pytest.raises(TypeError, match="colour"):
        theme.contrast_ratio(None, WHITE)  # type: ignore[arg-type]


def test_figure_text_and_axes_meet_wcag_contrast():
    layout = pio.templates[theme.register()].layout
    assert theme.contrast_ratio(layout.font.color, layout.paper_bgcolor) >= 4.5
    assert theme.contrast_ratio(layout.font.color, layout.plot_bgcolor) >= 4.5
    assert theme.contrast_ratio(layout.xaxis.linecolor, layout.plot_bgcolor) >= 3.0
    assert theme.contrast_ratio(layout.legend.bordercolor, WHITE) >= 3.0


@pytest.mark.parametrize("kind", sorted(common.KIND_STYLE))
def test_message_colours_meet_text_contrast(kind):
    _, foreground, background = common.KIND_STYLE[kind]
    assert theme.contrast_ratio(foreground, background) >= 4.5
    assert theme.contrast_ratio(foreground, WHITE) >= 4.5


def _hue(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(red, green, blue)[0] * 360


def test_every_series_line_reaches_3_to_1_in_the_same_hue():
    """Lines that carry meaning reach 3:1 on white: the palette colour, or its darker shade
    (same hue) for orange, sky blue and yellow, which are too light on white."""
    weak = {c for c in theme.OKABE_ITO.values() if theme.contrast_ratio(c, WHITE) < 3.0}
    assert weak == set(theme.EDGE)
    for colour, shade in theme.EDGE.items():
        assert theme.contrast_ratio(shade, WHITE) >= 3.0
        assert abs(_hue(shade) - _hue(colour)) < 3
    lines = [t.line.color for t in pio.templates[theme.register()].data.scatter]
    assert lines == [theme.edge(c) for c in theme.COLORWAY]
    assert all(theme.contrast_ratio(c, WHITE) >= 3.0 for c in lines)
    bars = pio.templates[theme.register()].data.bar
    assert all(theme.contrast_ratio(b.marker.line.color, WHITE) >= 3.0 for b in bars)


def _bar_figure():
    return fast_figure(
        title="Share of serum immunoglobulin",
        x_title="Share (%)",
        y_title="Class",
        data=[
            {"type": "bar", "orientation": "h", "name": "adult serum",
             "x": [72.9, 18.9, 8.1], "y": ["IgG", "IgA", "IgM"]},
            {"type": "scatter", "x": [0, None, 1], "y": [0, None, 1], "hoverinfo": "skip"},
        ],
    )  # fmt: skip


def test_show_the_data_gives_the_figures_own_numbers():
    bundle = common.figure_data_bundle(_bar_figure())
    text = bundle["text/plain"]
    assert text.splitlines()[:3] == [
        "Show the data: Share of serum immunoglobulin",
        "adult serum",
        "Share (%) | Class",
    ]
    assert "72.9 | IgG" in text and "18.9 | IgA" in text and "8.1 | IgM" in text
    assert "None" not in text  # the decorative line (hover skipped) is not data
    page = bundle["text/html"]
    assert page.startswith('<details class="higm-data"><summary>Show the data: Share of serum')
    assert '<th scope="col">Share (%)</th>' in page and "<td>72.9</td><td>IgG</td>" in page
    assert '<div class="higm-table-scroll" style="overflow-x:auto' in page  # scrolls in its box


def test_a_long_series_shows_evenly_spaced_points_and_says_so():
    xs = list(range(100))
    fig = fast_figure(
        title="A curve",
        x_title="Day",
        y_title="IgG (mg/dL)",
        data=[{"type": "scatter", "name": "total", "x": xs, "y": [2 * x for x in xs]}],
    )
    (table,) = common.figure_tables(fig)
    assert table["caption"] == f"total ({common.MAX_ROWS} evenly spaced points of 100)"
    assert table["rows"][0] == ["0", "0"] and table["rows"][-1] == ["99", "198"]
    assert all(int(y) == 2 * int(x) for x, y in table["rows"])


def test_figure_outputs_carry_the_data_after_the_figures():
    output = common.figures_output(_bar_figure(), _bar_figure())
    kinds = [next(iter(o["data"])) for o in output.outputs]
    assert kinds == [common.PLOTLY_MIME, common.PLOTLY_MIME, "text/html", "text/html"]


def test_a_pedigree_is_described_person_by_person():
    ped = make_pedigree(
        [
            {"id": "1", "sex": "M", "affected": False},
            {"id": "2", "sex": "F", "affected": False, "carrier": True},
            {"id": "3", "sex": "M", "affected": True, "father": "1", "mother": "2",
             "proband": True},
            {"id": "4", "sex": "F", "affected": None, "father": "1", "mother": "2"},
        ]
    )  # fmt: skip
    fig = pedigree_figure(ped, risks={"4": 0.5})
    (table,) = common.figure_tables(fig)
    assert table["caption"] == "4 people in 2 generations, numbered from the left"
    assert table["columns"][-1] == "Carrier probability"
    rows = {row[1]: row for row in table["rows"]}
    assert rows["I-2"][2:6] == ["female", "unaffected", "not in the drawing", "carrier"]
    assert rows["II-1"][2:6] == ["male", "affected", "I-1 and I-2", "proband"]
    assert rows["II-2"][3] == "status unknown" and rows["II-2"][-1] == "50%"
    plain = common.figure_tables(pedigree_figure(ped))[0]
    assert "Carrier probability" not in plain["columns"]


def _slider_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted((ROOT / "higm_lessons" / "widgets").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr.endswith("Slider")
            ):
                calls.append((f"{path.name}:{node.lineno}", node))
    return calls


def test_every_slider_says_what_it_sets():
    """A slider's description names its handle for a screen reader (the accessibility
    layer copies it to the handle's aria-label), so none may be left empty."""
    calls = _slider_calls()
    assert len(calls) >= 10
    for where, call in calls:
        description = next((k.value for k in call.keywords if k.arg == "description"), None)
        assert description is not None, f"{where}: a slider without a description"
        if isinstance(description, ast.Constant):
            assert len(str(description.value).strip()) > 3, where


def test_every_panel_carries_the_accessibility_layer():
    box = common.panel(common.w.HTML("x"), css_class="higm-demo")
    assert box.children[-1] is common.accessibility()
    assert box.children[-1].layout.display == "none"
    script = common.ACCESSIBILITY_JS.read_text(encoding="utf-8")
    for part in ("aria-label", "aria-valuetext", 'aria-live", "polite', '"figure"', '"radiogroup"'):
        assert part in script
    assert not re.search(r"\.focus\(", script)  # announcing never moves the focus


def test_every_notebook_has_a_keyboard_walk_and_no_walk_is_stale():
    """The browser tests work every notebook by keyboard alone, keyed by slug: a new lesson
    without a walk fails here (and in the browser test), as does a walk for a gone one."""
    from tests.browser.keyboard import WALKS, slug, walk_for

    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    for notebook in notebooks:
        walk = walk_for(notebook)
        assert walk.steps or walk.reason, f"{notebook}: a walk with no steps must say why"
    assert set(WALKS) == {slug(n) for n in notebooks}
    with pytest.raises(AssertionError, match="add a keyboard walk for 'a_new_lesson'"):
        walk_for("12_a_new_lesson.ipynb")
