"""Background tasks: alert emails (no personal data) and the retention job."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task

from lantern.support.models import AlertKind

ALERT_SUBJECTS = {
    AlertKind.BREAK_GLASS: "Lantern: emergency access to a case",
    AlertKind.PLAN_SUBMITTED: "Lantern: a support plan is waiting for your approval",
    AlertKind.CLOSURE_REQUESTED: "Lantern: a case closure is waiting for your approval",
    AlertKind.CLOSURE_DECLINED: "Lantern: a case closure was declined",
}


@task()
def send_support_alert_email(*, alert_id: str) -> bool:
    """The email names the case reference only: the person's details stay in Lantern."""
    from lantern.support.services import alert_email_claim, alert_email_release

    alert = alert_email_claim(alert_id=alert_id)
    if alert is None:
        return False
    body = (
        f"{AlertKind(alert.kind).label}: case {alert.case.reference}.\n\n"
        "Sign in to Lantern to see what happened. Do not forward this email.\n"
    )
    try:
        send_mail(ALERT_SUBJECTS[AlertKind(alert.kind)], body, None, [alert.recipient.email])
    except Exception:
        alert_email_release(alert_id=alert_id)
        raise  # recorded as failed; the hourly retry sends it again
    return True


@task()
def anonymise_expired_cases_task() -> int:
    """Scheduled daily (cron or a systemd timer: ``bin/lantern support_anonymise``)."""
    from lantern.support.services import anonymise_expired_cases

    return anonymise_expired_cases().cases_anonymised
