"""The sign-in backend: ModelBackend, except that a signed-in request reads the user and the
roles they hold in one query instead of two (every page needs both, for the navigation and the
permissions gateway), and that query is the session's own when the session store has read them
(``lantern.accounts.sessions``).

The query is built with the ORM (``UserManager.with_roles``) once per database alias and then
run with a plain cursor (``lantern.core.prepared``): building that annotated query cost about
three times as much as running it, on every signed-in request (bench/learning.md)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from lantern.accounts.models import USER_FIELDS, User, user_with_roles_from
from lantern.accounts.sessions import user_read_with_session
from lantern.core.prepared import PreparedRead

_READ = PreparedRead(
    User,
    lambda pk: (
        User.objects.with_roles().filter(pk=pk).order_by().values_list(*USER_FIELDS, "roles_joined")
    ),
    [(User._meta.get_field("id"), uuid.UUID(int=0))],
)


def user_with_roles(user_id: Any) -> User | None:
    """The user with ``roles_joined`` set (see ``User.roles``), or None."""
    try:
        key = User._meta.pk.to_python(user_id)  # type: ignore[union-attr]
    except ValidationError:  # a malformed id in a session: nobody is signed in
        return None
    row = _READ.row(key)
    return None if row is None else user_with_roles_from(row)


class UserWithRolesBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        """The user the request's session read (``lantern.accounts.sessions``: same query), or
        else one query for the user with their roles."""
        user = user_read_with_session(user_id) or user_with_roles(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
