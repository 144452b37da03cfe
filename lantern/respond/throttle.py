"""A fixed-window rate limit for the public decision API, kept in Django's cache.

The key is a keyed hash of the client address (no addresses in the cache). Behind a proxy the
address is the proxy's unless the deployment sets REMOTE_ADDR from a trusted header; we never
trust X-Forwarded-For here, since a client could set it to dodge the limit.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from lantern.core.audit import ip_fingerprint

WINDOW_SECONDS = 60


def decisions_per_minute() -> int:
    return int(settings.RESPOND_API_DECISIONS_PER_MINUTE)


class FixedWindowThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait = float(WINDOW_SECONDS)

    def allow_request(self, request: HttpRequest) -> bool:
        limit = decisions_per_minute()
        if limit <= 0:
            return True  # 0 turns the limit off (benchmarks only)
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        key = f"respond:api:{ip_fingerprint(request.META.get('REMOTE_ADDR'))}:{window}"
        cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
        self._wait = (window + 1) * WINDOW_SECONDS - now
        return count <= limit

    def wait(self) -> float | None:
        return self._wait
