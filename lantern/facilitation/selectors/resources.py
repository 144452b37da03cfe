"""The resource library: latest versions and who is up to date."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from lantern.accounts.models import User
from lantern.facilitation.models import (
    Facilitator,
    FacilitatorStatus,
    Programme,
    ResourceDocument,
    ResourceDownload,
    ResourceVersion,
)


@dataclass(frozen=True)
class LibraryRow:
    document: ResourceDocument
    latest: ResourceVersion | None
    up_to_date: list[User]
    behind: list[User]


def library(programme: Programme) -> list[LibraryRow]:
    documents = list(
        programme.resources.prefetch_related(
            Prefetch("versions", queryset=ResourceVersion.objects.select_related("uploaded_by"))
        )
    )
    members = [
        f.user
        for f in Facilitator.objects.filter(
            programme=programme, status=FacilitatorStatus.ACCREDITED
        ).select_related("user")
    ]
    latest_ids = {}
    for document in documents:
        versions = list(document.versions.all())
        latest_ids[document.pk] = versions[0].pk if versions else None
    have = set(
        ResourceDownload.objects.filter(
            version_id__in=[v for v in latest_ids.values() if v]
        ).values_list("version_id", "user_id")
    )
    out = []
    for document in documents:
        versions = list(document.versions.all())
        latest = versions[0] if versions else None
        up = [m for m in members if latest and (latest.pk, m.pk) in have]
        out.append(LibraryRow(document, latest, up, [m for m in members if m not in up]))
    return out
