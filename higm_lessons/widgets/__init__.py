"""Thin interactive layer: controls -> pure function -> figure or text.

One module per topic (``pedigrees``, ``treatment``, ...), used by the lessons on it, plus
the shared ``quiz`` and ``progress`` widgets. Widgets never compute medicine; they call the pure
modules and show what comes back. Bad entries show as a message beside the
control, never as a traceback.
"""
