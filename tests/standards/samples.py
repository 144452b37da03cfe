"""Rows for the route-matrix samples (tests/route_samples.py) and for these tests.

Each function is idempotent: the route-matrix test calls them once per route in one database.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from lantern.accounts.models import Organisation
from lantern.standards import services
from lantern.standards.models import (
    CommentChannel,
    Consultation,
    ConsultationComment,
    Standard,
    StandardVersion,
)

URN = "SFJBMS05"


def loaded() -> Standard:
    services.standards_content_load()
    return Standard.objects.get(urn=URN)


def draft(org: Organisation | None = None) -> StandardVersion:
    standard = loaded()
    version = standard.versions.filter(status__in=["draft", "consultation"]).first()
    return version or services.version_draft_create(actor=None, standard=standard)


def consultation(org: Organisation | None = None) -> Consultation:
    version = draft()
    if version.status == "draft":
        today = timezone.localdate()
        return services.consultation_open(
            actor=None,
            version=version,
            opens_on=today,
            closes_on=today + timedelta(days=30),
            organisations=[org] if org else [],
        )
    found = Consultation.objects.get(version=version)
    if org is not None:
        found.organisations.add(org)
    return found


def comment(org: Organisation | None = None) -> ConsultationComment:
    found = consultation(org)
    existing = found.comments.first()
    return existing or services.comment_add(
        consultation=found,
        item=found.version.items.get(kind="pc", number="14"),
        body="Say who agrees the plan with the person.",
        channel=CommentChannel.LINK,
    )


# --- route-matrix sample factories: org -> URL kwargs ---


def standard_kwargs(org: Organisation) -> dict[str, Any]:
    loaded()
    return {"urn": URN}


def suite_kwargs(org: Organisation) -> dict[str, Any]:
    loaded()
    return {"slug": "addressing-modern-slavery"}


def version_kwargs(org: Organisation) -> dict[str, Any]:
    loaded()
    return {"urn": URN, "number": 1}


def draft_kwargs(org: Organisation) -> dict[str, Any]:
    return {"urn": URN, "number": draft(org).number}


def draft_item_kwargs(org: Organisation) -> dict[str, Any]:
    return {**draft_kwargs(org), "code": "PC14"}


def consultation_kwargs(org: Organisation) -> dict[str, Any]:
    return {"urn": URN, "number": consultation(org).version.number}


def comment_kwargs(org: Organisation) -> dict[str, Any]:
    found = comment(org)
    return {"urn": URN, "number": found.consultation.version.number, "comment_id": found.pk}


def link_kwargs(org: Organisation) -> dict[str, Any]:
    return {"token": consultation(org).link_token}
