"""Object rules for learning records (registered with the permissions gateway)."""

from __future__ import annotations

from typing import Any

from lantern.accounts.models import Organisation
from lantern.core.permissions import object_rule
from lantern.core.roles import Role
from lantern.learning.models import Certificate, Enrolment, LmsConnection, Refresher

ADMIN_ROLES = (Role.ORG_ADMIN, Role.PLATFORM_ADMIN)


def _admin_of(user: Any, organisation_id: Any) -> bool:
    held = user.roles()
    if Role.PLATFORM_ADMIN in held:
        return True
    return organisation_id is not None and Role.ORG_ADMIN in user.roles_in(organisation_id)


@object_rule(Enrolment, "take")
def enrolment_take(user: Any, enrolment: Enrolment) -> bool:
    return bool(enrolment.user_id == user.pk)


@object_rule(Refresher, "take")
def refresher_take(user: Any, refresher: Refresher) -> bool:
    return bool(refresher.enrolment.user_id == user.pk)


@object_rule(Certificate, "download")
def certificate_download(user: Any, certificate: Certificate) -> bool:
    holder = certificate.enrolment is not None and certificate.enrolment.user_id == user.pk
    return holder or _admin_of(user, certificate.organisation_id)


@object_rule(Certificate, "revoke")
def certificate_revoke(user: Any, certificate: Certificate) -> bool:
    return _admin_of(user, certificate.organisation_id)


@object_rule(Organisation, "add_lms")
def lms_add(user: Any, organisation: Organisation) -> bool:
    return _admin_of(user, organisation.pk)


@object_rule(LmsConnection, "manage")
def lms_manage(user: Any, connection: LmsConnection) -> bool:
    return _admin_of(user, connection.organisation_id)
