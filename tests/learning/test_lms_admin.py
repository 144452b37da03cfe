"""The organisation admin's pages for learning management systems (cmi5): add one, turn it off
and on, see how its launches are going, and download the course package to import into it."""

from __future__ import annotations

import io
import uuid
import zipfile
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import pytest
from django.db import connection as db
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Organisation, User
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.learning import rules, services
from lantern.learning.models import LmsConnection, LmsLearner, LmsSession, LmsStatement
from tests.helpers import make_org, make_user, signed_in
from tests.learning.factories import course

pytestmark = pytest.mark.django_db

NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
ENDPOINT = "https://lms.example.org/xapi/"


def _connection(
    org: Organisation, name: str = "Riverside Learning Hub", endpoint: str = ENDPOINT
) -> LmsConnection:
    admin = User.objects.filter(memberships__organisation=org, memberships__role=Role.ORG_ADMIN)
    return services.lms_connection_create(
        actor=admin.first() or make_user(Role.ORG_ADMIN, org=org),
        organisation=org,
        name=name,
        endpoint=endpoint,
    )


def _launched(connection: LmsConnection, *, waiting: int, error: str = "") -> None:
    """One learner launched once, with ``waiting`` statements not yet accepted by the LMS (and
    one that was)."""
    user = make_user(Role.LEARNER, org=connection.organisation)
    learner = LmsLearner.objects.create(
        connection=connection,
        user=user,
        account_homepage="https://lms.example.org",
        account_name=str(uuid.uuid4()),
    )
    session = LmsSession.objects.create(
        learner=learner,
        course=course(),
        registration=uuid.uuid4(),
        activity_id="https://lms.example.org/au/1",
        actor={"account": {"homePage": "https://lms.example.org", "name": "x"}},
        endpoint=ENDPOINT,
        auth_token="token",
        context_template={},
        launch_mode="Normal",
    )
    LmsStatement.objects.create(
        id=uuid.uuid4(), session=session, verb="initialized", payload={}, sent_at=timezone.now()
    )
    for _ in range(waiting):
        LmsStatement.objects.create(
            id=uuid.uuid4(), session=session, verb="completed", payload={}, last_error=error
        )


def _admin_client(org: Organisation) -> Client:
    return signed_in(make_user(Role.ORG_ADMIN, org=org))


def test_an_admin_adds_a_connection() -> None:
    org = make_org("Riverside Council")
    client = _admin_client(org)
    assert "Learning management systems (cmi5)" in client.get("/home/").content.decode()
    manage = client.get("/lms/manage/").content.decode()
    assert "Riverside Council has not added a learning management system yet" in manage
    assert f"/lms/manage/{org.pk}/new/" in manage

    response = client.post(
        f"/lms/manage/{org.pk}/new/", {"name": " Riverside  Hub ", "endpoint": ENDPOINT}
    )
    saved = LmsConnection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lms:connection", kwargs={"connection_id": saved.pk})
    assert (saved.name, saved.endpoint, saved.organisation, saved.active) == (
        "Riverside Hub", ENDPOINT, org, True
    )  # fmt: skip
    page = client.get(response["Location"]).content.decode()
    assert "Riverside Hub can now launch Lantern&#x27;s courses" in page
    assert ENDPOINT in page and "Riverside Council" in page
    assert "cmi5" in page and "learner of Riverside Council and nothing more" in page
    assert AuditEvent.objects.filter(action="learning.lms_connected").count() == 1


