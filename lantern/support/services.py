"""Writes for support cases. Keyword-only, typed, atomic; each writes its audit event in the
same transaction. Audit detail never holds personal data: sections, ids and codes only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from lantern.accounts.models import Organisation, Team, User
from lantern.core.audit import audit_record
from lantern.core.crypto import EncryptedTextField
from lantern.support import codes, conf, selectors
from lantern.support.models import (
    AlertKind,
    BreakGlassAccess,
    Case,
    CaseAccessGrant,
    CaseReferenceCounter,
    CaseStatus,
    ClosureReason,
    ConsentRecord,
    InformationShare,
    Partner,
    PlanGoal,
    PlanStatus,
    RetentionRun,
    SupportAlert,
    SupportPlan,
)
from lantern.support.models.case import ExploitationType
from lantern.support.rules import ShareDecision, share_decision

APPEND_ONLY = (ConsentRecord, InformationShare)


class EditConflict(Exception):
    """Someone else saved this record after you opened it. ``current`` is what is saved now."""

    def __init__(self, current: Any) -> None:
        super().__init__("stale edit")
        self.current = current


class ShareRefused(Exception):
    def __init__(self, decision: ShareDecision) -> None:
        super().__init__(decision.code)
        self.decision = decision


def _audit(actor: User | None, case: Case, action: str, **detail: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        obj=case,
        object_type="support.case",
        organisation_ref=str(case.organisation_id),
        detail=detail,
    )


def _touch(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())


# --- Reads that must be audited ---------------------------------------------------------------


def case_access_record(*, actor: User, case: Case, what: str, ip: str | None = None) -> None:
    """Record that someone viewed or exported a case (``what``: page, section or format)."""
    with transaction.atomic():
        audit_record(
            action="case.viewed" if not what.startswith("export:") else "case.exported",
            actor=actor,
            obj=case,
            object_type="support.case",
            organisation_ref=str(case.organisation_id),
            ip=ip,
            detail={"what": what},
        )


def case_list_record(*, actor: User, page: int, shown: int) -> None:
    """Listing cases is audited too (which page, how many references were shown)."""
    with transaction.atomic():
        audit_record(
            action="case.list_viewed", actor=actor, obj=actor, detail={"page": page, "shown": shown}
        )


def case_history_record(*, actor: User, case: Case) -> None:
    with transaction.atomic():
        _audit(actor, case, "case.history_viewed")


# --- Cases -----------------------------------------------------------------------------------

_STOP_WORDS = {"of", "the", "and", "for", "demo", "ltd", "cic"}


def reference_prefix(organisation_name: str) -> str:
    """ "Safe Harbour Support (demo)" -> "SHS"; at most three letters, never empty."""
    words = re.findall(r"[A-Za-z]+", organisation_name)
    letters = "".join(w[0] for w in words if w.lower() not in _STOP_WORDS)[:3].upper()
    return letters or "LC"


def _next_reference(organisation: Organisation, year: int) -> str:
    CaseReferenceCounter.objects.bulk_create(
        [CaseReferenceCounter(organisation=organisation, year=year, last_number=0)],
        ignore_conflicts=True,
    )
    counter = CaseReferenceCounter.objects.select_for_update().get(
        organisation=organisation, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{reference_prefix(organisation.name)}-{year}-{counter.last_number:04d}"


def _clean_structured(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if "nationality" in data:
        data["nationality"] = (data["nationality"] or "").strip().upper()
        if data["nationality"] and data["nationality"] not in codes.countries():
            errors["nationality"] = "Select a country from the list"
    if "languages" in data:
        langs = [str(c).strip().lower() for c in data["languages"] or [] if str(c).strip()]
        unknown = [c for c in langs if c not in codes.languages()]
        if unknown:
            errors["languages"] = "Use ISO 639-2 codes, like tir for Tigrinya: " + ", ".join(
                unknown
            )
        data["languages"] = list(dict.fromkeys(langs))
    if "exploitation_types" in data:
        types = list(dict.fromkeys(data["exploitation_types"] or []))
        if any(t not in ExploitationType.values for t in types):
            errors["exploitation_types"] = "Select types of exploitation from the list"
        data["exploitation_types"] = types
    if errors:
        raise ValidationError(errors)
    return data


CASE_EDITABLE_FIELDS = (
    "age_band",
    "age_disputed",
    "gender",
    "nationality",
    "languages",
    "interpreter_needed",
    "exploitation_types",
    "given_name",
    "family_name",
    "aliases",
    "date_of_birth",
    "contact_details",
    "place_of_safety_address",
    "notes",
)


def case_create(
    *,
    actor: User,
    organisation: Organisation,
    team: Team | None,
    owner: User | None = None,
    **fields: Any,
) -> Case:
    unknown = set(fields) - set(CASE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "The team must belong to the case's organisation"})
    data = _clean_structured(dict(fields))
    with transaction.atomic():
        case = Case(organisation=organisation, team=team, owner=owner or actor, **data)
        case.reference = _next_reference(organisation, timezone.localdate().year)
        case.full_clean(exclude=["languages", "exploitation_types"])
        case.save(force_insert=True)
        _audit(actor, case, "case.created", reference=case.reference)
    return case


def _lock(model: type[models.Model], pk: Any, expected_version: int) -> Any:
    current = model._default_manager.select_for_update().get(pk=pk)
    if current.version != expected_version:  # type: ignore[attr-defined]
        raise EditConflict(current)
    return current


def case_update(*, actor: User, case: Case, expected_version: int, **changes: Any) -> Case:
    """Change the case details, refusing the change if the case was saved since it was read."""
    unknown = set(changes) - set(CASE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    data = _clean_structured(dict(changes))
    with transaction.atomic():
        current: Case = _lock(Case, case.pk, expected_version)
        changed = [name for name, value in data.items() if getattr(current, name) != value]
        for name in changed:
            setattr(current, name, data[name])
        current.version += 1
        current.updated_at = timezone.now()
        current.save(update_fields=[*changed, "version", "updated_at"])
        _audit(actor, current, "case.updated", fields=changed, version=current.version)
    return current


# --- Sections --------------------------------------------------------------------------------


def _plan_reopen(plan: SupportPlan | None, actor: User) -> None:
    """Any change to an approved or submitted plan sends it back to draft."""
    if plan is None or plan.status == PlanStatus.DRAFT:
        return
    plan.status = PlanStatus.DRAFT
    plan.approved_by = None
    plan.approved_at = None
    plan.drafted_by = actor
    plan.save(update_fields=["status", "approved_by", "approved_at", "drafted_by"])


def section_entry_create(
    *, actor: User, case: Case, model: type[models.Model], section: str, data: dict[str, Any]
) -> Any:
    if model is InformationShare:
        raise ValueError("shares go through information_share_create (consent gate)")
    entry = model(case=case, created_by=actor, **data)
    entry.full_clean(exclude=["case", "created_by"])
    with transaction.atomic():
        entry.save(force_insert=True)
        if model is PlanGoal:
            _plan_reopen(selectors.plan_for(case), actor)
        _touch(case)
        _audit(actor, case, "case.section_added", section=section, entry=str(entry.pk))
    return entry


def section_entry_update(
    *, actor: User, entry: Any, section: str, data: dict[str, Any], expected_version: int
) -> Any:
    """Save an edit unless someone else saved the entry first (then raise EditConflict)."""
    if isinstance(entry, APPEND_ONLY):
        raise ValueError("consent and sharing records are append-only")
    model = type(entry)
    with transaction.atomic():
        current = _lock(model, entry.pk, expected_version)
        changed = [name for name, value in data.items() if getattr(current, name) != value]
        for name in changed:
            setattr(current, name, data[name])
        current.full_clean(exclude=["case", "created_by"])
        current.version += 1
        current.updated_at = timezone.now()
        current.save(update_fields=[*changed, "version", "updated_at"])
        if model is PlanGoal:
            _plan_reopen(selectors.plan_for(current.case), actor)
        _touch(current.case)
        _audit(
            actor,
            current.case,
            "case.section_updated",
            section=section,
            entry=str(current.pk),
            fields=changed,
            version=current.version,
        )
    return current


# --- Support and safety plan (PC14) ----------------------------------------------------------


def plan_save(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    in_their_words: str,
    safety_plan: str,
    agreed_with_person: bool,
    agreed_on: date | None,
) -> SupportPlan:
    """Create (expected_version 0) or edit the plan. Editing sends an approved plan back to
    draft: an approval covers the plan as it was approved, not later changes."""
    if agreed_with_person and agreed_on is None:
        raise ValidationError({"agreed_on": "Enter the date the person agreed the plan"})
    values = {
        "in_their_words": in_their_words,
        "safety_plan": safety_plan,
        "agreed_with_person": agreed_with_person,
        "agreed_on": agreed_on,
    }
    with transaction.atomic():
        existing = SupportPlan.objects.select_for_update().filter(case=case).first()
        if existing is None:
            if expected_version != 0:
                raise EditConflict(None)
            plan = SupportPlan(case=case, drafted_by=actor, **values)
            plan.full_clean(exclude=["case", "drafted_by"])
            plan.save(force_insert=True)
            action = "case.plan_created"
        else:
            if existing.version != expected_version:
                raise EditConflict(existing)
            plan = existing
            for name, value in values.items():
                setattr(plan, name, value)
            plan.status = PlanStatus.DRAFT
            plan.approved_by = None
            plan.approved_at = None
            plan.drafted_by = actor
            plan.version += 1
            plan.updated_at = timezone.now()
            plan.full_clean(exclude=["case", "drafted_by", "approved_by"])
            plan.save()
            action = "case.plan_updated"
        _touch(case)
        _audit(actor, case, action, version=plan.version)
    return plan


def plan_submit(*, actor: User, case: Case) -> SupportPlan:
    with transaction.atomic():
        plan = SupportPlan.objects.select_for_update().get(case=case)
        if not plan.agreed_with_person:
            raise ValidationError("Agree the plan with the person before asking for approval")
        if not PlanGoal.objects.filter(case=case).exists():
            raise ValidationError("Add at least one goal, in the person's words")
        plan.status = PlanStatus.SUBMITTED
        plan.save(update_fields=["status"])
        _alert(case=case, actor=actor, kind=AlertKind.PLAN_SUBMITTED, recipients=_supervisors(case))
        _audit(actor, case, "case.plan_submitted", version=plan.version)
    return plan


def plan_approve(*, actor: User, case: Case, expected_version: int) -> SupportPlan:
    """A supervisor approves the plan as they saw it (version), never their own draft."""
    with transaction.atomic():
        plan = SupportPlan.objects.select_for_update().get(case=case)
        if plan.version != expected_version:
            raise EditConflict(plan)
        if plan.drafted_by_id == actor.pk:
            raise ValidationError("You cannot approve a plan you wrote. Ask another supervisor")
        if plan.status != PlanStatus.SUBMITTED:
            raise ValidationError("The plan has not been sent for approval")
        plan.status = PlanStatus.APPROVED
        plan.approved_by = actor
        plan.approved_at = timezone.now()
        plan.save(update_fields=["status", "approved_by", "approved_at"])
        _audit(actor, case, "case.plan_approved", version=plan.version)
    return plan


# --- Consent-gated sharing (PC16, PC18) ------------------------------------------------------


def information_share_create(
    *,
    actor: User,
    case: Case,
    partner: Partner,
    kind: str,
    what_shared: list[str],
    purpose: str,
    basis: str,
    override_reason: str = "",
    actor_may_override: bool,
) -> InformationShare:
    """Log a share or referral, or refuse it (ShareRefused) and record the refusal."""
    if partner.case_id != case.pk:
        raise ValidationError({"partner": "Select a partner on this case"})
    consent = selectors.consent_in_force(case, partner)
    decision = share_decision(
        basis=basis,
        consent_in_force=consent is not None,
        actor_may_override=actor_may_override,
        override_reason=override_reason,
        person_is_child=case.is_child,
    )
    if not decision.allowed:
        with transaction.atomic():
            _audit(
                actor,
                case,
                "case.share_refused",
                partner=str(partner.pk),
                basis=basis,
                code=decision.code,
            )
        raise ShareRefused(decision)
    share = InformationShare(
        case=case,
        created_by=actor,
        partner=partner,
        kind=kind,
        what_shared=list(dict.fromkeys(what_shared)),
        purpose=purpose,
        basis=basis,
        consent=consent if basis == "consent" else None,
        override_reason=override_reason if basis != "consent" else "",
        authorised_by=actor if basis != "consent" else None,
    )
    share.full_clean(exclude=["case", "created_by", "authorised_by", "consent"])
    with transaction.atomic():
        share.save(force_insert=True)
        _touch(case)
        _audit(
            actor,
            case,
            "case.shared",
            share=str(share.pk),
            partner=str(partner.pk),
            kind=kind,
            basis=basis,
            what=share.what_shared,
            consent=str(consent.pk) if consent is not None and share.consent_id else "",
        )
    return share


# --- Access: restriction and break-glass -----------------------------------------------------


def case_restrict(
    *, actor: User, case: Case, restricted: bool, named_users: Iterable[User]
) -> Case:
    """Set the restricted flag and the named people. The actor is always named, so that
    restricting a case never locks out the person doing it."""
    named = {u.pk: u for u in named_users}
    named[actor.pk] = actor
    with transaction.atomic():
        case.restricted = restricted
        case.save(update_fields=["restricted"])
        CaseAccessGrant.objects.filter(case=case).exclude(user_id__in=list(named)).delete()
        existing = set(CaseAccessGrant.objects.filter(case=case).values_list("user_id", flat=True))
        CaseAccessGrant.objects.bulk_create(
            [
                CaseAccessGrant(case=case, user=u, granted_by=actor)
                for pk, u in named.items()
                if pk not in existing
            ]
        )
        _touch(case)
        _audit(
            actor,
            case,
            "case.restriction_changed",
            restricted=restricted,
            named=sorted(str(pk) for pk in named),
        )
    return case


def break_glass_open(*, actor: User, case: Case, reason: str) -> BreakGlassAccess:
    """Emergency access: a reason, a time limit, alerts to the supervisors and DPOs, audited."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Explain why you need emergency access to this case"})
    if case.organisation_id not in {m.organisation_id for m in selectors.case_memberships(actor)}:
        raise ValidationError({"reference": "There is no open case with that reference"})
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlassAccess.objects.create(
            case=case,
            user=actor,
            reason=reason,
            started_at=now,
            expires_at=now + timedelta(minutes=conf.break_glass_minutes()),
        )
        recipients = {u.pk: u for u in [*_supervisors(case), *selectors.dpos_of(case)]}
        recipients.pop(actor.pk, None)
        _alert(case=case, actor=actor, kind=AlertKind.BREAK_GLASS, recipients=recipients.values())
        _audit(
            actor,
            case,
            "case.break_glass",
            grant=str(grant.pk),
            expires_at=grant.expires_at.isoformat(),
            alerted=sorted(str(pk) for pk in recipients),
        )
    return grant


