"""Exports of a case: HTCDS v2.0-shaped JSON for a lawful transfer, and subject access.

Callers fetch the case through the gateway first and audit the export (views do both).
The HTCDS mapping is documented in docs/support.md.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from lantern.core.crypto import EncryptedTextField
from lantern.core.models import AuditEvent
from lantern.support.models import (
    BreakGlassAccess,
    Case,
    CaseStatus,
    ConsentRecord,
    InformationShare,
    Partner,
    PlanGoal,
    SupportPlan,
)
from lantern.support.models.plan import (
    ConsentDecision,
    ConsentScope,
)
from lantern.support.sections import SECTIONS

HTCDS_VERSION = "2.0"

# Lantern case status -> HTCDS case status (Active / FollowUp / Closed / ClosedReferred).
HTCDS_STATUS = {
    CaseStatus.ACTIVE: "Active",
    CaseStatus.FOLLOW_UP: "FollowUp",
    CaseStatus.CLOSURE_REQUESTED: "Active",
    CaseStatus.CLOSED: "Closed",
    CaseStatus.CLOSED_REFERRED: "ClosedReferred",
}
HTCDS_GENDER = {
    "female": "Female",
    "male": "Male",
    "transgender": "Transgender",
    "other": "Other",
    "unknown": "Unknown",
}
HTCDS_EXPLOITATION = {
    "labour": "ForcedLabour",
    "sexual": "SexualExploitation",
    "domestic_servitude": "DomesticServitude",
    "criminal": "ForcedCriminality",
    "organ_removal": "OrganRemoval",
    "other": "Other",
    "unknown": "Unknown",
}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def htcds_document(case: Case) -> dict[str, Any]:
    plan = SupportPlan.objects.filter(case=case).first()
    goals = list(PlanGoal.objects.filter(case=case).order_by("created_at"))
    partners = {p.pk: p for p in Partner.objects.filter(case=case)}
    shares = list(InformationShare.objects.filter(case=case).order_by("created_at"))
    consents = list(ConsentRecord.objects.filter(case=case).order_by("recorded_on", "created_at"))
    data_consent = next(
        (c for c in reversed(consents) if c.scope == ConsentScope.SHARE and c.partner_id is None),
        None,
    )
    return {
        "htcdsVersion": HTCDS_VERSION,
        "exportedAt": timezone.now().isoformat(),
        "organisation": {
            "organisationId": str(case.organisation_id),
            "name": case.organisation.name,
        },
        "person": {
            "personId": str(case.pk),
            "names": [
                n
                for n in [
                    {"type": "Given", "value": case.given_name},
                    {"type": "Family", "value": case.family_name},
                    *[
                        {"type": "Alias", "value": a.strip()}
                        for a in case.aliases.splitlines()
                        if a.strip()
                    ],
                ]
                if n["value"]
            ],
            "birthdate": case.date_of_birth or None,
            "ageBand": case.age_band,
            "gender": HTCDS_GENDER.get(case.gender, "Unknown"),
            "citizenship": [case.nationality] if case.nationality else [],
            "languages": list(case.languages),
            "interpreterNeeded": case.interpreter_needed,
        },
        "victimContext": {
            "dataConsent": (
                data_consent.decision == ConsentDecision.GIVEN if data_consent else None
            ),
            "typeOfExploitation": [
                HTCDS_EXPLOITATION.get(t, "Other") for t in case.exploitation_types
            ],
        },
        "case": {
            "caseId": case.reference,
            "status": HTCDS_STATUS[CaseStatus(case.status)],
            "owner": str(case.owner_id) if case.owner_id else None,
            "openedAt": _iso(case.created_at),
            "closedAt": _iso(case.closed_at),
            "closureReason": case.closure_reason or None,
            "outgoingReferrals": [
                {
                    "referralId": str(s.pk),
                    "kind": s.kind,
                    "to": partners[s.partner_id].name,
                    "date": _iso(s.created_at),
                    "informationShared": s.what_shared,
                    "lawfulBasis": s.basis,
                }
                for s in shares
            ],
        },
        "supportPlan": (
            {
                "objectives": [g.goal for g in goals],
                "actionPlan": [
                    {
                        "objective": g.goal,
                        "steps": g.steps,
                        "plannedEnd": _iso(g.target_date),
                        "status": g.status,
                    }
                    for g in goals
                ],
                "personsWords": plan.in_their_words,
                "agreedWithPerson": plan.agreed_with_person,
                "agreedOn": _iso(plan.agreed_on),
                "approved": plan.status == "approved",
            }
            if plan
            else None
        ),
        "consent": [
            {
                "scope": c.scope,
                "partner": partners[c.partner_id].name if c.partner_id else None,
                "decision": c.decision,
                "date": _iso(c.recorded_on),
            }
            for c in consents
        ],
    }


def _row(obj: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in {"case"}:
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, models.ForeignKey):
            value = str(value) if value is not None else None
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif not isinstance(value, str | int | bool | list | dict | type(None)):
            value = str(value)
        row[f.name] = value
    return row


def subject_access_document(case: Case) -> dict[str, Any]:
    """Everything held about the person: the case, every section, and who has accessed it."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for key, spec in SECTIONS.items():
        sections[key] = [_row(e) for e in spec.model._default_manager.filter(case=case)]
    sections["sharing"] = [_row(e) for e in InformationShare.objects.filter(case=case)]
    plan = SupportPlan.objects.filter(case=case).first()
    encrypted = [f.name for f in Case._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    return {
        "about": "Everything Lantern holds about this person, for a subject access request "
        "(UK GDPR Article 15). Staff are identified by reference.",
        "generatedAt": timezone.now().isoformat(),
        "case": _row(case),
        "personalFieldsHeldEncrypted": encrypted,
        "supportPlan": _row(plan) if plan else None,
        "sections": sections,
        "emergencyAccess": [_row(b) for b in BreakGlassAccess.objects.filter(case=case)],
        "accessHistory": [
            {
                "seq": e.seq,
                "at": e.occurred_at.isoformat(),
                "action": e.action,
                "by": e.actor_ref,
            }
            for e in AuditEvent.objects.filter(
                object_type="support.case", object_ref=str(case.pk)
            ).order_by("seq")
        ],
    }
