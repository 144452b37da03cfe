"""The sign-in backend: ModelBackend, except that a signed-in request reads the user and the
roles they hold in one query instead of two (every page needs both, for the navigation and the
permissions gateway).

The query is built with the ORM (``UserManager.with_roles``) once per database alias and then
run as a raw query: building that annotated query cost about three times as much as running it,
on every signed-in request (bench/learning.md)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

from lantern.accounts.models import User

_MARK = uuid.UUID(int=0)
_compiled: dict[str, tuple[str, list[Any], int]] = {}


def _statement(alias: str) -> tuple[str, list[Any], int]:
    if alias not in _compiled:
        query = User.objects.db_manager(alias).with_roles().filter(pk=_MARK).order_by().query
        sql, params = query.get_compiler(alias).as_sql()
        marks = [str(_MARK), _MARK.hex]
        position = next(i for i, p in enumerate(params) if p == _MARK or p in marks)
        _compiled[alias] = (sql, list(params), position)
    return _compiled[alias]


def user_with_roles(user_id: Any) -> User | None:
    """The user with ``roles_joined`` set (see ``User.roles``), or None."""
    alias = router.db_for_read(User)
    sql, params, position = _statement(alias)
    try:
        key = User._meta.pk.to_python(user_id)  # type: ignore[union-attr]
    except ValidationError:  # a malformed id in a session: nobody is signed in
        return None
    params = list(params)
    params[position] = User._meta.pk.get_db_prep_value(key, connections[alias])  # type: ignore[union-attr]
    found = list(User.objects.raw(sql, params).using(alias))
    return found[0] if found else None


class UserWithRolesBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        user = user_with_roles(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
