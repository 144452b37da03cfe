"""Object rules for standards (registered with the core permissions gateway)."""

from __future__ import annotations

from typing import Any

from lantern.accounts.models import Membership
from lantern.core.permissions import object_rule
from lantern.core.roles import Role
from lantern.standards.models import Consultation, ConsultationComment, StandardVersion


def is_author(user: Any) -> bool:
    return Role.STANDARDS_AUTHOR in user.roles()


@object_rule(StandardVersion, "view_unpublished", "start_draft")
def version_author(user: Any, version: StandardVersion) -> bool:
    return is_author(user)


@object_rule(StandardVersion, "edit")
def version_edit(user: Any, version: StandardVersion) -> bool:
    return is_author(user) and version.is_editable


@object_rule(StandardVersion, "open_consultation")
def version_open_consultation(user: Any, version: StandardVersion) -> bool:
    return is_author(user) and version.status == "draft"


@object_rule(StandardVersion, "approve")
def version_approve(user: Any, version: StandardVersion) -> bool:
    return is_author(user) and version.status == "consultation"


@object_rule(Consultation, "manage")
def consultation_manage(user: Any, consultation: Consultation) -> bool:
    return is_author(user)


@object_rule(Consultation, "take_part")
def consultation_take_part(user: Any, consultation: Consultation) -> bool:
    """Members of an invited organisation, in any role. They can comment while it is open and
    read the author's responses afterwards."""
    invited = consultation.organisations.values("pk")
    return Membership.objects.filter(user=user, organisation__in=invited).exists()


@object_rule(ConsultationComment, "respond")
def comment_respond(user: Any, comment: ConsultationComment) -> bool:
    return is_author(user) and comment.consultation.version.is_editable
