"""The quarterly report for the Safeguarding Adults Board: reach by borough and agency,
knowledge and confidence before and after, referral quality; small groups hidden."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from lantern.accounts.models import OrganisationType
from lantern.core import quarters
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.facilitation import selectors, services
from lantern.facilitation.kit import pdf_text
from lantern.facilitation.models import AwarenessSession, Booking
from lantern.respond import services as respond_services
from lantern.respond.models import ReferralQualityRecord
from tests.facilitation.factories import (
    end_now,
    make_booking,
    make_facilitator,
    make_session,
)
from tests.facilitation.test_services import ANSWERS_RIGHT, CONF, REACT
from tests.helpers import make_user, signed_in
from tests.respond.factories import EHO_ANSWERS

pytestmark = pytest.mark.django_db


def _delivered(
    session: AwarenessSession, org_types: Sequence[str], *, answered_before: int = 0
) -> list[Booking]:
    """Book, let the first ``answered_before`` answer the before-session questions (which
    close when the session starts), end the session and mark everyone present."""
    bookings = [make_booking(session, org_type=t) for t in org_types]
    for booking in bookings[:answered_before]:
        services.evaluation_submit(booking=booking, phase="pre", answers={}, confidence=CONF)
    end_now(session)
    services.attendance_mark(
        actor=session.facilitator.user, session=session, present_ids=[str(b.pk) for b in bookings]
    )
    return [Booking.objects.get(pk=b.pk) for b in bookings]


def _evaluate(bookings: list[Booking]) -> None:
    for booking in bookings:
        services.evaluation_submit(
            booking=booking,
            phase="post",
            answers=ANSWERS_RIGHT,
            confidence={"identify": 4, "respond": 5, "refer": 4},
            reaction=REACT,
        )


def test_quarters_are_named_by_their_months() -> None:
    recent = quarters.recent_quarters(date(2026, 12, 1), count=3)
    assert [q.label for q in recent] == [
        "July to September 2026",
        "April to June 2026",
        "October to December 2026",
    ]
    assert recent[0].start == date(2026, 7, 1) and recent[0].end == date(2026, 9, 30)
    assert quarters.Quarter(2027, 1).previous() == quarters.Quarter(2026, 4)
    assert quarters.parse_quarter("2026-q4") == quarters.Quarter(2026, 4)
    assert quarters.parse_quarter("2026-q5") is None and quarters.parse_quarter("x") is None


def test_the_report_counts_the_quarter_and_hides_small_groups() -> None:
    facilitator = make_facilitator(org=None)
    programme = facilitator.programme
    camden = make_session(facilitator, borough="Camden", capacity=20)
    hackney = make_session(facilitator, borough="Hackney", capacity=20)
    health = OrganisationType.HEALTH
    council = OrganisationType.LOCAL_AUTHORITY
    camden_people = _delivered(camden, [health] * 4 + [council] * 3, answered_before=5)
    _delivered(hackney, [health] * 2)
    _evaluate(camden_people[:5])
    # A session in an earlier quarter does not count in this one.
    earlier = make_session(facilitator, borough="Camden")
    _delivered(earlier, [health] * 6)
    AwarenessSession.objects.filter(pk=earlier.pk).update(
        starts_at=timezone.now() - timedelta(days=200),
        ends_at=timezone.now() - timedelta(days=200) + timedelta(hours=2),
    )

    quarter = quarters.quarter_of(timezone.localdate())
    report = selectors.sab_report(programme, quarter)
    assert report.sessions_delivered == 2 and report.staff_reached == 9
    # Hackney's 2 would be 9 - 7, so Camden is hidden with it; the same for the types.
    assert [(g.label, g.count, g.shown) for g in report.by_borough] == [
        ("Camden", 7, "not shown"),
        ("Hackney", 2, "not shown"),
    ]
    assert {g.label: g.shown for g in report.by_agency} == {
        "Health (NHS or other)": "not shown",
        "Local authority": "not shown",
    }
    assert report.evaluation.before.count == 5 and not report.evaluation.after.suppressed
    assert report.evaluation.after.knowledge_percent == 100.0
    assert all(q.suppressed for q in report.referral_quality)


def test_referral_quality_is_recorded_on_download_and_reported_without_drafts() -> None:
    facilitator = make_facilitator(org=None)
    organisation = facilitator.organisation
    author = make_user(Role.LEARNER, org=organisation)
    client = signed_in(author)
    for n in range(5):
        draft = respond_services.referral_draft_create(
            actor=author, organisation=organisation, kind="dtn", answers=EHO_ANSWERS
        )
        fields = {"police_told": "no"}
        if n < 2:  # two of them say where and when
            fields |= {"where": "Camden", "when": "November 2026"}
        respond_services.referral_draft_update(actor=author, draft=draft, fields=fields)
        assert client.get(f"/worried/drafts/{draft.pk}/pdf/").status_code == 200
    # Downloading again brings the one record up to date; it does not add another.
    assert client.get(f"/worried/drafts/{draft.pk}/pdf/").status_code == 200
    assert ReferralQualityRecord.objects.count() == 5
    # A record holds which checks were met, by key, and nothing the worker wrote.
    dtn_checks = {"indicators_by_type", "where_and_when", "police_told", "no_identifiers"}
    for record in ReferralQualityRecord.objects.all():
        assert record.checks_total == len(dtn_checks) and set(record.met) <= dtn_checks
    met = [set(r.met) for r in ReferralQualityRecord.objects.all()]
    assert sum("where_and_when" in m for m in met) == 2
    stored = {f.name for f in ReferralQualityRecord._meta.get_fields()}
    assert stored == {
        "id", "draft_ref", "organisation", "kind", "recorded_on", "checks_total", "met"
    }  # fmt: skip

    # The organisation has not set its referral pathway yet; then it does.
    quarter = quarters.quarter_of(timezone.localdate())
    coverage = selectors.sab_report(facilitator.programme, quarter).pathways
    assert (coverage.organisations, coverage.with_pathway) == (1, 0)
    respond_services.referral_pathway_save(
        actor=author,
        organisation=organisation,
        fields={"contact_name": "Safeguarding team", "email": "team@example.org"},
    )
    coverage = selectors.sab_report(facilitator.programme, quarter).pathways
    assert (coverage.with_pathway, coverage.checked_this_year) == (1, 1)

    # The drafts go; what the report needs stays.
    respond_services.referral_drafts_purge_expired(now=timezone.now() + timedelta(days=365))
    quarter = quarters.quarter_of(timezone.localdate())
    report = selectors.sab_report(facilitator.programme, quarter)
    [nrm, dtn] = report.referral_quality
    assert nrm.suppressed and nrm.count == 0
    assert not dtn.suppressed and dtn.count == 5
    assert dtn.complete_percent is not None and 0 < dtn.complete_percent < 100
    assert dtn.most_missed == "Where and when (an area and a month, not an address)"


def test_the_lead_sees_and_downloads_it_and_nobody_else_can() -> None:
    facilitator = make_facilitator(org=None)
    programme = facilitator.programme
    session = make_session(facilitator, borough="Camden", capacity=20)
    _delivered(session, [OrganisationType.HEALTH] * 5)
    lead = programme.leads.first()
    assert lead is not None
    client = signed_in(lead)
    quarter = quarters.quarter_of(timezone.localdate())
    page = client.get(
        f"/facilitation/programmes/{programme.pk}/sab-report/", {"quarter": quarter.key}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert quarter.label in text and 'data-testid="sab-reached">5<' in text
    pdf = client.get(
        f"/facilitation/programmes/{programme.pk}/sab-report.pdf", {"quarter": quarter.key}
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert quarter.label.encode() in pdf.content and b"Camden" in pdf.content
    assert AuditEvent.objects.filter(
        action="facilitation.sab_report_downloaded", detail__quarter=quarter.key
    ).exists()
    # A quarter that is not offered falls back to the last complete one.
    fallback = client.get(
        f"/facilitation/programmes/{programme.pk}/sab-report/", {"quarter": "1999-q1"}
    )
    assert quarters.recent_quarters(timezone.localdate())[0].label in fallback.content.decode()

    other_lead = make_user(Role.PROGRAMME_LEAD)
    response = signed_in(other_lead).get(f"/facilitation/programmes/{programme.pk}/sab-report/")
    assert response.status_code == 404
    response = signed_in(facilitator.user).get(
        f"/facilitation/programmes/{programme.pk}/sab-report.pdf"
    )
    assert response.status_code in (403, 404)


def test_e_learning_finished_by_the_programmes_organisations_is_in_the_report() -> None:
    from lantern.learning import services as learning_services
    from tests.learning.factories import check_done, course

    facilitator = make_facilitator(org=None)
    organisation = facilitator.organisation
    quarter = quarters.quarter_of(timezone.localdate())

    def finish(n: int) -> None:
        for _ in range(n):
            learner = make_user(Role.LEARNER, org=organisation)
            enrolment = learning_services.enrolment_start(user=learner, course=course())
            check_done(enrolment, "pre", right=0, confidence=2)
            spec = learning_services.course_spec(enrolment.course)
            for unit in spec.required_units(enrolment.pathway):
                learning_services.demo_unit_complete(enrolment=enrolment, unit=unit)
            check_done(enrolment, "post", confidence=4)  # completes the course

    finish(4)
    small = selectors.sab_report(facilitator.programme, quarter).elearning
    assert small["completed"] == 4 and small["knowledge_before"] is None
    finish(1)
    report = selectors.sab_report(facilitator.programme, quarter).elearning
    assert report["completed"] == 5
    assert report["knowledge_before"] == 0 and report["knowledge_after"] == 100
    assert report["confidence_before"] == 2 and report["confidence_after"] == 4


def test_the_report_counts_local_services_in_the_programme_s_boroughs() -> None:
    from lantern.directory.models import Service
    from tests.directory.factories import make_service

    facilitator = make_facilitator(org=None)
    organisation = facilitator.organisation
    quarter = quarters.quarter_of(timezone.localdate())
    [before] = selectors.sab_report(facilitator.programme, quarter).directory
    assert before.area == organisation.borough and (before.listed, before.checked) == (0, 0)
    make_service(organisation, areas=organisation.borough.upper())  # any case
    old = make_service(organisation, name="Old entry", areas=f"Elsewhere\n{organisation.borough}")
    make_service(organisation, name="Not here", areas="Elsewhere")
    Service.objects.filter(pk=old.pk).update(checked_at=timezone.now() - timedelta(days=400))
    [row] = selectors.sab_report(facilitator.programme, quarter).directory
    assert (row.listed, row.checked) == (2, 1)
    lead = facilitator.programme.leads.first()
    assert lead is not None
    page = signed_in(lead).get(
        f"/facilitation/programmes/{facilitator.programme.pk}/sab-report/",
        {"quarter": quarter.key},
    )
    assert 'data-testid="sab-directory"' in page.content.decode()


def test_a_lead_sees_small_groups_suppressed_on_every_page_and_export() -> None:
    """The same rule as the SAB report: the programme page, the reach CSV and the answers
    counts never give 1, 2, 3 or 4, nor a number that would give one away by subtraction."""
    facilitator = make_facilitator(org=None)
    programme = facilitator.programme
    session = make_session(facilitator, borough="Camden", capacity=20)
    # Two answered before, one after: the counts are small groups too.
    people = _delivered(
        session, [OrganisationType.HEALTH] * 5 + [OrganisationType.POLICE] * 2, answered_before=2
    )
    services.evaluation_submit(
        booking=people[0], phase="post", answers=ANSWERS_RIGHT, confidence=CONF, reaction=REACT
    )
    client = signed_in(programme.leads.get())

    page = client.get(f"/facilitation/programmes/{programme.pk}/").content.decode()
    # 7 attended: Health 5 would give Police away, so both are hidden.
    assert "Police: not shown" in page and "Police: 2" not in page
    assert "Health (NHS or other): not shown" in page and "Health (NHS or other): 5" not in page
    assert ">2</td>" not in page and ">5</td>" not in page
    assert "Numbers under 5 are not shown, and neither is the next smallest number" in page

    csv_text = b"".join(
        client.get(f"/facilitation/programmes/{programme.pk}/reach.csv").streaming_content  # type: ignore[attr-defined]
    ).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(csv_text)))
    cells = dict(zip(header, row, strict=True))
    assert cells["Attended"] == "7"
    assert cells["Attended: Police"] == "[c]" and cells["Attended: Health (NHS or other)"] == "[c]"
    assert cells["Attended: Local authority"] == "0"
    assert cells["Answers before"] == "[c]" and cells["Answers after"] == "[c]"
    assert cells["Knowledge after (%)"] == "[c]"
    assert cells["Notes"].startswith("[c] = not shown. Numbers under 5 are not shown")
    assert "fewer than" not in "".join(row[:-1])

    quarter = quarters.quarter_of(timezone.localdate())
    report = client.get(
        f"/facilitation/programmes/{programme.pk}/sab-report/?quarter={quarter.key}"
    ).content.decode()
    assert "2 before" not in report and "1 after" not in report
    pdf = client.get(
        f"/facilitation/programmes/{programme.pk}/sab-report.pdf?quarter={quarter.key}"
    )
    text = pdf_text(pdf.content)
    assert "Answers fewer than 5 fewer than 5" in " ".join(text.split())


def test_quarters_are_listed_newest_first_and_the_pdf_keeps_its_columns() -> None:
    import re

    facilitator = make_facilitator(org=None)
    programme = facilitator.programme
    client = signed_in(programme.leads.get())
    page = client.get(f"/facilitation/programmes/{programme.pk}/sab-report/").content.decode()
    options = re.findall(r"<option[^>]*>([^<]+)</option>", page)
    current = quarters.quarter_of(timezone.localdate())
    assert options[0] == f"{current.label} (so far)"
    assert sum("(so far)" in o for o in options) == 1
    pdf = client.get(f"/facilitation/programmes/{programme.pk}/sab-report.pdf")
    text = " ".join(pdf_text(pdf.content).split())
    # The e-learning count sits under "This quarter", not under a "Before" column.
    assert "Measure This quarter Finished the e-learning 0" in text


def _page_streams(pdf: bytes) -> list[str]:
    """The text of each content stream (one a page) of an uncompressed PDF."""
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf, flags=re.S)
    return [pdf_text(b"stream\n" + s) for s in streams if b" Tj" in s]


def test_the_report_opens_on_the_newest_quarter_with_a_delivered_session() -> None:
    facilitator = make_facilitator(org=None)
    programme = facilitator.programme
    client = signed_in(programme.leads.get())
    today = timezone.localdate()
    url = f"/facilitation/programmes/{programme.pk}/sab-report/"
    # Nothing delivered: the current quarter.
    page = client.get(url).content.decode()
    assert f'data-testid="sab-quarter">{quarters.quarter_of(today).label}<' in page
    # Delivered a quarter ago, nothing since: that quarter.
    session = make_session(facilitator, borough="Camden")
    _delivered(session, [OrganisationType.HEALTH] * 5)
    earlier = today - timedelta(days=100)
    start = timezone.make_aware(datetime.combine(earlier, time(10)))
    AwarenessSession.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=2, minutes=30)
    )
    page = client.get(url).content.decode()
    assert f'data-testid="sab-quarter">{quarters.quarter_of(earlier).label}<' in page
    assert 'data-testid="sab-reached">5<' in page


def test_the_pdf_has_the_reaction_scores_says_so_far_and_keeps_headings_with_tables() -> None:
    facilitator = make_facilitator(org=None)
    programme = facilitator.programme
    session = make_session(facilitator, borough="Camden", capacity=20)
    people = _delivered(session, [OrganisationType.HEALTH] * 5, answered_before=5)
    _evaluate(people)
    client = signed_in(programme.leads.get())
    quarter = quarters.quarter_of(timezone.localdate())
    pdf = client.get(
        f"/facilitation/programmes/{programme.pk}/sab-report.pdf", {"quarter": quarter.key}
    ).content
    text = pdf_text(pdf)
    assert f"{quarter.label} (so far)" in text
    for label in ("Relevant to my work", "Well delivered", "Would recommend"):
        assert f"{label} (1 to 5)" in text, label
    pages = _page_streams(pdf)
    assert len(pages) >= 2
    for heading, first_row in (
        ("Referral pathways", "With their own referral pathway"),
        ("Referral quality", "Checks met"),
        ("E-learning", "Finished the e-learning"),
    ):
        [page] = [p for p in pages if heading in p]
        assert first_row in page, heading
    # A complete quarter is not "so far".
    previous = quarter.previous()
    text = pdf_text(
        client.get(
            f"/facilitation/programmes/{programme.pk}/sab-report.pdf", {"quarter": previous.key}
        ).content
    )
    assert previous.label in text and "(so far)" not in text
