"""Route policies and helpers shared by the facilitation views."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.http import HttpRequest

from lantern.accounts.models import User
from lantern.core.permissions import roles
from lantern.core.roles import Role
from lantern.facilitation import selectors
from lantern.facilitation.models import Programme
from lantern.facilitation.services import FacilitationError

FACILITATION = roles(Role.FACILITATOR, Role.PROGRAMME_LEAD)
LEADS = roles(Role.PROGRAMME_LEAD)
FACILITATORS = roles(Role.FACILITATOR)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _form_error(form: Any, error: FacilitationError) -> None:
    for name, message in error.problems:
        form.add_error(name if name in getattr(form, "fields", {}) else None, message)


def _programme(request: HttpRequest, programme_id: UUID, action: str) -> Programme:
    return selectors.programme_for(_user(request), programme_id, action)


def selectors_is_lead(request: HttpRequest, programme: Programme) -> bool:
    from lantern.core.permissions import can

    return can(request.user, "lead", programme)
