"""A facilitator changes the venue of one session and cancels another, in a real browser
(axe-checked on every page); the cancelled session's public booking page says so."""

from __future__ import annotations

from django.core import mail

from e2e.conftest import Journey
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
