"""The pedigree drawing: standard pedigree symbols as a plotly figure, and its text version.

The drawing follows the standard pedigree nomenclature (Bennett et al. 2008,
updated 2022): squares for males, circles for females, diamonds for unknown
sex, filled symbols for affected people, a centre dot for carriers, a slash for
deceased people, an arrow with "P" for the proband, a double line for a union
between relatives, generations in Roman numerals and people numbered from the
left. Nothing is shown by colour alone: everything is black on white.

The pedigree itself (the checked table, generations, layout) is computed by the
pure module :mod:`higm_lessons.pedigree`; this module only draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from higm_lessons.figures._fast import fast_figure
from higm_lessons.pedigree import (
    MARKS,
    consanguineous,
    format_risk,
    label_sort_key,
    layout,
    make_pedigree,
    roman,
)

SIZE = 0.5  # side of a symbol, in layout units (people stand 1 unit apart)
ROW = 1.5  # vertical distance between generations
BAR_ABOVE_CHILDREN = 0.4  # the sibship line's height above the children, as a share of the gap
INK = "#000000"
PAPER = "#ffffff"
LEGEND = {
    "male": ("square-open", "Male (square)"),
    "female": ("circle-open", "Female (circle)"),
    "unknown_sex": ("diamond-open", "Sex not stated (diamond)"),
    "affected": ("square", "Affected (filled)"),
    "unknown": ("circle-open", "Status unknown (?)"),
    "carrier": ("circle-open-dot", "Carrier (centre dot)"),
    "deceased": ("line-ne-open", "Deceased (slash)"),
    "proband": ("arrow-up", "Proband (arrow, P)"),
}
"""Legend entries: key -> (plotly marker symbol, text); only the ones a drawing uses are shown."""

Segment = tuple[float, float, float, float]


@dataclass
class _Drawing:
    """What the drawing steps collect: line segments, shapes, annotations, legend keys."""

    x: dict[str, float]
    y: dict[str, float]
    lines: list[Segment] = field(default_factory=list)
    shapes: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    consanguinity: bool = False


def _symbol_shape(x: float, y: float, sex: str, fill: str) -> dict[str, Any]:
    h = SIZE / 2
    line = {"color": INK, "width": 2}
    if sex == "M":
        return {"type": "rect", "x0": x - h, "x1": x + h, "y0": y - h, "y1": y + h,
                "line": line, "fillcolor": fill, "layer": "above"}  # fmt: skip
    if sex == "F":
        return {"type": "circle", "x0": x - h, "x1": x + h, "y0": y - h, "y1": y + h,
                "line": line, "fillcolor": fill, "layer": "above"}  # fmt: skip
    path = f"M {x} {y + h} L {x + h} {y} L {x} {y - h} L {x - h} {y} Z"
    return {"type": "path", "path": path, "line": line, "fillcolor": fill, "layer": "above"}


def _segments(points: list[Segment]) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for x0, y0, x1, y1 in points:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


def _checked_arguments(
    ped: pd.DataFrame,
    couples: Iterable[tuple[str, str]],
    risks: Mapping[str, float] | pd.Series | None,
    highlight: str | None,
) -> tuple[pd.DataFrame, list[tuple[str, str]], dict[str, float] | None]:
    """The pedigree (validated once, here), the couples as text pairs and the risks as a dict."""
    ped = make_pedigree(ped)
    pairs = [(str(a), str(b)) for a, b in couples]
    known = set(ped["id"])
    for a, b in pairs:
        if a not in known or b not in known:
            raise ValueError(f"couples must pair ids in the pedigree, not {(a, b)!r}")
    risk_map = None
    if risks is not None:
        risk_map = {str(k): v for k, v in dict(risks).items()}
        unknown = set(risk_map) - known
        if unknown:
            raise ValueError(f"risks name people not in the pedigree: {sorted(unknown)}")
        for p in risk_map.values():
            format_risk(p)  # validates
    if highlight is not None and str(highlight) not in known:
        raise ValueError(f"highlight must be an id in the pedigree, not {highlight!r}")
    return ped, pairs, risk_map


def _draw_unions(ped: pd.DataFrame, couples: list[tuple[str, str]], d: _Drawing) -> None:
    """A mating line between partners, double when they are relatives."""
    h = SIZE / 2
    pairs = {
        tuple(sorted((f, m)))
        for f, m in zip(ped["father"], ped["mother"], strict=True)
        if f is not None
    } | {tuple(sorted(c)) for c in couples}
    for a, b in sorted(pairs):
        left, right = sorted((a, b), key=lambda p: d.x[p])
        x0, x1, yy = d.x[left] + h, d.x[right] - h, (d.y[a] + d.y[b]) / 2
        if consanguineous(ped, a, b):
            d.consanguinity = True
            d.lines += [(x0, yy + 0.05, x1, yy + 0.05), (x0, yy - 0.05, x1, yy - 0.05)]
        else:
            d.lines.append((x0, yy, x1, yy))


def _draw_sibship(kids: list[str], twin: Mapping[str, str], mid: float, top: float,
                  d: _Drawing) -> None:  # fmt: skip
    """From a union down to the sibship line, then down to each child (twins from one apex)."""
    h = SIZE / 2
    # nearer the children than the parents: the parents' labels (number, risk) sit above it
    bar = min(d.y[k] for k in kids) + h + BAR_ABOVE_CHILDREN * (ROW - SIZE)
    if abs(top - bar) > 1e-9:
        d.lines.append((mid, top, mid, bar))
    groups: dict[str, list[str]] = {}
    for k in kids:
        groups.setdefault(twin[k] or f"single:{k}", []).append(k)
    points = []
    for label, members in groups.items():
        apex = sum(d.x[k] for k in members) / len(members)
        points.append(apex)
        for k in members:
            d.lines.append((apex, bar, d.x[k], d.y[k] + h))
        if label.upper().startswith("MZ") and len(members) > 1:
            xs = sorted(d.x[k] for k in members)
            level = bar - (bar - d.y[members[0]] - h) / 2  # identical twins: a bar halfway down
            d.lines.append((apex + (xs[0] - apex) / 2, level, apex + (xs[-1] - apex) / 2, level))
    lo, hi = min([*points, mid]), max([*points, mid])
    if hi > lo:
        d.lines.append((lo, bar, hi, bar))


def _draw_descent(ped: pd.DataFrame, d: _Drawing) -> None:
    """Lines of descent for every sibship."""
    sibships: dict[tuple[str, str], list[str]] = {}
    for child, f, m in zip(ped["id"], ped["father"], ped["mother"], strict=True):
        if f is not None:
            sibships.setdefault((f, m), []).append(child)
    twin = dict(zip(ped["id"], ped["twin"], strict=True))
    for (f, m), kids in sibships.items():
        _draw_sibship(kids, twin, (d.x[f] + d.x[m]) / 2, (d.y[f] + d.y[m]) / 2, d)


def _draw_marks(p: str, row: pd.Series, highlighted: bool, d: _Drawing) -> None:
    """One person's carrier dot, deceased slash, proband arrow and highlight box."""
    x, y, h = d.x[p], d.y[p], SIZE / 2
    if row["carrier"] and row["affected"] is not True:
        r = SIZE / 7
        d.shapes.append(
            {"type": "circle", "x0": x - r, "x1": x + r, "y0": y - r, "y1": y + r,
             "fillcolor": INK, "line": {"color": INK, "width": 1}, "layer": "above"}
        )  # fmt: skip
        d.used.add("carrier")
    if row["deceased"]:
        d.shapes.append(
            {"type": "line", "x0": x - 0.75 * SIZE, "y0": y - 0.75 * SIZE,
             "x1": x + 0.75 * SIZE, "y1": y + 0.75 * SIZE,
             "line": {"color": INK, "width": 2}, "layer": "above"}
        )  # fmt: skip
        d.used.add("deceased")
    if row["proband"]:
        d.annotations.append(
            {"x": x - 1.05 * h, "y": y - 0.85 * h, "ax": x - 1.9 * h, "ay": y - 1.7 * h,
             "axref": "x", "ayref": "y", "xref": "x", "yref": "y",
             "showarrow": True, "arrowhead": 2, "arrowsize": 1.2, "arrowwidth": 2,
             "arrowcolor": INK, "text": "<b>P</b>", "font": {"size": 13, "color": INK},
             "xanchor": "right", "yanchor": "top"}
        )  # fmt: skip
        d.used.add("proband")
    if highlighted:
        d.shapes.append(
            {"type": "rect", "x0": x - 0.45, "x1": x + 0.45, "y0": y - 0.45, "y1": y + 0.45,
             "line": {"color": INK, "width": 1.5, "dash": "dash"},
             "fillcolor": "rgba(0,0,0,0)", "layer": "below"}
        )  # fmt: skip


