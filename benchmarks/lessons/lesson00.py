"""Lesson 00: the check widget's class list."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("check widget: choose a class", "higm-check", "box.inner.control")
BROWSER = [
    BrowserReaction("check widget: class list (arrow keys)", ".higm-check", "select", "select"),
]
