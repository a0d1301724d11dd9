"""Lesson 09: the case player's case list."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("case player: choose a case", "higm-caseplayer", "box.inner.case_menu")
BROWSER = [
    BrowserReaction("case player: case list (arrow keys)", ".higm-caseplayer", "select",
                    "select >> nth=0", output=".higm-figure, .higm-stage-progress, .higm-log"),
]  # fmt: skip
