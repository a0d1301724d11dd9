"""Lesson 03: the knockout explorer and the types-table filter."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("knockout: choose a step", "higm-knockout-panel", "box.inner.control")
BROWSER = [
    BrowserReaction("knockout: step buttons (click)", ".higm-knockout-panel", "toggle",
                    ".widget-toggle-buttons"),
    BrowserReaction("types table: inheritance list (arrow keys)", ".higm-types-panel", "select",
                    "select", output=".higm-takeaway, table", main=False),
]  # fmt: skip
