"""Lesson 04: the Punnett square's mother list."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("Punnett square: the mother", "higm-punnett-widget",
                        "box.inner.parents.mother")  # fmt: skip
BROWSER = [
    BrowserReaction("Punnett square: mother list (arrow keys)", ".higm-punnett-widget", "select",
                    "select", output=".higm-figure, .higm-takeaway, .higm-punnett"),
]  # fmt: skip
