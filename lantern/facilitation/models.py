"""Facilitation: the train-the-trainer programme, its facilitators and their awareness sessions.

Concepts, in the order a programme runs (seed 004):
- Programme (e.g. a region) led by programme leads; Cohort of facilitator training (six
  sessions) whose trainees become Facilitators once a lead accredits them.
- Commitment per period (2-3 sessions, ~200 staff in the first year) with FollowUpActions.
- AwarenessSession (2.5 h, multi-agency) with public Bookings, a waitlist, attendance,
  self check-in and a Completion record per attendee.
- Evaluation: EvaluationResponse rows hold no link to a booking; EvaluationReceipt rows record
  that a booking has answered a phase. The two are never joined, so answers stay anonymous.
- Resource library (versioned documents) and the support space (announcements, threads, posts).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantern.accounts.models import Organisation, OrganisationType

COHORT_SESSION_COUNT = 6  # seed 004: "Trainer the Trainer Course - 6 sessions"


def new_token() -> str:
    """Unguessable token for public links (booking page, booking management, check-in)."""
    return secrets.token_urlsafe(24)


# No 0/O, 1/I/L, 5/S, 2/Z: a short code read aloud from a slide.
SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(6))


# --- Programme, cohorts and facilitators -------------------------------------------------------


class Programme(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=150, unique=True)
    region = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    leads = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="led_programmes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    """One run of the six-session facilitator training."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_per_programme")
        ]

    def __str__(self) -> str:
        return self.name


class FacilitatorStatus(models.TextChoices):
    TRAINING = "training", _("In training")
    ACCREDITED = "accredited", _("Accredited")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Facilitator(models.Model):
    """A person's place in a programme: a trainee in a cohort, then an accredited facilitator."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="facilitators")
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="trainees"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_roles"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="facilitators"
    )
    status = models.CharField(
        max_length=12, choices=FacilitatorStatus.choices, default=FacilitatorStatus.TRAINING
    )
    accredited_at = models.DateTimeField(null=True, blank=True)
    accredited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="facilitator_once_each"),
            models.CheckConstraint(
                condition=Q(status__in=FacilitatorStatus.values), name="facilitator_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="accredited") | Q(accredited_at__isnull=False),
                name="facilitator_accreditation_dated",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_accredited(self) -> bool:
        return self.status == FacilitatorStatus.ACCREDITED


class CohortAttendance(models.Model):
    """A trainee was present at one of the cohort's six training sessions."""

    facilitator = models.ForeignKey(
        Facilitator, on_delete=models.CASCADE, related_name="training_attendance"
    )
    session_number = models.PositiveSmallIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["facilitator", "session_number"], name="cohort_attendance_once"
            ),
            models.CheckConstraint(
                condition=Q(session_number__gte=1, session_number__lte=COHORT_SESSION_COUNT),
                name="cohort_session_number_range",
            ),
        ]

    def __str__(self) -> str:
        return f"session {self.session_number}"


# --- Commitments and follow-up actions --------------------------------------------------------


