"""Pure: a case's audit events in plain English, for the DPO's access history.

Audit details hold only codes and ids (ADR 30, decision 8); the selector resolves the ids
(partners, shares, people) to names and passes them in, so nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lantern.support.models.case import CaseStatus, ClosureReason
from lantern.support.models.plan import ShareBasis
from lantern.support.standard import SECTION_TITLES

# The sharing-log categories, short enough for a line on a phone.
CATEGORY_WORDS = {
    "identity": "identity",
    "contact": "contact details",
    "account": "their account",
    "needs": "needs",
    "risks": "risks",
    "plan": "plan",
}

BASIS_WORDS: dict[str, str] = {
    ShareBasis.CONSENT: "with the person's consent",
    ShareBasis.CHILD: "without consent: safeguarding a child",
    ShareBasis.IMMEDIATE_DANGER: "without consent: someone in immediate danger",
    ShareBasis.SAFEGUARDING: "without consent: safeguarding an adult at risk",
}

REFUSAL_WORDS = {
    "no_consent": "the person's consent was not recorded",
    "unknown_basis": "no lawful basis was given",
    "not_authorised": "only a supervisor can share without consent",
    "no_reason": "no reason was given for sharing without consent",
    "not_a_child": "the record does not show the person is a child",
}

PAGE_WORDS = {
    "case": "Viewed the case",
    "details": "Viewed the case details",
    "access": "Viewed who can see the case",
    "close": "Viewed the page for closing the case",
    "plan": "Viewed the support and safety plan",
    "sharing": "Viewed the information sharing page",
    "transfer": "Viewed the HTCDS transfer page",
    "retention_hold": "Viewed the page for putting the case on hold",
    "subject_access_review": "Reviewed the subject access document",
    "retention_lift": "Viewed the page for lifting the hold",
}

EXPORT_WORDS = {
    "export:plan_pdf": "Downloaded the person's plan (PDF)",
    "export:subject_access": "Downloaded a subject access export (JSON)",
    "export:subject_access_document": "Opened the subject access document to print",
    "export:subject_access_pdf": "Downloaded the subject access document (PDF)",
    "export:htcds": "Exported the HTCDS record",
}

# Producing a share's document for the partner (the share's partner is named after "for",
# its reference, when known, after "document").
REFERRAL_WORDS = {
    "export:referral_pdf": "Downloaded the referral document{ref} for {partner} (PDF)",
    "referral": "Opened the referral document{ref} for {partner}, to print",
}

SIMPLE = {
    "case.created": "Opened the case",
    "case.history_viewed": "Viewed the access history",
    "case.plan_created": "Wrote the support and safety plan",
    "case.plan_updated": "Changed the support and safety plan",
    "case.plan_submitted": "Sent the plan for approval",
    "case.plan_approved": "Approved the plan",
    "case.anonymised": "Anonymised the case (retention period ended)",
    "case.subject_access_withheld": "Marked a passage to leave out of the subject access document",
    "case.subject_access_included": "Put a passage back into the subject access document",
    "case.retention_held": "Put the case on hold: it is kept past its retention date",
    "case.retention_hold_lifted": (
        "Lifted the hold: the case is anonymised when its retention date passes"
    ),
}

UNKNOWN_PARTNER = "a partner no longer on the case"


@dataclass(frozen=True)
class HistoryLine:
    """What happened, and a second line with more (empty when there is nothing more)."""

    what: str
    more: str = ""


def _section(key: Any) -> str:
    return SECTION_TITLES.get(str(key), "a section")


def _words(codes: Any, table: Mapping[str, str]) -> str:
    return ", ".join(table.get(str(c), str(c).replace("_", " ")) for c in codes or [])


def _fields(detail: Mapping[str, Any]) -> str:
    fields = detail.get("fields") or []
    return "Changed: " + _words(fields, {}) if fields else ""


def _label(choices: Any, code: Any) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def _viewed(what: str) -> HistoryLine:
    if what in PAGE_WORDS:
        return HistoryLine(PAGE_WORDS[what])
    kind, _, key = what.partition(":")
    if kind == "section":
        return HistoryLine(f"Viewed {_section(key)}")
    if kind == "entry":
        return HistoryLine(f"Opened an entry in {_section(key)}")
    return HistoryLine(f"Viewed the case ({what.replace('_', ' ')})")


def _shared(
    detail: Mapping[str, Any], partners: Mapping[str, str], share_refs: Mapping[str, str]
) -> HistoryLine:
    partner = partners.get(str(detail.get("partner", "")), UNKNOWN_PARTNER)
    kind = "referral" if detail.get("kind") == "referral" else "share"
    ref = share_refs.get(str(detail.get("share", "")))
    kind = f"{kind}, {ref}" if ref else kind
    what = f"Shared with {partner}: {_words(detail.get('what'), CATEGORY_WORDS)} ({kind})"
    return HistoryLine(what, BASIS_WORDS.get(str(detail.get("basis", "")), "").capitalize())


def describe(
    action: str,
    detail: Mapping[str, Any],
    *,
    partners: Mapping[str, str],
    share_partners: Mapping[str, str],
    people: Mapping[str, str],
    share_refs: Mapping[str, str] | None = None,
) -> HistoryLine:
    """``partners``: partner id -> name; ``share_partners``: share id -> partner name;
    ``people``: user id -> name; ``share_refs``: share id -> the reference a partner quotes.
    Unknown codes fall back to the code, so nothing is hidden."""
    share_refs = share_refs or {}
    if action in SIMPLE:
        return HistoryLine(SIMPLE[action])
    what = str(detail.get("what", ""))
    if what in REFERRAL_WORDS and action in ("case.viewed", "case.exported"):
        share = str(detail.get("share", ""))
        partner = share_partners.get(share, UNKNOWN_PARTNER)
        ref = f" {share_refs[share]}" if share in share_refs else ""
        basis = BASIS_WORDS.get(str(detail.get("basis", "")), "")
        line = REFERRAL_WORDS[what].format(ref=ref, partner=partner)
        return HistoryLine(line, basis.capitalize())
    if action == "case.viewed":
        return _viewed(what)
    if action == "case.exported":
        line = EXPORT_WORDS.get(what, f"Exported the case ({what})")
        share = str(detail.get("share", ""))
        if share:
            line += f" to {share_partners.get(share, UNKNOWN_PARTNER)}"
        return HistoryLine(line, BASIS_WORDS.get(str(detail.get("basis", "")), "").capitalize())
    if action == "case.shared":
        return _shared(detail, partners, share_refs)
    if action == "case.share_refused":
        partner = partners.get(str(detail.get("partner", "")), UNKNOWN_PARTNER)
        why = REFUSAL_WORDS.get(str(detail.get("code", "")), str(detail.get("code", "")))
        return HistoryLine(f"Was refused sharing with {partner}", f"Refused: {why}")
    if action == "case.updated":
        return HistoryLine("Changed the case details", _fields(detail))
    if action == "case.section_added":
        return HistoryLine(f"Added an entry to {_section(detail.get('section'))}")
    if action == "case.section_updated":
        return HistoryLine(
            f"Changed an entry in {_section(detail.get('section'))}", _fields(detail)
        )
    if action == "case.closure_requested":
        return HistoryLine(
            f"Asked to close the case: {_label(ClosureReason, detail.get('reason')).lower()}"
        )
    if action == "case.closure_declined":
        asked = _label(ClosureReason, detail.get("requested_reason")).lower()
        return HistoryLine("Declined the closure", f"It was asked for: {asked}")
    if action == "case.closed":
        status = _label(CaseStatus, detail.get("status"))
        return HistoryLine(
            f"Approved the closure ({status.lower()})",
            f"Kept until {detail.get('retention_until', '')}",
        )
    if action == "case.restriction_changed":
        names = ", ".join(people.get(str(p), "someone") for p in detail.get("named") or [])
        if detail.get("restricted"):
            return HistoryLine("Restricted the case to named people", f"Named: {names}")
        return HistoryLine("Made the case visible to the team again")
    if action == "case.break_glass":
        told = ", ".join(people.get(str(p), "someone") for p in detail.get("alerted") or [])
        return HistoryLine("Used emergency access", f"Told: {told}" if told else "")
    return HistoryLine(action)
