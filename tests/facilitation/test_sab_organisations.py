"""Which organisations the SAB report covers: the lead's own, those with facilitators or
trainees, and those named by people who attended (finding 3 of the DPO/admin/lead audit)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lantern.accounts.models import OrganisationType
from lantern.core import quarters
from lantern.core.roles import Role
from lantern.facilitation import selectors
from lantern.facilitation.kit import pdf_text
from lantern.facilitation.models import Booking
from lantern.respond import services as respond_services
from tests.facilitation.factories import (
    make_booking,
    make_facilitator,
    make_programme,
    make_session,
)
from tests.facilitation.test_sab_report import _delivered
from tests.helpers import make_org, make_user, signed_in
from tests.respond.test_pathways import FORM

pytestmark = pytest.mark.django_db


def test_the_report_covers_the_leads_organisation_and_says_which_it_covers() -> None:
    camden = make_org("Camden Council", borough="Camden")
    hackney = make_org("Hackney Council", borough="Hackney")
    make_org("Safe Harbour Support", org_type=OrganisationType.NGO, borough="Islington")
    make_org("Elsewhere Council", borough="Barnet")  # nobody from here took part
    lead = make_user(Role.PROGRAMME_LEAD, org=camden, email="lead@camden.example.test")
    programme = make_programme(lead=lead)
    facilitator = make_facilitator(
        programme, user=make_user(Role.FACILITATOR, org=hackney, email="f@hackney.example.test")
    )
    # Camden, the lead's own council, has set its referral pathway.
    respond_services.referral_pathway_save(
        actor=make_user(Role.ORG_ADMIN, org=camden), organisation=camden, fields=FORM
    )
    session = make_session(facilitator, borough="Hackney", capacity=20)
    # Someone from Safe Harbour booked, writing its name their own way.
    people = [make_booking(session, organisation_name="  safe harbour SUPPORT ")]
    people += _delivered(session, [OrganisationType.HEALTH] * 5)
    Booking.objects.filter(pk=people[0].pk).update(attended_at=timezone.now())

    quarter = quarters.quarter_of(timezone.localdate())
    report = selectors.sab_report(programme, quarter)
    assert [(o.name, o.why) for o in report.covered] == [
        ("Camden Council", "Runs the programme"),
        ("Hackney Council", "Has facilitators or trainees"),
        ("Safe Harbour Support", "Sent staff to its sessions"),
    ]
    assert report.organisations == 3
    # The pathway section counts the same organisations, Camden's pathway included.
    assert report.pathways.organisations == 3 and report.pathways.with_pathway == 1
    assert {row.area for row in report.directory} == {"Camden", "Hackney", "Islington"}

    client = signed_in(lead)
    page = client.get(
        f"/facilitation/programmes/{programme.pk}/sab-report/?quarter={quarter.key}"
    ).content.decode()
    assert "Organisations this report covers" in page and "Camden Council" in page
    assert "Elsewhere Council" not in page
    assert "Sessions held in" in page and "Borough where held" in page
    text = " ".join(
        pdf_text(
            client.get(
                f"/facilitation/programmes/{programme.pk}/sab-report.pdf?quarter={quarter.key}"
            ).content
        ).split()
    )
    assert "Organisations this report covers" in text
    assert "Camden Council Runs the programme" in text
    assert "Sessions held in (borough)" in text


def test_a_withdrawn_trainee_does_not_bring_their_organisation_in() -> None:
    camden = make_org("Camden Council")
    lead = make_user(Role.PROGRAMME_LEAD, org=camden, email="lead2@camden.example.test")
    programme = make_programme(lead=lead)
    other = make_org("Withdrawn Borough Council")
    trainee = make_facilitator(
        programme,
        user=make_user(Role.LEARNER, org=other, email="t@withdrawn.example.test"),
        accredited=False,
    )
    trainee.status = "withdrawn"
    trainee.save(update_fields=["status"])
    report = selectors.sab_report(programme, quarters.quarter_of(timezone.localdate()))
    assert [o.name for o in report.covered] == ["Camden Council"]
