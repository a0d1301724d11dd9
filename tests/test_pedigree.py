"""Unit tests for higm_lessons.pedigree: the table, PED files, layout and the drawing."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from higm_lessons.figures.pedigree import pedigree_figure, pedigree_takeaway
from higm_lessons.pedigree import (
    ancestors,
    consanguineous,
    descendants,
    example,
    format_risk,
    generations,
    layout,
    make_pedigree,
    read_ped,
    roman,
    write_ped,
)


def test_make_pedigree_fills_marks_and_normalises_missing():
    ped = make_pedigree(
        pd.DataFrame(
            {
                "id": [1, 2, 3],
                "father": [np.nan, None, 1],
                "mother": ["", np.nan, 2],
                "sex": ["M", "f", "M"],
                "affected": [False, None, 1],
            }
        )
    )
    assert list(ped.columns) == [
        "family", "id", "father", "mother", "sex", "affected", "proband", "deceased",
        "carrier", "twin",
    ]  # fmt: skip
    assert list(ped["id"]) == ["1", "2", "3"]
    assert ped.loc[2, "father"] == "1" and ped.loc[0, "father"] is None
    assert list(ped["sex"]) == ["M", "F", "M"]
    assert list(ped["affected"]) == [False, None, True]
    assert not ped[["proband", "deceased", "carrier"]].any().any()


def test_relatives_and_generations():
    ped = example("autosomal")
    assert ancestors(ped, "9") == {"7", "8", "3", "4", "5", "6", "1", "2"}
    assert descendants(ped, "1") == {"3", "5", "7", "8", "9", "10", "11"}
    assert consanguineous(ped, "7", "8") and not consanguineous(ped, "3", "4")
    gen = generations(ped)
    assert gen["1"] == 0 and gen["4"] == 1 and gen["7"] == 2 and gen["9"] == 3


def test_ped_round_trip(tmp_path):
    ped = example("x-linked")
    path = write_ped(ped, tmp_path / "family.ped")
    text = path.read_text().splitlines()
    assert text[0] == "#FID IID PAT MAT SEX PHENO PROBAND DECEASED CARRIER TWIN"
    assert text[1] == "1 1 0 0 1 1 0 1 0 0"
    back = read_ped(path)
    pd.testing.assert_frame_equal(back, ped)
    plain = write_ped(ped, tmp_path / "plain.ped", marks=False)
    first = plain.read_text().splitlines()[0].split()
    assert len(first) == 6
    again = read_ped(plain)
    assert list(again["affected"]) == list(ped["affected"]) and not again["proband"].any()


def test_read_plink_ped_with_genotypes(tmp_path):
    path = tmp_path / "plink.ped"
    path.write_text("F1 a 0 0 1 2 A A G T\nF1 b 0 0 2 -9 A C G G\nF1 c a b 2 1 A A T T\n")
    ped = read_ped(path)
    assert list(ped["affected"]) == [True, None, False]
    assert ped.loc[2, "mother"] == "b" and set(ped["family"]) == {"F1"}


@pytest.mark.parametrize(
    "text,match",
    [
        ("F1 a 0 0 1\n", "needs 6 columns"),
        ("F1 a 0 0 3 1\n", "sex must be 1, 2 or 0"),
        ("F1 a 0 0 1 7\n", "phenotype must be"),
        ("F1 a b 0 1 1\n", "only one parent"),
        ("# nothing\n", "holds no pedigree lines"),
    ],
)
def test_read_ped_bad_files(tmp_path, text, match):
    path = tmp_path / "bad.ped"
    path.write_text(text)
    with pytest.raises(ValueError, match=match):
        read_ped(path)


def test_read_ped_missing_file(tmp_path):
    with pytest.raises(ValueError, match="cannot be read"):
        read_ped(tmp_path / "nope.ped")


def test_roman_and_format_risk():
    assert [roman(i) for i in (1, 2, 3, 4, 9, 14)] == ["I", "II", "III", "IV", "IX", "XIV"]
    with pytest.raises(ValueError):
        roman(0)
    assert format_risk(2 / 3) == "67%"
    assert format_risk(1.0) == "100%" and format_risk(0.0) == "0%"
    assert format_risk(0.0625) == "6.2%"
    assert format_risk(0.9999999) == ">99.9%"
    assert format_risk(4e-6) == "0.0004%"
    assert format_risk(1e-12) == "<0.0001%"
    for bad in (-0.1, 1.5, float("nan"), "x"):
        with pytest.raises(ValueError, match="p must be a probability"):
            format_risk(bad)


def test_layout_numbers_people_and_keeps_sibships_together():
    pos = layout(example("x-linked"))
    assert pos.loc["1", "label"] == "I-1" and pos.loc["2", "label"] == "I-2"
    assert pos.loc["6", "label"] == "III-1"
    # Each generation numbered 1..n from the left, and x increases with the number.
    for _, group in pos.groupby("generation"):
        ordered = group.sort_values("x")
        assert list(ordered["number"]) == list(range(1, len(group) + 1))
    # Parents stand centred above their children.
    kids = pos.loc[["6", "7", "8", "9"], "x"]
    centre = (pos.loc["5", "x"] + pos.loc["4", "x"]) / 2
    assert centre == pytest.approx((kids.min() + kids.max()) / 2)


def test_related_partners_stand_side_by_side():
    pos = layout(example("autosomal"))
    assert abs(pos.loc["7", "x"] - pos.loc["8", "x"]) == 1
    assert pos.loc["7", "generation"] == pos.loc["8", "generation"] == 3


def shapes(fig):
    return [s.to_plotly_json() for s in fig.layout.shapes]


def test_figure_draws_standard_symbols():
    ped = example("x-linked")
    fig = pedigree_figure(ped, title="Example", risks={"9": 0.5})
    drawn = shapes(fig)
    squares = [
        s for s in drawn if s["type"] == "rect" and s.get("fillcolor") in ("#000000", "#ffffff")
    ]
    circles = [s for s in drawn if s["type"] == "circle"]
    assert len(squares) == int((ped["sex"] == "M").sum())
    filled = [s for s in squares if s["fillcolor"] == "#000000"]
    assert len(filled) == 2  # two affected men
    dots = [s for s in circles if s["fillcolor"] == "#000000"]
    assert len(dots) == 1  # the carrier grandmother's centre dot
    slashes = [s for s in drawn if s["type"] == "line"]
    assert len(slashes) == 2  # two deceased
    for s in slashes:
        assert s["x1"] > s["x0"] and s["y1"] > s["y0"]  # lower left to upper right
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 1 and arrows[0].text == "<b>P</b>"
    assert arrows[0].ax < arrows[0].x and arrows[0].ay < arrows[0].y  # from the lower left
    assert any(a.text == "?" for a in fig.layout.annotations)  # unknown status
    assert list(fig.layout.yaxis.ticktext) == ["I", "II", "III"]
    labels = fig.data[1].text
    assert "50%" in labels[list(ped["id"]).index("9")]
    names = [t.name for t in fig.data if t.name]
    assert "Carrier (centre dot)" in names and "Deceased (slash)" in names
    assert "% = carrier probability" in fig.layout.xaxis.title.text


def test_double_line_only_for_related_partners():
    fig = pedigree_figure(example("autosomal"), title="Cousins")
    assert any("double line" in (t.name or "") for t in fig.data)
    plain = pedigree_figure(example("x-linked"), title="No cousins")
    assert not any("double line" in (t.name or "") for t in plain.data)
    xs, ys = fig.data[0].x, fig.data[0].y
    segments = [(xs[i], ys[i], xs[i + 1], ys[i + 1]) for i in range(0, len(xs), 3)]
    horizontal = [s for s in segments if s[1] == s[3]]
    heights = sorted({round(s[1], 3) for s in horizontal})
    assert any(abs(a - b) == pytest.approx(0.1) for a, b in itertools.pairwise(heights))


def _segments(fig):
    """The straight lines of a pedigree drawing (trace 0), as (x0, y0, x1, y1)."""
    xs, ys = fig.data[0].x, fig.data[0].y
    return [(xs[i], ys[i], xs[i + 1], ys[i + 1]) for i in range(0, len(xs), 3)]


def _twin_family(label: str):
    rows = [
        {"id": "a", "father": None, "mother": None, "sex": "M", "affected": False},
        {"id": "b", "father": None, "mother": None, "sex": "F", "affected": False},
        {"id": "c", "father": "a", "mother": "b", "sex": "M", "affected": True, "twin": label},
        {"id": "d", "father": "a", "mother": "b", "sex": "M", "affected": True, "twin": label},
        {"id": "e", "father": "a", "mother": "b", "sex": "F", "affected": False},
    ]
    return make_pedigree(rows)


def _bars_between_twins(label: str) -> list[tuple]:
    """Horizontal lines drawn below the sibship line and above the twins' symbols."""
    ped = _twin_family(label)
    segments = _segments(pedigree_figure(ped, title="Twins"))
    pos = layout(ped)
    # The twins hang from one apex on the sibship line by two diagonal lines.
    c, d = pos.loc["c", "x"], pos.loc["d", "x"]
    diagonals = [s for s in segments if s[0] != s[2] and s[1] != s[3] and s[2] in (c, d)]
    assert len(diagonals) == 2, diagonals
    apex_x, sibship_y = diagonals[0][0], diagonals[0][1]
    top_y = diagonals[0][3]
    bars = [
        s for s in segments if s[1] == s[3] and top_y < s[1] < sibship_y and s[0] != s[2]
    ]
    return bars, (apex_x, sibship_y, top_y, c, d)


