"""Local services in the directory. Each belongs to the organisation whose admins keep it up to
date. National lines are content (content/directory/), not rows."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from lantern.accounts.models import Organisation
from lantern.core.phones import tel_href
from lantern.directory import rules
from lantern.directory.languages import spoken_name


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="directory_services"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=rules.MAX_DESCRIPTION)
    categories = models.JSONField(default=list)
    areas = models.TextField(max_length=1000, help_text="One area a line.")
    languages = models.JSONField(default=list, blank=True)
    access = models.CharField(max_length=20, choices=list(rules.ACCESS.items()))
    how_to_refer = models.CharField(max_length=400, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    hours = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=list(rules.STATUSES.items()), default="active")
    # The entry's id in the Open Referral (HSDS) file it was imported from, if it was: a second
    # import of the same file updates the entry instead of adding another.
    external_id = models.CharField(max_length=100, blank=True, default="")
    checked_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~models.Q(external_id=""),
                name="directory_service_external_id_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(phone="") | ~models.Q(email="") | ~models.Q(website=""),
                name="directory_service_has_a_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(access__in=list(rules.ACCESS)),
                name="directory_service_access_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=list(rules.STATUSES)),
                name="directory_service_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def area_list(self) -> list[str]:
        return rules.area_lines(self.areas)

    @property
    def tel(self) -> str:
        return tel_href(self.phone)

    def category_labels(self) -> list[str]:
        return [rules.CATEGORIES.get(c, c) for c in self.categories]

    def language_labels(self) -> list[str]:
        return [spoken_name(c) for c in self.languages]

    def access_label(self) -> str:
        return rules.ACCESS.get(self.access, "")

    @property
    def needs_review(self) -> bool:
        return rules.needs_review(self.checked_at, timezone.now())
