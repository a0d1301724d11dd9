"""Lesson 07: the case player's case list and the feature chart."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("case player: choose a case", "higm-caseplayer", "box.inner.case_menu")
BROWSER = [
    BrowserReaction("case player: case list (arrow keys)", ".higm-caseplayer", "select",
                    "select >> nth=0", output=".higm-figure, .higm-stage-progress, .higm-log"),
    BrowserReaction("feature chart: kind list (arrow keys)", ".higm-features", "select",
                    "select"),
]  # fmt: skip
