"""One definition of "delivered" and "staff reached" everywhere (selectors.delivery): a session
counts once it has ended and someone attended, and before/after answers come from the same
delivered sessions."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core import quarters
from lantern.facilitation import selectors, services
from lantern.facilitation.models import AwarenessSession, Booking, Commitment, Facilitator
from tests.facilitation.factories import (
    end_now,
    make_booking,
    make_facilitator,
    make_session,
    start_now,
)
from tests.facilitation.test_services import ANSWERS_RIGHT, CONF, REACT
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _one_ended_one_running() -> tuple[Facilitator, AwarenessSession, AwarenessSession]:
    """An ended session with 5 attendees, all of whom answered before and after; and a session
    under way with 6 booked (who all answered before) and 2 checked in."""
    facilitator = make_facilitator()
    # The commitment starts on the day of accreditation; sessions moved into the past must
    # fall inside it even just after midnight.
    Commitment.objects.filter(facilitator=facilitator).update(
        starts_on=F("starts_on") - timedelta(days=1)
    )
    ended = make_session(facilitator, borough="Camden", capacity=20)
    people = [make_booking(ended) for _ in range(5)]
    for booking in people:
        services.evaluation_submit(booking=booking, phase="pre", answers={}, confidence=CONF)
    end_now(ended)
    services.attendance_mark(
        actor=facilitator.user, session=ended, present_ids=[str(b.pk) for b in people]
    )
    for booking in people:
        services.evaluation_submit(
            booking=Booking.objects.get(pk=booking.pk),
            phase="post",
            answers=ANSWERS_RIGHT,
            confidence=CONF,
            reaction=REACT,
        )
    running = make_session(facilitator, borough="Hackney", capacity=20)
    others = [make_booking(running) for _ in range(6)]
    for booking in others:
        services.evaluation_submit(booking=booking, phase="pre", answers={}, confidence=CONF)
    start_now(running)
    services.attendance_mark(
        actor=facilitator.user, session=running, present_ids=[str(b.pk) for b in others[:2]]
    )
    return facilitator, ended, running


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def test_every_page_and_export_counts_the_same_staff_reached() -> None:
    facilitator, _, _ = _one_ended_one_running()
    programme = facilitator.programme
    commitment = facilitator.commitments.get()

    mine = _client(facilitator.user)
    home = mine.get("/facilitation/").content.decode()
    assert re.search(r'data-testid="staff-reached">5 of 200', home)
    page = _text(mine.get(f"/facilitation/commitments/{commitment.pk}/").content)
    assert "Staff reached 5 of 200" in page

    lead = _client(programme.leads.get())
    page = lead.get(f"/facilitation/programmes/{programme.pk}/").content.decode()
    assert re.search(r'data-testid="programme-reached">5<', page)
    assert re.search(r'data-testid="programme-delivered">1<', page)
    assert re.search(r'data-testid="facilitator-reached">5 of 200<', page)
    assert re.search(r'data-testid="programme-upcoming">1<', page)
    # The session under way has no mix yet, rather than "None yet" beside its check-ins.
    assert "After the session" in page and "None yet" not in page

    quarter = quarters.quarter_of(timezone.localdate())
    report = selectors.sab_report(programme, quarter)
    assert (report.staff_reached, report.sessions_delivered) == (5, 1)
    page = lead.get(
        f"/facilitation/programmes/{programme.pk}/sab-report/", {"quarter": quarter.key}
    ).content.decode()
    assert re.search(r'data-testid="sab-reached">5<', page)

    response = lead.get(f"/facilitation/programmes/{programme.pk}/reach.csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))  # type: ignore[attr-defined]
    )
    assert sum(int(r["Attended"] or 0) for r in rows) == 5
    # Rows run oldest first: the ended session, then the one under way.
    assert [r["Status"] for r in rows] == ["Delivered", "Coming up"]
    assert [r["Answers before"] for r in rows] == ["5", ""]


def test_before_and_after_answers_come_from_the_same_delivered_sessions() -> None:
    """The running session's six "before" answers are not set against the ended session's
    "after" answers: both phases count delivered sessions only."""
    facilitator, _, _ = _one_ended_one_running()
    programme = facilitator.programme
    dashboard = selectors.programme_dashboard(programme)
    assert (dashboard.evaluation.before.count, dashboard.evaluation.after.count) == (5, 5)
    [row] = dashboard.facilitators
    assert (row.evaluation.before.count, row.evaluation.after.count) == (5, 5)
    report = selectors.sab_report(programme, quarters.quarter_of(timezone.localdate()))
    assert (report.evaluation.before.count, report.evaluation.after.count) == (5, 5)


def test_results_say_not_shown_the_same_way_for_every_small_phase() -> None:
    """Five answered before, fewer than five after: every "after" figure reads the same."""
    facilitator = make_facilitator()
    session = make_session(facilitator, capacity=20)
    people = [make_booking(session) for _ in range(5)]
    for booking in people:
        services.evaluation_submit(booking=booking, phase="pre", answers={}, confidence=CONF)
    end_now(session)
    services.attendance_mark(
        actor=facilitator.user, session=session, present_ids=[str(b.pk) for b in people]
    )
    services.evaluation_submit(
        booking=Booking.objects.get(pk=people[0].pk),
        phase="post",
        answers=ANSWERS_RIGHT,
        confidence=CONF,
        reaction=REACT,
    )
    page = _text(
        _client(facilitator.user).get(f"/facilitation/sessions/{session.pk}/results/").content
    )
    assert page.count("After: not shown (fewer than 5 answers)") == 4
    assert "After: fewer than 5 answers" not in page
    assert "After: not shown." not in page
