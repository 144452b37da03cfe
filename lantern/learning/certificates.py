"""Certificate codes and the PDF (ReportLab, with the QR code drawn as vector squares)."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

# No 0/O, 1/I/L, 5/S, 2/Z: easy to read aloud and type from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(text: str) -> str:
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}" if len(raw) == 12 else raw


@dataclass(frozen=True)
class CertificateText:
    full_name: str
    course_title: str
    pathway_title: str
    cpd_hours: str
    issued_on: date
    code: str
    verify_url: str


FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "LiberationSans", "LiberationSans-Bold"
INK, BLUE = HexColor("#0b0c0c"), HexColor("#1d70b8")


def register_fonts() -> None:
    """Liberation Sans (SIL OFL; Arial's metrics), embedded, so that any Latin name prints:
    the PDF standard Helvetica has no Ł, ś or ễ and drew them as black boxes."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in ((REGULAR, "LiberationSans-Regular.ttf"), (BOLD, "LiberationSans-Bold.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))


def fit_text(
    text: str, *, font: str, size: float, smallest: float, width: float, max_lines: int = 2
) -> tuple[float, list[str]]:
    """The largest size from ``size`` down to ``smallest`` at which ``text`` fits ``width`` on
    one line; at ``smallest`` it wraps onto up to ``max_lines`` lines (shrinking further if it
    needs more), so that nothing is ever cut off."""
    register_fonts()
    current = size
    while current > smallest and pdfmetrics.stringWidth(text, font, current) > width:
        current -= 1
    if pdfmetrics.stringWidth(text, font, current) <= width:
        return current, [text]
    lines = simpleSplit(text, font, current, width)
    while len(lines) > max_lines:
        current *= 0.9
        lines = simpleSplit(text, font, current, width)
    return current, lines


def render_pdf(text: CertificateText) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), lang="en-GB", initialFontName=REGULAR)
    pdf.setTitle(f"Certificate of completion for {text.full_name}: {text.course_title}")
    pdf.setAuthor("Lantern")
    pdf.setSubject(text.course_title)
    pdf.setViewerPreference("DisplayDocTitle", "true")
    pdf.setStrokeColor(BLUE)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setFillColor(INK)
    pdf.setFont(BOLD, 16)
    pdf.drawString(60, height - 80, "Lantern")
    pdf.setFont(REGULAR, 14)
    pdf.drawString(60, height - 130, "Certificate of completion")
    y = height - 180
    text_width = width - 120
    for value, font, largest, smallest, after in (
        (text.full_name, BOLD, 30, 18, 40),
        ("has completed", REGULAR, 16, 16, 32),
        (text.course_title, BOLD, 20, 14, 48),
    ):
        fitted, lines = fit_text(
            value, font=font, size=largest, smallest=smallest, width=text_width
        )
        pdf.setFont(font, fitted)
        for n, line in enumerate(lines):
            if n:
                y -= fitted * 1.2
            pdf.drawString(60, y, line)
        y -= after
    pdf.setFont(REGULAR, 14)
    lines = [
        f"Pathway: {text.pathway_title}",
        f"CPD hours: {text.cpd_hours}",
        f"Date: {text.issued_on.strftime('%-d %B %Y')}",
        f"Certificate code: {text.code}",
    ]
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 24
    pdf.setFont(REGULAR, 11)
    pdf.drawString(60, 70, "Check this certificate: scan the QR code or go to")
    pdf.setFillColor(BLUE)
    pdf.drawString(60, 54, text.verify_url)
    # QR code, drawn module by module so that the PDF needs no image library.
    qr = segno.make(text.verify_url, error="m")
    size = 150.0
    modules = qr.symbol_size(scale=1, border=0)[0]
    cell = size / modules
    x0, y0 = width - 60 - size, 60.0
    pdf.setFillColor(INK)
    for row_index, row in enumerate(qr.matrix):
        for col_index, dark in enumerate(row):
            if dark:
                pdf.rect(
                    x0 + col_index * cell,
                    y0 + size - (row_index + 1) * cell,
                    cell,
                    cell,
                    stroke=0,
                    fill=1,
                )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
