"""Shared fixtures. No cache clearing here: with REDIS_URL set the cache may be a shared server."""
