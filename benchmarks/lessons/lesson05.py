"""Lesson 05: the pedigree builder's inheritance mode."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("pedigree builder: inheritance mode", "higm-pedigree-builder",
                        "box.inner.mode")  # fmt: skip
BROWSER = [
    BrowserReaction("pedigree builder: inheritance buttons (click)", ".higm-pedigree-builder",
                    "toggle", ".widget-toggle-buttons >> nth=0",
                    output=".higm-figure, .higm-women-risks, .higm-bayes"),
]  # fmt: skip