class Commitment(models.Model):
    """What a facilitator commits to in a period (defaults from seed 004, editable)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    facilitator = models.ForeignKey(
        Facilitator, on_delete=models.CASCADE, related_name="commitments"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    sessions_min = models.PositiveSmallIntegerField(default=2)
    sessions_max = models.PositiveSmallIntegerField(default=3)
    staff_target = models.PositiveIntegerField(default=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["facilitator", "starts_on"], name="commitment_one_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="commitment_period_positive"
            ),
            models.CheckConstraint(
                condition=Q(sessions_min__lte=F("sessions_max")) & Q(sessions_max__gte=1),
                name="commitment_sessions_range",
            ),
        ]

    def __str__(self) -> str:
        return f"commitment from {self.starts_on}"


class ActionKind(models.TextChoices):
    REVIEW_PROTOCOL = "review_protocol", _("Review your internal protocol")
    ESTABLISH_PATHWAY = "establish_pathway", _("Establish a referral pathway")
    PROMOTE_ELEARNING = "promote_elearning", _("Promote the e-learning")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class FollowUpAction(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=24, choices=ActionKind.choices)
    owner = models.CharField(max_length=150, help_text="Who in the organisation leads it")
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    evidence = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "kind"], name="action_once_per_kind"),
            models.CheckConstraint(condition=Q(kind__in=ActionKind.values), name="action_kind"),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status"
            ),
            # "Done" needs evidence: the steering group asks what changed.
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(evidence=""), name="action_done_has_evidence"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_overdue(self) -> bool:
        return self.status != ActionStatus.DONE and self.due_on < timezone.localdate()


# --- Awareness sessions, bookings and attendance ----------------------------------------------


class SessionScope(models.TextChoices):
    IN_BOROUGH = "in_borough", _("In-borough")
    CROSS_BOROUGH = "cross_borough", _("Cross-borough")


class SessionMode(models.TextChoices):
    VENUE = "venue", _("At a venue")
    ONLINE = "online", _("Online")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class AwarenessSession(models.Model):
    """A 2.5 hour multi-agency awareness session delivered by facilitators."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sessions")
    facilitator = models.ForeignKey(Facilitator, on_delete=models.PROTECT, related_name="sessions")
    co_facilitators = models.ManyToManyField(
        Facilitator, blank=True, related_name="co_facilitated_sessions"
    )
    title = models.CharField(max_length=150)
    scope = models.CharField(max_length=16, choices=SessionScope.choices)
    borough = models.CharField(max_length=100, blank=True)
    mode = models.CharField(max_length=8, choices=SessionMode.choices)
    venue = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField()
    waitlist_limit = models.PositiveIntegerField(default=20)
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    booking_token = models.CharField(max_length=64, unique=True, default=new_token)
    checkin_token = models.CharField(max_length=64, unique=True, default=new_token)
    checkin_code = models.CharField(max_length=6, unique=True, default=new_short_code)
    checkin_opens_at = models.DateTimeField(null=True, blank=True)
    checkin_closes_at = models.DateTimeField(null=True, blank=True)
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("2.50"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["programme", "starts_at"], name="fac_session_prog_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(scope__in=SessionScope.values), name="session_scope"
            ),
            models.CheckConstraint(condition=Q(mode__in=SessionMode.values), name="session_mode"),
            models.CheckConstraint(
                condition=(Q(mode="venue") & ~Q(venue="")) | (Q(mode="online") & ~Q(online_url="")),
                name="session_has_place",
            ),
            models.CheckConstraint(
                condition=Q(checkin_opens_at__isnull=True)
                | Q(checkin_closes_at__gt=F("checkin_opens_at")),
                name="session_checkin_window",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def place(self) -> str:
        return self.venue if self.mode == SessionMode.VENUE else "Online"

    def checkin_open_at(self, when: datetime | None = None) -> bool:
        when = when or timezone.now()
        return bool(
            self.checkin_opens_at
            and self.checkin_closes_at
            and self.checkin_opens_at <= when < self.checkin_closes_at
        )


class JobRole(models.TextChoices):
    """Broad frontline roles for reach reporting (PRODUCT.md, "Who uses it")."""

    POLICE = "police", _("Police officer or staff")
    NURSE_DOCTOR = "health", _("Nurse, doctor or other health professional")
    SOCIAL_WORKER = "social_work", _("Social worker or care professional")
    HOUSING = "housing", _("Housing officer")
    REGULATORY = "regulatory", _("Environmental health, trading standards or licensing officer")
    VOLUNTEER = "volunteer", _("Volunteer or support worker")
    MANAGER = "manager", _("Manager or safeguarding lead")
    OTHER = "other", _("Other")


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Booked")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Booking(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(AwarenessSession, on_delete=models.CASCADE, related_name="bookings")
    full_name = models.CharField(max_length=150)
    email = models.EmailField()
    organisation_name = models.CharField(max_length=200)
    org_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    job_role = models.CharField(max_length=16, choices=JobRole.choices)
    status = models.CharField(max_length=12, choices=BookingStatus.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    checked_in_by_self = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["session", "status", "created_at"], name="fac_booking_queue")
        ]
        constraints = [
            # One live booking per email address per session (a cancelled one may be rebooked).
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~Q(status="cancelled"),
                name="booking_one_live_per_email",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="booking_status"
            ),
            models.CheckConstraint(
                condition=Q(org_type__in=OrganisationType.values), name="booking_org_type"
            ),
            models.CheckConstraint(condition=Q(job_role__in=JobRole.values), name="booking_role"),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="booking_cancellation_dated",
            ),
            models.CheckConstraint(
                condition=Q(attended_at__isnull=True) | Q(status="confirmed"),
                name="booking_only_confirmed_attend",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_status_display()})"


