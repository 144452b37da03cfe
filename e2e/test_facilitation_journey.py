"""The facilitation journey in a real browser, axe-checked on every page.

A programme lead accredits a trainee; the new facilitator schedules a session; three people
book (the third goes to the waiting list and is promoted when the first cancels); two check in
through the QR code's address; both answer the evaluation; the facilitator's reach and the
programme dashboard show the new numbers.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone

from e2e.conftest import Journey
from lantern.core.roles import Role
from lantern.facilitation import services
from lantern.facilitation.models import AwarenessSession, Commitment
from tests.helpers import PASSWORD, make_org, make_user

CORRECT = {
    "def-consent": "a",
    "def-border": "b",
    "nrm-first-responder": "b",
    "consent-child": "b",
    "consent-adult-declines": "c",
}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _sign_out(journey: Journey) -> None:
    journey.page.get_by_role("button", name="Sign out").click()
    journey.check()


def _book(
    journey: Journey, url: str, name: str, email: str, org: str, org_type: str, role: str
) -> str:
    page = journey.visit(_path(url))
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Organisation", exact=True).fill(org)
    page.get_by_label("Type of organisation").select_option(org_type)
    page.get_by_label(role).check()
    page.locator("main form button[type=submit]").click()
    journey.check()
    return page.url


def test_lead_accredits_facilitator_who_runs_a_session_end_to_end(journey: Journey) -> None:
    camden = make_org("Camden Council (journey)", borough="Camden")
    hackney = make_org("Hackney Council (journey)", borough="Hackney")
    lead = make_user(Role.PROGRAMME_LEAD, org=camden, email="lead@journey.test")
    trainee = make_user(Role.LEARNER, org=hackney, email="trainee@journey.test")
    trainee.full_name = "Robin Trainee"
    trainee.save(update_fields=["full_name"])
    programme = services.programme_create(actor=lead, name="London awareness (journey)")
    cohort = services.cohort_create(
        actor=lead, programme=programme, name="Summer", starts_on=timezone.localdate()
    )
    services.trainee_add(actor=lead, cohort=cohort, user=trainee)
    page = journey.page

    # 1. The programme lead records training attendance and accredits the trainee.
    journey.sign_in(lead.email, PASSWORD)
    journey.visit("/facilitation/")
    page.get_by_role("link", name="London awareness (journey)").click()
    journey.check()
    page.get_by_role("link", name="Summer").click()
    journey.check()
    for n in range(1, 7):
        page.get_by_label(f"Robin Trainee attended session {n}").check()
    page.get_by_role("button", name="Save attendance").click()
    journey.check()
    page.get_by_role("button", name="Accredit Robin Trainee").click()
    journey.check()
    assert "Robin Trainee is now an accredited facilitator" in page.inner_text("main")
    _sign_out(journey)

    # 2. The facilitator schedules a session starting in 30 minutes, with 2 places.
    journey.sign_in(trainee.email, PASSWORD)
    journey.visit("/facilitation/")
    page.get_by_role("link", name="Schedule a session").click()
    journey.check()
    start = timezone.localtime(timezone.now() + timedelta(minutes=30))
    page.get_by_label("In-borough").check()
    page.get_by_label("At a venue").check()
    page.get_by_label("Venue address").fill("Hackney Town Hall, Room 2")
    date = page.get_by_role("group", name="Date", exact=True)
    date.get_by_label("Day").fill(str(start.day))
    date.get_by_label("Month").fill(str(start.month))
    date.get_by_label("Year").fill(str(start.year))
    page.get_by_label("Start time").fill(start.strftime("%H:%M"))
    page.get_by_label("Places", exact=True).fill("2")
    page.get_by_role("button", name="Schedule session").click()
    journey.check()
    session_url = page.url
    booking_url = page.get_by_test_id("booking-link").get_attribute("href")
    assert booking_url
    _sign_out(journey)

    # 3. Three people book; the third joins the waiting list.
    ann = _book(
        journey,
        booking_url,
        "Ann Nurse",
        "ann@journey.test",
        "Homerton Hospital",
        "health",
        "Nurse, doctor or other health professional",
    )
    ben = _book(
        journey,
        booking_url,
        "Ben Officer",
        "ben@journey.test",
        "Met Police",
        "police",
        "Police officer or staff",
    )
    cat = _book(
        journey,
        booking_url,
        "Cat Worker",
        "cat@journey.test",
        "Hackney Council",
        "local_authority",
        "Social worker or care professional",
    )
    assert page.get_by_test_id("status").inner_text() == "On the waiting list"

    # 4. Ann cancels by her link; Cat is promoted automatically.
    journey.visit(_path(ann))
    page.get_by_role("button", name="Cancel my booking").click()
    journey.check()
    page.get_by_role("button", name="Yes, cancel my booking").click()
    journey.check()
    assert page.get_by_test_id("status").inner_text() == "Cancelled"
    journey.visit(_path(cat))
    assert page.get_by_test_id("status").inner_text() == "Booked"

    # 5. The facilitator opens check-in and shows the QR code.
    journey.sign_in(trainee.email, PASSWORD)
    journey.visit(_path(session_url))
    page.get_by_role("link", name="Check-in screen (QR code)").click()
    journey.check()
    page.get_by_role("button", name="Open check-in").click()
    journey.check()
    qr = page.get_by_role("img", name="QR code that opens the check-in page for this session")
    checkin_url = qr.get_attribute("data-checkin-url")
    assert checkin_url and (qr.get_attribute("src") or "").startswith("data:image/svg+xml")
    # drawn, not a broken image (an SVG without its namespace is not drawn as an <img>)
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")
    _sign_out(journey)

    # 6. Ben and Cat check in through the QR code's address: a confirmation that says nothing
    # private (whoever checks someone in does not reach their booking page).
    for email, first_name in (("ben@journey.test", "Ben"), ("cat@journey.test", "Cat")):
        journey.visit(_path(checkin_url))
        page.get_by_label("Email address you booked with").fill(email)
        page.get_by_role("button", name="Check in").click()
        journey.check()
        assert f"You're checked in, {first_name}" in page.inner_text("main")
        assert page.locator("main a[href*='/book/manage/']").count() == 0

    # 7. The session ends (moved into the past here); the hourly job issues the certificates;
    # each attendee answers the after-session questions from their own booking link.
    started = timezone.now() - timedelta(hours=3)
    AwarenessSession.objects.filter(pk=session_url.rstrip("/").rsplit("/", 1)[1]).update(
        starts_at=started, ends_at=timezone.now() - timedelta(minutes=30)
    )
    # Run just after midnight, that start is yesterday, before the commitment that the
    # accreditation began today: the commitment is moved back with it, or the reach below
    # would count a session from before the commitment.
    Commitment.objects.filter(facilitator__user=trainee).update(
        starts_on=timezone.localdate(started)
    )
    assert services.certificates_issue_due() == 2
    for url in (ben, cat):
        journey.visit(_path(url))
        assert page.get_by_test_id("status").inner_text() == "Attended"
        assert "2.5 hours" in page.get_by_test_id("cpd").inner_text()
        assert page.get_by_role("link", name="Download your certificate").count() == 1
        page.get_by_role("link", name="Answer the after-session questions").click()
        journey.check()
        for qid, value in CORRECT.items():
            page.locator(f"input[name='k_{qid}'][value='{value}']").check()
        for item in ("identify", "respond", "refer"):
            page.locator(f"input[name='c_{item}'][value='4']").check()
        for item in ("relevant", "delivery", "recommend"):
            page.locator(f"input[name='r_{item}'][value='5']").check()
        page.get_by_role("button", name="Send answers").click()
        journey.check()
        assert "After-session questions: answered" in page.inner_text("main")

    # 8. The facilitator's reach shows two staff reached against 200.
    journey.sign_in(trainee.email, PASSWORD)
    journey.visit("/facilitation/")
    assert page.get_by_test_id("staff-reached").inner_text() == "2 of 200 (1%)"
    assert page.get_by_test_id("sessions-delivered").inner_text().startswith("1 of 2 to 3")
    journey.visit(_path(session_url))
    page.get_by_role("link", name="Evaluation results").click()
    journey.check()
    assert "Fewer than 5 people have answered before the session" in page.inner_text("main")
    _sign_out(journey)

    # 9. The programme dashboard shows the new numbers and the multi-agency mix.
    journey.sign_in(lead.email, PASSWORD)
    journey.visit(f"/facilitation/programmes/{programme.pk}/")
    assert page.get_by_test_id("programme-reached").inner_text() == "2"
    assert page.get_by_test_id("programme-delivered").inner_text() == "1"
    main = page.inner_text("main")
    # Small groups are shown as the SAB report shows them, never as 1 or 2, and the page says
    # why in one sentence.
    assert "Police: not shown" in main and "Local authority: not shown" in main
    assert "Numbers under 5 are not shown, and neither is the next smallest number" in main
    assert "Hackney" in main

    # 10. The quarterly report for the Safeguarding Adults Board: this quarter, small groups
    # hidden (two people from two agencies), then the PDF.
    page.get_by_role("link", name="Quarterly report for the Safeguarding Adults Board").click()
    journey.check()
    # Newest first: the current quarter, so far, is the first choice.
    assert page.locator("#quarter option").first.inner_text().endswith("(so far)")
    page.get_by_label("Quarter").select_option(index=0)
    page.get_by_role("button", name="Show this quarter").click()
    journey.check()
    assert page.get_by_test_id("sab-reached").inner_text() == "2"
    assert page.get_by_test_id("sab-sessions").inner_text() == "1"
    assert "not shown" in page.get_by_role("region", name="By type of organisation").inner_text()
    assert (
        page.get_by_test_id("sab-suppression")
        .inner_text()
        .startswith("Numbers under 5 are not shown, and neither is the next smallest number")
    )
    # The report covers the lead's own council as well as the facilitator's, and says so;
    # reach by borough is where the sessions were held.
    covered = page.get_by_role("region", name="Organisations this report covers").inner_text()
    assert "Camden Council (journey)" in covered and "Runs the programme" in covered
    assert "Hackney Council (journey)" in covered
    assert page.get_by_role("region", name="Sessions held in").is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the report (PDF)").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # A quarter the report does not offer is an error with the quarters to choose from, not
    # another quarter's report.
    journey.visit(f"/facilitation/programmes/{programme.pk}/sab-report/?quarter=2019-q1")
    summary = page.get_by_role("alert").inner_text()
    assert (
        "There is a problem" in summary
        and "There is no report for January to March 2019" in summary
    )
    assert page.title().startswith("Error: ")
    assert page.get_by_test_id("sab-quarter").count() == 0
    page.get_by_role("link", name="There is no report for January to March 2019").click()
    page.get_by_label("Quarter").select_option(index=0)
    page.get_by_role("button", name="Show this quarter").click()
    journey.check()
    assert page.get_by_test_id("sab-reached").inner_text() == "2"
