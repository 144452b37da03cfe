"""An organisation admin keeps their LMS connections tidy: one connection for each xAPI address,
an address that says its scheme, a name that can change, and a connection that can be removed
(its launch address then answers 404; its learners keep their learning)."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from lantern.accounts.models import Organisation
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.learning import services
from lantern.learning.models import Enrolment, LmsConnection, LmsLearner
from tests.helpers import make_org, make_user, signed_in
from tests.learning.factories import course

pytestmark = pytest.mark.django_db

ENDPOINT = "https://lms.example.org/xapi/"


def _admin(org: Organisation) -> Client:
    return signed_in(make_user(Role.ORG_ADMIN, org=org))


def _add(client: Client, org: Organisation, name: str, endpoint: str):
    return client.post(f"/lms/manage/{org.pk}/new/", {"name": name, "endpoint": endpoint})


def test_the_same_address_twice_in_one_organisation_is_refused() -> None:
    org = make_org("Riverside Council")
    client = _admin(org)
    assert _add(client, org, "Riverside Hub", ENDPOINT).status_code == 302
    # the same address, written another way: upper-case host, no slash at the end
    again = _add(client, org, "Riverside Hub 2", "https://LMS.example.org/xapi")
    body = again.content.decode()
    assert again.status_code == 200 and "There is a problem" in body
    assert "Riverside Hub already has this xAPI address" in body
    assert 'href="#id_endpoint"' in body
    assert LmsConnection.objects.count() == 1
    # the same name, another address: two entries nobody could tell apart
    same_name = _add(client, org, "riverside hub", "https://other.example.org/xapi/")
    assert "already has an LMS called riverside hub" in same_name.content.decode()
    assert LmsConnection.objects.count() == 1
    # another organisation may use the same LMS
    other = make_org("Hillside Council")
    assert _add(_admin(other), other, "Riverside Hub", ENDPOINT).status_code == 302
    assert LmsConnection.objects.count() == 2


@pytest.mark.parametrize("typed", ["lms.example.org/xapi", "//lms.example.org/xapi/"])
def test_an_address_without_its_scheme_is_refused_not_given_one(typed: str) -> None:
    org = make_org()
    response = _add(_admin(org), org, "Riverside Hub", typed)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the LMS&#x27;s xAPI address, starting https://" in body
    assert f'value="{typed}"' in body  # what was typed, not https:// added to it
    assert not LmsConnection.objects.exists()


def test_an_admin_renames_a_connection_and_it_is_audited() -> None:
    org = make_org()
    client = _admin(org)
    _add(client, org, "Riverside Hub", ENDPOINT)
    _add(client, org, "Old Hub", "https://old.example.org/xapi/")
    connection = LmsConnection.objects.get(name="Riverside Hub")
    url = reverse("lms:connection_rename", kwargs={"connection_id": connection.pk})
    page = client.get(reverse("lms:connection", kwargs={"connection_id": connection.pk}))
    assert url in page.content.decode()
    assert 'value="Riverside Hub"' in client.get(url).content.decode()

    assert "Enter the name" in client.post(url, {"name": "  "}).content.decode()
    taken = client.post(url, {"name": "old hub"}).content.decode()
    assert "already has an LMS called old hub" in taken

    response = client.post(url, {"name": " Riverside  Learning Hub "})
    assert response.status_code == 302
    connection.refresh_from_db()
    assert connection.name == "Riverside Learning Hub"
    assert connection.endpoint == ENDPOINT  # the packages imported keep working
    event = AuditEvent.objects.get(action="learning.lms_renamed")
    assert event.detail == {"from": "Riverside Hub", "to": "Riverside Learning Hub"}
    assert event.organisation_ref == str(org.pk)


def test_a_removed_connection_launches_nothing_and_its_learners_keep_their_learning() -> None:
    org = make_org()
    client = _admin(org)
    _add(client, org, "Riverside Hub", ENDPOINT)
    connection = LmsConnection.objects.get()
    learner = make_user(Role.LEARNER, org=org)
    LmsLearner.objects.create(
        connection=connection,
        user=learner,
        account_homepage="https://lms.example.org",
        account_name=str(uuid.uuid4()),
    )
    enrolment = services.enrolment_start(user=learner, course=course())
    launch = reverse("lms:launch", kwargs={"connection_id": connection.pk, "course": "awareness"})
    browser = Client(REMOTE_ADDR="192.0.2.45")
    assert browser.get(launch).status_code == 400  # there: only the cmi5 parameters missing

    remove = reverse("lms:connection_remove", kwargs={"connection_id": connection.pk})
    confirm = client.get(remove).content.decode()
    assert "Are you sure you want to remove Riverside Hub?" in confirm
    assert "keep their progress and certificates" in confirm
    assert LmsConnection.objects.get().removed_at is None  # asking changes nothing

    response = client.post(remove)
    assert response.status_code == 302 and response["Location"] == reverse("lms:manage")
    manage = client.get("/lms/manage/").content.decode()
    assert "Riverside Hub is removed" in manage
    assert 'data-testid="lms-connection"' not in manage
    assert browser.get(launch).status_code == 404
    page = reverse("lms:connection", kwargs={"connection_id": connection.pk})
    assert client.get(page).status_code == 404
    assert client.post(remove).status_code == 404

    connection.refresh_from_db()
    assert connection.removed_at is not None and not connection.active
    assert LmsLearner.objects.filter(connection=connection, user=learner).exists()
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()
    event = AuditEvent.objects.get(action="learning.lms_removed")
    assert event.object_ref == str(connection.pk) and event.organisation_ref == str(org.pk)
    # removed, the address is free to be added again (with a new package)
    assert _add(client, org, "Riverside Hub", ENDPOINT).status_code == 302


def test_another_organisations_admin_cannot_rename_or_remove() -> None:
    org, other = make_org("Riverside Council"), make_org("Hillside Council")
    _add(_admin(org), org, "Riverside Hub", ENDPOINT)
    connection = LmsConnection.objects.get()
    outsider = _admin(other)
    for name in ("lms:connection_rename", "lms:connection_remove"):
        url = reverse(name, kwargs={"connection_id": connection.pk})
        assert outsider.get(url).status_code == 404
        assert outsider.post(url, {"name": "Mine now"}).status_code == 404
    learner = signed_in(make_user(Role.LEARNER, org=org))
    url = reverse("lms:connection_remove", kwargs={"connection_id": connection.pk})
    assert learner.post(url).status_code == 403
    connection.refresh_from_db()
    assert (connection.name, connection.removed_at) == ("Riverside Hub", None)
