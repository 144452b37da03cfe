"""Lantern's Redis cache: Django's, with one client per pool (run when REDIS_URL is set)."""

from __future__ import annotations

import os
import uuid

import pytest

from lantern.core.cache import LanternRedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")


def test_values_round_trip_and_one_client_serves_every_call() -> None:
    cache = LanternRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"t-{uuid.uuid4()}"})
    cache.set("answer", {"score": 3}, 30)
    assert cache.get("answer") == {"score": 3}
    assert cache.get("missing", "default") == "default"
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool, one client
    cache.delete("answer")
    assert cache.get("answer") is None
