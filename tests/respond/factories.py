"""Sample rows for respond tests and the route matrix."""

from __future__ import annotations

from lantern.accounts.models import Membership, Organisation
from lantern.respond import services
from lantern.respond.models import ReferralDraft

EHO_ANSWERS = {
    "danger": False,
    "jurisdiction": "england",
    "setting": "housing_inspection",
    "indicators": ["housing.beds_every_room", "housing.overcrowding", "general.id_held"],
    "age": "adult",
    "organisation": "local_authority",
    "care": False,
    "consent": "declined",
}


def sample_draft(org: Organisation, kind: str = "dtn") -> ReferralDraft:
    """A draft authored by the organisation's first member."""
    membership = Membership.objects.filter(organisation=org).select_related("user").first()
    assert membership is not None
    return services.referral_draft_create(
        actor=membership.user, organisation=org, kind=kind, answers=EHO_ANSWERS
    )
