"""Reads of certificates, and of the places in the Open Badges revocation lists (ADR 11)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from lantern.learning.models import (
    Certificate,
    Enrolment,
)


def certificate_or_404(*, certificate_id: Any) -> Certificate:
    """A certificate with its enrolment; the caller checks who may download or revoke it."""
    return get_object_or_404(Certificate.objects.select_related("enrolment"), pk=certificate_id)


def certificate_of(*, enrolment: Enrolment) -> Certificate | None:
    return Certificate.objects.filter(enrolment=enrolment).first()


def certificate_by_code(*, code: str) -> Certificate | None:
    return Certificate.objects.filter(code=code).first()


def badge_indexed_count() -> int:
    """How many certificates have a place in the badge revocation lists."""
    return Certificate.objects.filter(status_index__isnull=False).count()


def badge_list_count() -> int:
    """How many revocation lists are published: enough that every placed index falls in one."""
    from lantern.learning.badges import LIST_BITS

    highest = (
        Certificate.objects.filter(status_index__isnull=False)
        .order_by("-status_index")
        .values_list("status_index", flat=True)
        .first()
    )
    allocated = 1 + badge_indexed_count() // (LIST_BITS // 2)
    return max(allocated, 1 + (highest or 0) // LIST_BITS)


def badge_revoked_positions(*, number: int) -> list[int]:
    """Places in list ``number`` whose certificates are revoked."""
    from lantern.learning.badges import LIST_BITS

    start = number * LIST_BITS
    indexes = Certificate.objects.filter(
        status="revoked", status_index__gte=start, status_index__lt=start + LIST_BITS
    ).values_list("status_index", flat=True)
    return [index - start for index in indexes if index is not None]
