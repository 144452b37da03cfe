"""Helpers shared by the selector modules."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

ATTENDED = Q(bookings__attended_at__isnull=False)


def _n(obj: Any, name: str) -> int:
    """An annotated count (the annotations of session_queryset() are not in the model's type)."""
    return int(getattr(obj, name, 0) or 0)