def _supervisors(case: Case) -> list[User]:
    return selectors.supervisors_of(case)


def _alert(*, case: Case, actor: User, kind: str, recipients: Iterable[User]) -> list[SupportAlert]:
    alerts = SupportAlert.objects.bulk_create(
        [SupportAlert(recipient=r, case=case, kind=kind, actor=actor) for r in recipients]
    )
    if alerts:
        from lantern.support.tasks import send_support_alert_email

        ids = [str(a.pk) for a in alerts]

        def send() -> None:
            for alert_id in ids:
                send_support_alert_email.enqueue(alert_id=alert_id)

        transaction.on_commit(send)
    return alerts


# --- Closure and retention -------------------------------------------------------------------


def closure_request(*, actor: User, case: Case, reason: str) -> Case:
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": "Select why the case is closing"})
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.is_closed:
            raise ValidationError("The case is already closed")
        case.status = CaseStatus.CLOSURE_REQUESTED
        case.closure_reason = reason
        case.closure_requested_by = actor
        case.updated_at = timezone.now()
        case.save(update_fields=["status", "closure_reason", "closure_requested_by", "updated_at"])
        _alert(
            case=case, actor=actor, kind=AlertKind.CLOSURE_REQUESTED, recipients=_supervisors(case)
        )
        _audit(actor, case, "case.closure_requested", reason=reason)
    return case


