"""The course glossary: one home for the meaning of every abbreviation the lessons use.

Lessons do not repeat long definitions. The first use of each abbreviation in a lesson's
prose is wrapped in ``<abbr title="term: definition">ABBR</abbr>``, generated from
``data/glossary.csv`` by ``tools/link_glossary.py``; a reader sees the definition on hover
and finds every entry on the glossary page (``notebooks/glossary.ipynb``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

from higm_lessons import checks
from higm_lessons.data import load_table

TAG = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')
"""A glossary link as the tool writes it: title, then the abbreviation."""

_SKIP = re.compile(
    r"`[^`]*`"  # code spans
    r"|<abbr\b[^>]*>.*?</abbr>"  # an abbreviation already linked
    r"|<[^>]+>"  # any other HTML tag (its attributes are not prose)
    r"|\]\([^)]*\)"  # a link target
    r"|\*[A-Za-z0-9-]+\*"  # an italic gene symbol, such as *CD40LG*
    r"|^#.*$",  # a heading: its text is the section's name and anchor
    re.M,
)


def glossary() -> pd.DataFrame:
    """The validated glossary: abbreviation, term, definition, lesson (of first use), source."""
    return load_table("glossary.csv")


def token_pattern(abbreviations: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any of ``abbreviations`` as a whole token (not inside CD40LG or IgM-1)."""
    words = sorted(abbreviations, key=len, reverse=True)
    if not words:
        raise ValueError("abbreviations must not be empty")
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])")


def title(abbreviation: str) -> str:
    """The hover text for ``abbreviation``: its full term, a colon, its definition."""
    abbreviation = checks.text("abbreviation", abbreviation)
    table = glossary().set_index("abbreviation")
    if abbreviation not in table.index:
        raise ValueError(f"abbreviation {abbreviation!r} is not in data/glossary.csv")
    row = table.loc[abbreviation]
    return f"{row['term']}: {row['definition']}"


def tag(abbreviation: str) -> str:
    """``abbreviation`` wrapped in an ``<abbr>`` element whose title is its glossary entry."""
    return f'<abbr title="{html.escape(title(abbreviation), quote=True)}">{abbreviation}</abbr>'


def unlink(text: str) -> str:
    """``text`` with every glossary ``<abbr>`` replaced by its bare abbreviation."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {text!r}")
    return TAG.sub(lambda m: m.group(2), text)


DEEP_DIVE = re.compile(r'<details class="deep-dive">.*?</details>', re.S)
"""An optional section folded away in a lesson; it links its own first uses, because a
learner who skips it must still meet each definition in the core."""


def uses(text: str, pattern: re.Pattern[str], *, core: bool = False) -> list[re.Match[str]]:
    """Matches of ``pattern`` in the prose of ``text`` (not in code, tags, links or headings;
    with ``core``, not inside a deep dive either)."""
    spans = [m.span() for m in _SKIP.finditer(text)]
    if core:
        spans += [m.span() for m in DEEP_DIVE.finditer(text)]
    return [
        m
        for m in pattern.finditer(text)
        if not any(start <= m.start() < end for start, end in spans)
    ]


def _link(text: str, pattern: re.Pattern[str], seen: set[str], *, core: bool) -> str:
    """``text`` with the first use of each abbreviation not in ``seen`` linked (adds to it)."""
    firsts = []
    for match in uses(text, pattern, core=core):
        if match.group(1) not in seen:
            seen.add(match.group(1))
            firsts.append(match)
    for match in reversed(firsts):
        text = text[: match.start()] + tag(match.group(1)) + text[match.end() :]
    return text


def link_first_uses(cells: list[str | None]) -> list[str | None]:
    """Link the first use of each glossary abbreviation in a lesson's markdown ``cells``.

    ``cells`` are in reading order; ``None`` marks a cell the tool must not touch (it is
    returned as ``None``). The core prose links each abbreviation once; each deep dive
    (``<details class="deep-dive">``) links its own first uses. Earlier links are removed
    first, so running twice changes nothing.
    """
    if not isinstance(cells, list) or not all(c is None or isinstance(c, str) for c in cells):
        raise TypeError("cells must be a list of markdown strings (or None for a cell to skip)")
    pattern = token_pattern(glossary()["abbreviation"])
    seen: set[str] = set()
    out: list[str | None] = []
    for cell in cells:
        if cell is None:
            out.append(None)
            continue
        text = _link(unlink(cell), pattern, seen, core=True)
        text = DEEP_DIVE.sub(lambda m: _link(m.group(0), pattern, set(), core=False), text)
        out.append(text)
    return out
