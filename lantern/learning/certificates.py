"""Certificate codes and the PDF (ReportLab, with the QR code drawn as vector squares)."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import date

import segno
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
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


def render_pdf(text: CertificateText) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Certificate {text.code}")
    pdf.setAuthor("Lantern")
    pdf.setSubject(text.course_title)
    ink, blue = HexColor("#0b0c0c"), HexColor("#1d70b8")
    pdf.setStrokeColor(blue)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setFillColor(ink)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(60, height - 80, "Lantern")
    pdf.setFont("Helvetica", 14)
    pdf.drawString(60, height - 130, "Certificate of completion")
    pdf.setFont("Helvetica-Bold", 30)
    pdf.drawString(60, height - 180, text.full_name[:60])
    pdf.setFont("Helvetica", 16)
    pdf.drawString(60, height - 220, "has completed")
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(60, height - 252, text.course_title[:70])
    pdf.setFont("Helvetica", 14)
    lines = [
        f"Pathway: {text.pathway_title}",
        f"CPD hours: {text.cpd_hours}",
        f"Date: {text.issued_on.strftime('%-d %B %Y')}",
        f"Certificate code: {text.code}",
    ]
    y = height - 300
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 24
    pdf.setFont("Helvetica", 11)
    pdf.drawString(60, 70, "Check this certificate: scan the QR code or go to")
    pdf.setFillColor(blue)
    pdf.drawString(60, 54, text.verify_url)
    # QR code, drawn module by module so that the PDF needs no image library.
    qr = segno.make(text.verify_url, error="m")
    size = 150.0
    modules = qr.symbol_size(scale=1, border=0)[0]
    cell = size / modules
    x0, y0 = width - 60 - size, 60.0
    pdf.setFillColor(ink)
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
