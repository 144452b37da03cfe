"""Booking emails are checked when the worker reaches them, on the first try as on retries:
an email that is no longer true is not sent."""

from __future__ import annotations

import pytest
from django.core import mail

from lantern.facilitation import services
from lantern.facilitation.models import Booking, BookingStatus
from lantern.facilitation.tasks import send_booking_email
from tests.facilitation.factories import make_booking, make_session

pytestmark = pytest.mark.django_db

REASON = "The room is closed for repairs"


def test_a_place_email_reached_after_the_session_was_cancelled_is_not_sent() -> None:
    """First try, not only retries: 'a place has come up' must not reach anyone after the
    session was called off."""
    session = make_session(capacity=1, waitlist_limit=2)
    make_booking(session, email="first@example.test")
    waiting = make_booking(session, email="waiting@example.test")
    services.session_cancel(actor=session.facilitator.user, session=session, reason=REASON)
    # As if the promotion's email was queued before the cancellation and reached after it.
    Booking.objects.filter(pk=waiting.pk).update(status=BookingStatus.CONFIRMED)
    mail.outbox.clear()
    for kind in ("promoted", "confirmed", "reminder"):
        assert send_booking_email.call(booking_id=str(waiting.pk), kind=kind) is False
    assert mail.outbox == []


def test_an_email_no_longer_true_on_its_first_try_is_not_sent() -> None:
    session = make_session(capacity=1, waitlist_limit=2)
    booking = make_booking(session, email="changed-mind@example.test")
    services.booking_cancel(booking=booking)
    mail.outbox.clear()
    assert send_booking_email.call(booking_id=str(booking.pk), kind="confirmed") is False
    assert mail.outbox == []
    # The email that is true still goes.
    assert send_booking_email.call(booking_id=str(booking.pk), kind="cancelled") is True
    assert [m.to for m in mail.outbox] == [["changed-mind@example.test"]]
