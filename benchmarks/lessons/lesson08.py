"""Lesson 08: the feature chart."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("feature chart: choose a feature", "higm-features", "box.inner.control")
BROWSER = [
    BrowserReaction("feature chart: kind list (arrow keys)", ".higm-features", "select",
                    "select"),
]  # fmt: skip
