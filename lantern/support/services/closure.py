"""Closure and retention: closing a case needs a supervisor's approval and sets its retention
date; past that date the scheduled retention run anonymises it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.core.crypto import EncryptedTextField
from lantern.support import conf
from lantern.support.models import (
    AlertKind,
    BreakGlassAccess,
    Case,
    CaseStatus,
    ClosureReason,
    ConsentRecord,
    InformationShare,
    RetentionRun,
    SubjectAccessWithholding,
    SupportAlert,
    SupportPlan,
)
from lantern.support.services._common import _alert, _audit, _case_locked, _supervisors

# What asking for, declining and approving a closure change on the case.
CLOSURE_FIELDS = [
    "status",
    "closure_reason",
    "closure_requested_by",
    "closure_requested_at",
    "closure_other_reason",
    "closure_declined_reason",
    "closure_declined_by",
    "closure_declined_at",
    "closure_declined_for",
    "updated_at",
]


OTHER_REASON_MAX = 1000


def closure_request(*, actor: User, case: Case, reason: str, other_reason: str = "") -> Case:
    """Ask a supervisor to close the case. The reason "Other" needs the caseworker's own words
    (``other_reason``, kept encrypted on the case for the supervisor, never in the audit log)."""
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": "Select why the case is closing"})
    other_reason = other_reason.strip() if reason == ClosureReason.OTHER else ""
    if reason == ClosureReason.OTHER and not other_reason:
        raise ValidationError({"other_reason": "Tell your supervisor why the case is closing"})
    if len(other_reason) > OTHER_REASON_MAX:
        raise ValidationError(
            {"other_reason": "Why the case is closing must be 1000 characters or fewer"}
        )
    with transaction.atomic():
        case = _case_locked(case)
        if case.is_closed:
            raise ValidationError("The case is already closed")
        case.status = CaseStatus.CLOSURE_REQUESTED
        case.closure_reason = reason
        case.closure_requested_by = actor
        case.closure_requested_at = timezone.now()
        case.closure_other_reason = other_reason
        # A new request replaces the answer to the last one.
        case.closure_declined_reason = ""
        case.closure_declined_by = None
        case.closure_declined_at = None
        case.closure_declined_for = None
        case.updated_at = timezone.now()
        case.save(update_fields=CLOSURE_FIELDS)
        _alert(
            case=case, actor=actor, kind=AlertKind.CLOSURE_REQUESTED, recipients=_supervisors(case)
        )
        _audit(actor, case, "case.closure_requested", reason=reason)
    return case


def closure_approve(*, actor: User, case: Case) -> Case:
    """Close the case and set its retention date by policy (conf.retention_days)."""
    with transaction.atomic():
        case = _case_locked(case)
        if case.status != CaseStatus.CLOSURE_REQUESTED:
            raise ValidationError("Nobody has asked to close this case")
        if case.closure_requested_by_id == actor.pk:
            raise ValidationError("You cannot approve a closure you asked for")
        now = timezone.now()
        case.status = (
            CaseStatus.CLOSED_REFERRED
            if case.closure_reason == ClosureReason.REFERRED_ON
            else CaseStatus.CLOSED
        )
        case.closed_at = now
        case.retention_until = timezone.localdate(now) + timedelta(days=conf.retention_days())
        case.updated_at = now
        case.save(update_fields=["status", "closed_at", "retention_until", "updated_at"])
        _audit(
            actor,
            case,
            "case.closed",
            status=case.status,
            retention_until=case.retention_until.isoformat(),
        )
    return case


def closure_decline(*, actor: User, case: Case, reason: str) -> Case:
    """A supervisor sends a closure request back, saying why. The case is active again; the
    reason is kept (encrypted) on the case to read, with who asked (``closure_declined_for``):
    the decline comes back to them and to the case's owner, who may be someone else (a
    teammate can ask to close a case they cover), and both are alerted. The audit event
    records the decision (no free text)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you are declining the closure"})
    with transaction.atomic():
        case = _case_locked(case)
        if case.status != CaseStatus.CLOSURE_REQUESTED:
            raise ValidationError("Nobody has asked to close this case")
        if case.closure_requested_by_id == actor.pk:
            raise ValidationError("You cannot decide on a closure you asked for")
        requested_by = case.closure_requested_by
        requested_reason = case.closure_reason
        now = timezone.now()
        case.status = CaseStatus.ACTIVE
        case.closure_reason = ""
        case.closure_requested_by = None
        case.closure_requested_at = None
        case.closure_other_reason = ""
        case.closure_declined_reason = reason
        case.closure_declined_by = actor
        case.closure_declined_at = now
        case.closure_declined_for = requested_by
        case.updated_at = now
        case.save(update_fields=CLOSURE_FIELDS)
        told = {u.pk: u for u in (requested_by, case.owner) if u is not None}
        told.pop(actor.pk, None)
        if told:
            _alert(
                case=case, actor=actor, kind=AlertKind.CLOSURE_DECLINED, recipients=told.values()
            )
        _audit(actor, case, "case.closure_declined", requested_reason=requested_reason)
    return case


