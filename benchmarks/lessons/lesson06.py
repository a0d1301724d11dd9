"""Lesson 06: the flow-cytometry share slider."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction(
    "flow cytometry: working-X share", "higm-flow", "box.inner.share",
    values=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.5),
)  # fmt: skip
BROWSER = [
    BrowserReaction("flow cytometry: working-X share slider (arrow keys)", ".higm-flow", "keys",
                    ".noUi-handle", keys=("ArrowLeft",) * 5 + ("ArrowRight",) * 5),
]  # fmt: skip
