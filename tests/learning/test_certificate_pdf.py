"""The certificate PDF prints any Latin name, whole, in an embedded font."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from lantern.learning.certificates import BOLD, CertificateText, fit_text, render_pdf

NAME = "Łukasz Wiśniewski-Nguyễn Thị Hương"


def _text(full_name: str) -> CertificateText:
    return CertificateText(
        full_name=full_name,
        course_title="Modern slavery awareness",
        pathway_title="Health",
        cpd_hours="1.5",
        issued_on=date(2026, 11, 30),
        code="ABCD-EFGH-JKMN",
        verify_url="https://lantern.example.test/verify/ABCD-EFGH-JKMN/",
    )


def _pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_a_name_with_letters_beyond_ascii_is_printed_with_them(tmp_path) -> None:
    pdf = render_pdf(_text(NAME))
    assert b"LiberationSans" in pdf and b"Helvetica" not in pdf
    assert NAME in _pdf_text(pdf, tmp_path)


def test_a_name_as_long_as_an_account_allows_is_printed_whole(tmp_path) -> None:
    long_name = " ".join(["Bartholomew-Fitzwilliam Ó Súilleabháin"] * 4)[:150]
    assert len(long_name) == 150
    text = " ".join(_pdf_text(render_pdf(_text(long_name)), tmp_path).split())
    assert long_name in text


def test_a_long_name_shrinks_then_wraps_within_the_width() -> None:
    size, lines = fit_text("Ana Popescu", font=BOLD, size=30, smallest=18, width=722)
    assert (size, lines) == (30, ["Ana Popescu"])
    size, lines = fit_text("W" * 40, font=BOLD, size=30, smallest=18, width=722)
    assert 18 <= size < 30 and lines == ["W" * 40]
    size, lines = fit_text(
        " ".join(["Wiśniewski"] * 15), font=BOLD, size=30, smallest=18, width=722
    )
    assert len(lines) <= 2 and " ".join(lines) == " ".join(["Wiśniewski"] * 15)


def test_the_pdf_says_its_language_and_shows_its_title() -> None:
    pdf = render_pdf(_text(NAME))
    assert b"/Lang (en-GB)" in pdf and b"/DisplayDocTitle true" in pdf