def closure_approve(*, actor: User, case: Case) -> Case:
    """Close the case and set its retention date by policy (conf.retention_days)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
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


def _section_models() -> list[Any]:
    from lantern.support.sections import SECTIONS

    seen: list[Any] = []
    for spec in SECTIONS.values():
        if spec.model not in seen:
            seen.append(spec.model)
    return seen


def case_anonymise(*, case: Case, actor: User | None = None) -> dict[str, int]:
    """Remove everything that could identify the person; keep the non-identifying facts
    (age band, gender, nationality, exploitation types, dates of opening and closing)."""
    removed: dict[str, int] = {}
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        # Shares reference consent and partners (PROTECT): remove in dependency order.
        for model in [InformationShare, ConsentRecord, *_section_models()]:
            count, _ = model._default_manager.filter(case=case).delete()
            if count:
                name = model._meta.model_name or ""
                removed[name] = removed.get(name, 0) + count
        SupportPlan.objects.filter(case=case).delete()
        BreakGlassAccess.objects.filter(case=case).delete()
        SupportAlert.objects.filter(case=case).delete()
        for f in Case._meta.concrete_fields:
            if isinstance(f, EncryptedTextField):
                setattr(case, f.attname, "")
        case.anonymised_at = timezone.now()
        case.save()
        _audit(actor, case, "case.anonymised", removed=removed)
    return removed


def anonymise_expired_cases(*, today: date | None = None) -> RetentionRun:
    """Anonymise closed cases past their retention date and record the run."""
    today = today or timezone.localdate()
    due = list(
        Case.objects.filter(
            retention_until__lt=today,
            anonymised_at__isnull=True,
            status__in=[
                CaseStatus.CLOSED,
                CaseStatus.CLOSED_REFERRED,
            ],
        ).values_list("pk", flat=True)
    )
    for pk in due:
        case_anonymise(case=Case.objects.get(pk=pk))
    with transaction.atomic():
        run = RetentionRun.objects.create(cutoff=today, cases_anonymised=len(due))
        audit_record(
            action="support.retention_run",
            object_type="support.retentionrun",
            object_ref=str(run.pk),
            detail={"cutoff": today.isoformat(), "cases_anonymised": len(due)},
        )
    return run


def section_model(section: str) -> type[models.Model]:
    from lantern.support.sections import SECTIONS

    return SECTIONS[section].model