def test_mz_twins_have_a_bar_and_dz_twins_do_not():
    bars, (apex_x, sibship_y, top_y, c, d) = _bars_between_twins("MZ1")
    assert len(bars) == 1, "identical twins need one horizontal bar between their lines"
    x0, y0, x1, _ = bars[0]
    # The bar joins the two diagonal lines: it ends on each of them, between the apex and
    # the twins' symbols.
    for end, twin in ((min(x0, x1), min(c, d)), (max(x0, x1), max(c, d))):
        fraction = (sibship_y - y0) / (sibship_y - top_y)
        assert end == pytest.approx(apex_x + (twin - apex_x) * fraction)
    dz_bars, _ = _bars_between_twins("DZ1")
    assert dz_bars == [], "non-identical twins have no bar"


def test_figure_never_relies_on_colour():
    fig = pedigree_figure(example("x-linked"), title="Twins")
    colours = {s.get("fillcolor") for s in shapes(fig)} - {None}
    assert colours <= {"#000000", "#ffffff", "rgba(0,0,0,0)"}


def test_figure_bad_input():
    ped = example("x-linked")
    with pytest.raises(ValueError, match="risks name people"):
        pedigree_figure(ped, title="x", risks={"nobody": 0.5})
    with pytest.raises(ValueError, match="p must be a probability"):
        pedigree_figure(ped, title="x", risks={"9": 2})
    with pytest.raises(ValueError, match="couples must pair"):
        pedigree_figure(ped, title="x", couples=[("1", "zz")])
    with pytest.raises(ValueError, match="highlight must be"):
        pedigree_figure(ped, title="x", highlight="zz")
    with pytest.raises(ValueError, match="title must be"):
        pedigree_figure(ped, title="")


