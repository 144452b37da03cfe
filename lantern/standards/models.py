"""NOS suites, standards and their versions, criteria and knowledge items, glossary terms,
consultations and comments, and what other apps declare they cover.

A ``Standard`` is the stable identity (its URN); each ``StandardVersion`` is one text of it.
Items are numbered as in the published standard and are referred to across Lantern by their
reference (``SFJBMS05.PC14``), which stays the same from one version to the next. See
docs/adr/0010-standards-data-model-and-case.md.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantern.standards.refs import item_code, make_ref


class Suite(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    developed_by = models.CharField(max_length=200)
    description = models.TextField()
    planned = models.CharField(max_length=200, blank=True)
    unconfirmed_note = models.TextField(blank=True)
    source = models.TextField()
    reviewed_on = models.DateField()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Standard(models.Model):
    """The identity of a National Occupational Standard, shared by all its versions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    urn = models.CharField(max_length=20, unique=True)
    suite = models.ForeignKey(
        Suite, on_delete=models.PROTECT, null=True, blank=True, related_name="standards"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "urn"]

    def __str__(self) -> str:
        return self.urn


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VersionOrigin(models.TextChoices):
    CONTENT = "content", _("Imported from content/standards")
    LANTERN = "lantern", _("Drafted in Lantern")


class StandardVersion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices)
    # Exactly one version of a standard is current: the one Lantern maps to and shows first.
    is_current = models.BooleanField(default=False)
    origin = models.CharField(max_length=10, choices=VersionOrigin.choices)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=300)
    overview = models.TextField()
    developed_by = models.CharField(max_length=200)
    pc_intro = models.CharField(max_length=200)
    k_intro = models.CharField(max_length=200)
    # NOS dates are published to the month: these hold the first day of that month.
    approved_on = models.DateField(null=True, blank=True)
    indicative_review_on = models.DateField(null=True, blank=True)
    validity = models.CharField(max_length=40, blank=True)
    nos_status = models.CharField(max_length=40, blank=True)
    originating_organisation = models.CharField(max_length=200, blank=True)
    relevant_occupations = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    change_summary = models.TextField(blank=True)
    source = models.TextField(blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_changed_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["standard", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="std_version_unique"),
            models.UniqueConstraint(
                fields=["standard"], condition=Q(is_current=True), name="std_one_current_version"
            ),
            # One version at a time is being worked on (draft or in consultation).
            models.UniqueConstraint(
                fields=["standard"],
                condition=Q(status__in=["draft", "consultation"]),
                name="std_one_open_version",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VersionStatus.values), name="std_version_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(status="approved"),
                name="std_current_is_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.urn} version {self.number}"

    @property
    def urn(self) -> str:
        return self.standard.urn

    @property
    def is_published(self) -> bool:
        """Approved and withdrawn texts are public; drafts are seen by authors and consultees."""
        return self.status in {VersionStatus.APPROVED, VersionStatus.WITHDRAWN}

    @property
    def is_editable(self) -> bool:
        return self.status in {VersionStatus.DRAFT, VersionStatus.CONSULTATION}

    def review_overdue(self, today: date | None = None) -> bool:
        if self.indicative_review_on is None or self.status != VersionStatus.APPROVED:
            return False
        day = today or timezone.localdate()
        # A review is due by the end of the month named.
        due = self.indicative_review_on
        first_of_next = due.replace(year=due.year + (due.month == 12), month=due.month % 12 + 1)
        return day >= first_of_next


class ItemKind(models.TextChoices):
    PERFORMANCE = "pc", _("Performance criterion")
    KNOWLEDGE = "k", _("Knowledge and understanding")


class StandardItem(models.Model):
    """A performance criterion or knowledge item (or one of their numbered sub-items)."""

    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=2, choices=ItemKind.choices)
    number = models.CharField(max_length=10)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    text = models.TextField()
    position = models.PositiveIntegerField()

    class Meta:
        # "pc" sorts after "k": descending kind puts performance criteria first, as published.
        ordering = ["version", "-kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "number"], name="std_item_number_unique"
            ),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="std_item_kind"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return item_code(self.kind, self.number)

    @property
    def ref(self) -> str:
        return make_ref(self.version.standard.urn, self.kind, self.number)


class GlossaryTerm(models.Model):
    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(max_length=200)
    definition = models.TextField(help_text="Markdown")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "term"], name="std_glossary_term_unique")
        ]

    def __str__(self) -> str:
        return self.term


class Consultation(models.Model):
    """A consultation on a draft version. Consultees are invited organisations (their signed-in
    members comment) and anyone holding the link token."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.OneToOneField(
        StandardVersion, on_delete=models.CASCADE, related_name="consultation"
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    introduction = models.TextField(blank=True)
    link_token = models.CharField(max_length=64, unique=True)
    organisations = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="standards_consultations"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="std_consultation_dates"
            )
        ]

    def __str__(self) -> str:
        return f"Consultation on {self.version}"

    def is_open(self, today: date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= day <= self.closes_on


class CommentChannel(models.TextChoices):
    ORGANISATION = "organisation", _("Invited organisation")
    LINK = "link", _("Consultation link")


class ResponseDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class ConsultationComment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    # Empty when the comment is on the standard as a whole.
    item = models.ForeignKey(
        StandardItem, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    # The item's text when the comment was made: a draft's wording can still change during the
    # consultation, and the comment must be read against what the consultee saw.
    item_text = models.TextField(blank=True)
    body = models.TextField()
    channel = models.CharField(max_length=20, choices=CommentChannel.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What a consultee who came by link tells us about themselves (optional).
    respondent_name = models.CharField(max_length=150, blank=True)
    respondent_organisation = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=20, choices=ResponseDecision.choices, blank=True)
    reason = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision="") & Q(reason=""))
                | (Q(decision__in=ResponseDecision.values) & ~Q(reason="")),
                name="std_comment_response_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=CommentChannel.values), name="std_comment_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk}"

    @property
    def has_response(self) -> bool:
        return bool(self.decision)

    @property
    def from_name(self) -> str:
        """The name the consultee gave, or the name of their Lantern account."""
        if self.respondent_name:
            return self.respondent_name
        return self.author.full_name if self.author is not None else ""

    @property
    def from_organisation(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return self.respondent_organisation

    @property
    def earlier_wording(self) -> str:
        """The item's text the comment was made on, when the item has changed since."""
        if self.item is None or not self.item_text or self.item_text == self.item.text:
            return ""
        return self.item_text


class CoverageKind(models.TextChoices):
    TEACHES = "teaches", _("Teaches")
    ASSESSES = "assesses", _("Assesses")
    RECORDS = "records", _("Records in practice")


class CoverageClaim(models.Model):
    """One content item of another app declaring that it teaches, assesses or records a
    standards item. Written only through lantern.standards.coverage.register_coverage."""

    item_ref = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=CoverageKind.choices)
    target_ref = models.CharField(max_length=40, db_index=True)
    label = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["target_ref", "kind", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["item_ref", "kind", "target_ref"], name="std_coverage_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CoverageKind.values), name="std_coverage_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_ref} {self.kind} {self.target_ref}"
