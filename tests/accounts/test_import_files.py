"""Staff import with the files people really have (audit finding 10): Excel's headers and
encodings, semicolons, the roles offered, a template to start from, GOV.UK's error summary."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lantern.accounts import member_services
from lantern.accounts.models import Organisation, User
from lantern.accounts.staff_csv import column_name, parse_staff_csv, role_value
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in

pytestmark = pytest.mark.django_db


def _setup(client: Client) -> Organisation:
    org = make_org()
    sign_in(client, make_user(Role.ORG_ADMIN, org=org))
    return org


def _upload(client: Client, org: Organisation, raw: bytes) -> str:
    upload = SimpleUploadedFile("staff.csv", raw, content_type="text/csv")
    response = client.post(f"/organisations/{org.pk}/members/import/", {"file": upload})
    return response.content.decode() if response.status_code == 200 else response["Location"]


def test_the_intro_lists_only_the_roles_the_import_accepts(client: Client) -> None:
    org = _setup(client)
    html = client.get(f"/organisations/{org.pk}/members/import/").content.decode()
    listed = html.split('data-testid="import-roles"')[1].split("</ul>")[0]
    allowed = member_services.staff_import_roles()
    for role in Role:
        assert (f"<code>{role.value}</code>" in listed) == (role.value in allowed)
    assert "standards_author" not in listed


def test_an_excel_file_in_windows_1252_is_explained_without_row_0(client: Client) -> None:
    org = _setup(client)
    raw = "email,full_name,roles\nchloe@example.test,Chloé Dubois,learner\n".encode("cp1252")
    html = _upload(client, org, raw)
    assert "There is a problem" in html and "Row 0" not in html
    assert "CSV UTF-8 (Comma delimited)" in html
    assert not User.objects.filter(email="chloe@example.test").exists()


@pytest.mark.parametrize(
    "raw",
    [
        # Excel's headers, with a byte order mark ("CSV UTF-8" in Excel writes one)
        "\ufeffEmail,Full name,Role,Team\nchloe@example.test,Chloé Dubois,Learner,Housing\n",
        # Excel where the comma is the decimal mark: semicolons, and several roles by comma
        "EMAIL ; Full Name ; Roles\nchloe@example.test;Chloé Dubois;learner, Programme lead\n",
    ],
)
def test_headers_as_people_write_them_and_semicolons_are_read(client: Client, raw: str) -> None:
    org = _setup(client)
    assert _upload(client, org, raw.encode("utf-8")) == f"/organisations/{org.pk}/members/"
    chloe = User.objects.get(email="chloe@example.test")
    assert chloe.full_name == "Chloé Dubois" and Role.LEARNER in chloe.roles()


def test_problems_are_summarised_as_govuk_does(client: Client) -> None:
    org = _setup(client)
    html = _upload(client, org, b"email,full_name,roles\nbad,Someone,learner\nok@x.test,,learner\n")
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in summary
    assert "The file has 2 problems. Nobody was imported." in summary
    assert "Row 2, email: Enter an email address in the correct format" in summary
    assert "Row 3, full_name: Enter the person" in summary
    missing = _upload(client, org, b"mail,who\nx,y\n")
    assert "Download the template" in missing


def test_the_template_downloads_and_imports_as_it_is(client: Client) -> None:
    org = _setup(client)
    html = client.get(f"/organisations/{org.pk}/members/import/").content.decode()
    template = f"/organisations/{org.pk}/members/import/?download=template"
    assert f'href="{template}"' in html
    response = client.get(template)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    raw = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["email", "full_name", "roles", "team"]
    assert _upload(client, org, raw) == f"/organisations/{org.pk}/members/"
    assert User.objects.get(email="alex.smith@example.org").roles() == {
        Role.LEARNER,
        Role.FACILITATOR,
    }


def test_a_learner_cannot_download_the_template(client: Client) -> None:
    org = make_org()
    sign_in(client, make_user(Role.LEARNER, org=org))
    template = f"/organisations/{org.pk}/members/import/?download=template"
    assert client.get(template).status_code == 403


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Full name", "full_name"),
        (" FULL_NAME ", "full_name"),
        ("full-name", "full_name"),
        ("Email address", "email"),
        ("E-mail", "email"),
        ("Role", "roles"),
        ("Team", "team"),
    ],
)
def test_column_names(header: str, column: str) -> None:
    assert column_name(header) == column


@pytest.mark.parametrize(
    ("text", "role"),
    [("learner", "learner"), ("Programme lead", "programme_lead"), (" DPO ", "dpo")],
)
def test_role_values(text: str, role: str) -> None:
    assert role_value(text) == role


def test_a_file_problem_has_no_row() -> None:
    rows, problems = parse_staff_csv(b"\xe9\xe9", allowed_roles={"learner"})
    assert rows == [] and problems[0].row is None
