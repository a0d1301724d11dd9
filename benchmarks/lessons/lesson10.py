"""Lesson 10: the replacement simulator's dose slider and route buttons."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction(
    "simulator: dose slider", "higm-ig-simulator", "box.inner.dose",
    values=(425, 450, 475, 500, 525, 550, 575, 600, 625, 650) * 2,
)  # fmt: skip
BROWSER = [
    BrowserReaction("simulator: dose slider (arrow keys)", ".higm-ig-simulator", "keys",
                    ".noUi-handle >> nth=0", keys=("ArrowRight",) * 10 + ("ArrowLeft",) * 10),
    BrowserReaction("simulator: route buttons (click)", ".higm-ig-simulator", "toggle",
                    ".widget-toggle-buttons", main=False),
]  # fmt: skip
