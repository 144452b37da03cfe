"""Sample URL arguments for every route that takes some.

The route-matrix test (tests/core/test_route_matrix.py) requests every URL pattern as an
anonymous visitor and as each role. A route with parameters needs a sample here, built from
real rows; a new parameterised route without one fails the test, so it cannot ship unguarded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lantern.accounts.models import Membership, Organisation

SampleFactory = Callable[[Organisation], dict[str, Any]]


def _membership(org: Organisation) -> dict[str, Any]:
    membership = Membership.objects.filter(organisation=org).first()
    assert membership is not None
    return {"org_id": org.pk, "membership_id": membership.pk}


SAMPLES: dict[str, SampleFactory] = {
    "accounts:password_reset_confirm": lambda org: {"uidb64": "MQ", "token": "set-password"},
    "accounts:members": lambda org: {"org_id": org.pk},
    "accounts:staff_import": lambda org: {"org_id": org.pk},
    "accounts:membership_remove": _membership,
}
