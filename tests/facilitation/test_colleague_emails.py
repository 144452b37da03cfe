"""The lead facilitator is told when a co-facilitator or a programme lead changes or cancels
their session (and not about their own changes)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from lantern.facilitation import services
from lantern.facilitation.models import AwarenessSession
from lantern.facilitation.tasks import send_colleague_email
from tests.facilitation.factories import make_facilitator, make_session

pytestmark = pytest.mark.django_db

REASON = "The room is closed for repairs"


def _change(session: AwarenessSession, actor: Any, **kw: Any) -> services.SessionChange:
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
    return services.session_change(actor=actor, session=session, **values)


def test_the_lead_facilitator_is_told_when_a_co_facilitator_changes_their_session() -> None:
    session = make_session()
    colleague = make_facilitator(session.programme)
    session.co_facilitators.add(colleague)
    colleague.user.full_name = "Cat Colleague"
    colleague.user.save(update_fields=["full_name"])
    mail.outbox.clear()

    _change(session, colleague.user, venue="Civic Centre, Room 4", capacity=session.capacity + 2)

    to_lead = [m for m in mail.outbox if m.to == [session.facilitator.user.email]]
    assert len(to_lead) == 1
    message = to_lead[0]
    assert message.subject == f"Your session has been changed: {session.title}"
    assert "Cat Colleague (co-facilitator) has changed the venue and places" in message.body
    assert f"/facilitation/sessions/{session.pk}/" in message.body
    assert colleague.user.email not in [m.to[0] for m in mail.outbox]


def test_the_lead_facilitator_is_told_when_a_programme_lead_cancels_their_session() -> None:
    session = make_session()
    lead = session.programme.leads.get()
    mail.outbox.clear()
    services.session_cancel(actor=lead, session=session, reason=REASON)
    (message,) = [m for m in mail.outbox if m.to == [session.facilitator.user.email]]
    assert message.subject == f"Your session has been cancelled: {session.title}"
    assert "(programme lead) has cancelled your session" in message.body
    assert REASON in message.body


def test_the_lead_facilitator_is_not_emailed_about_their_own_change() -> None:
    session = make_session()
    mail.outbox.clear()
    _change(session, session.facilitator.user, venue="Civic Centre, Room 4")
    services.session_cancel(actor=session.facilitator.user, session=session, reason=REASON)
    assert session.facilitator.user.email not in [m.to[0] for m in mail.outbox]


def test_a_change_email_reached_after_the_session_was_cancelled_is_not_sent() -> None:
    session = make_session()
    lead = session.programme.leads.get()
    services.session_cancel(actor=lead, session=session, reason=REASON)
    mail.outbox.clear()
    sent = send_colleague_email.call(
        session_id=str(session.pk),
        kind="changed",
        actor_id=str(lead.pk),
        acting_as="programme_lead",
        fields=["venue"],
    )
    assert sent is False and mail.outbox == []
