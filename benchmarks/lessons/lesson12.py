"""Lesson 12: the final test's question list and its Next / Previous buttons."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction("final test: go to a question", "higm-final", "box.inner.jump")
BROWSER = [
    BrowserReaction("final test: Next / Previous (click)", ".higm-final", "buttons",
                    keys=("Next",) * 10 + ("Previous",) * 10,
                    output=".higm-test-question, .higm-final .widget-html"),
]  # fmt: skip
