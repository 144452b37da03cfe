"""Private helpers shared by the support services: the audit event for a case, marking a case
as changed, locking the case row, the optimistic lock (and its EditConflict), and alerts to
supervisors and DPOs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.support import selectors
from lantern.support.models import Case, SupportAlert


class EditConflict(Exception):
    """Someone else saved this record after you opened it. ``current`` is what is saved now."""

    def __init__(self, current: Any) -> None:
        super().__init__("stale edit")
        self.current = current


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


def _case_locked(case: Case) -> Case:
    """The case as it is now, its row locked until the transaction ends (call inside one).

    Every service that decides something from the case's state (closing, sharing) reads it
    through here, so two decisions about one case are made one after the other, each on the
    other's result."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _lock(model: type[models.Model], pk: Any, expected_version: int) -> Any:
    current = model._default_manager.select_for_update().get(pk=pk)
    if current.version != expected_version:  # type: ignore[attr-defined]
        raise EditConflict(current)
    return current


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
