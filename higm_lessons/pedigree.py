"""Pedigrees: a PED-compatible table, PED files, an automatic layout and a plotly drawing.

The table has one row per person and the columns of a PED file (``family``,
``id``, ``father``, ``mother``, ``sex``, ``affected``) plus four marks used in
clinical pedigrees: ``proband``, ``deceased``, ``carrier`` (a known carrier:
tested, or obligate) and ``twin`` (a label shared by twins, starting ``MZ`` for
identical and ``DZ`` for non-identical twins).

The drawing follows the standard pedigree nomenclature (Bennett et al. 2008,
updated 2022): squares for males, circles for females, diamonds for unknown
sex, filled symbols for affected people, a centre dot for carriers, a slash for
deceased people, an arrow with "P" for the proband, a double line for a union
between relatives, generations in Roman numerals and people numbered from the
left. Nothing is shown by colour alone: everything is black on white.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TypeAlias

import numpy as np
import pandas as pd

from higm_lessons import checks

PedigreeLike: TypeAlias = pd.DataFrame | Iterable[Mapping[str, object]]
"""What the pedigree functions accept: a table, or a list of dicts (one per person)."""

COLUMNS = [
    "family",
    "id",
    "father",
    "mother",
    "sex",
    "affected",
    "proband",
    "deceased",
    "carrier",
    "twin",
]
"""The columns of a pedigree table, in order."""

SEXES = ("M", "F", "U")
MARKS = ("proband", "deceased", "carrier")
_PED_SEX = {"1": "M", "2": "F", "0": "U", "M": "M", "F": "F", "U": "U", "m": "M", "f": "F"}
_PED_PHENO = {"2": True, "1": False, "0": None, "-9": None}


# --------------------------------------------------------------------------- values
def is_missing(value: object) -> bool:
    """True for the ways a missing parent or status may be written: None, NaN, pd.NA, ""."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _status(value: object, column: str, who: str) -> bool | None:
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer) and value in (0, 1):
        return bool(value)
    raise ValueError(
        f"{column} of person {who!r} must be True, False or None (unknown), not {value!r}"
    )


def _flag(value: object, column: str, who: str) -> bool:
    status = _status(value, column, who)
    return bool(status)


