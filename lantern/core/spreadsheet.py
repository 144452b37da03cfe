"""Cells for CSV files that people open in a spreadsheet program (pure, no Django).

A spreadsheet treats a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some programs skip before reading one of those) as a formula: a session title or
a name typed by anyone could then run a formula on the reader's computer (CSV injection, OWASP).
Every free-text cell of an export goes through ``safe_cell``.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text, with a leading ' when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
