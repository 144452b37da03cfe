"""Public booking pages: full sessions, closed evaluations, autocomplete, booking emails."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lantern.facilitation import services
from lantern.facilitation.models import Booking, EvaluationResponse
from tests.facilitation.factories import (
    end_now,
    make_booking,
    make_session,
    start_now,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_booking_page_says_when_the_session_and_its_waiting_list_are_full() -> None:
    session = make_session(capacity=1, waitlist_limit=1)
    client = Client()
    make_booking(session)
    page = client.get(f"/book/{session.booking_token}/").content.decode()
    assert "Join the waiting list" in page and "<form" in page
    make_booking(session)
    page = client.get(f"/book/{session.booking_token}/").content.decode()
    assert "This session is full and so is its waiting list" in page
    assert "None, and the waiting list is full" in page
    assert 'name="full_name"' not in page and "Join the waiting list" not in page


def test_evaluation_form_is_not_shown_when_the_answers_could_not_be_kept() -> None:
    session = make_session()
    client = Client()
    answered = make_booking(session)
    services.evaluation_submit(
        booking=answered,
        phase="pre",
        answers={},
        confidence={"identify": 3, "respond": 3, "refer": 3},
    )
    page = client.get(f"/book/evaluate/{answered.token}/pre/").content.decode()
    assert "You have already answered these questions" in page and 'name="c_identify"' not in page

    cancelled = make_booking(session)
    services.booking_cancel(booking=cancelled)
    page = client.get(f"/book/evaluate/{cancelled.token}/post/").content.decode()
    assert "Your booking is cancelled" in page and 'type="radio"' not in page
    # Sending answers anyway stores nothing.
    stored = EvaluationResponse.objects.count()
    client.post(f"/book/evaluate/{cancelled.token}/pre/", {"c_identify": "3"})
    assert EvaluationResponse.objects.count() == stored

    booked = make_booking(session)
    page = client.get(f"/book/evaluate/{booked.token}/post/").content.decode()
    assert "open when you have checked in" in page and 'type="radio"' not in page
    page = client.get(f"/book/evaluate/{booked.token}/pre/").content.decode()
    assert 'type="radio"' in page


def test_booking_form_lets_browsers_fill_in_the_persons_details() -> None:
    session = make_session()
    page = Client().get(f"/book/{session.booking_token}/").content.decode()
    assert 'name="full_name"' in page and 'autocomplete="name"' in page
    assert 'autocomplete="email"' in page and 'autocomplete="organization"' in page


def test_emails_use_the_24_hour_clock_and_the_real_number_of_questions() -> None:
    from django.core import mail

    from lantern.facilitation.kit import instrument

    make_booking(make_session())
    body = mail.outbox[-1].body
    inst = instrument()
    count = len(inst.knowledge) + len(inst.confidence)
    assert f"please answer {count} short questions" in body
    assert " a.m." not in body and " p.m." not in body
    booking = Booking.objects.select_related("session").latest("created_at")
    from django.utils import timezone

    start = timezone.localtime(booking.session.starts_at)
    assert f"{start:%H:%M} to " in body


def test_booking_emails_are_plain_text_not_html_escaped() -> None:
    from django.core import mail

    make_booking(make_session(), full_name="Siobhán O'Brien")
    body = mail.outbox[-1].body
    assert "Hello Siobhán O'Brien," in body  # as typed, not O&#x27;Brien


def test_before_session_questions_close_when_the_session_starts() -> None:
    """Answers given during or after the session would not describe "before": the booking page
    says they closed, the form is not shown, and the service refuses them."""
    session = make_session()
    booking = make_booking(session)
    client = Client()
    page = client.get(f"/book/manage/{booking.token}/").content.decode()
    assert "Answer the before-session questions" in page
    start_now(session)
    page = client.get(f"/book/manage/{booking.token}/").content.decode()
    assert "Answer the before-session questions" not in page
    assert "Before-session questions: closed when the session started" in page
    page = client.get(f"/book/evaluate/{booking.token}/pre/").content.decode()
    assert "closed when the session started" in page and 'type="radio"' not in page
    end_now(session)
    with pytest.raises(services.FacilitationError, match="closed when the session started"):
        services.evaluation_submit(
            booking=Booking.objects.get(pk=booking.pk),
            phase="pre",
            answers={},
            confidence={"identify": 3, "respond": 3, "refer": 3},
        )
    assert not EvaluationResponse.objects.exists()
