"""The route matrix for this app's routes alone (the whole-project matrix in tests/core runs
the same checks over every app; this one keeps the standards routes checked on their own)."""

from __future__ import annotations

import pytest
from django.test import Client

from lantern.core.permissions import Policy, policy_of
from lantern.core.roles import Role
from tests.core.test_route_matrix import ROUTES, _is_login_redirect, _url
from tests.helpers import make_org, make_user, sign_in

OURS = [r for r in ROUTES if r.name.startswith("standards:")]


def test_every_standards_route_is_in_the_matrix() -> None:
    assert len(OURS) == 24


@pytest.mark.django_db
def test_anonymous_visitors(client: Client) -> None:
    org = make_org()
    for route in OURS:
        policy: Policy = policy_of(route.callback)  # type: ignore[assignment]
        response = client.get(_url(route, org))
        if policy.public:
            assert response.status_code in (200, 302, 404, 405), route.name
            assert not _is_login_redirect(response), route.name
        else:
            assert _is_login_redirect(response), route.name


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role(role: Role) -> None:
    org = make_org()
    user = make_user(role, org=org, email=f"{role}@example.test")
    client = Client()
    sign_in(client, user)
    for route in OURS:
        policy: Policy = policy_of(route.callback)  # type: ignore[assignment]
        response = client.get(_url(route, org))
        if policy.allows(user):
            assert response.status_code < 500 and response.status_code != 403, (
                f"{role} {route.name}: {response.status_code}"
            )
        else:
            assert response.status_code == 403, f"{role} {route.name}"
