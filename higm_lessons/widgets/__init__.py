"""Thin interactive layer: controls -> pure function -> figure or text.

One module per lesson (``lesson00``, ...) plus the shared ``quiz`` and
``progress`` widgets. Widgets never compute medicine; they call the pure
modules and show what comes back. Bad entries show as a message beside the
control, never as a traceback.
"""
