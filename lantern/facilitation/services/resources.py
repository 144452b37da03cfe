"""The resource library: uploading versions and recording downloads."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.facilitation.models import (
    Programme,
    ResourceDocument,
    ResourceDownload,
    ResourceVersion,
)


@transaction.atomic
def resource_upload(
    *,
    actor: User,
    programme: Programme,
    title: str,
    kind: str,
    upload: UploadedFile,
    notes: str = "",
) -> ResourceVersion:
    document, _ = ResourceDocument.objects.get_or_create(
        programme=programme, title=title.strip(), defaults={"kind": kind}
    )
    document = ResourceDocument.objects.select_for_update().get(pk=document.pk)
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = ResourceVersion(
        document=document,
        number=number,
        original_name=(upload.name or "file")[:200],
        size_bytes=upload.size or 0,
        notes=notes.strip(),
        uploaded_by=actor,
    )
    version.file.save(upload.name or "file", upload, save=False)
    version.save(force_insert=True)
    audit_record(
        action="facilitation.resource_uploaded",
        actor=actor,
        obj=version,
        detail={"document": str(document.pk), "version": number},
    )
    return version


def resource_download_record(*, user: User, version: ResourceVersion) -> None:
    ResourceDownload.objects.get_or_create(version=version, user=user)
