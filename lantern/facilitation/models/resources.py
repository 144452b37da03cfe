"""The resource library: versioned documents and who has downloaded which version."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantern.facilitation.models.programmes import Programme


class ResourceKind(models.TextChoices):
    SLIDE_DECK = "slide_deck", _("Slide deck")
    HANDOUT = "handout", _("Handout")
    OTHER = "other", _("Other")


def resource_upload_to(instance: ResourceVersion, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"facilitation/{instance.document.programme_id}/{uuid.uuid4()}.{suffix}"


class ResourceDocument(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=12, choices=ResourceKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="resource_title_unique"),
            models.CheckConstraint(condition=Q(kind__in=ResourceKind.values), name="resource_kind"),
        ]

    def __str__(self) -> str:
        return self.title


class ResourceVersion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(
        ResourceDocument, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=resource_upload_to)
    original_name = models.CharField(max_length=200)
    size_bytes = models.PositiveIntegerField()
    notes = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="resource_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="resource_version_positive"),
        ]

    def __str__(self) -> str:
        return f"version {self.number}"


class ResourceDownload(models.Model):
    """Which version of a document each facilitator last took (to show who is up to date)."""

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="resource_download_once")
        ]

    def __str__(self) -> str:
        return f"download of {self.version_id}"
