"""Respond pages on a 375 px phone: nothing scrolls the page sideways (WCAG 2.2 1.4.10).

The drafts list is a table (it scrolls in its own region), and an organisation's pathway is
text its admins type: a long unbroken word wraps on the start page and the result.
Journey.check fails any page wider than the window; axe checks each page.
"""

from __future__ import annotations

from e2e.conftest import Journey
from lantern.accounts.models import OrganisationType
from lantern.core.roles import Role
from lantern.respond import flow, services
from tests.helpers import PASSWORD, make_org, make_user
from tests.respond.factories import EHO_ANSWERS

LONG = "Modernslaverysinglepointofcontactforthewholeboroughandallofitspartners"


def test_respond_pages_reflow_on_a_phone(phone_journey: Journey) -> None:
    org = make_org(
        "Royal Borough of Kensington and Chelsea Council (respond phone)",
        org_type=OrganisationType.LOCAL_AUTHORITY,
    )
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@respond-phone.test")
    officer = make_user(Role.LEARNER, org=org, email="officer@respond-phone.test")
    services.referral_pathway_save(
        actor=admin,
        organisation=org,
        fields={
            "contact_name": LONG,
            "contact_role": LONG,
            "phone": "020 7946 0321",
            "email": "",
            "out_of_hours": f"{LONG}: 020 7946 0999",
            "steps": LONG,
        },
    )
    for kind in ("dtn", "nrm"):
        services.referral_draft_create(
            actor=officer, organisation=org, kind=kind, answers=EHO_ANSWERS
        )
    phone_journey.sign_in(officer.email, PASSWORD)
    phone_journey.visit("/worried/")
    phone_journey.visit(f"/worried/result/?a={flow.dumps(EHO_ANSWERS)}")
    not_asked = {**EHO_ANSWERS, "consent": "not_asked"}  # both drafts are offered
    page = phone_journey.visit(f"/worried/result/?a={flow.dumps(not_asked)}")
    # The two draft buttons are the same width on a phone (GOV.UK button group, full width).
    widths = (
        page.get_by_test_id("draft-buttons")
        .locator("button")
        .evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().width))")
    )
    assert len(widths) == 2 and widths[0] == widths[1], widths
    phone_journey.visit("/worried/drafts/")
