"""Service navigation by role. Apps register their items in AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from lantern.core.permissions import Policy


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    policy: Policy
    order: int = 50


_items: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    _items[item.key] = item


@lru_cache(maxsize=256)
def _href(url_name: str, urlconf: Any, prefix: str) -> str | None:
    """A navigation item's address: fixed for a URL map and script prefix (``reverse`` reads
    the prefix itself), so worked out once, not on every page."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def nav_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    items = []
    for item in sorted(_items.values(), key=lambda i: (i.order, i.label)):
        if not item.policy.allows(user):
            continue
        href = _href(item.url_name, get_urlconf(), get_script_prefix())
        if href is None:
            continue
        current = current_path == href or (href != "/" and current_path.startswith(href))
        items.append({"text": item.label, "href": href, "current": current})
    return items
