"""Cells for CSV files that people open in a spreadsheet program (pure, no Django).

A spreadsheet treats a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some programs skip before reading one of those) as a formula: a session title or
a name typed by anyone could then run a formula on the reader's computer (CSV injection, OWASP).
Every free-text cell of an export goes through ``safe_cell``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text, with a leading ' when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# A byte-order mark at the start of a CSV file: without it Excel reads the file as the
# computer's own code page, and "Siobhán" or "Łódź" arrive as "SiobhÃ¡n" and "Å\x81Ã³dÅº".
BOM = "\ufeff"


def spreadsheet_cell(value: object) -> str:
    """A cell for a CSV file: numbers as they are (a negative gain stays a number), any other
    value through ``safe_cell``."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    return safe_cell(value)


class _Line:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """A CSV file a line at a time (RFC 4180 line ends), for a spreadsheet program to open: it
    starts with a byte-order mark and every cell is a ``spreadsheet_cell``."""
    writer = csv.writer(_Line())
    yield BOM
    for row in rows:
        yield writer.writerow([spreadsheet_cell(value) for value in row])
