"""PDFs (ReportLab; ~ms a page, no system deps): the person's support plan in plain language,
the referral document a share produces for the partner, and the released subject access
document."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from lantern.support.fonts import fonts, markup
from lantern.support.models import Case, PlanGoal, SupportPlan
from lantern.support.plan_text import text
from lantern.support.referral import ReferralDocument, Row
from lantern.support.selectors.subject_access import SubjectAccess


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    f = fonts()
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName=f.regular, fontSize=13, leading=18, spaceAfter=6
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=base["Title"],
            fontName=f.bold,
            fontSize=22,
            leading=28,
            alignment=0,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base["Heading2"],
            fontName=f.bold,
            fontSize=16,
            leading=21,
            spaceBefore=10,
        ),
        "h3": ParagraphStyle("h3", parent=body, fontName=f.bold, fontSize=14, spaceBefore=8),
        "body": body,
        "strong": ParagraphStyle("strong", parent=body, fontName=f.bold),
    }


def _para(value: str, style: ParagraphStyle) -> Paragraph:
    """Embedded fonts (``lantern.support.fonts``): a Tigrinya or Arabic name prints."""
    return Paragraph(markup(value, bold=style.fontName == fonts().bold), style)


def plan_pdf(
    *, case: Case, plan: SupportPlan, goals: Sequence[PlanGoal], language: str = "en"
) -> bytes:
    s = _styles()

    def t(key: str) -> str:
        return text(key, language)

    story: list[Any] = [_para(t("title"), s["title"])]
    if case.given_name:
        story.append(_para(f"{t('for')}: {case.given_name}", s["body"]))
    story.append(_para(f"{t('reference')}: {case.reference}", s["body"]))
    story.append(_para(t("intro"), s["body"]))
    story.append(_para(t("your_words"), s["h2"]))
    story.append(_para(plan.in_their_words, s["body"]))
    if goals:
        story.append(_para(t("goals"), s["h2"]))
        items = []
        for goal in goals:
            parts = [_para(goal.goal, s["strong"])]
            if goal.steps:
                parts.append(_para(f"{t('goal_steps')}: {goal.steps}", s["body"]))
            if goal.target_date:
                parts.append(_para(f"{t('goal_by')}: {goal.target_date:%d %B %Y}", s["body"]))
            items.append(ListItem(parts))
        story.append(ListFlowable(items, bulletType="bullet", leftIndent=12))
    story.append(_para(t("safety"), s["h2"]))
    story.append(_para(plan.safety_plan or t("no_safety"), s["body"]))
    story.append(_para(t("emergency"), s["strong"]))
    story.append(_para(t("helpline"), s["body"]))
    story.append(Spacer(1, 6 * mm))
    if plan.agreed_with_person and plan.agreed_on:
        story.append(_para(f"{t('agreed_on')} {plan.agreed_on:%d %B %Y}.", s["body"]))
    else:
        story.append(_para(t("not_agreed"), s["body"]))
    story.append(_para(t("private"), s["body"]))

    return _build(
        story,
        title=t("title"),
        language=language,
        footer=f"{t('page')} {{page}}  ·  {case.reference}",
    )


def referral_pdf(document: ReferralDocument) -> bytes:
    """The document a share produces, for the partner: how to handle it first, then who it is
    for and from, the lawful basis and consent, and only the categories the share covered."""
    s = _styles()

    def rows(items: Sequence[Row]) -> list[Any]:
        out: list[Any] = []
        for row in items:
            out.append(_para(row.label, s["strong"]))
            out.append(_para(row.value, s["body"]))
        return out

    story: list[Any] = [
        _para(document.title, s["title"]),
        _para(f"Reference: {document.reference}", s["strong"]),
        _para("Quote this reference when you contact us about this referral.", s["body"]),
        _para("Personal information: handle with care", s["h2"]),
        *[_para(line, s["body"]) for line in document.handling],
        _para("Who it is for and who it is from", s["h2"]),
        *rows(
            [
                Row("For", document.partner),
                *([Row("Contact", document.partner_contact)] if document.partner_contact else []),
                Row("From", document.from_organisation),
                Row("Shared by", document.shared_by),
                Row("Shared on", document.shared_on),
                Row("Type", document.kind),
                Row("Why we are sharing", document.purpose),
            ]
        ),
        _para("Lawful basis and consent", s["h2"]),
        *rows([Row("Lawful basis", document.basis)]),
        *[_para(line, s["body"]) for line in document.consent],
        _para("What this covers", s["h2"]),
        _para("Only these kinds of information were shared:", s["body"]),
        ListFlowable(
            [ListItem(_para(c, s["body"])) for c in document.categories],
            bulletType="bullet",
            leftIndent=12,
        ),
    ]
    for part in document.parts:
        story.append(_para(part.heading, s["h2"]))
        story.extend(rows(part.rows))
        for number, group in enumerate(part.groups, start=1):
            story.append(_para(f"{part.item} {number}", s["h3"]))
            story.extend(rows(group))
        if part.empty and not part.rows and not part.groups:
            story.append(_para(part.empty, s["body"]))
    story.append(Spacer(1, 6 * mm))
    story.append(_para(f"Produced on {document.produced_on}.", s["body"]))

    return _build(
        story,
        title=f"Referral {document.reference}",
        footer=f"Page {{page}}  ·  {document.reference}  ·  Personal information: handle with care",
    )


def subject_access_pdf(document: SubjectAccess) -> bytes:
    """The released subject access document (``selectors.released``): as the print page."""
    s = _styles()
    story: list[Any] = [
        _para("Your information: what we hold about you", s["title"]),
        _para(f"From {document.organisation}. Reference: {document.reference}.", s["body"]),
        _para(f"Produced on {document.produced_on}.", s["body"]),
    ]
    if document.withheld_notes:
        story.append(_para("Information we have left out", s["h2"]))
        story.extend(_para(line, s["body"]) for line in document.withheld_notes)
    for section in document.sections:
        story.append(_para(section.heading, s["h2"]))
        if section.intro:
            story.append(_para(section.intro, s["body"]))
        if section.empty and not section.items:
            story.append(_para(section.empty, s["body"]))
        for item in section.items:
            story.append(_para(item.heading, s["h3"]))
            if item.source:
                story.append(_para(item.source, s["body"]))
            for row in item.rows:
                story.append(_para(row.label, s["strong"]))
                story.append(_para(row.value, s["body"]))

    return _build(
        story,
        title=f"Subject access {document.reference}",
        footer=f"Page {{page}}  ·  {document.reference}",
    )


def _build(story: list[Any], *, title: str, footer: str, language: str = "en") -> bytes:
    """An A4 PDF of ``story`` with 20 mm margins and ``footer`` on every page (``{page}`` is
    the page number)."""

    def draw_footer(canvas: Any, doc: Any) -> None:
        canvas.setFont(fonts().regular, 10)
        canvas.drawString(20 * mm, 12 * mm, footer.replace("{page}", str(doc.page)))

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="Lantern",
        lang=language,
    ).build(story, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return buffer.getvalue()
