"""Lesson 01: the class explorer and the comparison chart."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("class explorer: choose a class", "higm-explorer", "box.inner.control")
BROWSER = [
    BrowserReaction("class explorer: class buttons (click)", ".higm-explorer", "toggle",
                    ".widget-toggle-buttons"),
    BrowserReaction("comparison: marked class list (arrow keys)", ".higm-compare", "select",
                    "select", main=False),
]  # fmt: skip
