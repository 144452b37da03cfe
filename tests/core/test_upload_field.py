"""The shared upload field's wording for the file types it takes."""

from __future__ import annotations

import pytest

from lantern.core.forms import file_types


@pytest.mark.parametrize(
    ("extensions", "words"),
    [
        ((".csv",), "a CSV"),
        ((".svg", ".jwt", ".jws"), "an SVG, JWT or JWS"),
        ((".pdf", ".pptx", ".docx"), "a PDF, PPTX or DOCX"),
        ((".xlsx", ".XLSX"), "an XLSX"),
    ],
)
def test_file_types_read_as_a_sentence(extensions: tuple[str, ...], words: str) -> None:
    assert file_types(extensions) == words
