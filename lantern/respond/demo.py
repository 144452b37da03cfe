"""Demo data for respond (LANTERN_ENV demo or test only): Camden Council's referral pathway.

Synthetic: the phone number is in Ofcom's range kept for drama (020 7946 0000 to 0999), and the
email address is on the demo domain.
"""

from __future__ import annotations

from django.conf import settings

from lantern.accounts.models import Organisation
from lantern.respond.models import ReferralPathway

DEMO_PATHWAY = {
    "contact_name": "Modern slavery single point of contact (demo)",
    "contact_role": "Community safety team",
    "phone": "020 7946 0321",
    "email": "modern-slavery-spoc@demo.lantern.test",
    "out_of_hours": "Emergency duty team (demo): 020 7946 0999",
    "steps": (
        "Make sure nobody is in immediate danger. If they are, call 999.\n"
        "Tell the single point of contact the same day, by phone or email.\n"
        "Write down what you saw and heard, in the person's own words where you can.\n"
        "Do not confront anyone you think is controlling the person."
    ),
}


def seed_respond() -> list[str]:
    if settings.LANTERN_ENV not in {"demo", "test"}:
        raise RuntimeError("demo data only in LANTERN_ENV=demo or test")
    organisation = Organisation.objects.filter(name="Camden Council (demo)").first()
    if organisation is None:
        return []
    ReferralPathway.objects.update_or_create(organisation=organisation, defaults=DEMO_PATHWAY)
    return [f"Respond: referral pathway of {organisation.name} (set by its admin)"]
