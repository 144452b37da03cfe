"""Who sees a case and who did: audited reads (viewing, listing, exporting, reading the access
history), restriction to named people, and break-glass emergency access."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.audit import audit_record, audit_record_for
from lantern.support import conf, selectors
from lantern.support.models import AlertKind, BreakGlassAccess, Case, CaseAccessGrant
from lantern.support.services._common import _alert, _audit, _supervisors, _touch

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


def case_list_record(
    *, actor: User, page: int, shown: int, waiting: int = 0, returned: int = 0
) -> None:
    """Listing cases is audited too (which page, how many references were shown, and how many
    a supervisor's "Waiting for you" and a caseworker's "Returned to you" showed)."""
    detail = {"page": page, "shown": shown}
    if waiting:
        detail["waiting"] = waiting
    if returned:
        detail["returned"] = returned
    # Once for each organisation whose cases the list covers, so that each one's DPO keeps it.
    # (audit_record_for is atomic.)
    organisations = {m.organisation_id for m in selectors.case_memberships(actor)}
    audit_record_for(
        organisations, action="case.list_viewed", actor=actor, obj=actor, detail=detail
    )


def case_history_record(*, actor: User, case: Case) -> None:
    with transaction.atomic():
        _audit(actor, case, "case.history_viewed")


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
