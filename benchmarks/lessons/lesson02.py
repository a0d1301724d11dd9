"""Lesson 02: the IgG curve's maternal IgG slider and the class-switching box."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction(
    "IgG curve: maternal IgG slider", "higm-igg-curve", "box.inner.maternal",
    values=tuple(range(1000, 1400, 20)),
)  # fmt: skip
BROWSER = [
    BrowserReaction("IgG curve: maternal IgG slider (arrow keys)", ".higm-igg-curve", "keys",
                    ".noUi-handle", keys=("ArrowRight",) * 10 + ("ArrowLeft",) * 10),
    BrowserReaction("IgG curve: class switching box (click)", ".higm-igg-curve", "buttons",
                    keys=("checkbox:Class switching works (healthy)",) * 20, main=False),
]  # fmt: skip
