"""Roles a membership can give, and which of them need two-factor authentication.

Pure module (no ORM): the permissions gateway, navigation and accounts all read it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    FACILITATOR = "facilitator", _("Facilitator")
    PROGRAMME_LEAD = "programme_lead", _("Programme lead")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    DPO = "dpo", _("Data protection officer")
    STANDARDS_AUTHOR = "standards_author", _("Standards author")
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")


# Roles that act across the whole platform, not within one organisation (the standards are
# national): only a platform admin, or the command line, may grant them.
PLATFORM_ROLES: frozenset[str] = frozenset({Role.STANDARDS_AUTHOR, Role.PLATFORM_ADMIN})

# Roles that can open case records, and the admins, must sign in with a second factor.
TWO_FACTOR_ROLES: frozenset[str] = frozenset(
    {Role.CASEWORKER, Role.SUPERVISOR, Role.DPO, Role.ORG_ADMIN, Role.PLATFORM_ADMIN}
)

# When a person holds several roles, the home page leads with the first of these they hold.
ROLE_PRECEDENCE: tuple[str, ...] = (
    Role.PLATFORM_ADMIN,
    Role.ORG_ADMIN,
    Role.DPO,
    Role.SUPERVISOR,
    Role.CASEWORKER,
    Role.PROGRAMME_LEAD,
    Role.FACILITATOR,
    Role.STANDARDS_AUTHOR,
    Role.LEARNER,
)


def needs_two_factor(roles: frozenset[str] | set[str]) -> bool:
    return bool(TWO_FACTOR_ROLES & set(roles))


def primary_role(roles: frozenset[str] | set[str]) -> str | None:
    for role in ROLE_PRECEDENCE:
        if role in roles:
            return role
    return None
