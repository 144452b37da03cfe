"""Background tasks: alert emails (no personal data) and the retention job."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from lantern.support.models import AlertKind, SupportAlert

ALERT_SUBJECTS = {
    AlertKind.BREAK_GLASS: "Lantern: emergency access to a case",
    AlertKind.PLAN_SUBMITTED: "Lantern: a support plan is waiting for your approval",
    AlertKind.CLOSURE_REQUESTED: "Lantern: a case closure is waiting for your approval",
}


@task()
def send_support_alert_email(*, alert_id: str) -> bool:
    """The email names the case reference only: the person's details stay in Lantern."""
    alert = SupportAlert.objects.select_related("recipient", "case").filter(pk=alert_id).first()
    if alert is None or alert.emailed_at is not None or not alert.recipient.is_active:
        return False
    body = (
        f"{AlertKind(alert.kind).label}: case {alert.case.reference}.\n\n"
        "Sign in to Lantern to see what happened. Do not forward this email.\n"
    )
    send_mail(ALERT_SUBJECTS[AlertKind(alert.kind)], body, None, [alert.recipient.email])
    alert.emailed_at = timezone.now()
    alert.save(update_fields=["emailed_at"])
    return True


@task()
def anonymise_expired_cases_task() -> int:
    """Scheduled daily (cron or a systemd timer: ``bin/lantern support_anonymise``)."""
    from lantern.support.services import anonymise_expired_cases

    return anonymise_expired_cases().cases_anonymised