def test_childless_couple_is_drawn():
    rows = [
        {"id": "a", "father": None, "mother": None, "sex": "M", "affected": False},
        {"id": "b", "father": None, "mother": None, "sex": "F", "affected": False},
        {"id": "c", "father": "a", "mother": "b", "sex": "F", "affected": False},
        {"id": "d", "father": None, "mother": None, "sex": "M", "affected": False},
    ]
    pos = layout(make_pedigree(rows), couples=[("c", "d")])
    assert pos.loc["d", "generation"] == 2 and abs(pos.loc["c", "x"] - pos.loc["d", "x"]) == 1


def test_takeaway_names_affected_people():
    text = pedigree_takeaway(example("x-linked"), {"9": 0.5, "2": 1.0})
    assert "9 people in 3 generations; 2 affected (2 male, 0 female): II-1, III-1." in text
    assert "most likely to be a carrier is I-2 (100%)" in text


def test_example_kinds():
    with pytest.raises(ValueError, match="kind must be one of"):
        example("dominant")


def test_a_checked_pedigree_is_validated_once(monkeypatch):
    from higm_lessons import pedigree as module
    from higm_lessons.pedigree import Pedigree

    ped = example("x-linked")
    assert isinstance(ped, Pedigree)
    assert make_pedigree(ped) is ped and make_pedigree(ped, require_sex=True) is ped
    checks = []
    original = module._parents
    monkeypatch.setattr(module, "_parents", lambda *a: checks.append(1) or original(*a))
    layout(ped)
    pedigree_figure(ped, risks={"9": 0.5})
    pedigree_takeaway(ped)
    assert checks == []  # handed on from function to function, never checked again
    changed = ped.copy()  # a derived table is a plain DataFrame and is checked afresh
    assert type(changed) is pd.DataFrame
    changed.loc[changed["id"] == "5", "sex"] = "F"  # the father of 6 to 9 made a woman
    with pytest.raises(ValueError, match="father '5' of person '6' must be male"):
        layout(changed)
    assert checks == [1]