def _section_models() -> list[Any]:
    from lantern.support.sections import SECTIONS

    seen: list[Any] = []
    for spec in SECTIONS.values():
        if spec.model not in seen:
            seen.append(spec.model)
    return seen


def case_anonymise(
    *, case: Case, actor: User | None = None, run: RetentionRun | None = None
) -> dict[str, int]:
    """Remove everything that could identify the person; keep the non-identifying facts
    (age band, gender, nationality, exploitation types, dates of opening and closing).
    ``run``: the retention job doing it, recorded on the case and in its audit event."""
    removed: dict[str, int] = {}
    with transaction.atomic():
        case = _case_locked(case)
        # Shares reference consent and partners (PROTECT): remove in dependency order.
        for model in [InformationShare, ConsentRecord, *_section_models()]:
            count, _ = model._default_manager.filter(case=case).delete()
            if count:
                name = model._meta.model_name or ""
                removed[name] = removed.get(name, 0) + count
        SupportPlan.objects.filter(case=case).delete()
        BreakGlassAccess.objects.filter(case=case).delete()
        SupportAlert.objects.filter(case=case).delete()
        SubjectAccessWithholding.objects.filter(case=case).delete()
        cleared = [
            f.attname for f in Case._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        for name in cleared:
            setattr(case, name, "")
        case.anonymised_at = timezone.now()
        case.anonymised_by_run = run
        case.save(update_fields=[*cleared, "anonymised_at", "anonymised_by_run"])
        extra = {"run": str(run.pk)} if run is not None else {}
        _audit(actor, case, "case.anonymised", removed=removed, **extra)
    return removed


def anonymise_expired_cases(*, today: date | None = None) -> RetentionRun:
    """Anonymise closed cases past their retention date, except those a DPO holds, and
    record the run: once for the platform, and once against each organisation whose cases
    it anonymised, so that organisation's DPO sees it in the audit log."""
    today = today or timezone.localdate()
    due = list(
        Case.objects.filter(
            retention_until__lt=today,
            anonymised_at__isnull=True,
            retention_held_at__isnull=True,
            status__in=[
                CaseStatus.CLOSED,
                CaseStatus.CLOSED_REFERRED,
            ],
        ).values_list("pk", "organisation_id")
    )
    run = RetentionRun.objects.create(cutoff=today, cases_anonymised=0)
    by_org: dict[str, int] = {}
    for pk, org_id in due:
        case_anonymise(case=Case.objects.get(pk=pk), run=run)
        by_org[str(org_id)] = by_org.get(str(org_id), 0) + 1
    with transaction.atomic():
        run.cases_anonymised = len(due)
        run.save(update_fields=["cases_anonymised"])
        audit_record(
            action="support.retention_run",
            object_type="support.retentionrun",
            object_ref=str(run.pk),
            detail={"cutoff": today.isoformat(), "cases_anonymised": len(due)},
        )
        for org, count in sorted(by_org.items()):
            audit_record(
                action="support.retention_run",
                object_type="support.retentionrun",
                object_ref=str(run.pk),
                organisation_ref=org,
                detail={"cutoff": today.isoformat(), "cases_anonymised": count},
            )
    return run