class Completion(models.Model):
    """The record that a person attended an awareness session (CPD hours)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="completion")
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=2)
    completed_on = models.DateField()
    certificate_code = models.CharField(max_length=14, blank=True)

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.CheckConstraint(condition=Q(cpd_hours__gt=0), name="completion_hours_positive")
        ]

    def __str__(self) -> str:
        return f"completion {self.completed_on}"


# --- Evaluation --------------------------------------------------------------------------------


class EvaluationPhase(models.TextChoices):
    BEFORE = "pre", _("Before the session")
    AFTER = "post", _("After the session")


class EvaluationResponse(models.Model):
    """One anonymous answer sheet. Deliberately has no link to the booking or the person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        AwarenessSession, on_delete=models.CASCADE, related_name="evaluations"
    )
    phase = models.CharField(max_length=4, choices=EvaluationPhase.choices)
    instrument = models.CharField(max_length=60)
    knowledge_score = models.PositiveSmallIntegerField()
    knowledge_max = models.PositiveSmallIntegerField()
    confidence_identify = models.PositiveSmallIntegerField()
    confidence_respond = models.PositiveSmallIntegerField()
    confidence_refer = models.PositiveSmallIntegerField()
    # Kirkpatrick level 1 (after only): 1-5 agreement.
    reaction_relevant = models.PositiveSmallIntegerField(null=True, blank=True)
    reaction_delivery = models.PositiveSmallIntegerField(null=True, blank=True)
    reaction_recommend = models.PositiveSmallIntegerField(null=True, blank=True)
    comments = models.TextField(blank=True)
    answers = models.JSONField(default=dict)
    # Day only, not time: a timestamp next to the check-in time could re-identify a person.
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        indexes = [models.Index(fields=["session", "phase"], name="fac_eval_session_phase")]
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=EvaluationPhase.values), name="evaluation_phase"
            ),
            models.CheckConstraint(
                condition=Q(knowledge_score__lte=F("knowledge_max")),
                name="evaluation_score_within_max",
            ),
            models.CheckConstraint(
                condition=Q(confidence_identify__gte=1, confidence_identify__lte=5)
                & Q(confidence_respond__gte=1, confidence_respond__lte=5)
                & Q(confidence_refer__gte=1, confidence_refer__lte=5),
                name="evaluation_confidence_1_5",
            ),
            models.CheckConstraint(
                condition=Q(phase="pre")
                | (
                    Q(reaction_relevant__gte=1, reaction_relevant__lte=5)
                    & Q(reaction_delivery__gte=1, reaction_delivery__lte=5)
                    & Q(reaction_recommend__gte=1, reaction_recommend__lte=5)
                ),
                name="evaluation_reaction_after",
            ),
        ]

    def __str__(self) -> str:
        return f"evaluation ({self.phase})"


class EvaluationReceipt(models.Model):
    """That a booking has answered a phase (stops double answers; says nothing of the answers)."""

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="evaluation_receipts"
    )
    phase = models.CharField(max_length=4, choices=EvaluationPhase.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "phase"], name="evaluation_once_per_phase")
        ]

    def __str__(self) -> str:
        return f"receipt ({self.phase})"


# --- Resource library --------------------------------------------------------------------------


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


# --- Support space -----------------------------------------------------------------------------


class Announcement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(max_length=150)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Thread(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=150)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_post_at"]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="post_hidden_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"post {self.pk}"
