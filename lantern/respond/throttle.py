"""The public decision API's rate limit (``lantern.core.throttle``), as a django-ninja throttle."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from lantern.core.throttle import WINDOW_SECONDS, within_limit


def decisions_per_minute() -> int:
    return int(settings.RESPOND_API_DECISIONS_PER_MINUTE)


class FixedWindowThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait = float(WINDOW_SECONDS)

    def allow_request(self, request: HttpRequest) -> bool:
        allowed, self._wait = within_limit(
            scope="respond:api",
            ip=request.META.get("REMOTE_ADDR"),
            per_minute=decisions_per_minute(),
        )
        return allowed

    def wait(self) -> float | None:
        return self._wait
