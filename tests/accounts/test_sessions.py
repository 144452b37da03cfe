"""Sessions are kept with the person they sign in: one query reads the session, the person and
their roles; the session is still checked against the password; expired ones are deleted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantern.accounts.models import Session, User
from lantern.accounts.sessions import SessionStore, expired_sessions_clear
from lantern.core.roles import Role
from tests.helpers import PASSWORD, make_org, make_user, sign_in

pytestmark = pytest.mark.django_db


def user_reads(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "accounts_user" in q["sql"]]


def test_the_session_names_its_user_and_one_query_reads_both_with_roles(client: Client) -> None:
    user = make_user(Role.LEARNER, Role.FACILITATOR, org=make_org())
    sign_in(client, user)
    assert Session.objects.get(user=user).session_key == client.cookies["lantern_session"].value
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/home/")
    assert page.status_code == 200 and page.context["user"].pk == user.pk
    reads = user_reads(queries)
    assert len(reads) == 1, reads
    assert "accounts_session" in reads[0] and "accounts_membership" in reads[0]
    assert page.context["user"].roles() == {Role.LEARNER, Role.FACILITATOR}


def test_a_password_changed_elsewhere_ends_the_session(client: Client) -> None:
    user = make_user(Role.LEARNER)
    sign_in(client, user)
    assert client.get("/home/").status_code == 200
    user.set_password(PASSWORD + "-changed")
    user.save()
    response = client.get("/home/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_an_unknown_or_expired_session_signs_nobody_in(client: Client) -> None:
    user = make_user(Role.LEARNER)
    sign_in(client, user)
    Session.objects.filter(user=user).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/home/").status_code == 302
    client.cookies["lantern_session"] = "x" * 32
    assert client.get("/home/").status_code == 302


def test_a_row_naming_someone_else_never_hands_over_that_person(client: Client) -> None:
    """The backend takes the user read with the session only if it is the one the session's
    signed data names; otherwise it reads that one by itself."""
    org = make_org()
    user = make_user(Role.LEARNER, org=org, email="learner@example.test")
    other = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    sign_in(client, user)
    Session.objects.filter(user=user).update(user=other)
    page = client.get("/home/")
    assert page.status_code == 200 and page.context["user"].pk == user.pk
    assert client.get("/organisations/").status_code == 403


def test_signing_out_deletes_the_session(client: Client) -> None:
    user = make_user(Role.LEARNER)
    sign_in(client, user)
    client.post("/sign-out/")
    assert not Session.objects.filter(user=user).exists()


def test_expired_sessions_are_deleted_by_the_daily_job() -> None:
    user = make_user(Role.LEARNER)
    live, old = SessionStore(), SessionStore()
    for store in (live, old):
        store["_auth_user_id"] = str(user.pk)
        store.save()
    Session.objects.filter(pk=old.session_key).update(expire_date=timezone.now() - timedelta(1))
    assert expired_sessions_clear() == "1 expired session(s) deleted"
    assert list(Session.objects.values_list("pk", flat=True)) == [live.session_key]
    assert Session.objects.get().user_id == user.pk


def test_deleting_a_person_deletes_their_sessions(client: Client) -> None:
    user = make_user(Role.LEARNER)
    sign_in(client, user)
    User.objects.filter(pk=user.pk).delete()
    assert not Session.objects.exists()
