"""Changing and cancelling a scheduled session: services, emails, pages and what counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from lantern.core.models import AuditEvent
from lantern.facilitation import selectors, services
from lantern.facilitation.models import AwarenessSession, Booking, BookingStatus, SessionStatus
from lantern.facilitation.selectors.delivery import delivered_sessions, reached_bookings
from lantern.facilitation.services import FacilitationError
from tests.facilitation.factories import (
    end_now,
    make_booking,
    make_facilitator,
    make_session,
    start_now,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

REASON = "Sam Facilitator is unwell; we will offer a new date soon"


def _change(session: AwarenessSession, **kw: Any) -> services.SessionChange:
    values: dict[str, Any] = {
        "title": session.title,
        "mode": session.mode,
        "venue": session.venue,
        "online_url": session.online_url,
        "starts_at": session.starts_at,
        "capacity": session.capacity,
        "waitlist_limit": session.waitlist_limit,
    }
    values.update(kw)
    return services.session_change(actor=session.facilitator.user, session=session, **values)


def _calendar(message: Any) -> str:
    (name, content, mimetype) = message.attachments[0]
    assert name == "session.ics" and mimetype.startswith("text/calendar")
    return str(content)


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


# --- services -----------------------------------------------------------------------------------


def test_changing_the_venue_emails_everyone_booked_with_a_calendar_that_replaces_theirs() -> None:
    session = make_session(capacity=1, waitlist_limit=2)
    booked = make_booking(session, email="booked@example.test")
    waiting = make_booking(session, email="waiting@example.test")
    cancelled = make_booking(session, email="gone@example.test")
    services.booking_cancel(booking=cancelled)
    mail.outbox.clear()

    change = _change(session, venue="Civic Centre, Room 4")

    assert change.changed == ("venue",) and change.emailed == 2
    session.refresh_from_db()
    assert session.venue == "Civic Centre, Room 4" and session.calendar_sequence == 1
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"booked@example.test", "waiting@example.test"}
    to_booked = by_address["booked@example.test"]
    assert to_booked.subject == f"Venue changed: {session.title}"
    assert f"The venue of {session.title} has changed. Your place is still booked" in (
        to_booked.body
    )
    assert "Where: Civic Centre, Room 4\nThis was: Town Hall, Room 1\n" in to_booked.body
    content = _calendar(to_booked)
    assert f"UID:booking-{booked.pk}@lantern" in content
    assert "SEQUENCE:1\r\n" in content and "METHOD:PUBLISH" in content
    assert "LOCATION:Civic Centre\\, Room 4" in content
    # People waiting never had a calendar entry: they are told, with no file.
    assert by_address["waiting@example.test"].attachments == []
    assert "still on the waiting list" in by_address["waiting@example.test"].body
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.WAITLISTED

    event = AuditEvent.objects.get(action="facilitation.session_changed")
    assert event.detail == {
        "as": "lead_facilitator",
        "fields": ["venue"],
        "promoted": 0,
        "emailed": 2,
    }
    assert "Civic" not in str(event.detail)


def test_a_second_change_of_time_raises_the_sequence_again_and_a_cancel_goes_above_it() -> None:
    session = make_session()
    booking = make_booking(session)
    later = session.starts_at + timedelta(days=1)
    _change(session, starts_at=later)
    session.refresh_from_db()
    assert session.ends_at == later + timedelta(minutes=150)
    _change(session, venue="Another room")
    assert "SEQUENCE:2\r\n" in _calendar(mail.outbox[-1])
    mail.outbox.clear()
    services.booking_cancel(booking=booking)
    content = _calendar(mail.outbox[0])
    assert "SEQUENCE:3\r\n" in content and "METHOD:CANCEL" in content


def test_title_or_capacity_alone_emails_nobody() -> None:
    session = make_session()
    make_booking(session)
    mail.outbox.clear()
    change = _change(session, title="Renamed session", capacity=12, waitlist_limit=3)
    assert set(change.changed) == {"title", "capacity", "waitlist_limit"}
    assert change.emailed == 0 and mail.outbox == []
    session.refresh_from_db()
    assert session.calendar_sequence == 0


def test_nothing_changed_writes_nothing() -> None:
    session = make_session()
    change = _change(session)
    assert change.changed == ()
    assert not AuditEvent.objects.filter(action="facilitation.session_changed").exists()


def test_places_cannot_go_below_the_people_booked() -> None:
    session = make_session(capacity=3)
    for _ in range(2):
        make_booking(session)
    with pytest.raises(FacilitationError, match="at least 2, the number of people") as error:
        _change(session, capacity=1)
    assert error.value.field == "capacity"
    assert _change(session, capacity=2).changed == ("capacity",)


def test_more_places_go_to_the_waiting_list_in_the_order_people_joined() -> None:
    session = make_session(capacity=1, waitlist_limit=5)
    make_booking(session)
    first, second, third = (make_booking(session, email=f"w{n}@example.test") for n in range(3))
    mail.outbox.clear()

    change = _change(session, capacity=3)

    assert [b.pk for b in change.promoted] == [first.pk, second.pk]
    statuses = dict(Booking.objects.filter(session=session).values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == BookingStatus.CONFIRMED
    assert statuses[third.pk] == BookingStatus.WAITLISTED
    subjects = sorted(m.subject.split(":")[0] for m in mail.outbox)
    assert subjects == ["A place has come up and it is yours"] * 2


def test_a_started_or_cancelled_session_cannot_be_changed() -> None:
    session = make_session()
    start_now(session)
    with pytest.raises(FacilitationError, match="has started"):
        _change(session, title="Too late")
    other = make_session()
    services.session_cancel(actor=other.facilitator.user, session=other, reason="Unwell")
    other.refresh_from_db()
    with pytest.raises(FacilitationError, match="cancelled"):
        _change(other, title="Too late")


def test_cancelling_emails_the_reason_and_a_calendar_cancellation_and_closes_the_session() -> None:
    session = make_session(capacity=1, waitlist_limit=1)
    booked = make_booking(session, email="booked@example.test")
    make_booking(session, email="waiting@example.test")
    mail.outbox.clear()

    services.session_cancel(actor=session.facilitator.user, session=session, reason=REASON)

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.cancelled_at is not None
    assert session.cancel_reason == REASON
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"booked@example.test", "waiting@example.test"}
    for message in by_address.values():
        assert message.subject.startswith(f"Cancelled: {session.title} on ")
        assert REASON in message.body
    content = _calendar(by_address["booked@example.test"])
    assert "METHOD:CANCEL" in content and "STATUS:CANCELLED" in content
    assert f"UID:booking-{booked.pk}@lantern" in content and "SEQUENCE:1\r\n" in content
    assert by_address["waiting@example.test"].attachments == []
    event = AuditEvent.objects.get(action="facilitation.session_cancelled")
    assert event.detail == {"as": "lead_facilitator", "emailed": 2}
    assert "unwell" not in str(event.detail).lower()
    with pytest.raises(FacilitationError, match="cancelled"):
        make_booking(session)
    with pytest.raises(FacilitationError, match="already cancelled"):
        services.session_cancel(actor=session.facilitator.user, session=session, reason="Again")


def test_cancelling_closes_an_open_check_in() -> None:
    session = make_session()
    booking = make_booking(session)
    start_now(session)
    services.checkin_open(actor=session.facilitator.user, session=session, minutes=30)
    services.session_cancel(actor=session.facilitator.user, session=session, reason="Fire alarm")
    session.refresh_from_db()
    assert not session.checkin_open_at()
    with pytest.raises(FacilitationError, match="not open"):
        services.checkin_self(session=session, email=booking.email)
    with pytest.raises(FacilitationError, match="cancelled"):
        services.checkin_open(actor=session.facilitator.user, session=session, minutes=30)


def test_a_reason_is_required_and_short_and_an_ended_session_cannot_be_cancelled() -> None:
    session = make_session()
    user = session.facilitator.user
    with pytest.raises(FacilitationError, match="Enter a reason"):
        services.session_cancel(actor=user, session=session, reason="  ")
    with pytest.raises(FacilitationError, match="500 characters"):
        services.session_cancel(actor=user, session=session, reason="x" * 501)
    end_now(session)
    with pytest.raises(FacilitationError, match="has ended"):
        services.session_cancel(actor=user, session=session, reason="Too late")


def test_a_cancelled_session_is_not_coming_up_and_not_delivered() -> None:
    facilitator = make_facilitator()
    session = make_session(facilitator)
    booking = make_booking(session)
    assert selectors.facilitator_reach(facilitator).sessions_upcoming == 1
    start_now(session)
    services.attendance_mark(actor=facilitator.user, session=session, present_ids=[str(booking.pk)])
    services.session_cancel(actor=facilitator.user, session=session, reason="Room flooded")
    end_now(session)
    reach = selectors.facilitator_reach(facilitator)
    assert (reach.sessions_upcoming, reach.sessions_delivered, reach.staff_reached) == (0, 0, 0)
    assert not delivered_sessions().filter(pk=session.pk).exists()
    assert not reached_bookings().filter(pk=booking.pk).exists()
    rows = list(selectors.reach_csv_rows(session.programme))
    assert "Cancelled" in rows[1]


# --- pages ----------------------------------------------------------------------------------------


def _form(session: AwarenessSession, **kw: Any) -> dict[str, Any]:
    start = timezone.localtime(session.starts_at)
    data = {
        "title": session.title,
        "mode": session.mode,
        "venue": session.venue,
        "online_url": session.online_url,
        "date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "capacity": session.capacity,
        "waitlist_limit": session.waitlist_limit,
    }
    data.update(kw)
    return data


def test_the_session_page_links_to_change_and_cancel_for_those_who_may() -> None:
    session = make_session()
    colleague = make_facilitator(session.programme)
    session.co_facilitators.add(colleague)
    page = _client(session.facilitator.user).get(f"/facilitation/sessions/{session.pk}/")
    assert b"Change session details" in page.content and b"Cancel this session" in page.content
    co_page = _client(colleague.user).get(f"/facilitation/sessions/{session.pk}/")
    assert co_page.status_code == 200 and b"Cancel this session" in co_page.content
    lead = _client(session.programme.leads.get())
    assert lead.get(f"/facilitation/sessions/{session.pk}/change/").status_code == 200
    # Who else is refused, and how: test_session_permissions.py.


def test_change_page_shows_govuk_errors_as_scheduling_does() -> None:
    session = make_session(capacity=5)
    for _ in range(3):
        make_booking(session)
    client = _client(session.facilitator.user)
    url = f"/facilitation/sessions/{session.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and session.venue.encode() in page.content
    response = client.post(url, _form(session, venue="", capacity=2, title=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter a title" in body and "Enter the venue address" in body
    past = client.post(url, _form(session, date="2020-01-01"))
    assert "The session must be in the future" in past.content.decode()
    too_few = client.post(url, _form(session, capacity=2))
    assert "Places must be at least 3, the number of people already booked" in (
        too_few.content.decode()
    )
    session.refresh_from_db()
    assert session.capacity == 5


def test_changing_the_venue_through_the_page() -> None:
    session = make_session()
    make_booking(session)
    mail.outbox.clear()
    client = _client(session.facilitator.user)
    response = client.post(
        f"/facilitation/sessions/{session.pk}/change/", _form(session, venue="Library, Hall B")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.venue == "Library, Hall B" and len(mail.outbox) == 1
    page = client.get(response["Location"]).content.decode()
    assert "We have emailed 1 person booked or waiting" in page


def test_cancel_confirmation_page_asks_first_and_needs_a_reason() -> None:
    session = make_session(title="Awareness for housing")
    client = _client(session.facilitator.user)
    url = f"/facilitation/sessions/{session.pk}/cancel/"
    page = client.get(url).content.decode()
    day = timezone.localtime(session.starts_at).strftime("%-d %B %Y")
    assert f"Are you sure you want to cancel Awareness for housing on {day}?" in page
    assert "govuk-button--warning" in page and "No, keep this session" in page
    empty = client.post(url, {"reason": ""}).content.decode()
    assert "Enter a reason for the people booked" in empty
    long = client.post(url, {"reason": "x" * 501}).content.decode()
    assert "The reason must be 500 characters or fewer" in long
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED
    done = client.post(url, {"reason": REASON})
    assert done.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    after = client.get(done["Location"]).content.decode()
    assert "This session was cancelled" in after and "Cancel this session" not in after
    assert client.get(url).status_code == 302  # nothing left to cancel


def test_public_pages_of_a_cancelled_session_say_so_and_offer_no_form() -> None:
    session = make_session()
    booking = make_booking(session)
    services.session_cancel(actor=session.facilitator.user, session=session, reason=REASON)
    book = Client().get(f"/book/{session.booking_token}/").content.decode()
    assert "This session has been cancelled" in book
    assert "<form" not in book.split('id="main-content"')[-1]
    assert REASON not in book  # the reason is for the people booked, not the public link
    mine = Client().get(f"/book/manage/{booking.token}/").content.decode()
    assert "This session has been cancelled" in mine and "Cancel my booking" not in mine
    assert Client().get(f"/book/manage/{booking.token}/cancel/").status_code == 302


def test_calendar_sequence_matches_an_unchanged_session() -> None:
    session = make_session()
    make_booking(session)
    assert "SEQUENCE:0\r\n" in _calendar(mail.outbox[-1])
