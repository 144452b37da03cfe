"""The quarterly Safeguarding Adults Board report as a PDF (ReportLab), from ``SabReport``."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from lantern.core import quarters
from lantern.facilitation.kit import pdf_document, pdf_escape, pdf_styles, pdf_table
from lantern.facilitation.selectors.evaluation import PhaseSummary
from lantern.facilitation.selectors.sab import SabReport


def _organisations(count: int) -> str:
    return "organisation" if count == 1 else "organisations"


def _phase(summary: PhaseSummary, value: float | None, unit: str = "") -> str:
    if summary.suppressed or value is None:
        return "not shown (fewer than 5 answers)"
    return f"{value}{unit}"


def sab_report_pdf(report: SabReport, *, made_on: date) -> bytes:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    styles = pdf_styles()
    buffer = io.BytesIO()
    title = f"{report.programme.name}: report for the Safeguarding Adults Board"
    # The current quarter is not over: say so, as the page's quarter list does.
    so_far = " (so far)" if report.quarter == quarters.quarter_of(made_on) else ""

    def section(heading: str, *flowables: Any) -> list[Any]:
        """A heading kept on the same page as what follows it."""
        return [
            Spacer(1, 12),
            KeepTogether([Paragraph(pdf_escape(heading), styles["Heading2"]), *flowables]),
        ]

    story = [
        Paragraph(pdf_escape(title), styles["Title"]),
        Paragraph(pdf_escape(report.quarter.label + so_far), styles["Heading2"]),
        Paragraph(
            pdf_escape(
                f"Made with Lantern on {made_on:%-d %B %Y}. {report.suppression_note} "
                "This is so that nobody can be singled out."
            ),
            styles["BodyText"],
        ),
        *section(
            "Reach",
            pdf_table(
                [
                    ["Measure", "This quarter"],
                    ["Awareness sessions delivered", str(report.sessions_delivered)],
                    ["Staff who attended", str(report.staff_reached)],
                    [
                        "Types of organisation they came from",
                        "not shown" if report.agencies is None else str(report.agencies),
                    ],
                ],
                [300, 199],
            ),
        ),
        Spacer(1, 8),
        pdf_table(
            [["Sessions held in (borough)", "People"]]
            + ([[g.label, g.shown] for g in report.by_borough] or [["Nobody", "0"]]),
            [300, 199],
        ),
        Spacer(1, 8),
        pdf_table(
            [["Type of organisation they work for", "People"]]
            + ([[g.label, g.shown] for g in report.by_agency] or [["Nobody", "0"]]),
            [300, 199],
        ),
        Spacer(1, 8),
        Paragraph(
            "Reach counts everyone who attended, from any organisation. People give the type "
            "of organisation they work for when they book, but not their borough, so the "
            "sessions are counted by the borough they were held in.",
            styles["BodyText"],
        ),
    ]
    e = report.evaluation
    story += section(
        "Knowledge and confidence, before and after the sessions",
        pdf_table(
            [
                ["Measure", "Before", "After"],
                ["Answers", e.before.shown, e.after.shown],
                [
                    "Knowledge (average score)",
                    _phase(e.before, e.before.knowledge_percent, "%"),
                    _phase(e.after, e.after.knowledge_percent, "%"),
                ],
                *[
                    [
                        f"Confidence to {verb} (1 to 5)",
                        _phase(e.before, e.before.confidence.get(key)),
                        _phase(e.after, e.after.confidence.get(key)),
                    ]
                    for key, verb in (
                        ("identify", "spot the signs"),
                        ("respond", "respond"),
                        ("refer", "refer"),
                    )
                ],
                # Asked after the session only, as on the page.
                *[
                    [label, "not asked", _phase(e.after, e.after.reaction.get(key))]
                    for key, label in (
                        ("relevant", "Relevant to my work (1 to 5)"),
                        ("delivery", "Well delivered (1 to 5)"),
                        ("recommend", "Would recommend (1 to 5)"),
                    )
                ],
            ],
            [200, 150, 149],
        ),
    )
    story += section(
        "Organisations this report covers",
        Paragraph(
            pdf_escape(
                "The e-learning, referral pathway, directory and referral quality sections "
                f"cover the programme's {report.organisations} "
                f"{_organisations(report.organisations)}: the organisation that runs it, those "
                "with facilitators or trainees, and those in Lantern whose name people gave "
                "when they booked a session."
            ),
            styles["BodyText"],
        ),
        *(
            [
                pdf_table(
                    [["Organisation", "Why it is in the programme"]]
                    + [[o.name, o.why] for o in report.covered],
                    [250, 249],
                )
            ]
            if report.covered
            else []
        ),
    )
    learning = report.elearning

    def shown(value: Any, unit: str = "") -> str:
        return "not shown" if value is None else f"{value}{unit}"

    story += [
        *section(
            "E-learning",
            pdf_table(
                [
                    ["Measure", "This quarter"],
                    ["Finished the e-learning", str(learning["completed"])],
                ],
                [300, 199],
            ),
        ),
        Spacer(1, 8),
        pdf_table(
            [
                ["Measure", "Before", "After"],
                [
                    "Knowledge (average score)",
                    shown(learning["knowledge_before"], "%"),
                    shown(learning["knowledge_after"], "%"),
                ],
                [
                    "Confidence (average, 1 to 5)",
                    shown(learning["confidence_before"]),
                    shown(learning["confidence_after"]),
                ],
            ],
            [200, 150, 149],
        ),
    ]
    pathways = report.pathways
    story += section(
        "Referral pathways",
        pdf_table(
            [
                ["Organisations", "Number"],
                ["In the programme", str(pathways.organisations)],
                ["With their own referral pathway in Lantern", str(pathways.with_pathway)],
                ["Checked in the last year", str(pathways.checked_this_year)],
            ],
            [300, 199],
        ),
    )
    if report.directory:
        story += section(
            "Local services in the directory",
            pdf_table(
                [["Borough", "Services listed", "Checked in the last year"]]
                + [[row.area, str(row.listed), str(row.checked)] for row in report.directory],
                [200, 150, 149],
            ),
        )
    story += section(
        "Referral quality",
        Paragraph(
            pdf_escape(
                "Referral drafts that staff of the organisations this report covers "
                "downloaded to send, and how many of Lantern's quality checks they met. "
                "Lantern keeps no draft after 30 days and no detail of any person."
            ),
            styles["BodyText"],
        ),
        pdf_table(
            [["Kind", "Drafts", "Checks met (average)", "Most often missing"]]
            + [
                [
                    q.label,
                    f"fewer than {report.minimum}" if q.suppressed else str(q.count),
                    "not shown" if q.suppressed else f"{q.complete_percent}%",
                    "not shown" if q.suppressed else (q.most_missed or "nothing"),
                ]
                for q in report.referral_quality
            ],
            [110, 80, 120, 189],
        ),
    )
    pdf_document(buffer, title).build(story)
    return buffer.getvalue()