def _draw_people(ped: pd.DataFrame, highlight: str | None, d: _Drawing) -> None:
    """Each person's symbol (filled when affected, "?" when unknown) and marks."""
    people = ped.set_index("id")
    for p in ped["id"]:
        row = people.loc[p]
        affected = row["affected"]
        fill = INK if affected is True else PAPER
        d.shapes.append(_symbol_shape(d.x[p], d.y[p], row["sex"], fill))
        d.used.add({"M": "male", "F": "female", "U": "unknown_sex"}[row["sex"]])
        if affected is True:
            d.used.add("affected")
        elif affected is None:
            d.used.add("unknown")
            d.annotations.append(
                {"x": d.x[p], "y": d.y[p], "text": "?", "showarrow": False,
                 "font": {"size": 14, "color": INK}}
            )  # fmt: skip
        _draw_marks(p, row, highlight is not None and p == str(highlight), d)


def _hover_texts(ped: pd.DataFrame, pos: pd.DataFrame, risks: Mapping[str, float] | None,
                 risk_label: str) -> tuple[list[str], list[str]]:  # fmt: skip
    """The label under each symbol (number, risk) and its hover text in words."""
    status_text = {True: "affected", False: "unaffected", None: "status unknown"}
    sex_text = {"M": "male", "F": "female", "U": "sex not stated"}
    labels, hover = [], []
    for row in ped.to_dict(orient="records"):
        p = row["id"]
        risk = format_risk(risks[p]) if risks is not None and p in risks else None
        labels.append(str(pos.at[p, "number"]) + (f"<br>{risk}" if risk else ""))
        marks = [m for m in MARKS if row[m]]
        extra = "; " + ", ".join(marks) if marks else ""
        chance = f"<br>{risk_label} probability {risk}" if risk else ""
        hover.append(
            f"{pos.at[p, 'label']} (id {p}): {sex_text[row['sex']]}, "
            f"{status_text[row['affected']]}{extra}{chance}"
        )
    return labels, hover


