"""Lesson 04: the Punnett square's mother list; the faded worked example's stage buttons."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("Punnett square: the mother", "higm-punnett-widget",
                        "box.inner.parents.mother")  # fmt: skip
BROWSER = [
    BrowserReaction("Punnett square: mother list (arrow keys)", ".higm-punnett-widget", "select",
                    "select", output=".higm-figure, .higm-takeaway, .higm-punnett"),
    BrowserReaction("faded example: skip to stage 4 and start again (click)", ".higm-faded",
                    "buttons", keys=("I already know this", "Start again"),
                    output=".higm-faded-stage", main=False),
]  # fmt: skip
