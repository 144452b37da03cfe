"""Exports of a case: an HTCDS JSON record for a lawful transfer, and subject access.

Callers fetch the case through the gateway first and audit the export (views do both).
The HTCDS mapping, and the published files it was checked against, are in docs/support.md.
"""

from __future__ import annotations

import re
from datetime import date
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
    ExploitationType,
    Gender,
    InformationShare,
    Partner,
    PlanGoal,
    SupportPlan,
)
from lantern.support.models.plan import ShareKind
from lantern.support.sections import SECTIONS

# What the HTCDS keys and value names were checked against (docs/support.md, "HTCDS mapping"),
# field by field: the v1.0 survey toolkit form ("HDCDS CORE 1.0 Survey") for every field it
# defines, and the older field reference (which predates v1.0) only for the four fields the form
# does not contain (org_Name, cas_ReasonForCaseClosure, cas_ReferredOrganisation,
# cas_OutgoingReferralDate). Not a claim of v2.0 conformance: v2.0's field list could not be read.
HTCDS_FORM = "Toolkit/Survey/htcds_xlsform.xml@260644828a9cd21e432091da8c87f792e51d92cf"
HTCDS_PRE_1_0_REFERENCE = "HTCDS Field Reference.md@af4f8478d0c451c7a9c363fde761a4677694ebb5"
HTCDS_VERSION = (
    f"1.0 ({HTCDS_FORM}; org_Name, cas_ReasonForCaseClosure, cas_ReferredOrganisation and "
    f"cas_OutgoingReferralDate: pre-1.0 {HTCDS_PRE_1_0_REFERENCE})"
)

# Lantern value -> HTCDS v1.0 value name (the form's <value>s). Every target is a published
# value name; a Lantern value that is missing from a map has no HTCDS equivalent and no
# published "unknown", and is left out. Where the meanings differ, the target claims no more
# than Lantern records (each judgement is in docs/support.md).

# prs_Gender: Feminine Masculine TransgenderFeminine TransgenderMasculine NonConforming
# NonSpecifiedUnknown.
HTCDS_GENDER = {
    Gender.FEMALE: "Feminine",
    Gender.MALE: "Masculine",
    # Lantern does not record whether a transgender person is feminine or masculine, and
    # NonConforming would say something else again: the specific value is not specified.
    Gender.TRANSGENDER: "NonSpecifiedUnknown",
    # "In another way": neither female nor male (nor transgender), i.e. not conforming to
    # either (the pre-1.0 field description: "male, female, both or neither").
    Gender.OTHER: "NonConforming",
    Gender.NOT_KNOWN: "NonSpecifiedUnknown",
}
# cas_Status: Active FollowUp Closed ClosedReferred (unchanged in v1.0).
HTCDS_STATUS = {
    CaseStatus.ACTIVE: "Active",
    CaseStatus.FOLLOW_UP: "FollowUp",
    # Still open: closing waits for a supervisor's approval.
    CaseStatus.CLOSURE_REQUESTED: "Active",
    CaseStatus.CLOSED: "Closed",
    CaseStatus.CLOSED_REFERRED: "ClosedReferred",
}
# vic_TypeOfExploitation: ForcedLabour SexualExploitation ChildLabour ForcedMarriage Servitude
# ForcedMilitaryByNonStateActors OrganRemoval ForcedBegging ForcedAdoption Surrogacy Other.
# Domestic servitude is servitude in a household, so Servitude (the household is kept in
# lanternExtensions.exploitationTypes). Criminal exploitation has no value of its own in v1.0
# (IllicitActivities is gone): Other. There is no published "unknown", so "not known yet" is
# left out.
HTCDS_EXPLOITATION = {
    ExploitationType.LABOUR: "ForcedLabour",
    ExploitationType.SEXUAL: "SexualExploitation",
    ExploitationType.DOMESTIC_SERVITUDE: "Servitude",
    ExploitationType.CRIMINAL: "Other",
    ExploitationType.ORGAN_REMOVAL: "OrganRemoval",
    ExploitationType.OTHER: "Other",
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _birthdate(as_given: str) -> str | None:
    """The date of birth as an ISO date when it is one (prs_Birthdate is a Date field).

    It is recorded as the person gives it: ``14/03/1990`` (day first, as the form asks) or
    ``1990-03-14`` is a date; ``about 1990`` is not, and stays as given in the extensions.
    """
    text = as_given.strip()
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text).isoformat()
        uk = _UK_DATE.match(text)
        if uk:
            day, month, year = (int(part) for part in uk.groups())
            return date(year, month, day).isoformat()
    except ValueError:
        return None
    return None


