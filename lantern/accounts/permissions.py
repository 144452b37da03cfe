"""Object rules for accounts objects (registered with the core gateway)."""

from __future__ import annotations

from typing import Any

from lantern.accounts.models import Membership, Organisation
from lantern.core.permissions import object_rule
from lantern.core.roles import Role


def _is_platform_admin(user: Any) -> bool:
    return Role.PLATFORM_ADMIN in user.roles()


@object_rule(Organisation, "manage_members", "view_members")
def organisation_manage(user: Any, org: Organisation) -> bool:
    if _is_platform_admin(user):
        return True
    return Membership.objects.filter(user=user, organisation=org, role=Role.ORG_ADMIN).exists()


@object_rule(Membership, "revoke")
def membership_revoke(user: Any, membership: Membership) -> bool:
    if membership.user_id == user.pk and membership.role in {Role.ORG_ADMIN, Role.PLATFORM_ADMIN}:
        return False  # nobody removes their own admin role: ask another admin
    if membership.role == Role.PLATFORM_ADMIN:
        return _is_platform_admin(user)
    return organisation_manage(user, membership.organisation)
