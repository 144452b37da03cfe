"""Adding one person on the members page, and telling people who already had an account.

An organisation admin must not learn from Lantern whether an address has an account; the
person with the account must learn that an organisation gave them a role (audit finding 1)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lantern.accounts import member_services
from lantern.accounts.models import Membership, Organisation, User
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in

pytestmark = pytest.mark.django_db


def _add(client: Client, org_id: object, **data: str) -> tuple[int, list[str]]:
    """The status of the POST, and the messages the page it leads to shows."""
    response = client.post(f"/organisations/{org_id}/members/", data)
    shown = client.get(f"/organisations/{org_id}/members/")
    return response.status_code, [str(m) for m in get_messages(shown.wsgi_request)]


def _setup(client: Client) -> tuple[Organisation, User]:
    org = make_org("Camden Council")
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@camden.test")
    admin.full_name = "Joel Coleman"
    admin.save(update_fields=["full_name"])
    sign_in(client, admin)
    mail.outbox.clear()
    return org, admin


def test_the_admin_sees_the_same_whether_or_not_the_address_has_an_account(
    client: Client,
) -> None:
    org, _ = _setup(client)
    elsewhere = make_org("Safe Harbour Support")
    marc = make_user(Role.CASEWORKER, org=elsewhere, email="marc@harbour.test")
    page = client.get(f"/organisations/{org.pk}/members/").content.decode()
    assert "Add a person" in page and "There is no Lantern account" not in page

    new_status, new_said = _add(
        client, org.pk, full_name="Kemi Ade", email="kemi@camden.test", role=Role.LEARNER
    )
    old_status, old_said = _add(
        client, org.pk, full_name="Someone Else", email="MARC@harbour.test ", role=Role.LEARNER
    )

    assert new_status == old_status == 302 and len(new_said) == 1
    assert [m.replace("kemi@camden.test", "X") for m in new_said] == [
        m.replace("marc@harbour.test", "X") for m in old_said
    ]
    # The new person has an account; the existing one keeps theirs, and their own name.
    kemi = User.objects.get(email="kemi@camden.test")
    assert kemi.full_name == "Kemi Ade" and not kemi.has_usable_password()
    assert User.objects.get(pk=marc.pk).full_name == marc.full_name
    assert Membership.objects.filter(user=marc, organisation=org, role=Role.LEARNER).exists()


def test_someone_new_gets_the_welcome_email_and_someone_known_gets_a_notice(
    client: Client,
) -> None:
    org, _ = _setup(client)
    marc = make_user(Role.CASEWORKER, org=make_org("Safe Harbour"), email="marc@harbour.test")
    _add(client, org.pk, full_name="Kemi Ade", email="kemi@camden.test", role=Role.LEARNER)
    _add(
        client,
        org.pk,
        full_name="M P",
        email="marc@harbour.test",
        role=Role.LEARNER,
        team="Housing",
    )
    welcome, notice = mail.outbox
    assert welcome.to == ["kemi@camden.test"] and "choose your password" in welcome.body.lower()
    assert notice.to == [marc.email]
    assert notice.subject == "Camden Council gave you a role on Lantern"
    assert "Camden Council has given you the role Learner" in notice.body
    assert "Joel Coleman" in notice.body and "admin@camden.test" in notice.body
    assert "If this is wrong" in notice.body and "/sign-in/" in notice.body
    team = Membership.objects.get(user=marc, organisation=org).team
    assert team is not None and team.name == "Housing"


def test_a_role_they_already_hold_sends_nothing_more(client: Client) -> None:
    org, _ = _setup(client)
    make_user(Role.LEARNER, org=org, email="kemi@camden.test")
    mail.outbox.clear()
    status, _said = _add(
        client, org.pk, full_name="Kemi Ade", email="kemi@camden.test", role=Role.LEARNER
    )
    assert status == 302 and mail.outbox == []


def test_the_form_validates_in_govuk_words(client: Client) -> None:
    org, _ = _setup(client)
    response = client.post(
        f"/organisations/{org.pk}/members/",
        {"full_name": "", "email": "nope", "role": Role.STANDARDS_AUTHOR, "team": "x" * 121},
    )
    html = response.content.decode()
    assert "<title>Error: People in Camden Council" in html
    for message in (
        "Enter the person&#x27;s full name",
        "Enter an email address in the correct format, like name@example.org",
        "Select one of the roles listed",
        "Team must be 120 characters or fewer",
    ):
        assert message in html
    assert not User.objects.filter(email="nope").exists()


def test_a_refused_role_makes_no_account(client: Client) -> None:
    org, admin = _setup(client)
    with pytest.raises(Exception, match="Only a platform admin"):
        member_services.member_add(
            actor=admin,
            organisation=org,
            email="new@camden.test",
            full_name="New Person",
            role=Role.STANDARDS_AUTHOR,
            domain="testserver",
            protocol="https",
        )
    assert not User.objects.filter(email="new@camden.test").exists() and mail.outbox == []


def test_a_staff_import_tells_people_who_already_had_an_account(client: Client) -> None:
    org, admin = _setup(client)
    known = make_user(Role.LEARNER, org=make_org("NHS Trust"), email="nurse@nhs.test")
    mine = make_user(Role.LEARNER, org=org, email="mine@camden.test")
    mail.outbox.clear()
    raw = (
        b"email,full_name,roles,team\n"
        b"nurse@nhs.test,Nurse,caseworker;learner,\n"
        b"mine@camden.test,Mine,learner,\n"  # nothing new for them: no email
        b"fresh@camden.test,Fresh Person,learner,\n"
    )
    report = member_services.staff_import_csv(actor=admin, organisation=org, raw=raw)
    assert report.ok and report.created == 1 and report.updated == 2
    (notice,) = mail.outbox  # the welcome email for the new person is sent by the view
    assert notice.to == [known.email]
    assert "the roles Caseworker and Learner" in notice.body
    assert mine.email not in {m.to[0] for m in mail.outbox}


def test_the_import_says_how_many_without_saying_who_had_an_account(client: Client) -> None:
    org, _ = _setup(client)
    make_user(Role.LEARNER, org=make_org("NHS Trust"), email="nurse@nhs.test")
    for raw in (b"nurse@nhs.test,Nurse,learner\n", b"fresh@camden.test,Fresh,learner\n"):
        upload = SimpleUploadedFile("staff.csv", b"email,full_name,roles\n" + raw)
        response = client.post(f"/organisations/{org.pk}/members/import/", {"file": upload})
        shown = client.get(response["Location"])
        said = [str(m) for m in get_messages(shown.wsgi_request)]
        assert said == [
            "1 person imported. We email each of them: someone new to Lantern gets a link to "
            "choose their password, and someone who already had an account is told who gave "
            "them which roles"
        ]
