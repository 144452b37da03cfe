"""Support settings with safe defaults. Settings win; then the environment; then the default."""

from __future__ import annotations

import os

from django.conf import settings


def _int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name) or default
    return int(value)


def retention_days() -> int:
    """Days a closed case is kept before it is anonymised (organisational policy: ask your DPO).

    Default 6 years (2,192 days), a common retention period for support records in the UK.
    """
    return _int("SUPPORT_RETENTION_DAYS", 2192)


def break_glass_minutes() -> int:
    return _int("SUPPORT_BREAK_GLASS_MINUTES", 60)


def case_list_page_size() -> int:
    return _int("SUPPORT_CASE_LIST_PAGE_SIZE", 50)
