"""Service navigation by role. Apps register their items in AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

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


def nav_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    items = []
    for item in sorted(_items.values(), key=lambda i: (i.order, i.label)):
        if not item.policy.allows(user):
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = current_path == href or (href != "/" and current_path.startswith(href))
        items.append({"text": item.label, "href": href, "current": current})
    return items
