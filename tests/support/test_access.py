"""The gateway: who sees which case; 404 for everyone else on every case route."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantern.core.models import AuditEvent
from lantern.core.permissions import policy_of
from lantern.support import selectors, services
from lantern.support.models import BreakGlassAccess, InformationShare, Partner, SupportAlert
from tests.core.test_route_matrix import ROUTES
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World

CASE_ROUTES = [r for r in ROUTES if r.name.startswith("support:") and r.has_params]


def _kwargs(name: str, world: World) -> dict[str, Any]:
    case = world.case
    if name == "support:case_section":
        return {"case_id": case.pk, "section": "risks"}
    if name == "support:case_section_entry":
        partner = Partner.objects.filter(case=case).first() or f.partner(case, world.caseworker)
        return {"case_id": case.pk, "section": "partners", "entry_id": partner.pk}
    if name.startswith("support:case_share_referral"):
        share = InformationShare.objects.filter(case=case).first() or f.share(
            case, world.caseworker
        )
        return {"case_id": case.pk, "share_id": share.pk}
    return {"case_id": case.pk}


def test_the_gateway_shows_own_and_team_cases_only(world: World) -> None:
    visible = lambda user: set(selectors.cases_visible_to(user).values_list("pk", flat=True))  # noqa: E731
    pk = world.case.pk
    assert pk in visible(world.caseworker)
    assert pk in visible(world.teammate)
    assert pk in visible(world.supervisor)
    for outsider in (
        world.other_team_caseworker,
        world.other_team_supervisor,
        world.other_org_caseworker,
        world.other_org_supervisor,
        world.dpo,
        world.org_admin,
    ):
        assert pk not in visible(outsider), outsider.email


def test_every_case_route_is_404_for_other_teams_and_organisations(world: World) -> None:
    assert len(CASE_ROUTES) >= 13
    outsiders = [
        world.other_team_caseworker,
        world.other_team_supervisor,
        world.other_org_caseworker,
        world.other_org_supervisor,
    ]
    for outsider in outsiders:
        client = Client()
        sign_in(client, outsider)
        for route in CASE_ROUTES:
            if route.name in {"support:case_access_history", "support:case_subject_access"}:
                continue  # DPO routes: other roles are refused by the route policy (403)
            url = reverse(route.name, kwargs=_kwargs(route.name, world))
            allowed = policy_of(route.callback).allows(outsider)  # type: ignore[union-attr]
            # POST reaches the object check on every route: it must be 404.
            response = client.post(url)
            assert response.status_code == (404 if allowed else 403), (outsider.email, route.name)
            # GET is 404 too, except that POST-only routes refuse the method before any lookup.
            response = client.get(url)
            assert response.status_code in ((404, 405) if allowed else (403,)), (
                outsider.email,
                route.name,
            )
            assert world.case.reference.encode() not in response.content


def test_dpo_routes_are_404_for_another_organisations_dpo(world: World) -> None:
    client = Client()
    sign_in(client, world.other_org_dpo)
    for name in ("support:case_access_history", "support:case_subject_access"):
        assert client.get(reverse(name, kwargs={"case_id": world.case.pk})).status_code == 404


def test_org_admins_and_dpos_do_not_see_case_content(world: World) -> None:
    for user in (world.org_admin, world.dpo):
        client = Client()
        sign_in(client, user)
        response = client.get(reverse("support:case_detail", kwargs={"case_id": world.case.pk}))
        assert response.status_code in (403, 404)
        assert b"Amanuel" not in response.content


def test_a_restricted_case_is_hidden_from_all_but_named_people(world: World) -> None:
    services.case_restrict(
        actor=world.caseworker, case=world.case, restricted=True, named_users=[world.supervisor]
    )
    assert selectors.cases_visible_to(world.caseworker).filter(pk=world.case.pk).exists()
    assert selectors.cases_visible_to(world.supervisor).filter(pk=world.case.pk).exists()
    assert not selectors.cases_visible_to(world.teammate).filter(pk=world.case.pk).exists()
    client = Client()
    sign_in(client, world.teammate)
    url = reverse("support:case_detail", kwargs={"case_id": world.case.pk})
    assert client.get(url).status_code == 404
    assert world.case.reference not in client.get(reverse("support:case_list")).content.decode()


def test_break_glass_needs_a_reason_expires_and_alerts_supervisor_and_dpo(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    sign_in(client, world.other_team_caseworker)
    url = reverse("support:case_detail", kwargs={"case_id": world.case.pk})
    assert client.get(url).status_code == 404
    response = client.post(
        reverse("support:break_glass"), {"reference": world.case.reference, "reason": ""}
    )
    assert response.status_code == 200 and b"Explain why" in response.content
    assert not BreakGlassAccess.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("support:break_glass"),
            {
                "reference": world.case.reference,
                "reason": "Police called: the person is missing and may be in danger",
            },
        )
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200
    alerted = set(
        SupportAlert.objects.filter(kind="break_glass").values_list("recipient_id", flat=True)
    )
    assert alerted == {world.supervisor.pk, world.dpo.pk}
    assert {m.to[0] for m in mail.outbox} >= {world.supervisor.email, world.dpo.email}
    assert all("Amanuel" not in m.body for m in mail.outbox)
    event = AuditEvent.objects.get(action="case.break_glass")
    assert event.actor_ref == str(world.other_team_caseworker.pk)
    # Time-limited: once it expires the case disappears again.
    past = timezone.now() - timedelta(hours=2)
    BreakGlassAccess.objects.update(started_at=past, expires_at=past + timedelta(hours=1))
    assert client.get(url).status_code == 404


def test_break_glass_cannot_reach_another_organisation(world: World) -> None:
    client = Client()
    sign_in(client, world.other_org_caseworker)
    response = client.post(
        reverse("support:break_glass"),
        {"reference": world.case.reference, "reason": "I need to see this case urgently"},
    )
    assert response.status_code == 200 and b"no open case" in response.content
    assert not BreakGlassAccess.objects.exists()


def test_the_dpo_sees_each_cases_access_history(world: World) -> None:
    reader = Client()
    sign_in(reader, world.teammate)
    reader.get(reverse("support:case_detail", kwargs={"case_id": world.case.pk}))
    client = Client()
    sign_in(client, world.dpo)
    response = client.get(reverse("support:case_access_history", kwargs={"case_id": world.case.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Viewed the case" in page and world.teammate.full_name in page
    assert "Amanuel" not in page
    assert AuditEvent.objects.filter(
        action="case.history_viewed", actor_ref=str(world.dpo.pk)
    ).exists()


def _share(world: World, actor: Any, **kw: Any) -> InformationShare:
    partner = Partner.objects.filter(case=world.case).first() or f.partner(
        world.case, world.caseworker
    )
    args: dict[str, Any] = {
        "kind": "referral",
        "what_shared": ["identity", "needs"],
        "purpose": "Legal advice appointment",
        "basis": "consent",
        "override_reason": "",
        "actor_may_override": selectors.is_supervisor_for(actor, world.case),
    }
    args.update(kw)
    return services.information_share_create(actor=actor, case=world.case, partner=partner, **args)


def test_sharing_is_refused_without_consent_and_logged_with_it(world: World) -> None:
    with pytest.raises(services.ShareRefused):
        _share(world, world.caseworker)
    assert AuditEvent.objects.filter(action="case.share_refused").count() == 1
    partner = Partner.objects.get(case=world.case)
    f.consent(world.case, world.caseworker, partner)
    share = _share(world, world.caseworker)
    assert share.basis == "consent" and share.consent is not None
    event = AuditEvent.objects.get(action="case.shared")
    assert event.detail["partner"] == str(partner.pk) and event.detail["basis"] == "consent"
    assert event.detail["what"] == ["identity", "needs"]
    # Withdrawal is a new ledger entry, and sharing stops.
    f.consent(world.case, world.caseworker, partner, decision="withdrawn")
    with pytest.raises(services.ShareRefused):
        _share(world, world.caseworker)


def test_an_override_needs_a_supervisor_a_basis_and_a_reason(world: World) -> None:
    with pytest.raises(services.ShareRefused) as refused:
        _share(world, world.caseworker, basis="immediate_danger", override_reason="Threat made")
    assert refused.value.decision.code == "not_authorised"
    with pytest.raises(services.ShareRefused) as refused:
        _share(world, world.supervisor, basis="immediate_danger")
    assert refused.value.decision.code == "no_reason"
    with pytest.raises(services.ShareRefused) as refused:
        _share(world, world.supervisor, basis="child", override_reason="Under 18")
    assert refused.value.decision.code == "not_a_child"
    share = _share(
        world,
        world.supervisor,
        basis="safeguarding",
        override_reason="Asking would alert the exploiter",
    )
    assert share.authorised_by == world.supervisor and share.consent is None


SUPPORT = Path(__file__).resolve().parents[2] / "lantern" / "support"
ROOT = SUPPORT.parent.parent


def test_nothing_outside_the_support_app_imports_its_models() -> None:
    offenders = []
    for path in (ROOT / "lantern").rglob("*.py"):
        if SUPPORT in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(n.startswith("lantern.support.models") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
            if any(
                n == "lantern.support" and "models" in {a.name for a in getattr(node, "names", [])}
                for n in names
            ):
                offenders.append(str(path.relative_to(ROOT)))
        text = path.read_text(encoding="utf-8")
        if 'apps.get_model("support"' in text or "apps.get_model('support'" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"read cases through lantern.support.selectors, not models: {offenders}"
