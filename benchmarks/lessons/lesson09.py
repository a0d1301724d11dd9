"""Lesson 09: the class summary's learners slider (every value a new class) and the final
assessment's Next / Previous buttons."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction(
    "class summary: learners slider (new classes)", "higm-class-summary", "box.inner.learners",
    values=tuple(range(13, 33)),
)  # fmt: skip
BROWSER = [
    BrowserReaction("class summary: learners slider (arrow keys, new classes)",
                    ".higm-class-summary", "keys", ".noUi-handle", keys=("ArrowRight",) * 20),
    BrowserReaction("final assessment: Next / Previous (click)", ".higm-final", "buttons",
                    keys=("Next",) * 10 + ("Previous",) * 10,
                    output=".higm-question, .higm-final .widget-html"),
]  # fmt: skip
