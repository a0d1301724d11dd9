"""Lesson 07: typing an IgG value into the lab panel."""

from benchmarks.lessons import BrowserReaction, KernelReaction

VALUES = ("300", "60", "900", "450", "120", "700", "250", "1100", "80", "600") * 2

KERNEL = KernelReaction("lab panel: type an IgG value", "higm-labpanel",
                        "box.inner.values['IgG']", values=VALUES)  # fmt: skip
BROWSER = [
    BrowserReaction("lab panel: IgG value + Enter", ".higm-labpanel", "type",
                    ".higm-value-IgG input", values=VALUES,
                    output=".higm-figure, .higm-results"),
]  # fmt: skip
