"""The words of the respond rules: allowed input values and the facts a rule may test."""

from __future__ import annotations

from typing import Any

JURISDICTIONS: tuple[str, ...] = ("england", "wales", "scotland", "northern_ireland")
AGES: tuple[str, ...] = ("adult", "child", "unknown")
# The organisation types of lantern.accounts.models.OrganisationType, plus a member of the public.
# Kept here as plain data so the rules stay importable without Django; a test checks they match.
ORGANISATIONS: tuple[str, ...] = (
    "police",
    "local_authority",
    "nca",
    "glaa",
    "home_office",
    "hsc_trust",
    "ngo_first_responder",
    "ngo",
    "health",
    "business",
    "education",
    "other",
    "public",
)
EXPLOITATION_TYPES: tuple[str, ...] = (
    "labour",
    "sexual",
    "domestic_servitude",
    "criminal",
    "organ_removal",
)
TIMINGS: tuple[str, ...] = ("now", "if_they_agree", "if_they_decline")

# The derived facts a rule's `when` may test, and the values each can take.
FACT_VALUES: dict[str, tuple[Any, ...]] = {
    "jurisdiction": JURISDICTIONS,
    "age": AGES,
    "treated_as": ("adult", "child"),
    "immediate_danger": (True, False),
    "organisation": ORGANISATIONS,
    "first_responder": (True, False),
    "public_authority": (True, False),
    "dtn_duty": (True, False),
    "consent": ("given", "declined", "not_asked"),
    "care_and_support_needs": (True, False),
    # The worker's organisation has set its own referral pathway, and the worker is shown it.
    "organisation_pathway": (True, False),
}
