"""The session engine (``SESSION_ENGINE = "lantern.accounts.sessions"``): Django's database
sessions, in ``accounts.Session``, which keeps the id of the person a session signs in.

Every signed-in request needs its session, the person and the roles they hold. The store reads
all three in one query: the session row, joined to its user, with their roles aggregated
(ADR 8). ``AuthenticationMiddleware`` (``lantern.accounts.middleware``) lets the sign-in
backend take the user from that read, while Django's own ``get_user`` still checks the session
against the user's password hash, and the backend checks that the account is active. Nothing
is copied to a cache, so a revoked role or a deactivated account stops working on the next
request."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, cast

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantern.accounts.models import (
    USER_FIELDS,
    Session,
    User,
    roles_held,
    user_with_roles_from,
)
from lantern.core.prepared import PreparedRead

_READ = PreparedRead(
    Session,
    lambda key, now: (
        Session.objects.filter(session_key=key, expire_date__gt=now)
        .annotate(roles_joined=roles_held("user_id"))
        .values_list(
            "session_data", "user_id", *(f"user__{f}" for f in USER_FIELDS), "roles_joined"
        )
    ),
    [
        (Session._meta.get_field("session_key"), "\x00session-key"),
        (Session._meta.get_field("expire_date"), datetime(1970, 1, 2, tzinfo=UTC)),
    ],
)
_reading: contextvars.ContextVar[SessionStore | None] = contextvars.ContextVar(
    "lantern_session_reading", default=None
)


def _user_id(raw: Any) -> Any:
    try:
        return User._meta.pk.to_python(raw) if raw else None  # type: ignore[union-attr]
    except ValidationError:
        return None


class SessionStore(DatabaseStore):
    # The person this session's row names, read with it (None: nobody, or not read yet).
    read_user: User | None = None

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Session:
        session = cast(Session, super().create_model_instance(data))
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session

    def _get_session_from_db(self) -> Session | None:
        self.read_user = None
        row = _READ.row(self.session_key, timezone.now()) if self.session_key else None
        if row is None:
            self._session_key = None
            return None
        data, user_id, *user_row = row
        if user_id is not None:
            self.read_user = user_with_roles_from(user_row)
        return Session(session_key=cast(str, self.session_key), session_data=data)

    @classmethod
    def clear_expired(cls) -> None:  # Django's ``clearsessions``
        expired_sessions_clear()


@contextmanager
def reading(store: Any) -> Iterator[None]:
    """While Django's ``get_user`` runs for a request, the sign-in backend may take the user
    from this session store's read."""
    token = _reading.set(store if isinstance(store, SessionStore) else None)
    try:
        yield
    finally:
        _reading.reset(token)


def user_read_with_session(user_id: Any) -> User | None:
    """The user the current request's session read named, if it is ``user_id``; else None."""
    store = _reading.get()
    if store is None or store.read_user is None or store.read_user.pk != _user_id(user_id):
        return None
    user, store.read_user = store.read_user, None  # handed over once
    return user


def expired_sessions_clear() -> str:
    """Daily upkeep: sessions past their expiry date are deleted (they can no longer sign
    anyone in, and they name the person)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return f"{deleted} expired session(s) deleted"
