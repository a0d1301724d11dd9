"""Lesson 10: the virtual clinic's Wait button (the clock moves on, results arrive)."""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction(
    "clinic: wait 7 days", "higm-clinic-free", "box.inner.wait_button", click=True
)
BROWSER = [
    BrowserReaction("clinic: Wait button (click)", ".higm-clinic-free", "buttons",
                    keys=("Wait",), output=".higm-clinic-counters"),
]  # fmt: skip
