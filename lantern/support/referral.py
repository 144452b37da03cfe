"""Pure: the document a recorded share produces, to send to the partner (PC18).

Data-minimised by construction: ``referral_parts`` reads only the categories the share
covered, each from its own fields or entries, and nothing else from the case. The selector
(``selectors.referral_document``) fetches those rows and passes them in; nothing here touches
the database. Every word the partner reads is here, so the page and the PDF say the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lantern.core import codes
from lantern.support.models.case import AgeBand, Gender
from lantern.support.models.plan import (
    GoalStatus,
    PlanStatus,
    ShareBasis,
    ShareCategory,
    ShareKind,
)
from lantern.support.models.sections import (
    Likelihood,
    NeedStatus,
    NeedType,
    RiskCategory,
    RiskStatus,
)

NOT_RECORDED = "Not recorded"

# What each sharing-log category carries, in the order the document shows them.
CATEGORY_ORDER = [
    ShareCategory.IDENTITY,
    ShareCategory.CONTACT,
    ShareCategory.NEEDS,
    ShareCategory.RISKS,
    ShareCategory.PLAN,
    ShareCategory.ACCOUNT,
]

HEADINGS = {
    ShareCategory.IDENTITY: "About the person",
    ShareCategory.CONTACT: "How to contact them safely",
    ShareCategory.NEEDS: "Their needs",
    ShareCategory.RISKS: "Risks to them now",
    ShareCategory.PLAN: "Their support and safety plan",
    ShareCategory.ACCOUNT: "Their account, in their own words",
}

HANDLING = [
    "This document holds personal information about someone who may be a victim of modern "
    "slavery. If it reaches the wrong person, it could put them in danger.",
    "Keep it where only the people working on this referral can see it.",
    "Do not copy it or pass it on, unless that is part of helping the person.",
    "Send it, and store it, only by your organisation's secure route.",
    "If it has reached you by mistake, tell us, and delete it.",
]

SEND_BY_SECURE_ROUTE = (
    "Lantern does not send this document. Send it to the partner by your organisation's "
    "secure route, and never by ordinary email."
)


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Part:
    """One category the share covered: a heading, then rows, or groups of rows (one group for
    each entry, such as each risk)."""

    heading: str
    rows: list[Row]
    groups: list[list[Row]]
    empty: str = ""
    item: str = ""  # what each group is: "Need 1", "Risk 2"


@dataclass(frozen=True)
class ReferralDocument:
    reference: str
    title: str
    partner: str
    partner_contact: str
    from_organisation: str
    shared_by: str
    shared_on: str
    kind: str
    purpose: str
    basis: str
    consent: list[str]
    categories: list[str]
    parts: list[Part]
    handling: list[str]
    produced_on: str


def day(value: date | datetime | None) -> str:
    """1 December 2026 (no leading zero), or "Not recorded"."""
    if value is None:
        return NOT_RECORDED
    return f"{value.day} {value:%B %Y}"


def _or_not_recorded(value: Any) -> str:
    text = str(value or "").strip()
    return text or NOT_RECORDED


def _label(choices: Any, code: Any) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def share_reference(case_reference: str, ordinal: int) -> str:
    """What the partner quotes back: the case's pseudonymous reference and the share's number
    in the case's sharing log (the log is append-only, so the number never changes)."""
    return f"{case_reference}-S{ordinal}"


def referral_available(*, basis: str, consent_in_force: bool) -> bool:
    """A share made with consent produces a document only while that consent stands: once the
    person withdraws it (or refuses it later), nothing more is sent. A share made without
    consent (DPA 2018 Sch 1 para 18) did not rest on consent, so it does not depend on it."""
    return basis != ShareBasis.CONSENT or consent_in_force


def consent_lines(
    *,
    basis: str,
    consent: Any | None,
    consent_for_any_partner: bool,
    authorised_by: str,
) -> list[str]:
    """The consent position, as the sharing log recorded it."""
    if basis == ShareBasis.CONSENT and consent is not None:
        who = "any partner in their support plan" if consent_for_any_partner else "you"
        lines = [f"The person gave consent to share this with {who} on {day(consent.recorded_on)}."]
        if consent.explained_limits:
            lines.append(
                "They were told what would be shared, why, and the limits of confidentiality."
            )
        return lines
    supervisor = f"A supervisor, {authorised_by}," if authorised_by else "A supervisor"
    return [
        "This was shared without the person's consent.",
        f"{supervisor} authorised it and recorded why.",
    ]


def _identity(case: Any) -> list[Row]:
    age = _label(AgeBand, case.age_band)
    if case.age_disputed:
        age += " (their age is disputed)"
    languages = ", ".join(codes.language_name(c) for c in case.languages or [])
    return [
        Row("Given name or names", _or_not_recorded(case.given_name)),
        Row("Family name", _or_not_recorded(case.family_name)),
        Row("Other names they use or have used", _or_not_recorded(case.aliases)),
        Row("Date of birth", _or_not_recorded(case.date_of_birth)),
        Row("Age", age),
        Row("Gender", _label(Gender, case.gender)),
        Row(
            "Nationality",
            codes.country_name(case.nationality) if case.nationality else NOT_RECORDED,
        ),
        Row("Languages", languages or NOT_RECORDED),
        Row("Needs an interpreter", "Yes" if case.interpreter_needed else "No"),
    ]