def people_table(ped: pd.DataFrame, pos: pd.DataFrame, risks: Mapping[str, float] | None,
                 risk_label: str = "carrier") -> dict[str, Any]:  # fmt: skip
    """The drawing as a structured text table for readers who cannot see it: one row per
    person, generation by generation from the left, with sex, status, marks and risk."""
    status_text = {True: "affected", False: "unaffected", None: "status unknown"}
    sex_text = {"M": "male", "F": "female", "U": "sex not stated"}
    name = {p: str(pos.at[p, "label"]) for p in ped["id"]}
    rows = []
    for row in ped.to_dict(orient="records"):
        p = row["id"]
        parents = [name[q] for q in (row["father"], row["mother"]) if q is not None]
        rows.append([
            name[p].split("-")[0], name[p], sex_text[row["sex"]], status_text[row["affected"]],
            " and ".join(parents) or "not in the drawing",
            ", ".join(m for m in MARKS if row[m]) or "none",
            *([format_risk(risks[p]) if p in risks else "not computed"] if risks else []),
        ])  # fmt: skip
    rows.sort(key=lambda r: label_sort_key(r[1]))
    generations = len({r[0] for r in rows})
    return {
        "caption": f"{len(rows)} people in {generations} generations, numbered from the left",
        "columns": ["Generation", "Person", "Sex", "Status", "Parents", "Marks",
                    *([f"{risk_label.capitalize()} probability"] if risks else [])],
        "rows": rows,
    }  # fmt: skip


def _traces(ped: pd.DataFrame, labels: list[str], hover: list[str], d: _Drawing) -> list[dict]:
    """The line trace, the text trace (numbers, risks, hover) and the legend entries used."""
    xs, ys = _segments(d.lines)
    ids = list(ped["id"])
    data: list[dict[str, Any]] = [
        {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip",
         "line": {"color": INK, "width": 2, "dash": "solid"}, "showlegend": False},
        {"type": "scatter", "x": [d.x[p] for p in ids],
         "y": [d.y[p] - SIZE / 2 - 0.08 for p in ids], "mode": "text", "text": labels,
         "textposition": "bottom center", "textfont": {"size": 12, "color": INK},
         "hovertext": hover, "hoverinfo": "text", "showlegend": False},
    ]  # fmt: skip
    for key, (symbol, name) in LEGEND.items():
        if key in d.used:
            data.append(
                {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
                 "marker": {"symbol": symbol, "size": 12, "color": INK,
                            "line": {"color": INK, "width": 2}}}
            )  # fmt: skip
    if d.consanguinity:
        data.append(
            {"type": "scatter", "x": [None], "y": [None], "mode": "lines",
             "name": "═ Union of relatives (double line)",
             "line": {"color": INK, "width": 2, "dash": "solid"}}
        )  # fmt: skip
    return data


