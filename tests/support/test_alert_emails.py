"""An alert email the mail server refused is sent again by the hourly job, once."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from lantern.support import services
from lantern.support.models import SupportAlert
from lantern.support.tasks import send_support_alert_email
from tests.helpers import accept_mail, refuse_mail
from tests.support.conftest import World


def test_a_refused_alert_email_is_sent_again_once(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:
    refuse_mail(settings)  # the mail server is down
    with django_capture_on_commit_callbacks(execute=True) as sent:
        services.closure_request(actor=world.caseworker, case=world.case, reason="support_complete")
    assert len(sent) == 1  # the send was tried (and failed: nothing reached the outbox)
    assert mail.outbox == []
    alert = SupportAlert.objects.get(kind="closure_requested", recipient=world.supervisor)
    assert alert.emailed_at is None  # released after the failure, not marked sent
    assert services.alert_emails_retry() == 0  # too soon: the first try may still be queued

    accept_mail(settings)
    later = timezone.now() + timedelta(minutes=11)
    assert services.alert_emails_retry(now=later) == 1
    alert.refresh_from_db()
    assert alert.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[world.supervisor.email]]
    assert world.case.reference in mail.outbox[0].body
    assert services.alert_emails_retry(now=later) == 0
    # a second worker picking up the same task sends nothing
    send_support_alert_email.call(alert_id=str(alert.pk))
    assert len(mail.outbox) == 1
