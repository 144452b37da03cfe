"""Forwarding stored xAPI statements to the learning record store (LRS), with back-off.

Statements are written by the services that record each learning event (``_shared``)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.tasks import default_task_backend
from django.utils import timezone

from lantern.learning import xapi
from lantern.learning.models import Statement


def statements_forward(*, batch_size: int = 200) -> int:
    """Send unsent statements to the LRS, oldest first. On failure nothing is lost: the rows stay
    unsent with the error and attempt count, and a retry is scheduled with back-off."""
    if not xapi.setting("LEARNING_LRS_ENDPOINT"):
        return 0
    sent = 0
    while True:
        batch = list(
            Statement.objects.filter(forwarded_at__isnull=True).order_by("stored_at")[:batch_size]
        )
        if not batch:
            return sent
        ids = [s.pk for s in batch]
        try:
            xapi.lrs_post([s.payload for s in batch])
        except Exception as exc:  # any failure: keep the statements and try again later
            Statement.objects.filter(pk__in=ids).update(
                forward_attempts=F("forward_attempts") + 1, last_error=str(exc)[:300]
            )
            _schedule_forward_retry(attempts=batch[0].forward_attempts + 1)
            return sent
        Statement.objects.filter(pk__in=ids).update(forwarded_at=timezone.now(), last_error="")
        sent += len(batch)


def _schedule_forward_retry(*, attempts: int) -> None:
    if not default_task_backend.supports_defer:
        return  # the immediate backend cannot defer; the next statement or the command retries
    from lantern.learning.tasks import xapi_forward

    delay = min(3600, 30 * 2 ** min(attempts, 7))
    xapi_forward.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue()
