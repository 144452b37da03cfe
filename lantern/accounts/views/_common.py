"""What the account views share."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from lantern.accounts.models import User


def _actor(request: HttpRequest) -> User:
    """The signed-in user; route policies have already refused anonymous visitors."""
    return cast(User, request.user)