def test_an_address_that_is_not_https_is_refused_and_what_was_typed_is_kept() -> None:
    org = make_org()
    client = _admin_client(org)
    response = client.post(
        f"/lms/manage/{org.pk}/new/", {"name": "Old Hub", "endpoint": "http://example.org"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert 'href="#id_endpoint"' in body  # the error summary leads to the field
    assert 'id="id_endpoint-error"' in body and "starting https://" in body
    assert 'value="Old Hub"' in body and 'value="http://example.org"' in body
    assert not LmsConnection.objects.exists()

    missing = client.post(f"/lms/manage/{org.pk}/new/", {"name": "", "endpoint": ""})
    assert "Enter the name of the learning management system" in missing.content.decode()
    assert not LmsConnection.objects.exists()


def test_another_organisations_admin_gets_not_found() -> None:
    org, other = make_org("Riverside Council"), make_org("Hillside Council")
    connection = _connection(org)
    outsider = _admin_client(other)
    base = f"/lms/manage/connections/{connection.pk}/"
    assert outsider.get(base).status_code == 404
    assert outsider.post(base + "active/", {"active": "off"}).status_code == 404
    assert outsider.get(base + "package.zip?course=awareness").status_code == 404
    assert outsider.get(f"/lms/manage/{org.pk}/new/").status_code == 404
    assert "Riverside Learning Hub" not in outsider.get("/lms/manage/").content.decode()
    connection.refresh_from_db()
    assert connection.active

    platform = signed_in(make_user(Role.PLATFORM_ADMIN, org=other))
    assert platform.get(base).status_code == 200
    assert "Riverside Learning Hub" in platform.get("/lms/manage/").content.decode()


def test_a_learner_may_not_manage_connections() -> None:
    org = make_org()
    connection = _connection(org)
    learner = signed_in(make_user(Role.LEARNER, org=org))
    assert learner.get("/lms/manage/").status_code == 403
    assert learner.get(f"/lms/manage/connections/{connection.pk}/").status_code == 403
    assert learner.get(f"/lms/manage/{org.pk}/new/").status_code == 403


def test_turning_a_connection_off_is_audited_and_stops_its_launches() -> None:
    org = make_org()
    connection = _connection(org)
    client = _admin_client(org)
    launch = reverse("lms:launch", kwargs={"connection_id": connection.pk, "course": "awareness"})
    course()
    browser = Client(REMOTE_ADDR="192.0.2.44")  # an address of its own: launches are rate-limited
    assert browser.get(launch).status_code == 400  # on: no cmi5 parameters, but it is there

    response = client.post(f"/lms/manage/connections/{connection.pk}/active/", {"active": "off"})
    assert response.status_code == 302
    connection.refresh_from_db()
    assert not connection.active
    event = AuditEvent.objects.get(action="learning.lms_turned_off")
    assert event.object_ref == str(connection.pk) and event.organisation_ref == str(org.pk)
    assert browser.get(launch).status_code == 404
    page = client.get(response["Location"]).content.decode()
    assert "is turned off" in page and 'value="on"' in page
    assert client.post(f"/lms/manage/connections/{connection.pk}/active/").status_code == 400

    client.post(f"/lms/manage/connections/{connection.pk}/active/", {"active": "on"})
    connection.refresh_from_db()
    assert connection.active
    assert AuditEvent.objects.filter(action="learning.lms_turned_on").count() == 1


def _package(client: Client, connection: LmsConnection, **query: str) -> ET.Element:
    response = client.get(f"/lms/manage/connections/{connection.pk}/package.zip", query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    pathway = f"-{query['pathway']}" if query.get("pathway") else ""
    assert response["Content-Disposition"] == (
        f'attachment; filename="lantern-awareness{pathway}-cmi5.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == ["cmi5.xml"]
        return ET.fromstring(archive.read("cmi5.xml"))


def _absolute(iri: str) -> bool:
    parts = urlsplit(iri)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


@pytest.mark.parametrize("pathway", ["health", ""])
def test_the_course_package_is_a_cmi5_course_structure(pathway: str) -> None:
    org = make_org()
    connection = _connection(org)
    course()
    client = _admin_client(org)
    page = client.get(f"/lms/manage/connections/{connection.pk}/").content.decode()
    assert "Let the learner choose" in page and '<option value="health">Health</option>' in page

    root = _package(client, connection, course="awareness", pathway=pathway)
    assert root.tag == f"{NS}courseStructure"
    courses, aus = root.findall(f"{NS}course"), root.findall(f"{NS}au")
    assert len(courses) == 1 and len(aus) == 1
    au = aus[0]
    assert au.get("moveOn") == "Completed" and au.get("launchMethod") == "OwnWindow"
    assert au.get("masteryScore") == "0.8"
    course_id, au_id = courses[0].get("id", ""), au.get("id", "")
    assert _absolute(course_id) and _absolute(au_id) and course_id != au_id
    title = au.findtext(f"{NS}title/{NS}langstring")
    assert title == (
        "Modern slavery awareness \u2013 Health" if pathway else "Modern slavery awareness"
    )

    url = au.findtext(f"{NS}url") or ""
    parts = urlsplit(url)
    assert _absolute(url)
    assert parts.path == reverse(
        "lms:launch", kwargs={"connection_id": connection.pk, "course": "awareness"}
    )
    assert parse_qs(parts.query) == ({"pathway": ["health"]} if pathway else {})


def test_the_same_course_with_another_pathway_is_another_au_of_the_same_course() -> None:
    org = make_org()
    connection = _connection(org)
    course()
    client = _admin_client(org)
    health = _package(client, connection, course="awareness", pathway="health")
    police = _package(client, connection, course="awareness", pathway="police")
    assert health.find(f"{NS}course").get("id") == police.find(f"{NS}course").get("id")  # type: ignore[union-attr]
    assert health.find(f"{NS}au").get("id") != police.find(f"{NS}au").get("id")  # type: ignore[union-attr]


def test_a_bad_package_choice_shows_the_form_again() -> None:
    org = make_org()
    connection = _connection(org)
    course()
    client = _admin_client(org)
    url = f"/lms/manage/connections/{connection.pk}/package.zip"
    bad_pathway = client.get(url, {"course": "awareness", "pathway": "astronaut"})
    assert bad_pathway.status_code == 400
    body = bad_pathway.content.decode()
    assert "There is a problem" in body and 'id="id_pathway-error"' in body
    bad_course = client.get(url, {"course": "no-such-course"})
    assert bad_course.status_code == 400 and 'id="id_course-error"' in bad_course.content.decode()


def test_the_list_shows_each_connections_figures_in_a_fixed_number_of_queries() -> None:
    org = make_org("Riverside Council")
    client = _admin_client(org)
    first = _connection(org, "Hub 1")
    _launched(first, waiting=2, error="the LMS answered 503")
    client.get("/lms/manage/")  # warm up: the session, the user's roles

    with CaptureQueriesContext(db) as one:
        page = client.get("/lms/manage/").content.decode()
    assert page.count('data-testid="lms-connection"') == 1
    assert 'data-testid="lms-waiting">2' in page and "the LMS answered 503" in page
    assert 'data-testid="lms-launches">1<' in page and 'data-testid="lms-learners">1<' in page

    for n in (2, 3):
        # one connection for each address (a second one with the same address is refused)
        _launched(_connection(org, f"Hub {n}", f"https://lms{n}.example.org/xapi/"), waiting=0)
    with CaptureQueriesContext(db) as three:
        page = client.get("/lms/manage/").content.decode()
    assert page.count('data-testid="lms-connection"') == 3
    assert page.count('data-testid="lms-waiting">0<') == 2
    assert len(three) == len(one)


def test_an_address_with_a_user_name_and_password_says_to_remove_them() -> None:
    org = make_org()
    client = _admin_client(org)
    response = client.post(
        f"/lms/manage/{org.pk}/new/",
        {"name": "Hub", "endpoint": "https://user:pass@lms.example.org/xapi/"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "Remove the user name and password from the address" in body
    assert "starting https://" not in body
    assert not LmsConnection.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1/xapi/",
        "https://localhost/xapi/",
        "https://[::1]/xapi/",
        "https://lms.localhost/xapi/",
    ],
)
def test_this_machine_cannot_be_registered_in_production(settings, endpoint: str) -> None:
    settings.LEARNING_LMS_ALLOW_LOCAL_HTTP = False  # the production default
    org = make_org()
    client = _admin_client(org)
    response = client.post(f"/lms/manage/{org.pk}/new/", {"name": "Hub", "endpoint": endpoint})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lantern does not call private networks" in body
    assert not LmsConnection.objects.exists()


def test_the_page_says_what_the_package_and_lantern_do_about_passing() -> None:
    """The package's moveOn is "Completed" and its masteryScore is Lantern's pass mark; Lantern
    judges "passed" or "failed" by the LMS's mastery score, falling back to the same mark. The
    page must say so, not promise a pass that the package does not ask for."""
    org = make_org()
    connection = _connection(org)
    course()
    client = _admin_client(org)
    page = client.get(f"/lms/manage/connections/{connection.pk}/").content.decode()
    au = _package(client, connection, course="awareness", pathway="").find(f"{NS}au")
    assert au is not None
    assert Decimal(au.get("masteryScore", "")) * 100 == rules.PASS_MARK
    assert f"The package sets the pass mark (its mastery score) to {rules.PASS_MARK}%" in page
    assert au.get("moveOn") == "Completed"
    assert "counts the course as done when the learner finishes it, whatever their score" in page
    assert 'change its moveOn to "CompletedAndPassed"' in page
    assert "if you set none" not in page
