"""A referral draft as a PDF (ReportLab: a pure wheel, milliseconds a page)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lantern.respond.quality import QualityCheck


def draft_pdf(
    *, title: str, rows: list[tuple[str, str]], checks: list[QualityCheck], footer: str
) -> bytes:
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="Lantern",
        pageCompression=0,  # drafts are a page or two; plain text lets tests read them
    )
    story: list[Any] = [Paragraph(escape(title), styles["Title"])]
    story.append(Paragraph("DRAFT - not a submitted referral", styles["Heading3"]))
    table = Table(
        [
            [
                Paragraph(escape(k), styles["BodyText"]),
                Paragraph(escape(v).replace("\n", "<br/>"), styles["BodyText"]),
            ]
            for k, v in rows
        ],
        colWidths=[55 * mm, 115 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm), Paragraph("Referral quality", styles["Heading2"])]
    for check in checks:
        mark = "Done" if check.met else "Missing"
        story.append(
            Paragraph(
                f"<b>{mark}:</b> {escape(check.label)}. {escape(check.hint)}", styles["BodyText"]
            )
        )
    story += [Spacer(1, 6 * mm), Paragraph(escape(footer), styles["Italic"])]
    doc.build(story)
    return buffer.getvalue()
