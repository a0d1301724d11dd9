"""One module per CSV table in ``data/``: its declared schema and cross-row rules.

A module defines ``NAME`` (the file name), ``schema()`` returning a pandera
``DataFrameSchema``, and optionally ``BOOLEANS`` (columns written True/False)
and ``check(frame, where) -> list[str]`` for rules that span rows. Modules whose
names start with an underscore hold shared helpers.
"""
