"""Standards pages on a 375 px phone: nothing scrolls the page sideways (WCAG 2.2 1.4.10).

The versions table and the consultation's comments table scroll in their own regions, and a
long unbroken word in an overview, an item or a comment wraps. Journey.check fails any page
wider than the window; axe checks each page.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from e2e.conftest import Journey
from lantern.core.roles import Role
from lantern.standards import services
from lantern.standards.models import CommentChannel, Standard
from tests.helpers import PASSWORD, make_org, make_user

LONG = "Modernslaverysinglepointofcontactforthewholeboroughandallofitspartnersandagencies"


def test_standards_pages_reflow_on_a_phone(phone_journey: Journey) -> None:
    services.standards_content_load()
    standard = Standard.objects.get(urn="SFJBMS05")
    author = make_user(Role.STANDARDS_AUTHOR, org=make_org("Standards Team"), email="a@ph.test")
    draft = services.version_draft_create(actor=author, standard=standard)
    services.version_update(
        actor=author,
        version=draft,
        title=draft.title,
        overview=f"{draft.overview} {LONG}",
        change_summary=LONG,
    )
    item = draft.items.get(kind="pc", number="14")
    services.item_update(actor=author, item=item, text=f"{item.text} {LONG}")
    today = timezone.localdate()
    consultation = services.consultation_open(
        actor=author, version=draft, opens_on=today, closes_on=today + timedelta(days=30)
    )
    services.comment_add(
        consultation=consultation,
        item=item,
        body=f"Please say who {LONG} is.",
        channel=CommentChannel.LINK,
        respondent_name="Lee Learner",
        respondent_organisation=LONG,
    )

    phone_journey.sign_in(author.email, PASSWORD)
    phone_journey.visit("/standards/SFJBMS05/")  # the versions table: v1 and the draft
    phone_journey.visit("/standards/SFJBMS05/v2/")
    phone_journey.visit("/standards/SFJBMS05/v2/consultation/responses/")
    phone_journey.visit(f"/standards/consult/{consultation.link_token}/")
    phone_journey.visit(f"/standards/search/?q={LONG}")
