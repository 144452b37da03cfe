"""Who may change or cancel a session (object rule `session` `change`), and the audit of who
did: the lead facilitator, an accredited co-facilitator and the programme's leads; nobody else."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.models import AuditEvent
from lantern.core.permissions import can
from lantern.core.roles import Role
from lantern.facilitation import services
from lantern.facilitation.models import (
    AwarenessSession,
    Facilitator,
    FacilitatorStatus,
    SessionStatus,
)
from lantern.facilitation.permissions import session_role
from lantern.facilitation.services import FacilitationError
from tests.facilitation.factories import (
    make_booking,
    make_facilitator,
    make_programme,
    make_session,
)
from tests.helpers import make_org, make_user, sign_in

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


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


def _shared() -> tuple[AwarenessSession, Facilitator]:
    """A session with one co-facilitator from another organisation in the same programme."""
    session = make_session()
    colleague = make_facilitator(session.programme, org=make_org("Partner Health Trust"))
    session.co_facilitators.add(colleague)
    return session, colleague


def test_the_facilitators_who_deliver_a_session_and_the_programme_leads_may_change_it() -> None:
    session, colleague = _shared()
    lead = session.programme.leads.get()
    assert session_role(session.facilitator.user, session) == "lead_facilitator"
    assert session_role(colleague.user, session) == "co_facilitator"
    assert session_role(lead, session) == "programme_lead"
    for user in (session.facilitator.user, colleague.user, lead):
        assert can(user, "change", session)


def test_a_co_facilitator_changes_the_venue_through_the_page_and_is_audited() -> None:
    session, colleague = _shared()
    make_booking(session, full_name="Ann Attendee", email="ann@example.test")
    mail.outbox.clear()
    client = _client(colleague.user)

    page = client.get(f"/facilitation/sessions/{session.pk}/").content.decode()
    assert "Change session details" in page and "Cancel this session" in page
    url = f"/facilitation/sessions/{session.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, _form(session, venue="Civic Centre, Room 4"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.venue == "Civic Centre, Room 4" and session.calendar_sequence == 1
    # Ann is told of the new venue, and the lead facilitator that a colleague changed it.
    assert [m.to for m in mail.outbox] == [["ann@example.test"], [session.facilitator.user.email]]
    event = AuditEvent.objects.get(action="facilitation.session_changed")
    assert event.actor_ref == str(colleague.user.pk)
    assert event.detail["as"] == "co_facilitator" and event.detail["fields"] == ["venue"]


def test_a_co_facilitator_cancels_when_the_lead_is_ill_and_is_audited() -> None:
    session, colleague = _shared()
    make_booking(session, email="ann@example.test")
    mail.outbox.clear()
    response = _client(colleague.user).post(
        f"/facilitation/sessions/{session.pk}/cancel/",
        {"reason": "The lead facilitator is unwell. We will offer a new date"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [["ann@example.test"], [session.facilitator.user.email]]
    event = AuditEvent.objects.get(action="facilitation.session_cancelled")
    assert event.actor_ref == str(colleague.user.pk)
    assert event.detail == {"as": "co_facilitator", "emailed": 1}


def test_a_programme_lead_is_audited_as_the_lead() -> None:
    session = make_session()
    lead = session.programme.leads.get()
    services.session_cancel(actor=lead, session=session, reason="The venue has closed")
    event = AuditEvent.objects.get(action="facilitation.session_cancelled")
    assert event.actor_ref == str(lead.pk) and event.detail["as"] == "programme_lead"


def _refused() -> dict[str, Any]:
    """Each person who must not change or cancel the session, with the session."""
    session, _colleague = _shared()
    programme = session.programme
    other_session = make_session(make_facilitator(programme))
    other_co = make_facilitator(programme)
    other_session.co_facilitators.add(other_co)
    elsewhere = make_org("Another Borough Council")
    withdrawn = make_facilitator(programme)
    session.co_facilitators.add(withdrawn)
    Facilitator.objects.filter(pk=withdrawn.pk).update(status=FacilitatorStatus.WITHDRAWN)
    return {
        "session": session,
        # 404: the person may use facilitation, but not on this session.
        "co-facilitator of another session": (other_co.user, 404),
        "lead facilitator of another session": (other_session.facilitator.user, 404),
        "another organisation's facilitator": (make_facilitator(org=elsewhere).user, 404),
        "same programme, another organisation": (
            make_facilitator(programme, org=elsewhere).user,
            404,
        ),
        "another programme's lead": (
            make_programme(org=elsewhere).leads.get(),
            404,
        ),
        "co-facilitator withdrawn from the programme": (withdrawn.user, 404),
        # 403: a learner may not use facilitation at all (route policy).
        "plain learner": (make_user(Role.LEARNER, email="learner@example.test"), 403),
    }


@pytest.mark.parametrize("path", ["change", "cancel"])
def test_nobody_else_may_change_or_cancel_a_session(path: str) -> None:
    cases = _refused()
    session: AwarenessSession = cases.pop("session")
    url = f"/facilitation/sessions/{session.pk}/{path}/"
    for who, (user, status) in cases.items():
        client = _client(user)
        assert client.get(url).status_code == status, who
        data = {"reason": "x", **_form(session, venue="Somewhere else")}
        assert client.post(url, data).status_code == status, who
        assert not can(user, "change", session), who
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED and session.venue == "Town Hall, Room 1"
    assert not AuditEvent.objects.filter(
        action__in=["facilitation.session_changed", "facilitation.session_cancelled"]
    ).exists()


def test_a_withdrawn_co_facilitator_still_sees_the_session_but_gets_no_change_links() -> None:
    session, colleague = _shared()
    Facilitator.objects.filter(pk=colleague.pk).update(status=FacilitatorStatus.WITHDRAWN)
    page = _client(colleague.user).get(f"/facilitation/sessions/{session.pk}/")
    assert page.status_code == 200
    assert b"Change session details" not in page.content
    assert b"Cancel this session" not in page.content


def test_the_services_refuse_someone_the_rule_refuses() -> None:
    session = make_session()
    outsider = make_facilitator().user
    with pytest.raises(FacilitationError, match="Only the session's facilitators"):
        services.session_cancel(actor=outsider, session=session, reason="Not mine")
    with pytest.raises(FacilitationError, match="Only the session's facilitators"):
        services.session_change(
            actor=outsider,
            session=session,
            title="Taken over",
            mode=session.mode,
            venue=session.venue,
            online_url="",
            starts_at=session.starts_at,
            capacity=session.capacity,
            waitlist_limit=session.waitlist_limit,
        )
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED and session.title == "Awareness session"


def test_the_session_page_shows_who_changed_and_who_cancelled_it() -> None:
    session, colleague = _shared()
    colleague.user.full_name = "Priya Shah"
    colleague.user.save(update_fields=["full_name"])
    client = _client(colleague.user)
    url = f"/facilitation/sessions/{session.pk}/"
    client.post(f"{url}change/", _form(session, venue="Civic Centre", capacity=12))
    lead = session.programme.leads.get()
    services.session_cancel(actor=lead, session=session, reason="The venue has closed")

    page = _client(session.facilitator.user).get(url).content.decode()
    assert f"by {lead.full_name} (programme lead). Nobody can book or check in" in page
    history = page.split('data-testid="session-history"', 1)[1].split("</ul>", 1)[0]
    assert "Priya Shah (co-facilitator) changed the venue and places" in history
    assert f"{lead.full_name} (programme lead) cancelled the session" in history
    assert history.index("cancelled the session") < history.index("changed the venue")
    assert "Civic Centre" not in history and "closed" not in history
