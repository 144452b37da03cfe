"""The DPO's review of a subject access document: mark a passage to withhold, with a reason
(and an optional note, encrypted), or include it again. Both audited against the case's
organisation, with the passage's key and the reason code, never the note."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.support.models import Case, SubjectAccessWithholding, WithholdReason
from lantern.support.services._common import _audit


def subject_access_withhold(
    *, actor: User, case: Case, item: str, reason: str, note: str = ""
) -> SubjectAccessWithholding:
    if reason not in WithholdReason.values:
        raise ValidationError({"reason": "Select why you are withholding it"})
    with transaction.atomic():
        mark, _ = SubjectAccessWithholding.objects.update_or_create(
            case=case,
            item=item,
            defaults={"reason": reason, "note": note.strip(), "withheld_by": actor},
        )
        _audit(actor, case, "case.subject_access_withheld", item=item, reason=reason)
    return mark


def subject_access_include(*, actor: User, case: Case, item: str) -> None:
    with transaction.atomic():
        deleted, _ = SubjectAccessWithholding.objects.filter(case=case, item=item).delete()
        if deleted:
            _audit(actor, case, "case.subject_access_included", item=item)
