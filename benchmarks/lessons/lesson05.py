"""Lesson 05: the pedigree builder's inheritance mode and the flow-cytometry share slider."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("pedigree builder: inheritance mode", "higm-pedigree-builder",
                        "box.inner.mode")  # fmt: skip
BROWSER = [
    BrowserReaction("pedigree builder: inheritance buttons (click)", ".higm-pedigree-builder",
                    "toggle", ".widget-toggle-buttons >> nth=0",
                    output=".higm-figure, .higm-women-risks, .higm-bayes"),
    BrowserReaction("flow cytometry: working-X share slider (arrow keys)", ".higm-flow", "keys",
                    ".noUi-handle", keys=("ArrowLeft",) * 5 + ("ArrowRight",) * 5, main=False),
]  # fmt: skip
