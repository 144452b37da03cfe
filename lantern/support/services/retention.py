"""The DPO's retention hold: a case on hold is skipped by the retention job
(``closure.anonymise_expired_cases``) until the hold is lifted. Both are audited against the
case's organisation; the reason stays on the case (encrypted), never in the audit log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.support.models import Case
from lantern.support.services._common import _audit, _case_locked

HOLD_FIELDS = ["retention_hold_reason", "retention_held_by", "retention_held_at"]


def retention_hold(*, actor: User, case: Case, reason: str) -> Case:
    reason = reason.strip()
    if not reason:
        raise ValidationError("Enter why the case must be kept", code="required")
    with transaction.atomic():
        case = _case_locked(case)
        if case.anonymised_at is not None:
            raise ValidationError("The case has already been anonymised", code="anonymised")
        if case.retention_held_at is not None:
            raise ValidationError("The case is already on hold", code="held")
        case.retention_hold_reason = reason
        case.retention_held_by = actor
        case.retention_held_at = timezone.now()
        case.save(update_fields=HOLD_FIELDS)
        _audit(actor, case, "case.retention_held")
    return case


def retention_hold_lift(*, actor: User, case: Case) -> Case:
    with transaction.atomic():
        case = _case_locked(case)
        if case.retention_held_at is None:
            raise ValidationError("The case is not on hold", code="not_held")
        case.retention_hold_reason = ""
        case.retention_held_by = None
        case.retention_held_at = None
        case.save(update_fields=HOLD_FIELDS)
        _audit(actor, case, "case.retention_hold_lifted")
    return case