def _contact(case: Any) -> list[Row]:
    return [
        Row("Safe ways to contact them", _or_not_recorded(case.contact_details)),
        Row("Current place of safety address", _or_not_recorded(case.place_of_safety_address)),
    ]


def _needs(needs: Sequence[Any]) -> list[list[Row]]:
    return [
        [
            Row("Need", _label(NeedType, n.need_type)),
            Row("What it is", _or_not_recorded(n.description)),
            Row("Status", _label(NeedStatus, n.status)),
        ]
        for n in needs
    ]


def _risks(risks: Sequence[Any]) -> list[list[Row]]:
    return [
        [
            Row("Risk", _label(RiskCategory, r.category)),
            Row("What it is", _or_not_recorded(r.description)),
            Row("How likely", _label(Likelihood, r.likelihood)),
            Row("What is being done", _or_not_recorded(r.mitigation)),
            Row("Status", _label(RiskStatus, r.status)),
        ]
        for r in risks
    ]


def _plan(plan: Any | None) -> list[Row]:
    if plan is None:
        return []
    agreed = day(plan.agreed_on) if plan.agreed_with_person else "Not yet agreed"
    return [
        Row("What they want from support, in their words", _or_not_recorded(plan.in_their_words)),
        Row("Safety plan", _or_not_recorded(plan.safety_plan)),
        Row("Agreed with the person", agreed),
        Row("Plan status", _label(PlanStatus, plan.status)),
    ]


def _goals(goals: Sequence[Any]) -> list[list[Row]]:
    return [
        [
            Row("Goal", _or_not_recorded(g.goal)),
            Row("Steps and who will take them", _or_not_recorded(g.steps)),
            Row("Target date", day(g.target_date) if g.target_date else NOT_RECORDED),
            Row("Status", _label(GoalStatus, g.status)),
        ]
        for g in goals
    ]


def _language(code: str) -> str:
    return codes.language_name(code) if code else NOT_RECORDED


def _accounts(accounts: Sequence[Any]) -> list[list[Row]]:
    return [
        [
            Row("Date", day(a.recorded_on)),
            Row(
                "Language they used",
                codes.language_name(a.language) if a.language else NOT_RECORDED,
            ),
            Row("Their account", _or_not_recorded(a.account)),
        ]
        for a in accounts
    ]


def referral_parts(
    *, categories: Sequence[str], case: Any, entries: Mapping[str, Any]
) -> list[Part]:
    """One part for each category the share covered, and only those. ``entries`` holds what
    the selector fetched for those categories: "needs", "risks", "plan", "goals", "account"."""
    covered = set(categories)
    parts: list[Part] = []
    for category in CATEGORY_ORDER:
        if category not in covered:
            continue
        heading = HEADINGS[category]
        if category == ShareCategory.IDENTITY:
            parts.append(Part(heading, _identity(case), []))
        elif category == ShareCategory.CONTACT:
            parts.append(Part(heading, _contact(case), []))
        elif category == ShareCategory.NEEDS:
            groups = _needs(entries["needs"])
            parts.append(Part(heading, [], groups, "No needs are recorded.", "Need"))
        elif category == ShareCategory.RISKS:
            groups = _risks(entries["risks"])
            parts.append(Part(heading, [], groups, "No current risks are recorded.", "Risk"))
        elif category == ShareCategory.PLAN:
            rows = _plan(entries["plan"])
            empty = "" if rows else "No support and safety plan is written yet."
            parts.append(Part(heading, rows, _goals(entries["goals"]), empty, "Goal"))
        elif category == ShareCategory.ACCOUNT:
            groups = _accounts(entries["account"])
            parts.append(Part(heading, [], groups, "Their account is not recorded.", "Account"))
    return parts


def referral_document(
    *,
    reference: str,
    case: Any,
    share: Any,
    entries: Mapping[str, Any],
    shared_at: datetime,
    produced_at: datetime,
) -> ReferralDocument:
    """Everything the partner reads. ``shared_at`` and ``produced_at`` in local time."""
    partner = share.partner
    referral = share.kind == ShareKind.REFERRAL
    consent = share.consent
    return ReferralDocument(
        reference=reference,
        title=f"{'Referral to' if referral else 'Information for'} {partner.name}",
        partner=partner.name,
        partner_contact=partner.contact,
        from_organisation=case.organisation.name,
        shared_by=share.created_by.full_name if share.created_by else "No longer in the service",
        shared_on=f"{day(shared_at)} at {shared_at:%H:%M}",
        kind="Referral" if referral else "Sharing information",
        purpose=_or_not_recorded(share.purpose),
        basis=_label(ShareBasis, share.basis),
        consent=consent_lines(
            basis=share.basis,
            consent=consent,
            consent_for_any_partner=consent is not None and consent.partner_id is None,
            authorised_by=share.authorised_by.full_name if share.authorised_by else "",
        ),
        categories=[
            _label(ShareCategory, c) for c in CATEGORY_ORDER if c in set(share.what_shared)
        ],
        parts=referral_parts(categories=share.what_shared, case=case, entries=entries),
        handling=HANDLING,
        produced_on=day(produced_at),
    )
