"""The glossary page: a table to read, nothing to interact with (run time only)."""

KERNEL = None
BROWSER: list = []
