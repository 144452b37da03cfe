"""Alert emails to supervisors and DPOs: each sent once, and sent again later if the mail
server refused it. The email names the case reference only (see ``lantern.support.tasks``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from lantern.support.models import SupportAlert

RETRY_AFTER = timedelta(minutes=10)  # leave a queued email time to go before trying again
RETRY_FOR = timedelta(days=2)  # after that the alert is still on the recipient's Lantern home


def alert_email_claim(*, alert_id: str) -> SupportAlert | None:
    """Mark the alert as emailed before sending, so that two workers never both send it.
    None when it is gone, already sent, or its recipient can no longer sign in."""
    alert = SupportAlert.objects.select_related("recipient", "case").filter(pk=alert_id).first()
    if alert is None or alert.emailed_at is not None or not alert.recipient.is_active:
        return None
    now = timezone.now()
    if not SupportAlert.objects.filter(pk=alert.pk, emailed_at__isnull=True).update(emailed_at=now):
        return None
    alert.emailed_at = now
    return alert


def alert_email_release(*, alert_id: str) -> None:
    """The send failed: the alert counts as not emailed again, for ``alert_emails_retry``."""
    SupportAlert.objects.filter(pk=alert_id).update(emailed_at=None)


def alert_emails_retry(*, now: datetime | None = None) -> int:
    """Queue again every alert email not sent (hourly)."""
    from lantern.support.tasks import send_support_alert_email

    now = now or timezone.now()
    waiting = SupportAlert.objects.filter(
        emailed_at__isnull=True,
        created_at__lte=now - RETRY_AFTER,
        created_at__gte=now - RETRY_FOR,
        recipient__is_active=True,
    ).values_list("pk", flat=True)
    count = 0
    for alert_id in waiting:
        send_support_alert_email.enqueue(alert_id=str(alert_id))
        count += 1
    return count
