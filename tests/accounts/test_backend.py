"""The sign-in backend reads a signed-in user and their roles in one query, and a change of
roles takes effect on the very next request."""

from __future__ import annotations

import pytest
from django.test import Client

from lantern.accounts import services
from lantern.accounts.backends import user_with_roles
from lantern.accounts.models import Membership, User
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_user_and_roles_come_back_in_one_query(django_assert_num_queries) -> None:
    org = make_org()
    user = make_user(Role.LEARNER, Role.FACILITATOR, org=org)
    with django_assert_num_queries(1):
        found = user_with_roles(user.pk)
        assert found is not None
        assert found.roles() == {Role.LEARNER, Role.FACILITATOR}
    assert found.email == user.email


def test_a_user_without_memberships_has_no_roles_and_no_extra_query(
    django_assert_num_queries,
) -> None:
    user = User.objects.create_user(email="none@example.test", password="x" * 12)
    with django_assert_num_queries(1):
        found = user_with_roles(user.pk)
        assert found is not None and found.roles() == frozenset()


@pytest.mark.parametrize("bad", ["not-a-uuid", "", None, "00000000-0000-0000-0000-000000000001"])
def test_a_malformed_or_unknown_id_signs_nobody_in(bad: object) -> None:
    make_user(Role.LEARNER)
    assert user_with_roles(bad) is None


def test_a_revoked_role_stops_working_on_the_next_request(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    sign_in(client, admin)
    assert client.get("/organisations/").status_code == 200
    membership = Membership.objects.get(user=admin, role=Role.ORG_ADMIN)
    services.membership_revoke(actor=admin, membership=membership)
    assert client.get("/organisations/").status_code == 403


def test_a_deactivated_user_is_signed_out(client: Client) -> None:
    user = make_user(Role.LEARNER)
    sign_in(client, user)
    assert client.get("/home/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/home/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
