"""Sharing a session from a phone: the session page offers the booking link by email."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from lantern.facilitation import services
from tests.facilitation.factories import make_booking, make_session
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _share_href(page: str) -> str | None:
    marker = 'data-testid="share-link" href="'
    if marker not in page:
        return None
    return page.split(marker, 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_the_session_page_offers_the_booking_link_in_an_email() -> None:
    session = make_session(title="Awareness & safeguarding, Hackney")
    client = Client()
    sign_in(client, session.facilitator.user)
    page = client.get(f"/facilitation/sessions/{session.pk}/").content.decode()
    href = _share_href(page)
    assert href is not None and href.startswith("mailto:?")
    query = parse_qs(urlsplit(href).query)
    assert query["subject"] == ["Book a place: Awareness & safeguarding, Hackney"]
    (body,) = query["body"]
    assert body.startswith("Book a place on Awareness & safeguarding, Hackney, ")
    assert body.endswith(f"/book/{session.booking_token}/")
    assert "Email the booking link" in page


def test_no_email_link_for_a_cancelled_session() -> None:
    session = make_session()
    services.session_cancel(actor=session.facilitator.user, session=session, reason="Unwell")
    client = Client()
    sign_in(client, session.facilitator.user)
    page = client.get(f"/facilitation/sessions/{session.pk}/").content.decode()
    assert _share_href(page) is None


def test_the_waiting_and_cancelled_booking_pages_name_the_session() -> None:
    session = make_session(title="Awareness for housing teams", capacity=1, waitlist_limit=1)
    make_booking(session)
    waiting = make_booking(session)
    page = Client().get(f"/book/manage/{waiting.token}/").content.decode()
    assert '<span class="govuk-caption-l">Awareness for housing teams</span>' in page
    services.booking_cancel(booking=waiting)
    page = Client().get(f"/book/manage/{waiting.token}/").content.decode()
    assert '<span class="govuk-caption-l">Awareness for housing teams</span>' in page
