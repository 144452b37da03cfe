"""Emails sent by tasks are tried again, later each time, when the mail server refuses them,
over a real SMTP connection to a port where nothing listens; a booking email that is no longer
true is not sent on a retry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.tasks import task_backends
from django.utils import timezone

from lantern.accounts.tasks import send_password_changed_email
from lantern.core.mail import RETRY_DELAYS
from lantern.core.roles import Role
from lantern.facilitation.models import Booking, BookingStatus
from lantern.facilitation.tasks import send_booking_email
from tests.facilitation.factories import make_booking, make_session
from tests.helpers import accept_mail, make_org, make_user, refuse_mail

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _queued() -> list[Any]:
    return list(task_backends["default"].results)  # type: ignore[attr-defined]


def test_a_refused_email_is_queued_again_later_and_sent_when_the_server_is_back(
    settings, caplog
) -> None:
    settings.TASKS = DUMMY
    user = make_user(Role.LEARNER, org=make_org())
    refuse_mail(settings)
    changed = timezone.now().isoformat()
    with pytest.raises(OSError):  # recorded by the task backend as a failure
        send_password_changed_email.call(user_id=str(user.pk), changed_at=changed)
    (retry,) = _queued()
    assert retry.task.name == send_password_changed_email.name
    assert retry.kwargs == {"user_id": str(user.pk), "changed_at": changed, "attempt": 1}
    assert retry.task.run_after - timezone.now() == pytest.approx(
        RETRY_DELAYS[0], abs=timedelta(seconds=5)
    )
    assert user.email not in caplog.text  # the log names the task, not the person
    accept_mail(settings)
    assert send_password_changed_email.call(**retry.kwargs) is True
    assert mail.outbox[0].to == [user.email]


def test_each_retry_waits_longer_and_the_last_gives_up(settings, caplog) -> None:
    settings.TASKS = DUMMY
    user = make_user(Role.LEARNER, org=make_org())
    refuse_mail(settings)
    kwargs = {"user_id": str(user.pk), "changed_at": timezone.now().isoformat()}
    with pytest.raises(OSError):
        send_password_changed_email.call(**kwargs, attempt=3)
    (retry,) = _queued()
    assert retry.kwargs["attempt"] == 4
    assert retry.task.run_after - timezone.now() == pytest.approx(
        RETRY_DELAYS[3], abs=timedelta(seconds=5)
    )
    with pytest.raises(OSError):
        send_password_changed_email.call(**kwargs, attempt=len(RETRY_DELAYS))
    assert len(_queued()) == 1  # nothing more queued
    assert "given up" in caplog.text


def test_a_backend_that_cannot_wait_gets_no_retry(settings, caplog) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    user = make_user(Role.LEARNER, org=make_org())
    refuse_mail(settings)
    with pytest.raises(OSError):
        send_password_changed_email.call(
            user_id=str(user.pk), changed_at=timezone.now().isoformat()
        )
    assert "after 1 tries, given up" in caplog.text and "queued" not in caplog.text


def test_a_booking_email_retried_after_the_booking_changed_is_not_sent(settings) -> None:
    booking = make_booking(make_session())  # its first email goes out as it is booked
    settings.TASKS = DUMMY
    mail.outbox.clear()
    refuse_mail(settings)
    with pytest.raises(OSError):
        send_booking_email.call(booking_id=str(booking.pk), kind="confirmed")
    (retry,) = _queued()
    assert retry.kwargs == {"booking_id": str(booking.pk), "kind": "confirmed", "attempt": 1}
    Booking.objects.filter(pk=booking.pk).update(
        status=BookingStatus.CANCELLED, cancelled_at=timezone.now()
    )
    accept_mail(settings)
    assert send_booking_email.call(**retry.kwargs) is False
    assert mail.outbox == []
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CONFIRMED, cancelled_at=None)
    assert send_booking_email.call(**retry.kwargs) is True
    assert mail.outbox[0].to == [booking.email]
