"""Helpers shared by the selector modules."""

from __future__ import annotations

from collections.abc import Sequence
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
    lead as "not shown" when it is hidden: under 5, or the next smallest where it could be
    worked out from the total (``rules.hidden_cells``). Totals are not groups."""

    label: str
    count: int
    hidden: bool = False

    @property
    def suppressed(self) -> bool:
        return self.hidden

    @property
    def shown(self) -> str:
        return rules.NOT_SHOWN if self.hidden else str(self.count)


def protected(groups: Sequence[Group]) -> list[Group]:
    """Groups of a list whose total is shown, with the small ones and any that could be worked
    out from the total hidden. A group of nobody is left out unless it had to be hidden."""
    hidden = rules.hidden_in_list([g.count for g in groups])
    return in_order(
        [
            Group(g.label, g.count, i in hidden)
            for i, g in enumerate(groups)
            if g.count or i in hidden
        ]
    )


def in_order(groups: Sequence[Group]) -> list[Group]:
    """Largest shown group first, then the hidden ones by name: placing a hidden group by its
    size would tell a reader which shown numbers it is above or below."""
    return sorted(groups, key=lambda g: (g.hidden, 0 if g.hidden else -g.count, g.label))
