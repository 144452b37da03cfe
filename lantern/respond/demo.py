"""Demo data for respond (LANTERN_ENV demo or test only): Camden Council's referral pathway, and
synthetic referral-quality records (no drafts) so that the demo's quarterly report has some.

Synthetic: the phone number is in Ofcom's range kept for drama (020 7946 0000 to 0999), and the
email address is on the demo domain.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from lantern.accounts.models import Organisation
from lantern.core.quarters import quarter_of
from lantern.respond.models import ReferralPathway, ReferralQualityRecord

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
    lines = [f"Respond: referral pathway of {organisation.name} (set by its admin)"]
    made = _quality_records()
    if made:
        lines.append(f"Respond: {made} synthetic referral-quality records (no drafts)")
    return lines


# Which checks each synthetic draft met, in turn (keys of respond/quality.py).
DEMO_MET = {
    "dtn": [
        ["indicators_by_type", "no_identifiers", "police_told", "where_and_when"],
        ["indicators_by_type", "no_identifiers", "where_and_when"],
        ["no_identifiers", "police_told", "where_and_when"],
        ["indicators_by_type", "no_identifiers", "police_told"],
        ["indicators_by_type", "no_identifiers", "police_told", "where_and_when"],
        ["no_identifiers", "where_and_when"],
    ],
    "nrm": [
        ["consent_recorded", "dated_observations", "indicators_by_type", "own_words_separate"],
        ["consent_recorded", "indicators_by_type"],
        ["consent_recorded", "dated_observations", "indicators_by_type"],
        ["consent_recorded", "indicators_by_type", "own_words_separate"],
        ["consent_recorded", "dated_observations", "indicators_by_type", "own_words_separate"],
    ],
}


def _quality_records() -> int:
    """Spread over the last complete quarter, which the report shows first, for the demo's
    facilitation organisation (Hackney)."""

    organisation = Organisation.objects.filter(name="Hackney Council (demo)").first()
    if organisation is None:
        return 0
    last_start = quarter_of(timezone.localdate()).previous().start
    made = 0
    for kind, rows in DEMO_MET.items():
        for n, met in enumerate(rows):
            _, created = ReferralQualityRecord.objects.update_or_create(
                draft_ref=uuid.uuid5(uuid.NAMESPACE_URL, f"lantern-demo-quality:{kind}:{n}"),
                defaults={
                    "organisation": organisation,
                    "kind": kind,
                    "recorded_on": last_start + timedelta(days=5 + 14 * n),
                    "checks_total": 4,
                    "met": met,
                },
            )
            made += created
    return made
