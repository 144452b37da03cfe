"""Facilitation pages on a 375 px phone: nothing scrolls the page sideways (WCAG 2.2 1.4.10).

Wide tables (the facilitator's sessions, the programme dashboard, the cohort register, the
report for the Safeguarding Adults Board) scroll inside their own region instead; Journey.check
fails any page wider than the window, and axe checks each region is focusable and labelled.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from e2e.conftest import Journey
from lantern.accounts.models import OrganisationType
from lantern.core.roles import Role
from lantern.facilitation import services
from lantern.facilitation.models import AwarenessSession
from tests.helpers import PASSWORD, make_org, make_user

LONG = "Modern slavery and human trafficking awareness for frontline multi-agency partners"


def test_facilitation_pages_reflow_on_a_phone(phone_journey: Journey) -> None:
    org = make_org("Royal Borough of Kensington and Chelsea Council (phone)", borough="Kensington")
    lead = make_user(Role.PROGRAMME_LEAD, org=org, email="lead@phone.test")
    trainee = make_user(Role.LEARNER, org=org, email="facilitator@phone.test")
    trainee.full_name = "Alexandra Montgomery-Fotheringham"
    trainee.save(update_fields=["full_name"])
    programme = services.programme_create(actor=lead, name="West London awareness (phone)")
    cohort = services.cohort_create(
        actor=lead, programme=programme, name="Autumn", starts_on=timezone.localdate()
    )
    facilitator = services.trainee_add(actor=lead, cohort=cohort, user=trainee)
    other = make_user(Role.LEARNER, org=org, email="second@phone.test")
    services.trainee_add(actor=lead, cohort=cohort, user=other)
    services.facilitator_accredit(actor=lead, facilitator=facilitator)
    facilitator.refresh_from_db()
    session = services.session_create(
        actor=trainee,
        facilitator=facilitator,
        title=LONG,
        scope="cross_borough",
        borough="Kensington and Chelsea",
        mode="venue",
        venue="Kensington Town Hall, Hornton Street, Council Chamber",
        online_url="",
        starts_at=timezone.now() + timedelta(days=2),
        capacity=30,
        waitlist_limit=5,
    )
    for n, kind in enumerate(
        [OrganisationType.HEALTH, OrganisationType.POLICE, OrganisationType.LOCAL_AUTHORITY] * 2
    ):
        services.booking_create(
            session=session,
            full_name=f"Person {n}",
            email=f"p{n}@phone.test",
            organisation_name="Chelsea and Westminster Hospital NHS Foundation Trust",
            org_type=kind,
            job_role="health",
        )
    start = timezone.now() - timedelta(hours=3)
    AwarenessSession.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + timedelta(minutes=150)
    )
    session.refresh_from_db()
    services.attendance_mark(
        actor=trainee,
        session=session,
        present_ids=[str(b.pk) for b in session.bookings.all()],
    )

    phone_journey.sign_in(trainee.email, PASSWORD)
    phone_journey.visit("/facilitation/")
    phone_journey.visit(f"/facilitation/sessions/{session.pk}/")
    phone_journey.visit("/facilitation/kit/")
    phone_journey.visit(f"/facilitation/commitments/{facilitator.commitments.get().pk}/")
    phone_journey.page.context.clear_cookies()  # the next person signs in on this phone

    phone_journey.sign_in(lead.email, PASSWORD)
    phone_journey.visit(f"/facilitation/programmes/{programme.pk}/")
    phone_journey.visit(f"/facilitation/cohorts/{cohort.pk}/")
    phone_journey.visit(f"/facilitation/programmes/{programme.pk}/sab-report/")
    # The wide tables scroll in a labelled region of their own.
    regions = phone_journey.page.locator("main .lantern-table-scroll[role=region][tabindex='0']")
    assert regions.count() >= 3
