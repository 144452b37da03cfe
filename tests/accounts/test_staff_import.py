from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lantern.accounts import member_services
from lantern.accounts.models import Membership, User
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in

pytestmark = pytest.mark.django_db

GOOD = b"email,full_name,roles,team\nalex@example.test,Alex Example,learner,Housing\nsam@example.test,Sam Example,learner;facilitator,\n"


def test_a_good_file_imports_everyone_in_one_go() -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    report = member_services.staff_import_csv(actor=admin, organisation=org, raw=GOOD)
    assert report.ok and report.created == 2
    sam = User.objects.get(email="sam@example.test")
    assert sam.roles() == {Role.LEARNER, Role.FACILITATOR}
    assert not sam.has_usable_password()
    team = Membership.objects.get(user__email="alex@example.test").team
    assert team is not None and team.name == "Housing"
    assert AuditEvent.objects.filter(action="staff.imported").count() == 1


def test_a_file_with_bad_rows_imports_nobody_and_names_each_problem() -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    users_before = User.objects.count()
    raw = (
        b"email,full_name,roles,team\n"
        b"good@example.test,Good Person,learner,\n"
        b"not-an-email,Bad Email,learner,\n"
        b"good@example.test,Duplicate,learner,\n"
        b"nameless@example.test,,learner,\n"
        b"wizard@example.test,Wizard,platform_admin,\n"
        b"norole@example.test,No Role,,\n"
    )
    report = member_services.staff_import_csv(actor=admin, organisation=org, raw=raw)
    assert not report.ok
    problems = {(p.row, p.field) for p in report.problems}
    assert problems == {(3, "email"), (4, "email"), (5, "full_name"), (6, "roles"), (7, "roles")}
    assert User.objects.count() == users_before
    assert not AuditEvent.objects.filter(action="staff.imported").exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"name,email\nx,y\n", "The first row must name the columns"),
        (b"email,full_name,roles\n", "The file has no people in it"),
        (b"\xff\xfe\x00bad", "The file must be saved as UTF-8 CSV"),
    ],
)
def test_malformed_files_get_a_clear_message(raw: bytes, message: str) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    report = member_services.staff_import_csv(actor=admin, organisation=org, raw=raw)
    assert not report.ok and message in report.problems[0].problem


def test_import_page_shows_the_report_and_keeps_nothing(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    sign_in(client, admin)
    upload = SimpleUploadedFile(
        "staff.csv", b"email,full_name,roles\nbad,Someone,learner\n", content_type="text/csv"
    )
    response = client.post(f"/organisations/{org.pk}/members/import/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nobody was imported" in html and "Enter an email address in the correct format" in html
    assert "<title>Error: Import staff" in html
    assert '<li><a href="#id_file">Row 2, email: Enter an email address' in html
    assert not User.objects.filter(full_name="Someone").exists()


def test_a_good_import_says_how_many_in_plain_words(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    sign_in(client, admin)
    raw = b"email,full_name,roles,team\nalex@example.test,Alex Example,learner,\n"
    upload = SimpleUploadedFile("staff.csv", raw, content_type="text/csv")
    response = client.post(
        f"/organisations/{org.pk}/members/import/", {"file": upload}, follow=True
    )
    assert "1 person imported. We email each of them" in response.content.decode()


def test_import_page_refuses_a_wrong_file_type_and_an_oversized_file(
    client: Client, settings
) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    sign_in(client, admin)
    url = f"/organisations/{org.pk}/members/import/"
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile(
                "staff.xlsx", b"PK..", content_type="application/octet-stream"
            )
        },
    )
    assert "The selected file must be a CSV file" in response.content.decode()
    settings.LANTERN_MAX_UPLOAD_BYTES = 100
    big = SimpleUploadedFile(
        "staff.csv", b"email,full_name,roles\n" + b"a@example.test,A,learner\n" * 20
    )
    response = client.post(url, {"file": big})
    assert "The selected file must be smaller than" in response.content.decode()


def test_a_good_import_through_the_page_sends_welcome_emails(client: Client) -> None:
    from django.core import mail

    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    sign_in(client, admin)
    upload = SimpleUploadedFile("staff.csv", GOOD, content_type="text/csv")
    response = client.post(f"/organisations/{org.pk}/members/import/", {"file": upload})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["alex@example.test", "sam@example.test"]
    assert "/account/welcome/" in mail.outbox[0].body


def test_plain_text_emails_are_not_html_escaped(client: Client) -> None:
    from django.core import mail

    org = make_org("St Mary's & St John's Trust")
    admin = make_user(Role.ORG_ADMIN, org=org)
    sign_in(client, admin)
    raw = b"email,full_name,roles,team\nsiobhan@example.test,Siobh\xc3\xa1n O'Brien,learner,\n"
    upload = SimpleUploadedFile("staff.csv", raw, content_type="text/csv")
    assert (
        client.post(f"/organisations/{org.pk}/members/import/", {"file": upload}).status_code == 302
    )
    (welcome,) = mail.outbox
    assert welcome.body.startswith("Hello Siobhán,")
    assert "St Mary's & St John's Trust has given you an account" in welcome.body
