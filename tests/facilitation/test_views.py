"""Views: permissions by object, GOV.UK errors, query counts, exports, uploads, moderation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.facilitation import services
from lantern.facilitation.models import Booking, Post, ResourceVersion
from tests.facilitation.factories import (
    end_now,
    make_booking,
    make_facilitator,
    make_programme,
    make_session,
    start_now,
)
from tests.helpers import make_user, sign_in

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _grow(programme: Any, sessions: int) -> None:
    facilitator = make_facilitator(programme)
    for _ in range(sessions):
        session = make_session(facilitator)
        bookings = [make_booking(session) for _ in range(3)]
        start_now(session)
        services.attendance_mark(
            actor=facilitator.user, session=session, present_ids=[str(b.pk) for b in bookings]
        )


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm up: the first request after sign-in also touches the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx)


def test_programme_dashboard_query_count_does_not_grow_with_data() -> None:
    programme = make_programme()
    client = _client(programme.leads.get())
    url = f"/facilitation/programmes/{programme.pk}/"
    _grow(programme, 1)
    small = _queries(client, url)
    _grow(programme, 3)
    large = _queries(client, url)
    assert small == large, (small, large)
    assert large <= 20


def test_facilitator_home_query_count_is_bounded() -> None:
    facilitator = make_facilitator()
    client = _client(facilitator.user)
    for _ in range(2):
        make_session(facilitator)
    small = _queries(client, "/facilitation/")
    for _ in range(4):
        make_session(facilitator)
    assert _queries(client, "/facilitation/") == small
    assert small <= 20


def test_session_page_query_count_is_bounded() -> None:
    session = make_session()
    client = _client(session.facilitator.user)
    url = f"/facilitation/sessions/{session.pk}/"
    make_booking(session)
    small = _queries(client, url)
    for _ in range(5):
        make_booking(session)
    assert _queries(client, url) == small


def test_another_facilitator_cannot_see_a_session_or_a_lead_another_programme() -> None:
    session = make_session()
    outsider = make_facilitator()
    client = _client(outsider.user)
    assert client.get(f"/facilitation/sessions/{session.pk}/").status_code == 404
    lead_client = _client(make_programme().leads.get())
    assert lead_client.get(f"/facilitation/programmes/{session.programme_id}/").status_code == 404


def test_booking_page_shows_govuk_errors_and_writes_nothing() -> None:
    session = make_session(capacity=1, waitlist_limit=0)
    client = Client()
    url = f"/book/{session.booking_token}/"
    response = client.post(url, {})
    assert response.status_code == 200
    assert (
        b"govuk-error-summary" in response.content and b"Enter your full name" in response.content
    )
    data = {
        "full_name": "Sam Example",
        "email": "sam@example.test",
        "organisation_name": "Example NHS Trust",
        "org_type": "health",
        "job_role": "health",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    booking = Booking.objects.get(email="sam@example.test")
    assert response["Location"] == f"/book/manage/{booking.token}/"
    response = client.post(url, data)  # the same person again
    assert b"already has a place on this session" in response.content
    response = client.post(url, {**data, "email": "other@example.test"})
    assert b"This session is full and its waiting list is full" in response.content
    assert Booking.objects.filter(session=session).count() == 1


def test_booking_a_past_session_is_refused_clearly() -> None:
    session = start_now(make_session())
    client = Client()
    response = client.get(f"/book/{session.booking_token}/")
    assert b"already started" in response.content
    response = client.post(
        f"/book/{session.booking_token}/",
        {
            "full_name": "Late",
            "email": "late@example.test",
            "organisation_name": "Org",
            "org_type": "police",
            "job_role": "police",
        },
    )
    assert b"already started, so you cannot book it" in response.content
    assert not Booking.objects.filter(session=session).exists()


def test_unknown_booking_token_is_404() -> None:
    assert Client().get("/book/not-a-token/").status_code == 404


def test_self_cancellation_by_link_promotes_the_waitlist() -> None:
    session = make_session(capacity=1)
    first = make_booking(session)
    second = make_booking(session)
    client = Client()
    # One click on the booking page only asks: nothing is cancelled yet.
    page = client.get(f"/book/manage/{first.token}/").content.decode()
    assert f'href="/book/manage/{first.token}/cancel/"' in page
    confirm = client.get(f"/book/manage/{first.token}/cancel/").content.decode()
    assert "Are you sure you want to cancel your booking?" in confirm
    assert "Yes, cancel my booking" in confirm and "No, keep my booking" in confirm
    assert client.post(f"/book/manage/{first.token}/").status_code == 405
    first.refresh_from_db()
    assert first.status == "confirmed"

    response = client.post(f"/book/manage/{first.token}/cancel/")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "confirmed"
    page = client.get(f"/book/manage/{first.token}/", follow=True).content.decode()
    assert page.count("Your booking is cancelled") == 1
    # The only place went to the waiting list, which has room: they can book again.
    assert f'href="/book/{session.booking_token}/"' in page


def test_no_book_again_link_when_the_session_cannot_take_bookings() -> None:
    session = make_session(capacity=1, waitlist_limit=0)
    first = make_booking(session)
    client = Client()
    client.post(f"/book/manage/{first.token}/cancel/")
    make_booking(session)  # someone else takes the place; no waiting list
    page = client.get(f"/book/manage/{first.token}/").content.decode()
    assert "Your booking is cancelled" in page
    assert f'href="/book/{session.booking_token}/"' not in page


def test_checkin_outside_the_window_shows_a_clear_error() -> None:
    session = make_session()
    booking = make_booking(session, email="p@example.test")
    response = Client().post(
        f"/book/check-in/{session.checkin_token}/", {"email": "p@example.test"}
    )
    assert response.status_code == 200
    assert b"Check-in for this session is not open" in response.content
    booking.refresh_from_db()
    assert booking.attended_at is None


def test_short_code_checkin() -> None:
    session = make_session()
    make_booking(session, email="code@example.test")
    session = start_now(session)
    services.checkin_open(actor=session.facilitator.user, session=session, minutes=30)
    client = Client()
    bad = client.post("/book/check-in/", {"code": "ZZZZZZ", "email": "code@example.test"})
    assert b"There is no session with this code" in bad.content
    good = client.post(
        "/book/check-in/", {"code": session.checkin_code.lower(), "email": "code@example.test"}
    )
    assert good.status_code == 200
    assert "You're checked in, Alex" in good.content.decode()


def test_checkin_confirms_without_opening_the_private_booking_page() -> None:
    """Anyone with the room's code and a colleague's email address can check them in; they
    must not land on the colleague's booking page (certificate, cancel, evaluation links)."""
    session = make_session()
    booking = make_booking(session, full_name="Sam Colleague", email="sam@example.test")
    session = start_now(session)
    services.checkin_open(actor=session.facilitator.user, session=session, minutes=30)
    response = Client().post(
        f"/book/check-in/{session.checkin_token}/", {"email": "sam@example.test"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "You're checked in, Sam" in page
    assert booking.token not in page and "/book/manage/" not in page
    assert "Colleague" not in page  # no surname, nothing else about the booking
    booking.refresh_from_db()
    assert booking.attended_at is not None


def test_after_session_questions_open_only_once_the_session_has_ended() -> None:
    session = make_session()
    booking = make_booking(session, email="q@example.test")
    session = start_now(session)
    services.checkin_open(actor=session.facilitator.user, session=session, minutes=30)
    services.checkin_self(session=session, email="q@example.test")
    client = Client()
    page = client.get(f"/book/manage/{booking.token}/").content.decode()
    assert "Answer the after-session questions" not in page
    assert "After-session questions: open when the session ends at" in page
    assert 'data-testid="status">Checked in<' in page
    assert "2.5 hours" in page and "2.50" not in page
    with pytest.raises(services.FacilitationError, match="when the session has ended"):
        services.evaluation_submit(
            booking=Booking.objects.get(pk=booking.pk),
            phase="post",
            answers={},
            confidence={"identify": 3, "respond": 3, "refer": 3},
            reaction={"relevant": 3, "delivery": 3, "recommend": 3},
        )
    end_now(session)
    page = client.get(f"/book/manage/{booking.token}/").content.decode()
    assert "Answer the after-session questions" in page
    assert 'data-testid="status">Attended<' in page


def test_checkin_screen_shows_a_qr_code_for_the_checkin_address() -> None:
    session = start_now(make_session())
    client = _client(session.facilitator.user)
    response = client.post(f"/facilitation/sessions/{session.pk}/check-in/", {"minutes": "30"})
    assert response.status_code == 302
    page = client.get(f"/facilitation/sessions/{session.pk}/check-in/").content.decode()
    assert "data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns" in page
    assert f"/book/check-in/{session.checkin_token}/" in page
    assert session.checkin_code in page


def test_reach_csv_export_is_audited() -> None:
    programme = make_programme()
    _grow(programme, 1)
    client = _client(programme.leads.get())
    response = client.get(f"/facilitation/programmes/{programme.pk}/reach.csv")
    assert response["Content-Type"].startswith("text/csv")
    raw = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert raw.startswith("\ufeff".encode())  # so that Excel reads it as UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Date,Session,Facilitator,Borough,In borough or cross-borough")
    assert "Attended: Police" in lines[0] and "attended_" not in lines[0]
    assert len(lines) == 2 and ",In-borough,At a venue," in lines[1]
    assert AuditEvent.objects.filter(action="facilitation.reach_exported").exists()


def test_reach_csv_quotes_text_that_a_spreadsheet_would_run_as_a_formula() -> None:
    import csv
    import io

    programme = make_programme()
    facilitator = make_facilitator(programme)
    facilitator.user.full_name = "@SUM(1+1)"
    facilitator.user.save(update_fields=["full_name"])
    make_session(facilitator, title='=HYPERLINK("http://evil.example","x")', borough="-Camden")
    client = _client(programme.leads.get())
    response = client.get(f"/facilitation/programmes/{programme.pk}/reach.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    header, row = list(csv.reader(io.StringIO(text)))
    cells = dict(zip(header, row, strict=True))
    assert cells["Session"] == '\'=HYPERLINK("http://evil.example","x")'
    assert cells["Facilitator"] == "'@SUM(1+1)"
    assert cells["Borough"] == "'-Camden"


def test_library_refuses_a_wrong_file_type_and_versions_uploads() -> None:
    programme = make_programme()
    facilitator = make_facilitator(programme)
    lead_client = _client(programme.leads.get())
    url = f"/facilitation/programmes/{programme.pk}/library/"
    bad = lead_client.post(
        url,
        {
            "title": "Slide deck",
            "kind": "slide_deck",
            "file": SimpleUploadedFile("deck.exe", b"MZ..."),
        },
    )
    assert bad.status_code == 200
    assert b"The selected file must be a PDF, PPTX, DOCX, ODP or ODT file" in bad.content
    assert not ResourceVersion.objects.exists()
    for n in (1, 2):
        response = lead_client.post(
            url,
            {
                "title": "Slide deck",
                "kind": "slide_deck",
                "file": SimpleUploadedFile(f"deck-v{n}.pptx", b"PK deck"),
            },
        )
        assert response.status_code == 302
    assert list(ResourceVersion.objects.values_list("number", flat=True).order_by("number")) == [
        1,
        2,
    ]
    latest = ResourceVersion.objects.get(number=2)
    page = lead_client.get(url).content.decode()
    assert "Not yet: " + facilitator.user.full_name in page
    fac_client = _client(facilitator.user)
    assert fac_client.post(url, {"title": "x"}).status_code == 404  # facilitators cannot upload
    download = fac_client.get(f"/facilitation/library/{latest.pk}/download/")
    assert download.status_code == 200 and download.content == b"PK deck"
    page = lead_client.get(url).content.decode()
    assert "Have the latest version: " + facilitator.user.full_name in page


def test_support_space_threads_and_audited_moderation() -> None:
    programme = make_programme()
    facilitator = make_facilitator(programme)
    fac_client = _client(facilitator.user)
    response = fac_client.post(
        f"/facilitation/programmes/{programme.pk}/support/",
        {"kind": "thread", "t-title": "Online sessions?", "t-body": "Any tips?"},
    )
    assert response.status_code == 302
    post = Post.objects.get()
    # Facilitators cannot announce or moderate.
    assert (
        fac_client.post(
            f"/facilitation/programmes/{programme.pk}/support/",
            {"kind": "announcement", "a-title": "x", "a-body": "y"},
        ).status_code
        == 404
    )
    assert (
        fac_client.post(f"/facilitation/posts/{post.pk}/moderate/", {"reason": "x"}).status_code
        == 403
    )
    lead_client = _client(programme.leads.get())
    lead_client.post(f"/facilitation/posts/{post.pk}/moderate/", {"reason": "Off topic"})
    post.refresh_from_db()
    assert post.hidden_at is not None and post.hidden_reason == "Off topic"
    thread_page = fac_client.get(f"/facilitation/threads/{post.thread_id}/").content.decode()
    assert "Hidden by a moderator" in thread_page and "Any tips?" not in thread_page
    lead_client.post(f"/facilitation/posts/{post.pk}/moderate/", {"restore": "1"})
    post.refresh_from_db()
    assert post.hidden_at is None
    actions = list(
        AuditEvent.objects.filter(object_ref=str(post.pk)).values_list("action", flat=True)
    )
    assert actions == ["facilitation.post_hidden", "facilitation.post_restored"]
    response = lead_client.post(
        f"/facilitation/programmes/{programme.pk}/support/",
        {"kind": "announcement", "a-title": "New deck", "a-body": "Version 2 is up"},
    )
    assert response.status_code == 302
    assert (
        b"New deck" in fac_client.get(f"/facilitation/programmes/{programme.pk}/support/").content
    )


def test_outsider_cannot_read_a_programmes_support_space() -> None:
    programme = make_programme()
    outsider = make_user(Role.FACILITATOR, email="outsider@example.test")
    assert (
        _client(outsider).get(f"/facilitation/programmes/{programme.pk}/support/").status_code
        == 404
    )


def test_kit_pdfs_download() -> None:
    client = _client(make_facilitator().user)
    response = client.get("/facilitation/kit/handbook.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert client.get("/facilitation/kit/").status_code == 200


def test_session_create_form_errors_and_success() -> None:
    facilitator = make_facilitator()
    client = _client(facilitator.user)
    response = client.post(
        "/facilitation/sessions/new/", {"facilitator": str(facilitator.pk), "mode": "venue"}
    )
    content = response.content.decode()
    assert "Enter the venue address" in content and "Enter the date of the session" in content
    response = client.post(
        "/facilitation/sessions/new/",
        {
            "facilitator": str(facilitator.pk),
            "title": "Awareness",
            "scope": "cross_borough",
            "mode": "online",
            "online_url": "https://meet.example.test/x",
            "date": "2099-01-05",
            "start_time": "09:30",
            "capacity": "20",
            "waitlist_limit": "5",
        },
    )
    assert response.status_code == 302
    trainee = make_facilitator(accredited=False)
    assert (
        b"cannot schedule sessions yet"
        in _client(trainee.user).get("/facilitation/sessions/new/").content
    )
