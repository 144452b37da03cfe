"""Attending a session gives a 2.5 hour CPD certificate through the learning app's service."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from lantern.core.registry import scheduled_jobs
from lantern.facilitation import services
from lantern.facilitation.models import AwarenessSession, Booking, Completion
from lantern.learning.models import Certificate, CertificateStatus
from tests.facilitation.factories import end_now, make_booking, make_session, start_now
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_attendance_issues_a_verifiable_certificate_and_correction_revokes_it(
    client: Client,
) -> None:
    session = make_session()
    booking = make_booking(session)
    session = end_now(session)  # a register filled in after the end issues the certificate at once
    services.attendance_mark(
        actor=session.facilitator.user, session=session, present_ids=[str(booking.pk)]
    )
    certificate = Certificate.objects.get(source_ref__startswith="facilitation:")
    assert certificate.enrolment is None
    assert certificate.full_name == booking.full_name
    assert float(certificate.cpd_hours) == 2.5
    assert certificate.organisation_id == session.facilitator.organisation_id

    # The public check shows it as valid; the attendee downloads it from their private link.
    verify = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "valid" in verify.lower() and booking.full_name in verify
    page = client.get(f"/book/manage/{booking.token}/").content.decode()
    assert "Download your certificate" in page and certificate.code in page
    pdf = client.get(f"/book/manage/{booking.token}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # Marking attendance again does not issue a second certificate.
    services.attendance_mark(
        actor=session.facilitator.user, session=session, present_ids=[str(booking.pk)]
    )
    assert Certificate.objects.filter(source_ref__startswith="facilitation:").count() == 1

    # The facilitator corrects the register: the certificate is revoked, not silently deleted.
    services.attendance_mark(actor=session.facilitator.user, session=session, present_ids=[])
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert client.get(f"/book/manage/{booking.token}/certificate.pdf").status_code == 404


def test_a_booking_without_attendance_has_no_certificate(client: Client) -> None:
    booking = make_booking(make_session())
    assert client.get(f"/book/manage/{booking.token}/certificate.pdf").status_code == 404


def test_an_attendee_gets_a_digital_badge_through_their_booking_link(client: Client) -> None:
    import hashlib
    import json

    import jwt
    from cryptography.hazmat.primitives import serialization
    from openbadgeslib.ob3.verifier import OB3Verifier

    session = make_session()
    booking = make_booking(session)
    session = end_now(session)
    services.attendance_mark(
        actor=session.facilitator.user, session=session, present_ids=[str(booking.pk)]
    )
    page = client.get(f"/book/manage/{booking.token}/").content.decode()
    assert "Download your digital badge" in page
    response = client.get(f"/book/manage/{booking.token}/badge.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    token = OB3Verifier.extract_token_from_svg(response.content)
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = client.get("/badges/keys/" + kid.rstrip("/").rsplit("/", 1)[1] + "/").content
    public = jwt.algorithms.RSAAlgorithm.from_jwk(jwk.decode())
    pem = public.public_bytes(  # type: ignore[union-attr]
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    credential = OB3Verifier(pem).verify(token)
    document = credential.raw
    assert isinstance(document, dict)
    assert booking.full_name in document["description"]
    assert booking.email.lower() not in json.dumps(document).lower()
    [identity] = document["credentialSubject"]["identifier"]
    digest = hashlib.sha256((booking.email.lower() + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${digest}"

    # Corrected off the register: no badge any more.
    services.attendance_mark(actor=session.facilitator.user, session=session, present_ids=[])
    assert client.get(f"/book/manage/{booking.token}/badge.svg").status_code == 404


def test_checking_in_before_the_end_issues_the_certificate_only_once_the_session_ends(
    client: Client,
) -> None:
    session = make_session()
    booking = make_booking(session, email="early@example.test")
    session = start_now(session)
    services.checkin_open(actor=session.facilitator.user, session=session, minutes=30)
    services.checkin_self(session=session, email="early@example.test")

    # Checked in, but the session is still running: no certificate yet, and the page says when.
    assert not Certificate.objects.filter(source_ref__startswith="facilitation:").exists()
    assert services.certificates_issue_due() == 0
    page = client.get(f"/book/manage/{booking.token}/").content.decode()
    assert "Your certificate will be here within an hour of the end of the session" in page
    assert "Download your certificate" not in page
    assert client.get(f"/book/manage/{booking.token}/certificate.pdf").status_code == 404

    # The hourly job issues it once the session has ended, once.
    end_now(session)
    assert services.certificates_issue_due() == 1
    assert services.certificates_issue_due() == 0
    completion = Completion.objects.get(booking=booking)
    certificate = Certificate.objects.get(source_ref=f"facilitation:{completion.pk}")
    assert completion.certificate_code == certificate.code
    page = client.get(f"/book/manage/{booking.token}/").content.decode()
    assert "Download your certificate" in page and certificate.code in page


def test_the_certificate_job_is_scheduled_hourly() -> None:
    hourly = {step.name: step for step in scheduled_jobs("hourly")}
    assert "facilitation: certificates" in hourly
    booking = make_booking(make_session())
    session = start_now(booking.session)
    services.attendance_mark(
        actor=session.facilitator.user, session=session, present_ids=[str(booking.pk)]
    )
    end_now(session)
    assert hourly["facilitation: certificates"].run() == "issued 1 session certificate(s)"


def test_demo_attendees_of_the_ended_session_can_download_their_certificates() -> None:
    """The demo fills in the register through the service, so its attendees have completions
    and certificates, and their booking pages link to a PDF that is there."""
    from lantern.accounts.demo import seed_accounts
    from lantern.facilitation.demo import seed_facilitation

    seed_accounts(password="demo-password-for-tests")
    seed_facilitation(password="demo-password-for-tests")
    ended = AwarenessSession.objects.get(ends_at__lte=timezone.now())
    attendees = list(Booking.objects.filter(session=ended))
    assert len(attendees) == 12
    client = Client()
    for booking in attendees:
        page = client.get(f"/book/manage/{booking.token}/").content.decode()
        assert "Download your certificate" in page, booking.full_name
        response = client.get(f"/book/manage/{booking.token}/certificate.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_booking_page_promises_no_certificate_that_is_not_there() -> None:
    session = make_session()
    came, absent = make_booking(session), make_booking(session)
    client = Client()
    page = client.get(f"/book/manage/{came.token}/").content.decode()
    assert "within an hour of the end" in page
    end_now(session)
    page = client.get(f"/book/manage/{absent.token}/").content.decode()
    assert "You were not recorded as attending, so there is no certificate" in page
    assert "you can download your CPD certificate" not in page
    # Attended but no completion (a register filled in outside the service): say so plainly.
    Booking.objects.filter(pk=came.pk).update(attended_at=timezone.now())
    page = client.get(f"/book/manage/{came.token}/").content.decode()
    assert "Your certificate is not available yet" in page
    assert "Download your certificate" not in page


def test_the_demo_session_that_ended_shows_evaluation_results() -> None:
    """A facilitator walking the demo sees results for the session they delivered: enough
    people answered before and after for nothing to be hidden."""
    from lantern.accounts.demo import seed_accounts
    from lantern.facilitation import selectors
    from lantern.facilitation.demo import seed_facilitation

    seed_accounts(password="demo-password-for-tests")
    seed_facilitation(password="demo-password-for-tests")
    ended = AwarenessSession.objects.get(ends_at__lte=timezone.now())
    client = Client()
    sign_in(client, ended.facilitator.user, "demo-password-for-tests")
    page = client.get(f"/facilitation/sessions/{ended.pk}/results/").content.decode()
    assert "so results are not shown" not in page
    summary = selectors.session_evaluation(ended)
    assert (summary.before.count, summary.after.count) == (9, 8)
    assert summary.knowledge_gain is not None and summary.knowledge_gain > 0
