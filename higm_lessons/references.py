"""Render a lesson's reference list from ``data/sources.csv``, the one bibliography.

The pseudo-source ``course`` (the course's own judgements and software behaviour)
is not a bibliography entry: a list that includes it gets no numbered entry for it,
only a closing note saying what ``[course]`` means.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from higm_lessons.data import load_table
from higm_lessons.tables.sources import COURSE_KEY

COURSE_NOTE = (
    "[course] marks the course's own judgement, arithmetic or software behaviour, "
    "not an external source."
)


def citation(row: Mapping[str, object]) -> str:
    """One source as plain text: authors (year). Title. Container. Identifier."""
    parts = [f"{row['authors']} ({row['year']}). {row['title']}. {row['container']}."]
    if row.get("identifier"):
        parts.append(f"{row['identifier']}.")
    return " ".join(parts)


def _markdown_escape(text: str) -> str:
    """Backslash-escape Markdown and HTML punctuation so data text shows as written."""
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


class ReferenceList:
    """A numbered reference list; shows as Markdown/HTML in a notebook and as text elsewhere."""

    def __init__(self, rows: list[dict]):
        self.rows = [row for row in rows if row["key"] != COURSE_KEY]
        self._keys = [row["key"] for row in rows]
        self.course = COURSE_KEY in self._keys

    @property
    def keys(self) -> list[str]:
        """The keys as given, ``course`` included; only external sources are numbered."""
        return list(self._keys)

    def __str__(self) -> str:
        lines = [f"{i}. {citation(row)} {row['url']}" for i, row in enumerate(self.rows, start=1)]
        if self.course:
            lines.append(COURSE_NOTE)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        items = "".join(
            f'<li id="ref-{html.escape(row["key"])}">{html.escape(citation(row))} '
            f'<a href="{html.escape(row["url"], quote=True)}" target="_blank" rel="noopener">'
            f"{html.escape(row['url'])}</a> <code>[{html.escape(row['key'])}]</code></li>"
            for row in self.rows
        )
        note = f'<p class="higm-course-note">{html.escape(COURSE_NOTE)}</p>' if self.course else ""
        return (f'<ol class="higm-references">{items}</ol>' if items else "") + note

    def _repr_markdown_(self) -> str:
        lines = [
            f"{i}. {_markdown_escape(citation(row))} <{row['url']}> `[{row['key']}]`"
            for i, row in enumerate(self.rows, start=1)
        ]
        if self.course:
            lines += ["", _markdown_escape(COURSE_NOTE)]
        return "\n".join(lines).strip("\n")


def references(keys: Iterable[str]) -> ReferenceList:
    """The reference list for the given source keys, in the order given.

    Raises ``ValueError`` naming any key that is not in ``sources.csv``. The key
    ``course`` adds a closing note instead of a numbered entry.
    """
    if isinstance(keys, str) or not isinstance(keys, Iterable):
        raise TypeError(
            "keys must be a list of source keys such as ['myigsource_higm', 'gard_higm1']"
        )
    keys = list(dict.fromkeys(keys))
    if not keys or not all(isinstance(k, str) for k in keys):
        raise ValueError("keys must be a non-empty list of source-key strings")
    table = load_table("sources.csv").set_index("key", drop=False)
    unknown = [k for k in keys if k not in table.index]
    if unknown:
        raise ValueError(
            f"keys {unknown} are not in sources.csv; known keys: {sorted(table.index)}"
        )
    return ReferenceList([table.loc[k].to_dict() for k in keys])
