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
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

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
def make_pedigree(people: pd.DataFrame | Iterable[Mapping], *, require_sex: bool = False):
    """A checked pedigree table from a DataFrame or a list of dicts (one per person).

    Needs ``id``, ``father``, ``mother`` and ``sex``; ``affected`` defaults to
    unknown and the marks to False. Ids become text; a missing parent (None,
    NaN or "") becomes None. Raises ``ValueError`` naming the problem for
    duplicate ids, unknown parent ids, only one parent given, a father who is
    not male or a mother who is not female, and cycles (someone their own
    ancestor). With ``require_sex`` every sex must be "M" or "F".
    """
    if isinstance(people, pd.DataFrame):
        frame = people.copy()
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
    frame = frame.reset_index(drop=True)
    ids = [_text_id(v, "id", i) for i, v in enumerate(frame["id"])]
    seen: set[str] = set()
    duplicates = sorted({i for i in ids if i in seen or seen.add(i)})
    if duplicates:
        raise ValueError(f"pedigree has duplicate ids {duplicates}; each id must be unique")
    allowed = ("M", "F") if require_sex else SEXES
    sexes = []
    for who, sex in zip(ids, frame["sex"], strict=True):
        if not isinstance(sex, str) or sex.strip().upper() not in allowed:
            raise ValueError(f"sex of person {who!r} must be one of {list(allowed)}, not {sex!r}")
        sexes.append(sex.strip().upper())
    known = set(ids)
    fathers, mothers = [], []
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
        fathers.append(dad)
        mothers.append(mum)
    sex_of = dict(zip(ids, sexes, strict=True))
    for who, dad, mum in zip(ids, fathers, mothers, strict=True):
        if dad is not None and sex_of[dad] != "M":
            raise ValueError(f"father {dad!r} of person {who!r} must be male (sex 'M')")
        if mum is not None and sex_of[mum] != "F":
            raise ValueError(f"mother {mum!r} of person {who!r} must be female (sex 'F')")
    out = pd.DataFrame(
        {
            "family": [
                "1" if is_missing(v) else str(v)
                for v in frame.get("family", pd.Series([None] * len(ids)))
            ],
            "id": ids,
            "father": pd.Series(fathers, dtype=object),
            "mother": pd.Series(mothers, dtype=object),
            "sex": sexes,
            "affected": pd.Series(
                [
                    _status(v, "affected", who)
                    for who, v in zip(
                        ids, frame.get("affected", pd.Series([None] * len(ids))), strict=True
                    )
                ],
                dtype=object,
            ),
        }
    )
    for mark in MARKS:
        values = frame[mark] if mark in frame.columns else [False] * len(ids)
        out[mark] = [_flag(v, mark, who) for who, v in zip(ids, values, strict=True)]
    twins = frame["twin"] if "twin" in frame.columns else [None] * len(ids)
    out["twin"] = ["" if is_missing(t) else str(t).strip() for t in twins]
    topological_order(out)  # raises on cycles
    return out


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
    rows = []
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
    if not isinstance(number, int | np.integer) or not 1 <= number <= 39:
        raise ValueError(f"number must be a whole number from 1 to 39, not {number!r}")
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