def _text_id(value: object, column: str, row: int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # pandas turns integer ids with gaps into floats
    if isinstance(value, bool | np.bool_) or not isinstance(value, str | int | np.integer):
        raise TypeError(
            f"{column} in row {row} must be a person id (text or a whole number), not {value!r}"
        )
    text = str(value).strip()
    if not text:
        raise ValueError(f"{column} in row {row} is empty; every person needs an id")
    return text


# --------------------------------------------------------------------------- the table
class Pedigree(pd.DataFrame):
    """A pedigree table checked by :func:`make_pedigree` (the one place a pedigree is validated).

    Every function that takes a pedigree passes its argument through
    :func:`make_pedigree`, which returns a ``Pedigree`` at once when it is given
    one, so a pedigree handed from function to function is validated only once.
    A derived table (``copy()``, a filter, ``set_index``) is a plain DataFrame
    again and is checked afresh; change a pedigree through such a copy, never in place.
    """


def _as_frame(people: object) -> pd.DataFrame:
    """A DataFrame copy of ``people`` (a DataFrame or a list of dicts) with the needed columns."""
    if isinstance(people, pd.DataFrame):
        frame = pd.DataFrame(people).copy()
    elif isinstance(people, Iterable) and not isinstance(people, str | bytes | Mapping):
        rows = list(people)
        if not all(isinstance(r, Mapping) for r in rows):
            raise TypeError("pedigree must be a DataFrame or a list of dicts, one per person")
        frame = pd.DataFrame(rows)
    else:
        raise TypeError(
            f"pedigree must be a DataFrame or a list of dicts, not {type(people).__name__}"
        )
    missing = [c for c in ("id", "father", "mother", "sex") if c not in frame.columns]
    if missing:
        raise ValueError(
            f"pedigree is missing column(s) {missing}; it needs id, father, mother and sex "
            "(and usually affected)"
        )
    if frame.empty:
        raise ValueError("pedigree has no rows; it needs at least one person")
    return frame.reset_index(drop=True)


def _ids_and_sexes(frame: pd.DataFrame, require_sex: bool) -> tuple[list[str], list[str]]:
    """Unique text ids and the sexes as ``"M"``, ``"F"`` (or ``"U"`` unless ``require_sex``)."""
    ids = [_text_id(v, "id", i) for i, v in enumerate(frame["id"])]
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise ValueError(f"pedigree has duplicate ids {duplicates}; each id must be unique")
    allowed = ("M", "F") if require_sex else SEXES
    sexes = []
    for who, sex in zip(ids, frame["sex"], strict=True):
        if not isinstance(sex, str) or sex.strip().upper() not in allowed:
            raise ValueError(f"sex of person {who!r} must be one of {list(allowed)}, not {sex!r}")
        sexes.append(sex.strip().upper())
    return ids, sexes


def _parents(
    frame: pd.DataFrame, ids: list[str], sexes: list[str]
) -> tuple[list[str | None], list[str | None]]:
    """Fathers and mothers as ids (None for founders): both or neither, known, of the right sex."""
    known = set(ids)
    sex_of = dict(zip(ids, sexes, strict=True))
    fathers: list[str | None] = []
    mothers: list[str | None] = []
    for row, (who, dad, mum) in enumerate(zip(ids, frame["father"], frame["mother"], strict=True)):
        dad = None if is_missing(dad) else _text_id(dad, "father", row)
        mum = None if is_missing(mum) else _text_id(mum, "mother", row)
        if (dad is None) != (mum is None):
            given = "father" if dad is not None else "mother"
            raise ValueError(
                f"person {who!r} has only one parent given ({given}); give both parents "
                "or neither (a founder). Add an unknown parent as a new person if needed"
            )
        for parent, role in ((dad, "father"), (mum, "mother")):
            if parent is not None and parent not in known:
                raise ValueError(f"{role} of person {who!r} is {parent!r}, which is not an id")
        if dad is not None and sex_of[dad] != "M":
            raise ValueError(f"father {dad!r} of person {who!r} must be male (sex 'M')")
        if mum is not None and sex_of[mum] != "F":
            raise ValueError(f"mother {mum!r} of person {who!r} must be female (sex 'F')")
        fathers.append(dad)
        mothers.append(mum)
    return fathers, mothers


def _column(frame: pd.DataFrame, name: str, default: object) -> list[object]:
    return list(frame[name]) if name in frame.columns else [default] * len(frame)


def make_pedigree(people: PedigreeLike, *, require_sex: bool = False) -> Pedigree:
    """A checked pedigree table from a DataFrame or a list of dicts (one per person).

    Needs ``id``, ``father``, ``mother`` and ``sex``; ``affected`` defaults to
    unknown and the marks to False. Ids become text; a missing parent (None,
    NaN or "") becomes None. Raises ``ValueError`` naming the problem for
    duplicate ids, unknown parent ids, only one parent given, a father who is
    not male or a mother who is not female, and cycles (someone their own
    ancestor). With ``require_sex`` every sex must be "M" or "F". A
    :class:`Pedigree` (already checked) is returned as it is.
    """
    checked = isinstance(people, Pedigree) and type(people) is Pedigree
    if checked and (not require_sex or not people["sex"].eq("U").any()):  # type: ignore[index]
        return people  # type: ignore[return-value]
    frame = _as_frame(people)
    ids, sexes = _ids_and_sexes(frame, require_sex)
    fathers, mothers = _parents(frame, ids, sexes)
    out = pd.DataFrame(
        {
            "family": ["1" if is_missing(v) else str(v) for v in _column(frame, "family", None)],
            "id": ids,
            "father": pd.Series(fathers, dtype=object),
            "mother": pd.Series(mothers, dtype=object),
            "sex": sexes,
            "affected": pd.Series(
                [
                    _status(v, "affected", who)
                    for who, v in zip(ids, _column(frame, "affected", None), strict=True)
                ],
                dtype=object,
            ),
        }
    )
    for mark in MARKS:
        values = _column(frame, mark, False)
        out[mark] = [_flag(v, mark, who) for who, v in zip(ids, values, strict=True)]
    out["twin"] = ["" if is_missing(t) else str(t).strip() for t in _column(frame, "twin", None)]
    topological_order(out)  # raises on cycles
    return Pedigree(out)


def topological_order(ped: pd.DataFrame) -> list[int]:
    """Row positions with parents before children; ``ValueError`` naming a cycle if any."""
    ids = list(ped["id"])
    index = {p: i for i, p in enumerate(ids)}
    parents = [
        [index[p] for p in (dad, mum) if p is not None]
        for dad, mum in zip(ped["father"], ped["mother"], strict=True)
    ]
    state = [0] * len(ids)  # 0 new, 1 on the stack, 2 done
    order: list[int] = []
    for start in range(len(ids)):
        if state[start]:
            continue
        stack = [(start, 0)]
        path = [start]
        state[start] = 1
        while stack:
            node, k = stack[-1]
            if k < len(parents[node]):
                stack[-1] = (node, k + 1)
                parent = parents[node][k]
                if state[parent] == 1:
                    cycle = [*path[path.index(parent) :], parent]
                    raise ValueError(
                        "pedigree has a cycle (someone is their own ancestor): "
                        + " -> ".join(repr(ids[i]) for i in cycle)
                    )
                if state[parent] == 0:
                    state[parent] = 1
                    stack.append((parent, 0))
                    path.append(parent)
            else:
                stack.pop()
                path.pop()
                state[node] = 2
                order.append(node)
    return order


def generations(ped: pd.DataFrame) -> dict[str, int]:
    """Generation of each person, 0 at the top; people who marry in share their partner's."""
    ids = list(ped["id"])
    father = dict(zip(ids, ped["father"], strict=True))
    mother = dict(zip(ids, ped["mother"], strict=True))
    partners = _partners(ped)
    gen = {p: 0 for p in ids}
    order = [ids[i] for i in topological_order(ped)]
    for _ in range(len(ids) + 1):
        changed = False
        for p in order:
            if father[p] is not None:
                want = max(gen[father[p]], gen[mother[p]]) + 1
                if want != gen[p]:
                    gen[p], changed = want, True
        for p in order:
            if father[p] is None and partners.get(p):
                want = max(gen[q] for q in partners[p])
                if want > gen[p]:
                    gen[p], changed = want, True
        if not changed:
            break
    return gen


def _partners(ped: pd.DataFrame, couples: Iterable[tuple[str, str]] = ()) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    pairs = [
        (d, m) for d, m in zip(ped["father"], ped["mother"], strict=True) if d is not None
    ] + list(couples)
    for a, b in pairs:
        found.setdefault(a, [])
        found.setdefault(b, [])
        if b not in found[a]:
            found[a].append(b)
            found[b].append(a)
    return found


def ancestors(ped: pd.DataFrame, person: str) -> set[str]:
    """Everyone above ``person`` in the pedigree (not including the person)."""
    father = dict(zip(ped["id"], ped["father"], strict=True))
    mother = dict(zip(ped["id"], ped["mother"], strict=True))
    found: set[str] = set()
    todo = [person]
    while todo:
        p = todo.pop()
        for parent in (father.get(p), mother.get(p)):
            if parent is not None and parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def descendants(ped: pd.DataFrame, person: str) -> set[str]:
    """Everyone below ``person`` in the pedigree (children, grandchildren, ...)."""
    children: dict[str, list[str]] = {}
    for child, dad, mum in zip(ped["id"], ped["father"], ped["mother"], strict=True):
        for parent in (dad, mum):
            if parent is not None:
                children.setdefault(parent, []).append(child)
    found: set[str] = set()
    todo = [person]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def consanguineous(ped: pd.DataFrame, a: str, b: str) -> bool:
    """True when partners ``a`` and ``b`` share an ancestor (a union between relatives)."""
    return bool((ancestors(ped, a) | {a}) & (ancestors(ped, b) | {b}))


# --------------------------------------------------------------------------- PED files
def read_ped(path: str | Path) -> pd.DataFrame:
    """Read a PED file: 6 whitespace-separated columns (FID IID PAT MAT SEX PHENO).

    Missing parents are ``0``; sex ``1`` male, ``2`` female, ``0`` unknown;
    phenotype ``2`` affected, ``1`` unaffected, ``0`` or ``-9`` unknown. Lines
    starting with ``#`` are comments, except a first ``#FID ...`` header line,
    which names extra columns (PROBAND DECEASED CARRIER as 0/1, TWIN as a label
    or 0); further columns without a header (genotypes) are ignored.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ValueError(f"path {str(path)!r} cannot be read: {exc}") from None
    header = None
    rows: list[dict[str, str | bool | None]] = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        if text.startswith("#"):
            if header is None and not rows and text[1:].split()[:2] == ["FID", "IID"]:
                header = [h.upper() for h in text[1:].split()]
            continue
        fields = text.split()
        if len(fields) < 6:
            raise ValueError(
                f"{path.name}, line {number}: a PED line needs 6 columns "
                f"(FID IID PAT MAT SEX PHENO), found {len(fields)}"
            )
        fid, iid, pat, mat, sex, pheno = fields[:6]
        if sex not in _PED_SEX:
            raise ValueError(f"{path.name}, line {number}: sex must be 1, 2 or 0, not {sex!r}")
        if pheno not in _PED_PHENO:
            raise ValueError(
                f"{path.name}, line {number}: phenotype must be 2, 1, 0 or -9, not {pheno!r}"
            )
        row = {
            "family": fid,
            "id": iid,
            "father": None if pat == "0" else pat,
            "mother": None if mat == "0" else mat,
            "sex": _PED_SEX[sex],
            "affected": _PED_PHENO[pheno],
        }
        if header:
            extra = dict(zip(header[6:], fields[6:], strict=False))
            for mark in MARKS:
                value = extra.get(mark.upper(), "0")
                if value not in ("0", "1"):
                    raise ValueError(
                        f"{path.name}, line {number}: {mark.upper()} must be 0 or 1, not {value!r}"
                    )
                row[mark] = value == "1"
            twin = extra.get("TWIN", "0")
            row["twin"] = "" if twin == "0" else twin
        rows.append(row)
    if not rows:
        raise ValueError(f"{path.name} holds no pedigree lines")
    return make_pedigree(rows)


def write_ped(ped: pd.DataFrame, path: str | Path, *, marks: bool = True) -> Path:
    """Write a pedigree as a PED file; with ``marks`` add a ``#FID ...`` header and mark columns.

    Without ``marks`` the file has exactly the 6 standard columns.
    """
    ped = make_pedigree(ped)
    path = Path(path)
    lines = []
    if marks:
        lines.append("#FID IID PAT MAT SEX PHENO PROBAND DECEASED CARRIER TWIN")
    for row in ped.itertuples(index=False):
        for value in (row.family, row.id, row.twin):
            if any(c.isspace() for c in value):
                raise ValueError(f"PED fields cannot contain spaces: {value!r}")
        sex = {"M": "1", "F": "2", "U": "0"}[row.sex]
        pheno = {True: "2", False: "1", None: "0"}[row.affected]
        fields = [row.family, row.id, row.father or "0", row.mother or "0", sex, pheno]
        if marks:
            fields += [str(int(getattr(row, m))) for m in MARKS] + [row.twin or "0"]
        lines.append(" ".join(fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- layout
def roman(number: int) -> str:
    """1 -> 'I', 4 -> 'IV', as used for pedigree generations."""
    number = checks.whole("number", number, low=1, high=39)
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


class _Family:
    """The relations :func:`layout` needs, computed once from a checked pedigree."""

    def __init__(self, ped: pd.DataFrame, couples: list[tuple[str, str]]):
        self.ids: list[str] = list(ped["id"])
        self.sex = dict(zip(self.ids, ped["sex"], strict=True))
        self.father = dict(zip(self.ids, ped["father"], strict=True))
        self.mother = dict(zip(self.ids, ped["mother"], strict=True))
        self.twin = dict(zip(self.ids, ped["twin"], strict=True))
        self.partners = _partners(ped, couples)
        self.gen = generations(ped)
        for _ in range(3 if couples else 0):
            # a childless partner who married in stands in the partner's generation
            for a, b in couples:
                if self.father[a] is None and self.father[b] is not None:
                    self.gen[a] = self.gen[b]
                elif self.father[b] is None and self.father[a] is not None:
                    self.gen[b] = self.gen[a]
        self.children: dict[tuple[str, str], list[str]] = {}
        for child in self.ids:
            dad, mum = self.father[child], self.mother[child]
            if dad is not None and mum is not None:
                self.children.setdefault((dad, mum), []).append(child)
        self.blood = {p for p in self.ids if self.father[p] is not None}
        self.depth = max(self.gen.values()) + 1


def _place_with_partners(fam: _Family, person: str, row: list[str], placed: set[str]) -> None:
    """Put ``person`` in ``row`` with any partners who married in beside them."""
    if person in placed:
        return
    outside = [
        q
        for q in fam.partners.get(person, [])
        if q not in placed and fam.gen[q] == fam.gen[person] and q not in fam.blood
    ]
    # A man stands left of his partner when both are new, by convention.
    left = [q for q in outside if fam.sex[q] == "M" and fam.sex[person] != "M"]
    right = [q for q in outside if q not in left]
    for q in [*left, person, *right]:
        row.append(q)
        placed.add(q)


def _ordered_sibship(
    fam: _Family, couple: tuple[str, str], kids: list[str], above: list[str]
) -> list[str]:
    """Twins together; a relative who marries a relative goes to the end of the sibship facing
    the partner's sibship, so the two stand side by side."""
    order: list[str] = []
    for k in kids:
        if k not in order:
            order += [t for t in kids if fam.twin[k] and fam.twin[t] == fam.twin[k]] or [k]
    here = above.index(couple[0]) if couple[0] in above else 0
    left: list[str] = []
    middle: list[str] = []
    right: list[str] = []
    for k in order:
        inside = [q for q in fam.partners.get(k, []) if q in fam.blood and q not in kids]
        if not inside:
            middle.append(k)
            continue
        dad = fam.father[inside[0]]
        there = above.index(dad) if dad in above else len(above)
        (right if there > here else left).append(k)
    return left + middle + right


def _rows(fam: _Family) -> list[list[str]]:
    """The people of each generation in drawing order, founders first, sibships together."""
    rows: list[list[str]] = [[] for _ in range(fam.depth)]
    placed: set[str] = set()
    for p in fam.ids:  # top generation: founder couples in order of appearance
        if fam.gen[p] == 0:
            _place_with_partners(fam, p, rows[0], placed)
    for g in range(1, fam.depth):
        sibships = []
        for parent in rows[g - 1]:
            for couple in fam.children:
                if parent in couple and couple not in sibships:
                    other = couple[1] if couple[0] == parent else couple[0]
                    if other in rows[g - 1] or fam.gen[other] == g - 1:
                        sibships.append(couple)
        for couple in fam.children:
            if couple not in sibships and fam.gen[fam.children[couple][0]] == g:
                sibships.append(couple)
        for couple in sibships:
            for kid in _ordered_sibship(fam, couple, fam.children[couple], rows[g - 1]):
                if fam.gen[kid] == g:
                    _place_with_partners(fam, kid, rows[g], placed)
        for p in fam.ids:
            if fam.gen[p] == g:
                _place_with_partners(fam, p, rows[g], placed)
    return rows


def _pack_bottom_up(fam: _Family, rows: list[list[str]]) -> dict[str, float]:
    """x of everyone: pack the lowest row, then centre each couple over its children."""
    x: dict[str, float] = {}
    for g in range(fam.depth - 1, -1, -1):
        right_edge = -math.inf
        row = rows[g]
        i = 0
        while i < len(row):
            p = row[i]
            group = [p]
            if i + 1 < len(row) and row[i + 1] in fam.partners.get(p, []):
                group.append(row[i + 1])
            kids = [
                c
                for couple, cs in fam.children.items()
                if set(couple) == set(group) or (len(group) == 1 and p in couple)
                for c in cs
                if c in x
            ]
            width = len(group) - 1
            start = right_edge + 1 if right_edge > -math.inf else 0.0
            if kids:
                centre = (min(x[c] for c in kids) + max(x[c] for c in kids)) / 2
                start = max(start, centre - width / 2)
            for k, q in enumerate(group):
                x[q] = start + k
            right_edge = start + width
            i += len(group)
    return x


def _centre_top_down(fam: _Family, rows: list[list[str]], x: dict[str, float]) -> None:
    """A sibship whose parents were pushed right moves right under them."""
    for g in range(1, fam.depth):
        row = rows[g]
        for couple, kids in fam.children.items():
            members = [k for k in kids if k in row]
            if not members:
                continue
            centre = (x[couple[0]] + x[couple[1]]) / 2
            span = (min(x[k] for k in members) + max(x[k] for k in members)) / 2
            shift = centre - span
            first = min(row.index(k) for k in members)
            # Never pull a person away from a partner standing on their left.
            split = first > 0 and row[first - 1] in fam.partners.get(row[first], [])
            if shift > 0 and not split:
                for q in row[first:]:
                    x[q] += shift


def layout(ped: pd.DataFrame, couples: Iterable[tuple[str, str]] = ()) -> pd.DataFrame:
    """Positions for drawing: one row per person with ``x``, ``generation`` and ``label``.

    ``label`` is the standard name, generation in Roman numerals and the
    person's number from the left (``"II-3"``). ``couples`` adds partnerships
    without children. Sibships are kept together, people who marry in stand
    next to their partner, and relatives who marry each other are moved to the
    ends of their sibships so that they stand side by side.
    """
    fam = _Family(make_pedigree(ped), list(couples))
    rows = _rows(fam)
    x = _pack_bottom_up(fam, rows)
    _centre_top_down(fam, rows, x)
    left = min(x.values())  # shift so the drawing starts at x = 0
    number = {}
    for row in rows:
        for k, p in enumerate(sorted(row, key=lambda q: x[q]), start=1):
            number[p] = k
    out = pd.DataFrame(
        {
            "id": fam.ids,
            "x": [x[p] - left for p in fam.ids],
            "generation": [fam.gen[p] + 1 for p in fam.ids],
            "number": [number[p] for p in fam.ids],
        }
    )
    out["label"] = [
        f"{roman(g)}-{n}" for g, n in zip(out["generation"], out["number"], strict=True)
    ]
    return out.set_index("id")


# --------------------------------------------------------------------------- text
def format_risk(p: float) -> str:
    """A probability as a percentage with sensible digits: 100%, 67%, 3.1%, 0.0004%."""
    if not isinstance(p, int | float | np.floating) or not 0 <= p <= 1 or math.isnan(p):
        raise ValueError(f"p must be a probability from 0 to 1, not {p!r}")
    percent = 100 * float(p)
    if percent in (0, 100) or 10 <= percent <= 90:
        return f"{percent:.0f}%"
    if percent > 99.9:
        return ">99.9%"
    if 1 <= percent <= 99.9:
        return f"{percent:.1f}%"
    if percent < 0.0001:
        return "<0.0001%"
    return f"{percent:.1g}%"


def label_sort_key(label: str) -> tuple[int, int]:
    """Sort key of a standard person label: ``"II-3"`` -> ``(2, 3)`` (generation, number)."""
    if not isinstance(label, str):
        raise TypeError(f"label must be a pedigree label such as 'II-3', not {label!r}")
    roman_part, _, number = label.partition("-")
    values = {roman(i): i for i in range(1, 40)}
    if roman_part not in values or not number.isdigit():
        raise ValueError(f"label must be a pedigree label such as 'II-3', not {label!r}")
    return values[roman_part], int(number)


_EXAMPLES: dict[str, list[tuple[str | bool | None, ...]]] = {
    # A three-generation X-linked family: the grandmother is an obligate carrier.
    "x-linked": [
        ("1", None, None, "M", False, False, True, False, ""),
        ("2", None, None, "F", False, False, False, True, ""),
        ("3", "1", "2", "M", True, False, True, False, ""),
        ("4", "1", "2", "F", False, False, False, False, ""),
        ("5", None, None, "M", False, False, False, False, ""),
        ("6", "5", "4", "M", True, True, False, False, ""),
        ("7", "5", "4", "M", False, False, False, False, "MZ1"),
        ("8", "5", "4", "M", False, False, False, False, "MZ1"),
        ("9", "5", "4", "F", None, False, False, False, ""),
    ],
    # An autosomal recessive family: first cousins have an affected son and daughter.
    "autosomal": [
        ("1", None, None, "M", False, False, True, False, ""),
        ("2", None, None, "F", False, False, True, False, ""),
        ("3", "1", "2", "M", False, False, False, False, ""),
        ("4", None, None, "F", False, False, False, False, ""),
        ("5", "1", "2", "F", False, False, False, False, ""),
        ("6", None, None, "M", False, False, False, False, ""),
        ("7", "3", "4", "M", False, False, False, True, ""),
        ("8", "6", "5", "F", False, False, False, True, ""),
        ("9", "7", "8", "M", True, True, False, False, ""),
        ("10", "7", "8", "F", True, False, False, False, ""),
        ("11", "7", "8", "M", False, False, False, False, ""),
    ],
}


def example(kind: str = "x-linked") -> pd.DataFrame:
    """A small teaching family: ``"x-linked"`` or ``"autosomal"`` (with related parents)."""
    if kind not in _EXAMPLES:
        raise ValueError(f"kind must be one of {sorted(_EXAMPLES)}, not {kind!r}")
    names = ["id", "father", "mother", "sex", "affected", "proband", "deceased", "carrier", "twin"]
    return make_pedigree([dict(zip(names, row, strict=True)) for row in _EXAMPLES[kind]])
