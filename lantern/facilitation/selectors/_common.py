"""Helpers shared by the selector modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from lantern.facilitation import rules

ATTENDED = Q(bookings__attended_at__isnull=False)


def _n(obj: Any, name: str) -> int:
    """An annotated count (the annotations of session_queryset() are not in the model's type)."""
    return int(getattr(obj, name, 0) or 0)


@dataclass(frozen=True)
class Group:
    """A count of people in one group (a borough, a type of organisation, a role), shown to a
    lead only as "fewer than 5" when it is small (rules.shown_count). Totals are not groups."""

    label: str
    count: int

    @property
    def suppressed(self) -> bool:
        return rules.suppressed(self.count)

    @property
    def shown(self) -> str:
        return rules.shown_count(self.count)
