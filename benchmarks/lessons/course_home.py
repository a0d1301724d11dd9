"""The course home: answering an item of today's review (Check answer: the answer graded
for review, then the progress, mastery and calibration figures drawn again).

The control expression types an answer and a confidence into the first item once, and
returns its Check answer button; each timed change clicks it, so each is a real review
graded (the store grows by one review each time, and the mastery figure changes).
"""

from benchmarks.lessons import BrowserReaction, KernelReaction

KERNEL = KernelReaction(
    "course home: check a review answer (grade, redraw the figures)", "higm-course-home",
    "(setattr(box.inner.current.control, 'value', '1'), "
    "setattr(box.inner.current.confidence, 'value', 'sure'), "
    "box.inner.current.check_button)[-1]",
    click=True,
)  # fmt: skip
BROWSER: list[BrowserReaction] = []
"""No browser reaction yet: a review item is answered once, so 20 timed changes need a
fresh item each time (see the kernel reaction for the cost of an answer)."""