def _figure(title: str, x_title: str, data: list[dict], pos: pd.DataFrame,
            d: _Drawing, table: dict[str, Any]) -> go.Figure:  # fmt: skip
    """The figure: axes without grid, generations in Roman numerals, legend below; its
    people as a table in ``layout.meta["data_table"]`` (the "Show the data" text)."""
    depth = int(pos["generation"].max())
    width = float(pos["x"].max())
    plain = {"showgrid": False, "showline": False, "zeroline": False, "ticks": ""}
    return fast_figure(
        title=title,
        x_title=x_title,
        y_title="Generation",
        data=data,
        height=int(110 * depth + 200),
        showlegend=True,
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0},
        margin={"l": 70, "r": 20, "t": 60, "b": 90},
        shapes=d.shapes,
        annotations=d.annotations,
        hovermode="closest",
        meta={"data_table": [table]},
        xaxis={"range": [-1.2, width + 1.0], "showticklabels": False, "constrain": "domain",
               **plain},
        yaxis={"range": [-ROW * (depth - 1) - 1.1, 0.8],
               "tickvals": [-ROW * g for g in range(depth)],
               "ticktext": [roman(g + 1) for g in range(depth)], "scaleanchor": "x",
               "scaleratio": 1, "constrain": "domain", "tickfont": {"size": 16}, **plain},
    )  # fmt: skip


def pedigree_figure(
    ped: pd.DataFrame,
    *,
    title: str = "Pedigree",
    couples: Iterable[tuple[str, str]] = (),
    risks: Mapping[str, float] | pd.Series | None = None,
    risk_label: str = "carrier",
    highlight: str | None = None,
    positions: pd.DataFrame | None = None,
) -> go.Figure:
    """Draw ``ped`` in standard pedigree symbols; optionally label people with ``risks``.

    ``risks`` maps person ids to probabilities, shown as percentages under
    their numbers (the legend and hover text name them ``risk_label``).
    ``highlight`` puts a dashed box around one person. ``positions``: the result of
    :func:`higm_lessons.pedigree.layout` for this pedigree and couples, if already computed.
    """
    ped, pairs, risk_map = _checked_arguments(ped, couples, risks, highlight)
    pos = layout(ped, pairs) if positions is None else positions
    d = _Drawing(x=pos["x"].to_dict(), y={p: -ROW * (g - 1) for p, g in pos["generation"].items()})
    _draw_unions(ped, pairs, d)
    _draw_descent(ped, d)
    _draw_people(ped, highlight, d)
    labels, hover = _hover_texts(ped, pos, risk_map, risk_label)
    x_title = "People in each generation, numbered from the left" + (
        f"; % = {risk_label} probability" if risk_map else ""
    )
    table = people_table(ped, pos, risk_map, risk_label)
    return _figure(title, x_title, _traces(ped, labels, hover, d), pos, d, table)


def pedigree_takeaway(
    ped: pd.DataFrame,
    risks: Mapping[str, float] | None = None,
    *,
    positions: pd.DataFrame | None = None,
) -> str:
    """One sentence describing a pedigree drawing in words (``positions`` as in the figure)."""
    ped = make_pedigree(ped)
    pos = layout(ped) if positions is None else positions
    affected = [pos.at[p, "label"] for p in ped.loc[ped["affected"].eq(True), "id"]]
    males = int((ped["affected"].eq(True) & ped["sex"].eq("M")).sum())
    females = int((ped["affected"].eq(True) & ped["sex"].eq("F")).sum())
    text = (
        f"{len(ped)} people in {int(pos['generation'].max())} generations; "
        f"{len(affected)} affected ({males} male, {females} female)"
    )
    text += f": {', '.join(sorted(affected, key=label_sort_key))}." if affected else "."
    if risks:
        women = [p for p in ped.loc[ped["sex"].eq("F"), "id"] if p in risks]
        if women:
            top = max(women, key=lambda p: risks[p])
            text += (
                f" The woman most likely to be a carrier is {pos.at[top, 'label']} "
                f"({format_risk(risks[top])})."
            )
    return text
