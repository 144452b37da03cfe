"""A facilitator changes the venue of one session and cancels another, in a real browser
(axe-checked on every page); the cancelled session's public booking page says so. A
co-facilitator does the same on a phone when the lead is ill."""

from __future__ import annotations

from django.core import mail

from e2e.conftest import Journey
from lantern.core.models import AuditEvent
from lantern.facilitation.models import AwarenessSession, SessionStatus
from tests.facilitation.factories import make_booking, make_facilitator, make_session
from tests.helpers import PASSWORD


def test_facilitator_changes_a_venue_and_cancels_a_session(journey: Journey) -> None:
    facilitator = make_facilitator()
    moving = make_session(facilitator, title="Awareness (moving)")
    calling_off = make_session(facilitator, title="Awareness (called off)")
    make_booking(moving, email="ann@journey.test")
    make_booking(calling_off, email="ben@journey.test")
    mail.outbox.clear()
    page = journey.page
    journey.sign_in(facilitator.user.email, PASSWORD)

    journey.visit(f"/facilitation/sessions/{moving.pk}/")
    page.get_by_role("link", name="Change session details").click()
    journey.check()
    page.get_by_label("Venue address").fill("Civic Centre, Room 4")
    page.get_by_role("button", name="Save changes").click()
    journey.check()
    assert "We have emailed 1 person booked or waiting" in page.inner_text("main")
    assert "Civic Centre, Room 4" in page.inner_text("main")

    journey.visit(f"/facilitation/sessions/{calling_off.pk}/")
    page.get_by_role("link", name="Cancel this session").click()
    journey.check()
    page.get_by_role("button", name="Yes, cancel this session").click()
    journey.check()
    assert "Enter a reason for the people booked" in page.inner_text("main")
    page.get_by_label("Reason for the people booked").fill("The room is no longer available")
    page.get_by_role("button", name="Yes, cancel this session").click()
    journey.check()
    assert "This session was cancelled" in page.inner_text("main")
    status = AwarenessSession.objects.get(pk=calling_off.pk).status
    assert status == SessionStatus.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@journey.test", "ben@journey.test"]

    journey.visit(f"/book/{calling_off.booking_token}/")
    assert "This session has been cancelled" in page.inner_text("main")
    assert page.locator("main form").count() == 0


def test_a_co_facilitator_moves_and_then_cancels_a_session_on_a_phone(
    phone_journey: Journey,
) -> None:
    """The lead is ill: the co-facilitator who shares the session moves it, then calls it off.
    Everyone booked or waiting is told what changed, and only people with a place get a
    calendar file."""
    facilitator = make_facilitator()
    colleague = make_facilitator(facilitator.programme)
    session = make_session(facilitator, title="Awareness (shared)", capacity=1, waitlist_limit=1)
    session.co_facilitators.add(colleague)
    make_booking(session, full_name="Ann Booked", email="ann@journey.test")
    make_booking(session, full_name="Bea Waiting", email="bea@journey.test")
    mail.outbox.clear()
    page = phone_journey.page
    phone_journey.sign_in(colleague.user.email, PASSWORD)

    phone_journey.visit(f"/facilitation/sessions/{session.pk}/")
    share = page.get_by_role("link", name="Email the booking link")
    assert (share.get_attribute("href") or "").startswith("mailto:?subject=Book%20a%20place")
    page.get_by_role("link", name="Change session details").click()
    phone_journey.check()
    page.get_by_label("Venue address").fill("Civic Centre, Room 4")
    page.get_by_role("button", name="Save changes").click()
    phone_journey.check()
    assert "We have emailed 2 people booked or waiting" in page.inner_text("main")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["ann@journey.test"].subject == "Venue changed: Awareness (shared)"
    assert "This was: Town Hall, Room 1" in by_address["bea@journey.test"].body
    assert by_address["ann@journey.test"].attachments
    assert not by_address["bea@journey.test"].attachments
    # The lead facilitator, who is ill, is told that a colleague changed their session.
    told = by_address[facilitator.user.email]
    assert told.subject == "Your session has been changed: Awareness (shared)"
    assert "(co-facilitator) has changed the venue of your session" in told.body

    mail.outbox.clear()
    page.get_by_role("link", name="Cancel this session").click()
    phone_journey.check()
    page.get_by_label("Reason for the people booked").fill(
        "The lead facilitator is unwell. We will offer a new date soon"
    )
    page.get_by_role("button", name="Yes, cancel this session").click()
    phone_journey.check()
    assert "This session was cancelled" in page.inner_text("main")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["ann@journey.test", "bea@journey.test", facilitator.user.email]
    )
    event = AuditEvent.objects.get(action="facilitation.session_cancelled")
    assert event.actor_ref == str(colleague.user.pk) and event.detail["as"] == "co_facilitator"
