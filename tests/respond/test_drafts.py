"""Referral drafts hold only what they should: a Duty to Notify's nationality is chosen from a
list, an NRM draft's consent date needs its consent, and personal details typed into free text
are flagged by the quality check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from lantern.accounts.models import OrganisationType
from lantern.core.identifiers import personal_details
from lantern.core.roles import Role
from lantern.respond import services
from lantern.respond.content import content
from lantern.respond.models import ReferralDraft
from lantern.respond.quality import referral_quality
from tests.helpers import make_org, make_user, sign_in
from tests.respond.factories import sample_draft

pytestmark = pytest.mark.django_db


def _author_client(kind: str) -> tuple[Client, ReferralDraft]:
    org = make_org(org_type=OrganisationType.LOCAL_AUTHORITY)
    make_user(Role.LEARNER, org=org)
    draft = sample_draft(org, kind=kind)
    client = Client()
    sign_in(client, draft.author)
    return client, draft


def test_a_name_in_a_dtn_s_nationality_is_refused_by_the_form_and_the_service() -> None:
    client, draft = _author_client("dtn")
    refused = client.post(f"/worried/drafts/{draft.pk}/edit/", {"nationality": "Mr John Smith"})
    assert refused.status_code == 200
    assert "Select a nationality from the list" in refused.content.decode()
    with pytest.raises(ValidationError):
        services.referral_draft_update(
            actor=draft.author, draft=draft, fields={"nationality": "Mr John Smith"}
        )
    draft.refresh_from_db()
    assert draft.data["nationality"] == ""
    for nationality in ("Albania", "Not known"):
        saved = client.post(f"/worried/drafts/{draft.pk}/edit/", {"nationality": nationality})
        assert saved.status_code == 302
        draft.refresh_from_db()
        assert draft.data["nationality"] == nationality


def test_a_dtn_with_a_name_saved_before_the_list_is_not_marked_done() -> None:
    fields = {"nationality": "Mr John Smith", "where": "Camden", "when": "November 2026"}
    checks = {
        c.key: c.met
        for c in referral_quality(kind="dtn", fields=fields, library=content().indicators)
    }
    assert checks["no_identifiers"] is False


def test_an_nrm_consent_date_needs_consent_and_is_shown_in_words() -> None:
    client, draft = _author_client("nrm")
    refused = client.post(
        f"/worried/drafts/{draft.pk}/edit/", {"consent_date": "27/11/2025", "consent_given": ""}
    )
    assert refused.status_code == 200
    assert "Tick that the adult gave informed consent" in refused.content.decode()
    bad_date = client.post(f"/worried/drafts/{draft.pk}/edit/", {"consent_date": "31/02/2025"})
    assert "Enter a valid date" not in bad_date.content.decode()
    assert "as a real date" in bad_date.content.decode()
    saved = client.post(
        f"/worried/drafts/{draft.pk}/edit/", {"consent_date": "27/11/2025", "consent_given": "on"}
    )
    assert saved.status_code == 302
    page = client.get(f"/worried/drafts/{draft.pk}/").content.decode()
    assert "27 November 2025" in page and "2025-11-27" not in page


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Born 3 March 1990, says she is 34", ["a date of birth"]),
        ("DOB 03/03/1990", ["a date of birth"]),
        ("Her mobile is 07700 900123", ["a phone number"]),
        ("Lives at 12 Acacia Avenue, NW1 2DB", ["a house number and street", "a postcode"]),
        ("Email jo@example.org", ["an email address"]),
        ("3/11/2026 saw six mattresses in the kitchen", []),
        ("Worked 7 days a week, 14 hours a day", []),
    ],
)
def test_personal_details_in_free_text_are_found(text: str, found: list[str]) -> None:
    assert sorted(personal_details(text)) == sorted(found)


def test_the_quality_check_flags_personal_details_in_the_observations() -> None:
    fields = {
        "indicators": ["general.id_held"],
        "exploitation_types": ["labour"],
        "observations": "3/11/2026 DOB 03/03/1990, mobile 07700 900123, lives at 12 Acacia Avenue",
        "own_words": "I want to go home",
        "consent_given": True,
        "consent_date": "2026-11-03",
    }
    checks = {
        c.key: c for c in referral_quality(kind="nrm", fields=fields, library=content().indicators)
    }
    flagged = checks["no_personal_details_in_text"]
    assert flagged.met is False
    assert "a date of birth" in flagged.hint and "a phone number" in flagged.hint
    assert "a house number and street" in flagged.hint
    consent = checks["consent_consistent"]
    assert consent.met is True
    inconsistent = {**fields, "consent_given": False}
    assert not {
        c.key: c.met
        for c in referral_quality(kind="nrm", fields=inconsistent, library=content().indicators)
    }["consent_consistent"]


def test_starting_the_same_draft_again_moments_later_opens_the_first() -> None:
    """Back, then "Start a Duty to Notify draft" again, made a second draft."""
    from lantern.respond import flow
    from tests.respond.factories import EHO_ANSWERS

    org = make_org(org_type=OrganisationType.LOCAL_AUTHORITY)
    author = make_user(Role.LEARNER, org=org)
    client = Client()
    sign_in(client, author)
    token = flow.dumps(EHO_ANSWERS)
    first = client.post("/worried/drafts/new/", {"a": token, "kind": "dtn"})
    again = client.post("/worried/drafts/new/", {"a": token, "kind": "dtn"})
    assert first["Location"] == again["Location"]
    assert ReferralDraft.objects.count() == 1
    # Once the first is being written, starting again is a new draft.
    draft = ReferralDraft.objects.get()
    client.post(f"/worried/drafts/{draft.pk}/edit/", {"where": "Camden"})
    client.post("/worried/drafts/new/", {"a": token, "kind": "dtn"})
    assert ReferralDraft.objects.count() == 2


def test_the_draft_list_scrolls_inside_its_own_region() -> None:
    client, _draft = _author_client("dtn")
    page = client.get("/worried/drafts/").content.decode()
    assert '<div class="lantern-table-scroll" role="region"' in page
    assert "<title>Referral drafts" in page
