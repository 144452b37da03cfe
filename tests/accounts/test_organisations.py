from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from lantern.accounts import member_services, services
from lantern.accounts.models import Membership, Organisation, OrganisationType, User
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_an_org_admin_cannot_see_another_organisations_people(client: Client) -> None:
    mine = make_org("Mine Council")
    theirs = make_org("Theirs Council")
    admin = make_user(Role.ORG_ADMIN, org=mine)
    make_user(Role.LEARNER, org=theirs)
    sign_in(client, admin)
    assert client.get(f"/organisations/{mine.pk}/members/").status_code == 200
    assert client.get(f"/organisations/{theirs.pk}/members/").status_code == 404
    assert client.get(f"/organisations/{theirs.pk}/members/import/").status_code == 404
    other = Membership.objects.get(organisation=theirs)
    assert client.post(f"/organisations/{theirs.pk}/members/{other.pk}/remove/").status_code == 404
    listed = client.get("/organisations/").content.decode()
    assert "Mine Council" in listed and "Theirs Council" not in listed


def test_granting_and_removing_a_role_is_audited(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    person = make_user(Role.LEARNER, org=org, email="person@example.test")
    sign_in(client, admin)
    response = client.post(
        f"/organisations/{org.pk}/members/",
        {"full_name": "Person", "email": "person@example.test", "role": Role.FACILITATOR},
    )
    assert response.status_code == 302
    granted = Membership.objects.get(user=person, role=Role.FACILITATOR)
    assert AuditEvent.objects.filter(action="role.granted", object_ref=str(granted.pk)).exists()
    client.post(f"/organisations/{org.pk}/members/{granted.pk}/remove/")
    assert not Membership.objects.filter(pk=granted.pk).exists()
    assert AuditEvent.objects.filter(action="role.revoked", object_ref=str(granted.pk)).exists()


def test_an_admin_cannot_remove_their_own_admin_role(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    sign_in(client, admin)
    own = Membership.objects.get(user=admin, role=Role.ORG_ADMIN)
    assert client.post(f"/organisations/{org.pk}/members/{own.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=own.pk).exists()


def test_adding_an_unknown_email_makes_the_account_without_saying_so(client: Client) -> None:
    # Whether an address has a Lantern account is not said (tests/accounts/test_members_add.py).
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    sign_in(client, admin)
    response = client.post(
        f"/organisations/{org.pk}/members/",
        {"full_name": "Ghost Person", "email": "ghost@example.test", "role": Role.LEARNER},
    )
    assert response.status_code == 302
    assert User.objects.get(email="ghost@example.test").roles() == {Role.LEARNER}


def test_platform_admin_adds_an_organisation_with_validation(client: Client) -> None:
    make_org("Lantern platform")
    admin = make_user(Role.PLATFORM_ADMIN)
    sign_in(client, admin)
    bad = client.post("/organisations/new/", {"name": "", "org_type": "nonsense"})
    html = bad.content.decode()
    assert "Enter the organisation&#x27;s name" in html or "Enter the organisation's name" in html
    assert "Select the nation the organisation works in" in html
    good = client.post(
        "/organisations/new/",
        {
            "name": "Wrexham Council",
            "org_type": "local_authority",
            "nation": "wales",
            "region": "",
            "borough": "",
        },
    )
    assert good.status_code == 302
    org = Organisation.objects.get(name="Wrexham Council")
    assert org.nation == "wales"
    assert AuditEvent.objects.filter(action="organisation.created", object_ref=str(org.pk)).exists()


def test_the_dpo_sees_the_audit_log_and_chain_status(client: Client) -> None:
    org = make_org()
    dpo = make_user(Role.DPO, org=org)
    sign_in(client, dpo)
    html = client.get("/audit/").content.decode()
    # The chain's state comes from the daily check (tests/accounts/test_audit_log.py).
    assert 'data-testid="chain-status"' in html
    assert "Sign-in: signed in" in html and "auth.signed_in" not in html  # no raw codes


def test_the_audit_log_names_events_and_people_and_shows_one_kind(client: Client) -> None:
    org = make_org()
    dpo = make_user(Role.DPO, org=org, email="dpo@example.test")
    User.objects.filter(pk=dpo.pk).update(full_name="Dana Protector")
    sign_in(client, dpo)
    client.get("/audit/")
    html = client.get("/audit/").content.decode()
    assert "Sign-in: signed in" in html and "Audit log: viewed" in html
    assert "Dana Protector" in html  # who did it, by name, not an id
    # The filters are sent by POST and kept in the session (tests/accounts/test_audit_log.py).
    only = client.post("/audit/", {"area": "audit"}, follow=True).content.decode()
    assert "Audit log: viewed" in only and "Sign-in: signed in" not in only
    assert 'value="audit" selected' in only
    everything = client.post("/audit/", {"area": "nonsense"}, follow=True).content.decode()
    assert "Sign-in: signed in" in everything  # an unknown kind shows every event


def test_demo_seed_is_idempotent() -> None:
    from django.contrib.auth import get_user_model

    from lantern.accounts.demo import DEMO_ACCOUNTS, seed_accounts

    seed_accounts(password="first-password-123")
    counts = (
        get_user_model().objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
    )
    seed_accounts(password="second-password-456")
    assert counts == (
        get_user_model().objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
    )
    assert counts[0] == len(DEMO_ACCOUNTS)
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    assert all(u.email.endswith("@demo.lantern.test") for u in get_user_model().objects.all())


def test_an_org_admin_cannot_give_the_platform_wide_standards_author_role(client: Client) -> None:
    # A standards author edits and approves the national standards: an organisation's admin
    # granting it, to anyone, would hand out the platform's standards.
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    person = make_user(Role.LEARNER, org=org, email="person@example.test")
    sign_in(client, admin)
    page = client.get(f"/organisations/{org.pk}/members/").content.decode()
    assert f'value="{Role.STANDARDS_AUTHOR}"' not in page
    response = client.post(
        f"/organisations/{org.pk}/members/",
        {"email": "person@example.test", "role": Role.STANDARDS_AUTHOR},
    )
    assert "Select one of the roles listed" in response.content.decode()
    assert not Membership.objects.filter(user=person, role=Role.STANDARDS_AUTHOR).exists()
    with pytest.raises(ValidationError, match="Only a platform admin"):
        services.membership_grant(
            actor=admin, user=admin, organisation=org, role=Role.STANDARDS_AUTHOR
        )
    raw = b"email,full_name,roles,team\nme2@example.test,Me Two,standards_author,\n"
    report = member_services.staff_import_csv(actor=admin, organisation=org, raw=raw)
    assert not report.ok and not Membership.objects.filter(role=Role.STANDARDS_AUTHOR).exists()


def test_a_platform_admin_can_give_the_standards_author_role(client: Client) -> None:
    platform = make_org("Lantern platform")
    admin = make_user(Role.PLATFORM_ADMIN, org=platform)
    person = make_user(Role.LEARNER, org=platform, email="author@example.test")
    sign_in(client, admin)
    response = client.post(
        f"/organisations/{platform.pk}/members/",
        {"full_name": "Author", "email": "author@example.test", "role": Role.STANDARDS_AUTHOR},
    )
    assert response.status_code == 302
    assert Role.STANDARDS_AUTHOR in User.objects.get(pk=person.pk).roles()


def test_the_new_organisation_form_has_no_blank_choice_and_nothing_chosen(client: Client) -> None:
    sign_in(client, make_user(Role.PLATFORM_ADMIN))
    html = client.get("/organisations/new/").content.decode()
    assert "Select an option" not in html and "---------" not in html
    assert "checked" not in html and "selected" not in html
    assert html.count('type="radio" name="nation"') == 4
    assert html.count('type="radio" name="org_type"') == len(OrganisationType.choices)
    assert 'name="nation" value=""' not in html and 'name="org_type" value=""' not in html


def test_a_name_differing_only_in_letter_case_is_refused(client: Client) -> None:
    make_org("Camden Council (demo)")
    sign_in(client, make_user(Role.PLATFORM_ADMIN))
    response = client.post(
        "/organisations/new/",
        {"name": "CAMDEN COUNCIL (DEMO)", "org_type": "local_authority", "nation": "england"},
    )
    assert response.status_code == 200
    assert "An organisation with this name already exists" in response.content.decode()
    assert Organisation.objects.filter(name__iexact="camden council (demo)").count() == 1
    with pytest.raises(ValidationError) as refused:
        make_org("camden council (DEMO)")
    assert refused.value.message_dict == {"name": ["An organisation with this name already exists"]}


def test_the_database_refuses_a_name_differing_only_in_letter_case() -> None:
    make_org("Camden Council (demo)")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="CAMDEN COUNCIL (DEMO)", org_type="local_authority", nation="england"
        )


def test_a_too_long_organisation_name_gets_a_gov_uk_message(client: Client) -> None:
    sign_in(client, make_user(Role.PLATFORM_ADMIN))
    before = Organisation.objects.count()
    response = client.post(
        "/organisations/new/",
        {
            "name": "x" * 201,
            "org_type": "local_authority",
            "nation": "england",
            "region": "y" * 101,
        },
    )
    html = response.content.decode()
    assert "Organisation name must be 200 characters or fewer" in html
    assert "Region must be 100 characters or fewer" in html
    assert "Ensure this value" not in html
    assert Organisation.objects.count() == before


def test_removing_a_role_asks_first_and_only_the_post_removes_it(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    person = make_user(Role.FACILITATOR, org=org, email="person@example.test")
    membership = Membership.objects.get(user=person, role=Role.FACILITATOR)
    sign_in(client, admin)
    url = f"/organisations/{org.pk}/members/{membership.pk}/remove/"
    members = client.get(f"/organisations/{org.pk}/members/").content.decode()
    assert f'href="{url}"' in members  # a link to the question, not a one-click form
    assert f'action="{url}"' not in members
    question = client.get(url)
    html = question.content.decode()
    assert question.status_code == 200
    assert f"Are you sure you want to remove the role Facilitator from {person.full_name}?" in html
    assert "govuk-button--warning" in html
    assert f'href="/organisations/{org.pk}/members/"' in html  # Cancel
    assert Membership.objects.filter(pk=membership.pk).exists()
    done = client.post(url)
    assert done.status_code == 302 and done["Location"] == f"/organisations/{org.pk}/members/"
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_question_is_not_shown_for_a_role_the_admin_may_not_remove(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    other = make_org("Other Council")
    theirs = Membership.objects.get(user=make_user(Role.LEARNER, org=other))
    sign_in(client, admin)
    own = Membership.objects.get(user=admin, role=Role.ORG_ADMIN)
    assert client.get(f"/organisations/{org.pk}/members/{own.pk}/remove/").status_code == 404
    assert client.get(f"/organisations/{other.pk}/members/{theirs.pk}/remove/").status_code == 404
    assert client.get(f"/organisations/{org.pk}/members/{theirs.pk}/remove/").status_code == 404


def test_case_variant_names_made_before_the_constraint_are_numbered_not_merged() -> None:
    migration = importlib.import_module(
        "lantern.accounts.migrations.0006_organisation_names_distinct_any_case"
    )
    rows = [
        (1, "Camden Council (demo)"),
        (2, "CAMDEN COUNCIL (DEMO)"),
        (3, "Hackney Council"),
        (4, "camden council (demo)"),
        (5, "Camden Council (demo) (2)"),
        (6, "x" * 200),
        (7, "X" * 200),
    ]
    assert migration.distinct_names(rows) == {
        2: "CAMDEN COUNCIL (DEMO) (2)",
        4: "camden council (demo) (3)",
        5: "Camden Council (demo) (2) (2)",
        7: "X" * 196 + " (2)",
    }
