"""Render a lesson's reference list from ``data/sources.csv``, the one bibliography."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from higm_lessons.data import load_table


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
        self.rows = rows

    @property
    def keys(self) -> list[str]:
        return [row["key"] for row in self.rows]

    def __str__(self) -> str:
        return "\n".join(
            f"{i}. {citation(row)} {row['url']}" for i, row in enumerate(self.rows, start=1)
        )

    def _repr_html_(self) -> str:
        items = "".join(
            f'<li id="ref-{html.escape(row["key"])}">{html.escape(citation(row))} '
            f'<a href="{html.escape(row["url"], quote=True)}" target="_blank" rel="noopener">'
            f"{html.escape(row['url'])}</a> <code>[{html.escape(row['key'])}]</code></li>"
            for row in self.rows
        )
        return f'<ol class="higm-references">{items}</ol>'

    def _repr_markdown_(self) -> str:
        return "\n".join(
            f"{i}. {_markdown_escape(citation(row))} <{row['url']}> `[{row['key']}]`"
            for i, row in enumerate(self.rows, start=1)
        )


def references(keys: Iterable[str]) -> ReferenceList:
    """The reference list for the given source keys, in the order given.

    Raises ``ValueError`` naming any key that is not in ``sources.csv``.
    """
    if isinstance(keys, str) or not isinstance(keys, Iterable):
        raise TypeError("keys must be a list of source keys such as ['idf_higm', 'gard_higm1']")
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
