"""Separation of duties: nobody gives themselves a role, and only a platform admin removes a
data protection officer (the DPO's log watches the admins)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from lantern.accounts import services
from lantern.accounts.models import Membership
from lantern.accounts.permissions import (
    NOT_TO_YOURSELF,
    ONLY_PLATFORM_ADMIN_REMOVES_DPO,
)
from lantern.core.models import AuditEvent
from lantern.core.permissions import can
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_an_admin_cannot_give_themselves_the_dpo_role() -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    with pytest.raises(ValidationError) as refused:
        services.membership_grant(actor=admin, user=admin, organisation=org, role=Role.DPO)
    assert refused.value.message_dict == {"email": [NOT_TO_YOURSELF]}
    assert not Membership.objects.filter(user=admin, role=Role.DPO).exists()
    assert not AuditEvent.objects.filter(action="role.granted", detail__role=Role.DPO).exists()


@pytest.mark.parametrize("role", [Role.LEARNER, Role.CASEWORKER, Role.SUPERVISOR])
def test_an_admin_cannot_give_themselves_any_other_role_either(role: str) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    with pytest.raises(ValidationError, match="You cannot give yourself a role"):
        services.membership_grant(actor=admin, user=admin, organisation=org, role=role)


def test_a_platform_admin_cannot_give_themselves_a_role() -> None:
    platform = make_org("Lantern platform")
    camden = make_org("Camden Council (test)")
    admin = make_user(Role.PLATFORM_ADMIN, org=platform, email="platform@example.test")
    with pytest.raises(ValidationError, match="You cannot give yourself a role"):
        services.membership_grant(actor=admin, user=admin, organisation=camden, role=Role.DPO)


def test_holding_the_role_already_is_not_a_refusal() -> None:
    """A staff import may list the admin themselves with the role they already hold."""
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    services.membership_grant(actor=admin, user=admin, organisation=org, role=Role.ORG_ADMIN)
    assert Membership.objects.filter(user=admin, role=Role.ORG_ADMIN).count() == 1


def test_another_admin_of_the_organisation_can_make_an_admin_the_dpo() -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    colleague = make_user(Role.ORG_ADMIN, org=org, email="colleague@example.test")
    services.membership_grant(actor=colleague, user=admin, organisation=org, role=Role.DPO)
    event = AuditEvent.objects.get(action="role.granted", detail__role=Role.DPO)
    assert event.actor_ref == str(colleague.pk) and event.detail["user"] == str(admin.pk)
    assert event.organisation_ref == str(org.pk)


def test_a_platform_admin_can_make_an_admin_the_dpo() -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    platform = make_user(Role.PLATFORM_ADMIN, org=make_org("Lantern platform"))
    services.membership_grant(actor=platform, user=admin, organisation=org, role=Role.DPO)
    assert Role.DPO in admin.roles()


def test_the_members_form_shows_the_refusal_on_the_email_address(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    sign_in(client, admin)
    response = client.post(
        f"/organisations/{org.pk}/members/",
        {"full_name": "Me", "email": admin.email, "role": Role.DPO, "team": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "You cannot give yourself a role" in html
    assert 'href="#id_email"' in html  # the error summary links to the field to change
    assert not Membership.objects.filter(user=admin, role=Role.DPO).exists()


def test_the_permission_layer_says_the_same() -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    person = make_user(Role.LEARNER, org=org, email="person@example.test")
    to_self = Membership(user=admin, organisation=org, role=Role.DPO)
    to_other = Membership(user=person, organisation=org, role=Role.DPO)
    assert not can(admin, "grant", to_self)
    assert can(admin, "grant", to_other)
    elsewhere = Membership(user=person, organisation=make_org("Elsewhere"), role=Role.DPO)
    assert not can(admin, "grant", elsewhere)  # not an admin there


def test_an_organisation_admin_cannot_remove_the_dpo(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    dpo = make_user(Role.DPO, org=org, email="dpo@example.test")
    membership = Membership.objects.get(user=dpo, role=Role.DPO)
    assert not can(admin, "revoke", membership)
    with pytest.raises(ValidationError, match=ONLY_PLATFORM_ADMIN_REMOVES_DPO):
        services.membership_revoke(actor=admin, membership=membership)
    sign_in(client, admin)
    response = client.post(f"/organisations/{org.pk}/members/{membership.pk}/remove/")
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_who_was_made_dpo_cannot_drop_it_themselves() -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    colleague = make_user(Role.ORG_ADMIN, org=org, email="colleague@example.test")
    services.membership_grant(actor=colleague, user=admin, organisation=org, role=Role.DPO)
    own = Membership.objects.get(user=admin, role=Role.DPO)
    assert not can(admin, "revoke", own) and not can(colleague, "revoke", own)


def test_a_platform_admin_can_remove_a_dpo() -> None:
    org = make_org()
    dpo = make_user(Role.DPO, org=org, email="dpo@example.test")
    platform = make_user(Role.PLATFORM_ADMIN, org=make_org("Lantern platform"))
    membership = Membership.objects.get(user=dpo, role=Role.DPO)
    assert can(platform, "revoke", membership)
    services.membership_revoke(actor=platform, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="role.revoked", detail__role=Role.DPO).exists()


def test_an_admin_still_removes_other_roles() -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    person = make_user(Role.CASEWORKER, org=org, email="person@example.test")
    membership = Membership.objects.get(user=person, role=Role.CASEWORKER)
    assert can(admin, "revoke", membership)
    services.membership_revoke(actor=admin, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
