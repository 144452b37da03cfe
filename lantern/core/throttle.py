"""A fixed-window rate limit per client address, kept in Django's cache (Redis in production).

The key is a keyed hash of the client address (no addresses in the cache). Behind a proxy the
address is the proxy's unless the deployment sets REMOTE_ADDR from a trusted header; we never
trust X-Forwarded-For here, since a client could set it to dodge the limit.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from lantern.core.audit import ip_fingerprint

WINDOW_SECONDS = 60


def within_limit(*, scope: str, ip: str | None, per_minute: int) -> tuple[bool, float]:
    """Count one request of ``scope`` from ``ip``: whether it is within ``per_minute``, and the
    seconds until the window ends. A limit of 0 or less turns the limit off."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    wait = (window + 1) * WINDOW_SECONDS - now
    if per_minute <= 0:
        return True, wait
    key = f"{scope}:{ip_fingerprint(ip)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    return count <= per_minute, wait