def htcds_document(case: Case) -> dict[str, Any]:
    """The case as HTCDS fields (published field names, prefix included), for a lawful transfer.

    Only fields Lantern has data for are present. What HTCDS has no field for is under
    ``lanternExtensions``; nothing here is more than the export carried before the keys were
    checked against the standard.
    """
    plan = SupportPlan.objects.filter(case=case).first()
    goals = list(PlanGoal.objects.filter(case=case).order_by("created_at"))
    partners = {p.pk: p for p in Partner.objects.filter(case=case)}
    shares = list(InformationShare.objects.filter(case=case).order_by("created_at"))
    consents = list(ConsentRecord.objects.filter(case=case).order_by("recorded_on", "created_at"))

    document: dict[str, Any] = {
        "htcdsVersion": HTCDS_VERSION,
        "exportedAt": timezone.now().isoformat(),
        # Not in the v1.0 survey form: the pre-1.0 field reference's name.
        "org_Name": case.organisation.name,
    }
    if case.given_name:
        document["prs_First_Name"] = case.given_name
    if case.family_name:
        document["prs_Second_Name"] = case.family_name
    birthdate = _birthdate(case.date_of_birth)
    if birthdate:
        document["prs_Birthdate"] = birthdate
    document["prs_Gender"] = HTCDS_GENDER[Gender(case.gender)]
    # v1.0 renamed Nationality to Citizenship; the values are the same ISO 3166-1 alpha-2 codes.
    if case.nationality:
        document["prs_Citizenship"] = case.nationality
    exploitation = [
        HTCDS_EXPLOITATION[t] for t in case.exploitation_types if t in HTCDS_EXPLOITATION
    ]
    if exploitation:
        document["vic_TypeOfExploitation"] = list(dict.fromkeys(exploitation))
    document["cas_Status"] = HTCDS_STATUS[CaseStatus(case.status)]
    if case.closure_reason:  # not in the v1.0 survey form: the pre-1.0 field reference's name
        document["cas_ReasonForCaseClosure"] = case.get_closure_reason_display()
    # cas_ReferredOrganisation and cas_OutgoingReferralDate (pre-1.0 field reference; the v1.0
    # survey leaves out outgoing referral fields): "There may be multiple referred
    # organisations", so one entry per referral Lantern logged.
    document["outgoingReferrals"] = [
        {
            "cas_ReferredOrganisation": partners[s.partner_id].name,
            "cas_OutgoingReferralDate": timezone.localdate(s.created_at).isoformat(),
        }
        for s in shares
        if s.kind == ShareKind.REFERRAL
    ]

    aliases = [a.strip() for a in case.aliases.splitlines() if a.strip()]
    extensions: dict[str, Any] = {"caseReference": case.reference}
    if aliases:
        extensions["aliases"] = aliases
    if case.date_of_birth.strip() and birthdate is None:
        extensions["dateOfBirthAsGiven"] = case.date_of_birth.strip()
    extensions.update(
        {
            "ageBand": case.age_band,
            "languages": list(case.languages),
            "interpreterNeeded": case.interpreter_needed,
            "exploitationTypes": list(case.exploitation_types),
            "openedAt": _iso(case.created_at),
            "closedAt": _iso(case.closed_at),
            "informationSharing": [
                {
                    "kind": s.kind,
                    "to": partners[s.partner_id].name,
                    "date": _iso(s.created_at),
                    "informationShared": s.what_shared,
                    "lawfulBasis": s.basis,
                }
                for s in shares
            ],
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
            # Not con_Consent: v1.0 publishes it as one Yes/No question with no definition, and
            # Lantern records consent to share with a named partner for a scope.
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
    )
    document["lanternExtensions"] = extensions
    return document


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
