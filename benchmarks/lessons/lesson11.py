"""Lesson 11: the transplant explorer's figure list."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("transplant explorer: choose a figure", "higm-hsct", "box.inner.choice")
BROWSER = [
    BrowserReaction("transplant explorer: figure list (arrow keys)", ".higm-hsct", "select",
                    "select"),
]  # fmt: skip
