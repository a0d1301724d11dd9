"""Instructors' notebook: the class summary's learners slider (every value a new class)."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction(
    "class summary: learners slider (new classes)", "higm-class-summary", "box.inner.learners",
    values=tuple(range(13, 33)),
)  # fmt: skip
BROWSER = [
    BrowserReaction("class summary: learners slider (arrow keys, new classes)",
                    ".higm-class-summary", "keys", ".noUi-handle", keys=("ArrowRight",) * 20),
]  # fmt: skip
