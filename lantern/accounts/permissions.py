"""Object rules for accounts objects (registered with the core gateway), and the rules on
giving and removing roles that both the gateway and the services apply.

Separation of duties: the DPO's audit log is there to watch, among others, the admins who
give roles. So nobody gives a role to themselves (an admin's roles come from another admin of
the organisation, or a platform admin), and an organisation admin cannot remove a data
protection officer: only a platform admin can, so an admin cannot take away the one person
who can read what the admins did. The command line and the demo (no actor) are not limited.
"""

from __future__ import annotations

from typing import Any

from lantern.accounts.models import Membership, Organisation
from lantern.core.permissions import object_rule
from lantern.core.roles import PLATFORM_ROLES, Role

ONLY_PLATFORM_ADMIN_GIVES = "Only a platform admin can give this role"
NOT_TO_YOURSELF = (
    "You cannot give yourself a role. Ask another admin of the organisation to give it to you"
)
ONLY_PLATFORM_ADMIN_REMOVES_DPO = (
    "Only a platform admin can remove the role Data protection officer. Ask your platform team"
)


def _is_platform_admin(user: Any) -> bool:
    return Role.PLATFORM_ADMIN in user.roles()


def grant_refusal(actor: Any, user: Any, role: str) -> tuple[str, str] | None:
    """Why ``actor`` may not give ``role`` to ``user``, as (what is wrong: "role" or "email",
    the message); None when they may. ``actor`` None is the command line or the demo."""
    if actor is None:
        return None
    if role in PLATFORM_ROLES and not _is_platform_admin(actor):
        # A standards author edits and approves the national standards, whichever
        # organisation holds the membership: an organisation's admin cannot hand that out.
        return ("role", ONLY_PLATFORM_ADMIN_GIVES)
    if user.pk == actor.pk:
        return ("email", NOT_TO_YOURSELF)
    return None


def revoke_refusal(actor: Any, membership: Membership) -> str | None:
    """Why ``actor`` may not remove ``membership``; None when the role rules allow it (the
    organisation rule, who manages its members, is separate, and so is the members page's
    "not your own admin role", which saves an admin from locking themselves out)."""
    if actor is None:
        return None
    if membership.role == Role.PLATFORM_ADMIN and not _is_platform_admin(actor):
        return "Only a platform admin can remove this role"
    if membership.role == Role.DPO and not _is_platform_admin(actor):
        return ONLY_PLATFORM_ADMIN_REMOVES_DPO
    return None


@object_rule(Organisation, "manage_members", "view_members")
def organisation_manage(user: Any, org: Organisation) -> bool:
    if _is_platform_admin(user):
        return True
    return Membership.objects.filter(user=user, organisation=org, role=Role.ORG_ADMIN).exists()


@object_rule(Membership, "grant")
def membership_grant(user: Any, membership: Membership) -> bool:
    """For a membership not yet saved: may ``user`` give it?"""
    return grant_refusal(user, membership.user, membership.role) is None and organisation_manage(
        user, membership.organisation
    )


@object_rule(Membership, "revoke")
def membership_revoke(user: Any, membership: Membership) -> bool:
    if membership.user_id == user.pk and membership.role in {Role.ORG_ADMIN, Role.PLATFORM_ADMIN}:
        return False  # nobody removes their own admin role: ask another admin
    return revoke_refusal(user, membership) is None and organisation_manage(
        user, membership.organisation
    )
