"""An organisation's own referral pathway: its admins set it, its staff see it on their result."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from lantern.accounts.models import OrganisationType
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.respond import flow, services
from lantern.respond.models import ReferralPathway
from tests.helpers import make_org, make_user, signed_in
from tests.respond.factories import EHO_ANSWERS

pytestmark = pytest.mark.django_db

FORM = {
    "contact_name": "Modern slavery single point of contact",
    "contact_role": "Community safety team",
    "phone": "020  7946 0321",
    "email": "spoc@council.example",
    "out_of_hours": "Emergency duty team: 020 7946 0999",
    "steps": "Tell the SPOC the same day\n\n  Write down what you saw  \n",
}


def _result(client: Client) -> str:
    return client.get(f"/worried/result/?a={flow.dumps(EHO_ANSWERS)}").content.decode()


def test_an_org_admin_sets_the_pathway_and_staff_see_it_on_their_result() -> None:
    council = make_org("Pathway Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    admin = make_user(Role.ORG_ADMIN, org=council)
    officer = make_user(Role.LEARNER, org=council)

    # Before: the officer's admin is invited to set it up; the officer sees the generic advice.
    client = signed_in(admin)  # once: an admin's sign-in code cannot be used twice
    assert "Set up Pathway Council's referral pathway" in _result(client)
    before = _result(signed_in(officer))
    assert 'data-testid="org-pathway"' not in before and "Set up" not in before

    assert client.get("/worried/pathways/")["Location"] == f"/worried/pathways/{council.pk}/"
    response = client.post(f"/worried/pathways/{council.pk}/", FORM)
    assert response.status_code == 302
    pathway = ReferralPathway.objects.get(organisation=council)
    assert pathway.phone == "020 7946 0321" and pathway.updated_by == admin
    assert pathway.step_list() == ["Tell the SPOC the same day", "Write down what you saw"]
    event = AuditEvent.objects.get(action="respond.pathway_created")
    assert "spoc@council.example" not in str(event.detail) and "phone" in event.detail["fields"]

    officer_client = signed_in(officer)
    start = officer_client.get("/worried/").content.decode()
    assert 'data-testid="start-contact"' in start and 'href="tel:02079460321"' in start
    assert 'data-testid="start-contact"' not in Client().get("/worried/").content.decode()
    page = _result(officer_client)
    assert 'data-testid="org-pathway"' in page
    assert 'href="tel:02079460321"' in page and 'href="mailto:spoc@council.example"' in page
    assert "Emergency duty team" in page and "Write down what you saw" in page

    # Saving the same again changes nothing and records nothing.
    client.post(f"/worried/pathways/{council.pk}/", FORM)
    assert not AuditEvent.objects.filter(action="respond.pathway_changed").exists()
    client.post(f"/worried/pathways/{council.pk}/", {**FORM, "email": ""})
    event = AuditEvent.objects.get(action="respond.pathway_changed")
    assert event.detail["fields"] == ["email"]


def test_nobody_else_sees_or_sets_it() -> None:
    council = make_org("Own Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    services.referral_pathway_save(
        actor=make_user(Role.ORG_ADMIN, org=council), organisation=council, fields=FORM
    )
    other = make_org("Other Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    other_admin = make_user(Role.ORG_ADMIN, org=other)
    assert signed_in(other_admin).get(f"/worried/pathways/{council.pk}/").status_code == 404
    learner = make_user(Role.LEARNER, org=council)
    assert signed_in(learner).get(f"/worried/pathways/{council.pk}/").status_code == 403
    # Staff of another council, and visitors who are not signed in, do not see it.
    assert 'data-testid="org-pathway"' not in _result(signed_in(make_user(Role.LEARNER, org=other)))
    assert 'data-testid="org-pathway"' not in _result(Client())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"contact_name": ""}, "Enter who staff should tell"),
        ({"phone": "", "email": ""}, "Enter a phone number or an email address, or both"),
        ({"phone": "call me"}, "Enter a phone number, like 020 7946 0000"),
        ({"phone": "----------"}, "Enter a phone number, like 020 7946 0000"),
        ({"phone": "0000000000"}, "Enter a phone number, like 020 7946 0000"),
        ({"email": "not-an-address"}, "Enter an email address in the correct format"),
        ({"steps": "\n".join(f"Step {n}" for n in range(11))}, "Enter 10 steps or fewer"),
    ],
)
def test_bad_input_gets_a_clear_error_and_saves_nothing(change: dict, message: str) -> None:
    council = make_org("Checked Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    client = signed_in(make_user(Role.ORG_ADMIN, org=council))
    response = client.post(f"/worried/pathways/{council.pk}/", {**FORM, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReferralPathway.objects.exists()


def test_the_service_refuses_a_pathway_with_no_contact() -> None:
    council = make_org("Service Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    admin = make_user(Role.ORG_ADMIN, org=council)
    with pytest.raises(ValidationError):
        services.referral_pathway_save(
            actor=admin, organisation=council, fields={**FORM, "phone": "", "email": ""}
        )
    with pytest.raises(ValidationError):
        services.referral_pathway_save(
            actor=admin, organisation=council, fields={**FORM, "notes": "x"}
        )
    with pytest.raises(ValidationError, match="phone number"):
        services.referral_pathway_save(
            actor=admin, organisation=council, fields={**FORM, "phone": "ring the office"}
        )
    assert not ReferralPathway.objects.exists()


def test_the_demo_seeds_a_pathway_and_quality_records_once() -> None:
    from django.utils import timezone

    from lantern.accounts.demo import seed_accounts
    from lantern.accounts.models import Organisation
    from lantern.respond.demo import seed_respond
    from lantern.respond.models import ReferralQualityRecord
    from lantern.respond.selectors import referral_quality_summary

    seed_accounts(password="demo-password-123")
    seed_respond()
    seed_respond()
    assert ReferralPathway.objects.count() == 1
    assert ReferralQualityRecord.objects.count() == 11
    hackney = Organisation.objects.get(name="Hackney Council (demo)")
    today = timezone.localdate()
    summary = referral_quality_summary(
        organisation_ids=[hackney.pk], start=today.replace(year=today.year - 1), end=today
    )
    assert [(q.kind, q.count, q.suppressed) for q in summary] == [
        ("nrm", 5, False),
        ("dtn", 6, False),
    ]


def test_a_pathway_not_saved_for_a_year_asks_its_admin_to_check_it() -> None:
    from datetime import timedelta

    from django.utils import timezone

    council = make_org("Stale Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    admin = make_user(Role.ORG_ADMIN, org=council)
    services.referral_pathway_save(actor=admin, organisation=council, fields=FORM)
    ReferralPathway.objects.update(updated_at=timezone.now() - timedelta(days=400))
    client = signed_in(admin)
    page = client.get(f"/worried/pathways/{council.pk}/").content.decode()
    assert 'data-testid="pathway-review"' in page
    # Saving it unchanged counts as the check.
    client.post(f"/worried/pathways/{council.pk}/", FORM)
    assert not ReferralPathway.objects.get().needs_review
    assert AuditEvent.objects.get(action="respond.pathway_checked").detail == {"fields": []}


def test_the_pathway_is_in_step_1_with_a_tap_to_call_out_of_hours_number() -> None:
    """It was at the very bottom of the result, far below the step that says to follow it."""
    council = make_org("Step Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    services.referral_pathway_save(
        actor=make_user(Role.ORG_ADMIN, org=council),
        organisation=council,
        fields={**FORM, "contact_name": "A" * 120},
    )
    page = _result(signed_in(make_user(Role.LEARNER, org=council)))
    step = page.index('data-action="follow_internal_pathway"')
    box = page.index('data-testid="org-pathway"')
    next_step = page.find("data-action=", step + 1)
    assert step < box < (next_step if next_step > 0 else len(page))
    assert page.count('data-testid="org-pathway"') == 1
    assert 'href="tel:02079460999"' in page  # the out-of-hours number
    assert "Community safety team" in page and "(Community safety team)" not in page
    assert "govuk-!-text-break-word" in page[box : box + 400]
    start = signed_in(make_user(Role.LEARNER, org=council)).get("/worried/").content.decode()
    assert 'href="tel:02079460999"' in start and "govuk-!-text-break-word" in start
    assert "At a housing or HMO inspection" in page


def test_with_a_pathway_the_helpline_is_its_fallback_not_a_step_of_its_own() -> None:
    """A first responder whose organisation set a pathway is led by it; the helpline stays, inside
    that step, for when its contact cannot be reached (rules 2026.12.2)."""
    council = make_org("Fallback Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    officer = make_user(Role.LEARNER, org=council)
    client = signed_in(officer)
    # No pathway yet: the helpline is step 2, for when they do not know the contact.
    before = _result(client)
    assert re.findall(r'data-action="([a-z_0-9]+)"', before)[:2] == [
        "follow_internal_pathway",
        "contact_helpline",
    ]
    assert "data-fallback" not in before
    services.referral_pathway_save(
        actor=make_user(Role.ORG_ADMIN, org=council), organisation=council, fields=FORM
    )
    page = _result(client)
    steps = re.findall(r'data-action="([a-z_0-9]+)"', page)
    assert steps == ["follow_internal_pathway", "duty_to_notify", "respect_their_decision"]
    step = page[page.index('data-action="follow_internal_pathway"') :]
    step = step[: step.index('data-action="duty_to_notify"')]
    box, fallback = step.index('data-testid="org-pathway"'), step.index("data-fallback=")
    assert box < fallback  # the pathway leads; the helpline follows inside the same step
    fallback_html = step[fallback:]
    assert "If you cannot reach them: call the Modern Slavery" in fallback_html
    assert "cannot reach your organisation&#x27;s contact" in fallback_html
    assert 'href="tel:08000121700"' in fallback_html and "Check current guidance" in fallback_html
    assert page.count("08000 121 700") == 1
    assert "version 2026.12.2" in page


def test_an_out_of_hours_text_is_split_around_its_number() -> None:
    from lantern.core.phones import split_phone

    assert split_phone("Emergency duty team: 020 7946 0999 (evenings)") == (
        "Emergency duty team: ",
        "020 7946 0999",
        " (evenings)",
    )
    assert split_phone("Call the duty manager on 999 if urgent")[1] == "999"  # type: ignore[index]
    assert split_phone("Ask at reception, weekdays 9 to 5") is None


def test_every_problem_with_a_pathway_is_shown_at_once() -> None:
    council = make_org("All Errors Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    client = signed_in(make_user(Role.ORG_ADMIN, org=council))
    page = client.post(
        f"/worried/pathways/{council.pk}/",
        {**FORM, "contact_name": "", "phone": "", "email": ""},
    ).content.decode()
    assert "Enter who staff should tell" in page
    assert "Enter a phone number or an email address, or both" in page


def test_line_breaks_count_once_as_the_browser_counts_them() -> None:
    # A browser's maxlength counts a line break as one character and sends it as CR LF: a text
    # that fitted the box must not be refused as too long, and it is stored with LF only.
    council = make_org("Lines Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    client = signed_in(make_user(Role.ORG_ADMIN, org=council))
    lines = "\r\n".join(["Emergency duty team: 020 7946 0999"] + ["x" * 28] * 9)
    assert len(lines.replace("\r\n", "\n")) <= 300 < len(lines)
    response = client.post(f"/worried/pathways/{council.pk}/", {**FORM, "out_of_hours": lines})
    assert response.status_code == 302
    stored = ReferralPathway.objects.get(organisation=council).out_of_hours
    assert "\r" not in stored and stored.count("\n") == 9


def test_a_switchboard_number_with_an_extension_is_kept_and_dialled_with_it() -> None:
    council = make_org("Switchboard Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    client = signed_in(make_user(Role.ORG_ADMIN, org=council))
    form = {**FORM, "phone": "+44 20 7946 0321 ext 12"}
    assert client.post(f"/worried/pathways/{council.pk}/", form).status_code == 302
    assert ReferralPathway.objects.get(organisation=council).phone == "+44 20 7946 0321 ext 12"
    page = _result(signed_in(make_user(Role.LEARNER, org=council)))
    assert 'href="tel:+442079460321,12"' in page and "+44 20 7946 0321 ext 12" in page
