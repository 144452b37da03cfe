"""Every route is guarded by a policy of the permissions gateway, and the policy holds.

This enumerates the whole URL map, so a route added by any later app is covered automatically:
it fails here if its view has no ``@route(...)`` policy or (with parameters) no sample.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lantern.core.permissions import Policy, policy_of
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in
from tests.route_samples import SAMPLES


@dataclass(frozen=True)
class Route:
    name: str
    callback: Any
    has_params: bool


def iter_routes(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from iter_routes(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            has_params = bool(entry.pattern.regex.groupindex) or "<" in str(entry.pattern)
            yield Route(f"{namespace}{entry.name}", entry.callback, has_params)


ROUTES = list(iter_routes())


def test_the_url_map_is_not_empty() -> None:
    names = {r.name for r in ROUTES}
    assert {"core:start", "accounts:sign_in", "accounts:home", "core:healthz"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_route_has_a_policy(route: Route) -> None:
    assert route.name and not route.name.endswith(":None"), "every route needs a name"
    assert policy_of(route.callback) is not None, (
        f"{route.name} has no route policy: wrap its view in @route(...) from lantern.core.permissions"
    )


@pytest.mark.parametrize("route", [r for r in ROUTES if r.has_params], ids=lambda r: r.name)
def test_every_parameterised_route_has_a_sample(route: Route) -> None:
    assert route.name in SAMPLES, f"add a sample for {route.name} to tests/route_samples.py"


def _url(route: Route, org: Any) -> str:
    kwargs = SAMPLES[route.name](org) if route.has_params else {}
    return reverse(route.name, kwargs=kwargs)


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:sign_in")
    )


@pytest.mark.django_db
def test_anonymous_visitors_reach_only_public_routes(client: Client) -> None:
    org = make_org()
    make_user(Role.ORG_ADMIN, org=org)
    for route in ROUTES:
        policy: Policy = policy_of(route.callback)  # type: ignore[assignment]
        response = client.get(_url(route, org))
        if policy.public:
            assert not _is_login_redirect(response) and response.status_code != 403, route.name
        else:
            assert _is_login_redirect(response), f"{route.name} let an anonymous visitor in"


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_reaches_exactly_the_routes_its_policy_allows(role: Role) -> None:
    org = make_org()
    make_user(Role.ORG_ADMIN, org=org, email="other-admin@example.test")
    user = make_user(role, org=org, email=f"{role}@example.test")
    client = Client()
    sign_in(client, user)
    for route in ROUTES:
        policy: Policy = policy_of(route.callback)  # type: ignore[assignment]
        if route.name == "accounts:sign_out":
            continue  # a GET is refused (405) and a POST would end the session under test
        response = client.get(_url(route, org))
        allowed = policy.allows(user)
        if allowed:
            assert response.status_code not in (403,) and not _is_login_redirect(response), (
                f"{role} should reach {route.name} ({policy.describe()}), got {response.status_code}"
            )
        else:
            assert response.status_code == 403, (
                f"{role} must not reach {route.name} ({policy.describe()}), got {response.status_code}"
            )
