"""Every email a booked or waiting person gets, and its calendar file (parsed, RFC 5545).

People with a place (booked, or promoted from the waiting list) get one calendar entry per
booking: a stable UID and the session's SEQUENCE, raised by each change of time or place and
once more to cancel. People waiting get no calendar file: not when they join, not when the
session changes or is cancelled, not when they leave the list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from lantern.facilitation import rules, services
from lantern.facilitation.models import AwarenessSession, Booking, BookingStatus
from tests.facilitation.calendar_files import attached_event
from tests.facilitation.factories import make_booking, make_session

pytestmark = pytest.mark.django_db


def _change(session: AwarenessSession, **kw: Any) -> services.SessionChange:
    session.refresh_from_db()
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


def _to(address: str) -> list[Any]:
    return [m for m in mail.outbox if m.to == [address]]


def _last_to(address: str) -> Any:
    return _to(address)[-1]


def test_someone_promoted_gets_the_same_calendar_entry_as_someone_who_booked() -> None:
    session = make_session(capacity=1, waitlist_limit=2)
    make_booking(session, full_name="Ann Booked", email="ann@example.test")
    waiting = make_booking(session, full_name="Bea Waiting", email="bea@example.test")
    joined = _last_to("bea@example.test")
    assert joined.subject.startswith("You are on the waiting list")
    assert joined.attachments == []
    assert "There is no calendar file yet. If you get a place, that email will have one" in (
        joined.body
    )
    _change(session, venue="Civic Centre, Room 4")  # SEQUENCE 1 for everyone with a place
    assert _last_to("bea@example.test").attachments == []  # still waiting: nothing to move

    _change(session, capacity=2)  # a place comes up for Bea
    promoted = _last_to("bea@example.test")
    assert promoted.subject.startswith("A place has come up and it is yours")
    _change(session, capacity=3)
    direct = make_booking(session, full_name="Cal Direct", email="cal@example.test")
    booked = _last_to("cal@example.test")
    assert booked.subject.startswith("Your place is booked")

    _, promoted_event = attached_event(promoted)
    _, direct_event = attached_event(booked)
    assert promoted_event.one("UID") == f"booking-{waiting.pk}@lantern"
    assert direct_event.one("UID") == f"booking-{direct.pk}@lantern"
    # The same entry: every property but those naming the booking (its UID and private link).
    personal = {"UID", "DTSTAMP", "DESCRIPTION", "URL"}
    assert set(promoted_event.properties) == set(direct_event.properties)
    for name in set(direct_event.properties) - personal:
        assert promoted_event.one(name) == direct_event.one(name), name
    assert promoted_event.one("SEQUENCE") == "1" and promoted_event.one("STATUS") == "CONFIRMED"
    assert promoted_event.text("LOCATION") == "Civic Centre, Room 4"
    assert "/book/manage/" in promoted_event.text("DESCRIPTION")
    assert "A calendar file is attached" in promoted.body

    # A new time moves both entries (same UIDs, SEQUENCE 2); cancelling goes above it.
    later = (session.starts_at + timedelta(days=1)).replace(microsecond=0)
    _change(session, starts_at=later)
    for address, booking in (("bea@example.test", waiting), ("cal@example.test", direct)):
        calendar, event = attached_event(_last_to(address))
        assert calendar.one("METHOD") == "PUBLISH"
        assert event.one("UID") == f"booking-{booking.pk}@lantern"
        assert event.one("SEQUENCE") == "2" and event.time("DTSTART") == later
    services.booking_cancel(booking=Booking.objects.get(pk=waiting.pk))
    calendar, event = attached_event(_last_to("bea@example.test"))
    assert calendar.one("METHOD") == "CANCEL" and event.one("STATUS") == "CANCELLED"
    assert event.one("UID") == f"booking-{waiting.pk}@lantern" and event.one("SEQUENCE") == "3"


def test_a_reminder_to_someone_promoted_updates_the_same_entry() -> None:
    session = make_session(
        starts_at=timezone.now() + timedelta(hours=20), capacity=1, waitlist_limit=1
    )
    first = make_booking(session, email="ann@example.test")
    waiting = make_booking(session, email="bea@example.test")
    services.booking_cancel(booking=first)
    mail.outbox.clear()
    assert services.reminders_send_due() == 1
    (reminder,) = _to("bea@example.test")
    _, event = attached_event(reminder)
    assert event.one("UID") == f"booking-{waiting.pk}@lantern" and event.one("SEQUENCE") == "0"


def test_leaving_the_waiting_list_sends_no_calendar_cancellation() -> None:
    session = make_session(capacity=1, waitlist_limit=1)
    booked = make_booking(session, email="ann@example.test")
    waiting = make_booking(session, email="bea@example.test")
    mail.outbox.clear()

    services.booking_cancel(booking=waiting)
    (left,) = mail.outbox
    assert left.subject == f"You have left the waiting list: {session.title}"
    assert "You have left the waiting list for Awareness session" in left.body
    assert left.attachments == [] and "calendar" not in left.body

    services.booking_cancel(booking=booked)
    (_, cancelled) = mail.outbox
    assert cancelled.subject == f"Your booking is cancelled: {session.title}"
    calendar, event = attached_event(cancelled)
    assert calendar.one("METHOD") == "CANCEL" and event.one("SEQUENCE") == "1"
    assert "open it to remove the session from your calendar" in cancelled.body


def test_a_cancelled_session_sends_a_calendar_cancellation_only_to_people_with_a_place() -> None:
    session = make_session(capacity=1, waitlist_limit=1)
    booked = make_booking(session, email="ann@example.test")
    make_booking(session, email="bea@example.test")
    _change(session, venue="Another room")
    mail.outbox.clear()
    services.session_cancel(
        actor=session.facilitator.user, session=session, reason="The room has flooded"
    )
    calendar, event = attached_event(_last_to("ann@example.test"))
    assert calendar.one("METHOD") == "CANCEL"
    assert event.one("UID") == f"booking-{booked.pk}@lantern" and event.one("SEQUENCE") == "2"
    to_waiting = _last_to("bea@example.test")
    assert to_waiting.attachments == []
    assert "so the waiting list is closed" in to_waiting.body
    assert "You were on the waiting list, so there is nothing to remove from your calendar" in (
        to_waiting.body
    )
    # The session is cancelled: nobody can then cancel a booking on it (and get another file).
    with pytest.raises(services.FacilitationError, match="has been cancelled"):
        services.booking_cancel(booking=booked)


def test_the_change_email_names_what_changed_and_what_it_was() -> None:
    session = make_session(capacity=1, waitlist_limit=1, title="Awareness for housing")
    make_booking(session, email="ann@example.test")
    make_booking(session, email="bea@example.test")
    was = timezone.localtime(session.starts_at)
    later = session.starts_at + timedelta(days=2, hours=1)
    mail.outbox.clear()

    _change(session, starts_at=later)

    to_booked = _last_to("ann@example.test")
    assert to_booked.subject == "Date and start time changed: Awareness for housing"
    assert "The date and start time of Awareness for housing have changed." in to_booked.body
    now = timezone.localtime(later)
    assert (
        f"When: {now:%A %-d %B %Y, %H:%M} to {now + timedelta(minutes=150):%H:%M} (2.5 hours)\n"
        f"This was: {was:%A %-d %B %Y, %H:%M} to {was + timedelta(minutes=150):%H:%M}\n"
        "Where: Town Hall, Room 1\n"
    ) in to_booked.body
    assert "This was: Town Hall" not in to_booked.body  # the place did not change
    to_waiting = _last_to("bea@example.test")
    assert to_waiting.subject == to_booked.subject
    assert "You are still on the waiting list" in to_waiting.body
    assert "leave the waiting list" in to_waiting.body


def test_moving_online_tells_only_people_with_a_place_the_link() -> None:
    session = make_session(capacity=1, waitlist_limit=1)
    make_booking(session, email="ann@example.test")
    make_booking(session, email="bea@example.test")
    mail.outbox.clear()
    link = "https://meet.example.test/awareness"

    _change(session, mode="online", venue="", online_url=link)

    to_booked = _last_to("ann@example.test")
    assert to_booked.subject == "Place changed: Awareness session"
    assert f"Where: Online: {link}\nThis was: Town Hall, Room 1\n" in to_booked.body
    _, event = attached_event(to_booked)
    assert event.text("LOCATION") == link
    to_waiting = _last_to("bea@example.test")
    assert "Where: Online\nThis was: Town Hall, Room 1\n" in to_waiting.body
    assert link not in to_waiting.body and to_waiting.attachments == []

    # A new link alone is news only to people who have the link.
    mail.outbox.clear()
    change = _change(session, online_url="https://meet.example.test/new")
    assert change.emailed == 1
    (only,) = mail.outbox
    assert only.to == ["ann@example.test"]
    assert only.subject == "Online link changed: Awareness session"
    assert f"This was: Online: {link}\n" in only.body


def test_every_email_goes_to_one_person_and_names_nobody_else() -> None:
    session = make_session(capacity=2, waitlist_limit=2)
    people = {
        "ann@example.test": "Ann Abara",
        "bob@example.test": "Bob Byrne",
        "cat@example.test": "Cat Chowdhury",
        "dev@example.test": "Dev Doyle",
    }
    bookings = [make_booking(session, full_name=n, email=e) for e, n in people.items()]
    services.booking_cancel(booking=bookings[0])  # Cat is promoted
    _change(session, venue="Civic Centre, Room 4", starts_at=session.starts_at + timedelta(1))
    services.session_cancel(actor=session.facilitator.user, session=session, reason="Unwell")

    kinds = set()
    for message in mail.outbox:
        (address,) = message.to
        assert message.cc == [] and message.bcc == [] and message.reply_to == []
        kinds.add(str(message.subject).split(":")[0])
        files = "".join(str(a[1]) for a in message.attachments)
        whole = f"{message.subject}\n{message.body}\n{files}"
        for other, name in people.items():
            if other != address:
                assert other not in whole and name not in whole, (address, other)
        assert f"Hello {people[address]}," in message.body
        for attachment in message.attachments:
            assert "@example.test" not in str(attachment[1])
    assert kinds == {
        "Your place is booked",
        "You are on the waiting list",
        "Your booking is cancelled",
        "A place has come up and it is yours",
        "Date and venue changed",
        "Cancelled",
    }


@pytest.mark.parametrize(
    ("was", "now", "words"),
    [
        (("2027-01-05 09:30", "venue", "Hall", ""), ("2027-01-05 09:30", "venue", "Hall", ""), ""),
        (("2027-01-05 09:30", "venue", "Hall", ""), ("2027-01-06 09:30", "venue", "Hall", ""), "date"),
        (("2027-01-05 09:30", "venue", "Hall", ""), ("2027-01-05 13:00", "venue", "Hall", ""), "start time"),
        (("2027-01-05 09:30", "venue", "Hall", ""), ("2027-01-06 13:00", "venue", "Room", ""), "date, start time and venue"),
        (("2027-01-05 09:30", "venue", "Hall", ""), ("2027-01-05 09:30", "online", "", "https://a"), "place"),
        (("2027-01-05 09:30", "online", "", "https://a"), ("2027-01-05 09:30", "online", "", "https://b"), "online link"),
        (("2027-01-05 09:30", "online", "", "https://a"), ("2027-01-06 09:30", "venue", "Hall", ""), "date and place"),
    ],
)  # fmt: skip
def test_changes_between_names_each_part_in_order(
    was: tuple[str, str, str, str], now: tuple[str, str, str, str], words: str
) -> None:
    def place(values: tuple[str, str, str, str]) -> rules.TimeAndPlace:
        from datetime import datetime

        return rules.TimeAndPlace(
            datetime.fromisoformat(values[0]), values[1], values[2], values[3]
        )

    assert rules.words_list(rules.changes_between(place(was), place(now))) == words


def test_a_change_reverted_before_the_email_went_sends_nothing() -> None:
    from lantern.facilitation.services.sessions import time_and_place
    from lantern.facilitation.tasks import send_session_email

    session = make_session()
    booking = make_booking(session)
    mail.outbox.clear()
    assert not send_session_email.call(
        booking_id=str(booking.pk), kind="changed", was=time_and_place(session)
    )
    assert mail.outbox == []
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_someone_waiting_leaves_the_waiting_list_from_their_page() -> None:
    from django.test import Client

    session = make_session(capacity=1, waitlist_limit=1)
    make_booking(session, email="ann@example.test")
    waiting = make_booking(session, email="bea@example.test")
    mail.outbox.clear()
    client = Client()
    page = client.get(f"/book/manage/{waiting.token}/").content.decode()
    assert "with a calendar file" in page
    assert "Leave the waiting list" in page and "Cancel my booking" not in page
    confirm = client.get(f"/book/manage/{waiting.token}/cancel/").content.decode()
    assert "Are you sure you want to leave the waiting list?" in confirm
    assert "Yes, leave the waiting list" in confirm and "No, stay on the waiting list" in confirm
    assert client.post(f"/book/manage/{waiting.token}/cancel/").status_code == 302
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.CANCELLED
    (left,) = mail.outbox
    assert left.subject.startswith("You have left the waiting list") and left.attachments == []


def test_a_change_email_reached_after_the_session_was_cancelled_is_not_sent() -> None:
    from lantern.facilitation.services.sessions import time_and_place
    from lantern.facilitation.tasks import send_session_email

    session = make_session()
    booking = make_booking(session)
    was = time_and_place(session) | {"venue": "The old room"}
    services.session_cancel(actor=session.facilitator.user, session=session, reason="Unwell")
    mail.outbox.clear()
    assert not send_session_email.call(booking_id=str(booking.pk), kind="changed", was=was)
    assert mail.outbox == []
