"""Every response that shows a case is a recorded view: walk every case route, by GET and by a
POST that fails validation, and check the audit log after each one."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from lantern.core.models import AuditEvent
from lantern.core.permissions import policy_of
from lantern.core.roles import Role
from lantern.support import services
from lantern.support.models import Risk
from lantern.support.sections import SECTIONS
from tests.core.test_route_matrix import ROUTES
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World

CASE_ROUTES = [r for r in ROUTES if r.name.startswith("support:") and r.has_params]
# A POST every form on a case page refuses: a version that is not a number, a person and a
# reason that are not among the choices, and no required answer.
INVALID_POST = {"version": "x", "named": "x", "reason": "x"}
RECORDED = ("case.viewed", "case.exported", "case.history_viewed")


def _kwargs(world: World, name: str, risk: Any, share: Any) -> list[dict[str, Any]]:
    case = {"case_id": world.case.pk}
    if name.startswith("support:case_share_referral"):
        return [{**case, "share_id": share.pk}]
    if name == "support:case_section":
        return [{**case, "section": key} for key in SECTIONS]
    if name == "support:case_section_entry":
        return [{**case, "section": "risks", "entry_id": risk.pk}]
    return [case]


def _user_for(world: World, route: Any) -> Any:
    policy = policy_of(route.callback)
    assert policy is not None
    for user in (world.caseworker, world.supervisor, world.dpo):
        if policy.allows(user):
            return user
    raise AssertionError(f"nobody in the world may use {route.name}")


def test_every_response_that_shows_a_case_records_a_view(world: World) -> None:
    share = f.share(world.case, world.caseworker)
    risk = services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=Risk,
        section="risks",
        data={"category": "debt", "description": "Owes money", "likelihood": "low"},
    )
    assert len(CASE_ROUTES) >= 15
    shown: list[str] = []
    clients: dict[Any, Client] = {}
    for route in CASE_ROUTES:
        user = _user_for(world, route)
        if user.pk not in clients:  # once each: a security code is accepted only once
            clients[user.pk] = Client()
            sign_in(clients[user.pk], user)
        client = clients[user.pk]
        for kwargs in _kwargs(world, route.name, risk, share):
            url = reverse(route.name, kwargs=kwargs)
            for method in ("get", "post"):
                before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
                send = client.get if method == "get" else client.post
                response = send(url, INVALID_POST if method == "post" else None)
                if response.status_code != 200:
                    continue  # a redirect, a 405 for the wrong method, a 404 for no plan yet
                events = AuditEvent.objects.filter(
                    seq__gt=before or 0,
                    object_type="support.case",
                    object_ref=str(world.case.pk),
                    action__in=RECORDED,
                )
                assert events.exists(), f"{method.upper()} {route.name} {kwargs} showed the case"
                shown.append(f"{method} {route.name}")
    # The walk reached the pages that used to go unrecorded.
    for expected in (
        "get support:case_access",
        "post support:case_access",
        "get support:case_close",
        "post support:case_close",
        "post support:case_edit",
        "post support:case_section_entry",
        "post support:case_section",
        "get support:case_share_referral",
        "get support:case_share_referral_pdf",
    ):
        assert expected in shown, expected


def test_the_dpo_routes_are_walked_as_the_dpo(world: World) -> None:
    routes = {r.name: _user_for(world, r) for r in CASE_ROUTES}
    assert routes["support:case_access_history"] == world.dpo
    assert routes["support:case_close"] == world.caseworker
    assert Role.DPO in world.dpo.roles()