def layout(ped: pd.DataFrame, couples: Iterable[tuple[str, str]] = ()) -> pd.DataFrame:
    """Positions for drawing: one row per person with ``x``, ``generation`` and ``label``.

    ``label`` is the standard name, generation in Roman numerals and the
    person's number from the left (``"II-3"``). ``couples`` adds partnerships
    without children. Sibships are kept together, people who marry in stand
    next to their partner, and relatives who marry each other are moved to the
    ends of their sibships so that they stand side by side.
    """
    ped = make_pedigree(ped)
    couples = list(couples)
    ids = list(ped["id"])
    sex = dict(zip(ids, ped["sex"], strict=True))
    father = dict(zip(ids, ped["father"], strict=True))
    mother = dict(zip(ids, ped["mother"], strict=True))
    partners = _partners(ped, couples)
    gen = generations(ped)
    if couples:  # a childless partner who married in stands in the partner's generation
        for _ in range(3):
            for a, b in couples:
                if father[a] is None and father[b] is not None:
                    gen[a] = gen[b]
                elif father[b] is None and father[a] is not None:
                    gen[b] = gen[a]
    children: dict[tuple[str, str], list[str]] = {}
    for child in ids:
        if father[child] is not None:
            children.setdefault((father[child], mother[child]), []).append(child)
    blood = {p for p in ids if father[p] is not None}
    depth = max(gen.values()) + 1
    rows: list[list[str]] = [[] for _ in range(depth)]
    placed: set[str] = set()

    def place_with_partners(person: str, row: list[str]) -> None:
        if person in placed:
            return
        mates = [q for q in partners.get(person, []) if q not in placed and gen[q] == gen[person]]
        outside = [q for q in mates if q not in blood]
        # A man stands left of his partner when both are new, by convention.
        left = [q for q in outside if sex[q] == "M" and sex[person] != "M"]
        right = [q for q in outside if q not in left]
        for q in left:
            row.append(q)
            placed.add(q)
        row.append(person)
        placed.add(person)
        for q in right:
            row.append(q)
            placed.add(q)

    def ordered_sibship(couple: tuple[str, str], kids: list[str], above: list[str]) -> list[str]:
        twin = dict(zip(ids, ped["twin"], strict=True))
        order: list[str] = []
        for k in kids:
            if k in order:
                continue
            order += [t for t in kids if twin[k] and twin[t] == twin[k]] or [k]
        # A relative who marries a relative goes to the end of the sibship facing the
        # partner's sibship, so the two stand side by side.
        here = above.index(couple[0]) if couple[0] in above else 0
        left, middle, right = [], [], []
        for k in order:
            inside = [q for q in partners.get(k, []) if q in blood and q not in kids]
            if not inside:
                middle.append(k)
                continue
            q = inside[0]
            there = above.index(father[q]) if father[q] in above else len(above)
            (right if there > here else left).append(k)
        return left + middle + right

    # Top generation: founder couples in order of appearance.
    for p in ids:
        if gen[p] == 0 and p not in placed:
            place_with_partners(p, rows[0])
    for g in range(1, depth):
        sibships = []
        for parent_row_person in rows[g - 1]:
            for couple in children:
                if parent_row_person in couple and couple not in sibships:
                    other = couple[1] if couple[0] == parent_row_person else couple[0]
                    if other in rows[g - 1] or gen[other] == g - 1:
                        sibships.append(couple)
        for couple in children:
            if couple not in sibships and gen[children[couple][0]] == g:
                sibships.append(couple)
        for couple in sibships:
            for kid in ordered_sibship(couple, children[couple], rows[g - 1]):
                if gen[kid] == g:
                    place_with_partners(kid, rows[g])
        for p in ids:
            if gen[p] == g and p not in placed:
                place_with_partners(p, rows[g])
    x: dict[str, float] = {}
    # Bottom-up: pack the lowest row, then centre each couple over its children.
    for g in range(depth - 1, -1, -1):
        right_edge = -math.inf
        row = rows[g]
        i = 0
        while i < len(row):
            p = row[i]
            group = [p]
            if i + 1 < len(row) and row[i + 1] in partners.get(p, []):
                group.append(row[i + 1])
            kids = [
                c
                for couple, cs in children.items()
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
    # Top-down: a sibship whose parents were pushed right moves right under them.
    for g in range(1, depth):
        row = rows[g]
        for couple, kids in children.items():
            members = [k for k in kids if k in row]
            if not members:
                continue
            centre = (x[couple[0]] + x[couple[1]]) / 2
            span = (min(x[k] for k in members) + max(x[k] for k in members)) / 2
            shift = centre - span
            first = min(row.index(k) for k in members)
            # Never pull a person away from a partner standing on their left.
            split = first > 0 and row[first - 1] in partners.get(row[first], [])
            if shift > 0 and not split:
                for q in row[first:]:
                    x[q] += shift
    # Shift so the drawing starts at x = 0.
    left = min(x.values())
    number = {}
    for row in rows:
        for k, p in enumerate(sorted(row, key=lambda q: x[q]), start=1):
            number[p] = k
    out = pd.DataFrame(
        {
            "id": ids,
            "x": [x[p] - left for p in ids],
            "generation": [gen[p] + 1 for p in ids],
            "number": [number[p] for p in ids],
        }
    )
    out["label"] = [
        f"{roman(g)}-{n}" for g, n in zip(out["generation"], out["number"], strict=True)
    ]
    return out.set_index("id")


# --------------------------------------------------------------------------- drawing
SIZE = 0.5  # side of a symbol, in layout units (people stand 1 unit apart)
ROW = 1.5  # vertical distance between generations
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


def _symbol_shape(x: float, y: float, sex: str, fill: str) -> dict:
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


def _segments(points: list[tuple[float, float, float, float]]) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    for x0, y0, x1, y1 in points:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


def pedigree_figure(
    ped: pd.DataFrame,
    *,
    title: str = "Pedigree",
    couples: Iterable[tuple[str, str]] = (),
    risks: Mapping[str, float] | pd.Series | None = None,
    risk_label: str = "carrier",
    highlight: str | None = None,
    positions: pd.DataFrame | None = None,
):
    """Draw ``ped`` in standard pedigree symbols; optionally label people with ``risks``.

    ``risks`` maps person ids to probabilities, shown as percentages under
    their numbers (the legend and hover text name them ``risk_label``).
    ``highlight`` puts a dashed box around one person. ``positions``: the result of
    :func:`layout` for this pedigree and couples, if already computed.
    """
    from higm_lessons.figures._fast import fast_figure

    ped = make_pedigree(ped)
    couples = [(str(a), str(b)) for a, b in couples]
    known = set(ped["id"])
    for a, b in couples:
        if a not in known or b not in known:
            raise ValueError(f"couples must pair ids in the pedigree, not {(a, b)!r}")
    if risks is not None:
        risks = dict(risks.items()) if isinstance(risks, pd.Series) else dict(risks)
        unknown = set(map(str, risks)) - known
        if unknown:
            raise ValueError(f"risks name people not in the pedigree: {sorted(unknown)}")
        for p in risks.values():
            format_risk(p)  # validates
    if highlight is not None and str(highlight) not in known:
        raise ValueError(f"highlight must be an id in the pedigree, not {highlight!r}")
    pos = layout(ped, couples) if positions is None else positions
    x = pos["x"].to_dict()
    y = {p: -ROW * (g - 1) for p, g in pos["generation"].items()}
    h = SIZE / 2
    people = ped.set_index("id")
    shapes: list[dict] = []
    lines: list[tuple[float, float, float, float]] = []
    annotations: list[dict] = []
    used = set()
    # Unions: a mating line between partners, double when they are relatives.
    pairs = {
        tuple(sorted((d, m)))
        for d, m in zip(ped["father"], ped["mother"], strict=True)
        if d is not None
    } | {tuple(sorted(c)) for c in couples}
    any_consanguinity = False
    for a, b in sorted(pairs):
        left, right = sorted((a, b), key=lambda p: x[p])
        x0, x1, yy = x[left] + h, x[right] - h, (y[a] + y[b]) / 2
        if consanguineous(ped, a, b):
            any_consanguinity = True
            lines += [(x0, yy + 0.05, x1, yy + 0.05), (x0, yy - 0.05, x1, yy - 0.05)]
        else:
            lines.append((x0, yy, x1, yy))
    # Descent: from the union down to a sibship line, then down to each child.
    sibships: dict[tuple[str, str], list[str]] = {}
    for child, d, m in zip(ped["id"], ped["father"], ped["mother"], strict=True):
        if d is not None:
            sibships.setdefault((d, m), []).append(child)
    for (d, m), kids in sibships.items():
        mid = (x[d] + x[m]) / 2
        top = (y[d] + y[m]) / 2
        bar = min(y[k] for k in kids) + h + (ROW - SIZE) / 2
        if abs(top - bar) > 1e-9:
            lines.append((mid, top, mid, bar))
        groups: dict[str, list[str]] = {}
        for k in kids:
            label = people.at[k, "twin"]
            groups.setdefault(label or f"single:{k}", []).append(k)
        points = []
        for label, members in groups.items():
            apex = sum(x[k] for k in members) / len(members)
            points.append(apex)
            for k in members:
                lines.append((apex, bar, x[k], y[k] + h))
            if label.upper().startswith("MZ") and len(members) > 1:
                xs = sorted(x[k] for k in members)
                frac = 0.5
                lines.append(
                    (apex + (xs[0] - apex) * frac, bar - (bar - y[members[0]] - h) * frac,
                     apex + (xs[-1] - apex) * frac, bar - (bar - y[members[0]] - h) * frac)
                )  # fmt: skip
        lo, hi = min([*points, mid]), max([*points, mid])
        if hi > lo:
            lines.append((lo, bar, hi, bar))
    # Symbols and marks.
    for p in ped["id"]:
        row = people.loc[p]
        affected = row["affected"]
        fill = INK if affected is True else PAPER
        shapes.append(_symbol_shape(x[p], y[p], row["sex"], fill))
        used.add({"M": "male", "F": "female", "U": "unknown_sex"}[row["sex"]])
        if affected is True:
            used.add("affected")
        elif affected is None:
            used.add("unknown")
            annotations.append(
                {"x": x[p], "y": y[p], "text": "?", "showarrow": False,
                 "font": {"size": 14, "color": INK}}
            )  # fmt: skip
        if row["carrier"] and affected is not True:
            r = SIZE / 7
            shapes.append(
                {"type": "circle", "x0": x[p] - r, "x1": x[p] + r, "y0": y[p] - r,
                 "y1": y[p] + r, "fillcolor": INK, "line": {"color": INK, "width": 1},
                 "layer": "above"}
            )  # fmt: skip
            used.add("carrier")
        if row["deceased"]:
            shapes.append(
                {"type": "line", "x0": x[p] - 0.75 * SIZE, "y0": y[p] - 0.75 * SIZE,
                 "x1": x[p] + 0.75 * SIZE, "y1": y[p] + 0.75 * SIZE,
                 "line": {"color": INK, "width": 2}, "layer": "above"}
            )  # fmt: skip
            used.add("deceased")
        if row["proband"]:
            annotations.append(
                {"x": x[p] - 1.05 * h, "y": y[p] - 0.85 * h, "ax": x[p] - 1.9 * h,
                 "ay": y[p] - 1.7 * h, "axref": "x", "ayref": "y", "xref": "x", "yref": "y",
                 "showarrow": True, "arrowhead": 2, "arrowsize": 1.2, "arrowwidth": 2,
                 "arrowcolor": INK, "text": "<b>P</b>", "font": {"size": 13, "color": INK},
                 "xanchor": "right", "yanchor": "top"}
            )  # fmt: skip
            used.add("proband")
        if highlight is not None and p == str(highlight):
            shapes.append(
                {"type": "rect", "x0": x[p] - 0.45, "x1": x[p] + 0.45, "y0": y[p] - 0.45,
                 "y1": y[p] + 0.45, "line": {"color": INK, "width": 1.5, "dash": "dash"},
                 "fillcolor": "rgba(0,0,0,0)", "layer": "below"}
            )  # fmt: skip
    labels = []
    for p in ped["id"]:
        text = str(pos.at[p, "number"])
        if risks is not None and p in risks:
            text += f"<br>{format_risk(risks[p])}"
        labels.append(text)
    depth = int(pos["generation"].max())
    width = float(pos["x"].max())
    status_text = {True: "affected", False: "unaffected", None: "status unknown"}
    sex_text = {"M": "male", "F": "female", "U": "sex not stated"}
    hover = []
    for p in ped["id"]:
        row = people.loc[p]
        marks = [m for m in MARKS if row[m]]
        extra = f"; {', '.join(marks)}" if marks else ""
        risk = (
            f"<br>{risk_label} probability {format_risk(risks[p])}"
            if risks is not None and p in risks
            else ""
        )
        hover.append(
            f"{pos.at[p, 'label']} (id {p}): {sex_text[row['sex']]}, "
            f"{status_text[row['affected']]}{extra}{risk}"
        )
    xs, ys = _segments(lines)
    data = [
        {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip",
         "line": {"color": INK, "width": 2, "dash": "solid"}, "showlegend": False},
        {"type": "scatter", "x": [x[p] for p in ped["id"]],
         "y": [y[p] - h - 0.08 for p in ped["id"]], "mode": "text", "text": labels,
         "textposition": "bottom center", "textfont": {"size": 12, "color": INK},
         "hovertext": hover, "hoverinfo": "text", "showlegend": False},
    ]  # fmt: skip
    for key in LEGEND:
        if key in used:
            symbol, name = LEGEND[key]
            data.append(
                {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
                 "marker": {"symbol": symbol, "size": 12, "color": INK,
                            "line": {"color": INK, "width": 2}}}
            )  # fmt: skip
    if any_consanguinity:
        data.append(
            {"type": "scatter", "x": [None], "y": [None], "mode": "lines",
             "name": "═ Union of relatives (double line)",
             "line": {"color": INK, "width": 2, "dash": "solid"}}
        )  # fmt: skip
    depth = int(pos["generation"].max())
    width = float(pos["x"].max())
    plain = {"showgrid": False, "showline": False, "zeroline": False, "ticks": ""}
    return fast_figure(
        title=title,
        x_title="People in each generation, numbered from the left"
        + (f"; % = {risk_label} probability" if risks else ""),
        y_title="Generation",
        data=data,
        height=int(110 * depth + 200),
        showlegend=True,
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0, "font": {"size": 13}},
        margin={"l": 70, "r": 20, "t": 60, "b": 90},
        shapes=shapes,
        annotations=annotations,
        hovermode="closest",
        xaxis={"range": [-1.2, width + 1.0], "showticklabels": False, "constrain": "domain",
               **plain},
        yaxis={"range": [-ROW * (depth - 1) - 1.1, 0.8],
               "tickvals": [-ROW * g for g in range(depth)],
               "ticktext": [roman(g + 1) for g in range(depth)], "scaleanchor": "x",
               "scaleratio": 1, "constrain": "domain", "tickfont": {"size": 16}, **plain},
    )  # fmt: skip


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
    text += f": {', '.join(sorted(affected, key=_label_key))}." if affected else "."
    if risks:
        women = [p for p in ped.loc[ped["sex"].eq("F"), "id"] if p in risks]
        if women:
            top = max(women, key=lambda p: risks[p])
            text += (
                f" The woman most likely to be a carrier is {pos.at[top, 'label']} "
                f"({format_risk(risks[top])})."
            )
    return text


def _label_key(label: str) -> tuple[int, int]:
    roman_part, number = label.split("-")
    values = {roman(i): i for i in range(1, 40)}
    return values[roman_part], int(number)


_EXAMPLES = {
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
