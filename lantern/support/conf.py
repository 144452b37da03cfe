"""Support settings (declared, with their environment variables, in lantern/config/settings.py)."""

from __future__ import annotations

from django.conf import settings


def _int(name: str) -> int:
    return int(getattr(settings, name))


def retention_days() -> int:
    """Days a closed case is kept before it is anonymised (organisational policy: ask your DPO).

    Default 6 years (2,192 days), a common retention period for support records in the UK.
    """
    return _int("SUPPORT_RETENTION_DAYS")


def break_glass_minutes() -> int:
    return _int("SUPPORT_BREAK_GLASS_MINUTES")


def case_list_page_size() -> int:
    return _int("SUPPORT_CASE_LIST_PAGE_SIZE")
