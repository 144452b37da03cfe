"""Who may change a directory entry: the admins of the organisation it belongs to (and platform
admins, who set organisations up). Every signed-in member may read the directory."""

from __future__ import annotations

from typing import Any

from lantern.accounts.models import Membership, Organisation
from lantern.core.permissions import object_rule
from lantern.core.roles import Role
from lantern.directory.models import Service


def _admins(user: Any, organisation_id: Any) -> bool:
    if Role.PLATFORM_ADMIN in user.roles():
        return True
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, role=Role.ORG_ADMIN
    ).exists()


@object_rule(Organisation, "list_service")
def service_list(user: Any, organisation: Organisation) -> bool:
    return _admins(user, organisation.pk)


@object_rule(Service, "edit", "delete")
def service_edit(user: Any, service: Service) -> bool:
    return _admins(user, service.organisation_id)
