"""safe_cell: text that a spreadsheet would run as a formula is quoted, anything else is kept."""

from __future__ import annotations

import pytest

from lantern.core.spreadsheet import safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Camden", "Camden"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_safe_cell(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


def test_a_csv_file_starts_with_a_byte_order_mark_so_excel_reads_utf8() -> None:
    import csv
    import io

    from lantern.core.spreadsheet import csv_lines

    data = "".join(csv_lines([["name", "gain", "count"], ["Siobhán, Łódź", -0.25, 3]]))
    assert data.startswith("\ufeff")
    encoded = data.encode("utf-8")
    assert encoded[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(encoded.decode("utf-8-sig"))))
    assert rows == [["name", "gain", "count"], ["Siobhán, Łódź", "-0.25", "3"]]


def test_numbers_stay_numbers_and_text_that_looks_like_a_formula_does_not_run() -> None:
    from decimal import Decimal

    from lantern.core.spreadsheet import spreadsheet_cell

    assert spreadsheet_cell(-3) == "-3" and spreadsheet_cell(Decimal("-0.5")) == "-0.5"
    assert spreadsheet_cell("-3") == "'-3"  # typed text is still text
    assert spreadsheet_cell(True) == "True" and spreadsheet_cell(None) == ""
    assert spreadsheet_cell("=1+1") == "'=1+1"
