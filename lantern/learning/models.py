"""Courses (validated content), enrolments, progress, attempts, answers, scenario choices,
confidence ratings, certificates, refreshers, xAPI statements, and launches from other learning
management systems (cmi5)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lantern.core.crypto import EncryptedTextField


class Course(models.Model):
    """One imported version of a course. ``spec`` is the importer's validated dict."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    version = models.PositiveIntegerField()
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=2)
    content_hash = models.CharField(max_length=64)
    spec = models.JSONField()
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Enrolment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    pathway = models.CharField(max_length=40)
    # Where the learner worked when they enrolled: what cohort reports group by.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    last_unit = models.CharField(max_length=120, blank=True)
    last_active_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_one_per_course")
        ]
        indexes = [models.Index(fields=["organisation", "pathway"])]

    def __str__(self) -> str:
        return f"enrolment {self.pk}"


class UnitProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    unit = models.CharField(max_length=120)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveIntegerField(null=True, blank=True)
    max_score = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "unit"], name="progress_one_per_unit")
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class AttemptKind(models.TextChoices):
    PRE = "pre", "Before the course"
    POST = "post", "After the course"
    QUIZ = "quiz", "Module questions"
    REFRESHER = "refresher", "Refresher"


class Attempt(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(max_length=12, choices=AttemptKind.choices)
    unit = models.CharField(max_length=120, blank=True)
    items = models.JSONField()
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveIntegerField(null=True, blank=True)
    max_score = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AttemptKind.values), name="attempt_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["enrolment", "kind"],
                condition=Q(kind__in=["pre", "post"]),
                name="attempt_one_pre_one_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=120)
    selected = models.JSONField()
    correct = models.BooleanField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="answer_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ScenarioRun(models.Model):
    """One play-through of a branching case study. Restarting starts a new run."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="runs")
    unit = models.CharField(max_length=120)
    node = models.CharField(max_length=80)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ending = models.CharField(max_length=80, blank=True)
    score = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ScenarioChoice(models.Model):
    """Every choice a learner makes, in order."""

    run = models.ForeignKey(ScenarioRun, on_delete=models.CASCADE, related_name="choices")
    seq = models.PositiveIntegerField()
    node = models.CharField(max_length=80)
    choice = models.CharField(max_length=80)
    to_node = models.CharField(max_length=80)
    points = models.IntegerField(default=0)
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["run", "seq"], name="scenario_choice_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ConfidenceRating(models.Model):
    """Self-rated confidence (1-5) to identify, respond and refer, before and after."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="confidence")
    phase = models.CharField(
        max_length=4, choices=[(AttemptKind.PRE, "Before"), (AttemptKind.POST, "After")]
    )
    identify = models.PositiveSmallIntegerField()
    respond = models.PositiveSmallIntegerField()
    refer = models.PositiveSmallIntegerField()
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "phase"], name="confidence_one_per_phase"),
            models.CheckConstraint(
                condition=Q(identify__gte=1, identify__lte=5)
                & Q(respond__gte=1, respond__lte=5)
                & Q(refer__gte=1, refer__lte=5),
                name="confidence_one_to_five",
            ),
            models.CheckConstraint(condition=Q(phase__in=["pre", "post"]), name="confidence_phase"),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", "Valid"
    REVOKED = "revoked", "Revoked"


class Certificate(models.Model):
    """What the certificate says is a snapshot, so that later edits never change it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=14, unique=True)
    # A course certificate has an enrolment; an attended awareness session (facilitation) has
    # none: it is identified by ``source_ref`` instead.
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="certificate", null=True, blank=True
    )
    source_ref = models.CharField(max_length=120, blank=True)
    # Whose admins may revoke it: the learner's organisation, or the one that ran the session.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    full_name = models.CharField(max_length=150)
    course_title = models.CharField(max_length=200)
    pathway_title = models.CharField(max_length=120)
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=2)
    issued_on = models.DateField()
    status = models.CharField(
        max_length=8, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)
    # Its place in the published revocation lists of Open Badges (ADR 11), chosen at random when
    # its badge is first made: a verifier learns nothing from it about other certificates.
    status_index = models.PositiveIntegerField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CertificateStatus.values), name="certificate_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="valid", revoked_at__isnull=True)
                | Q(status="revoked", revoked_at__isnull=False),
                name="certificate_revocation_dated",
            ),
            models.CheckConstraint(
                condition=Q(enrolment__isnull=False) | ~Q(source_ref=""),
                name="certificate_has_an_origin",
            ),
            models.UniqueConstraint(
                fields=["source_ref"],
                condition=~Q(source_ref=""),
                name="certificate_one_per_source",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Refresher(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="refreshers")
    months = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    notified_at = models.DateTimeField(null=True, blank=True)
    attempt = models.OneToOneField(
        Attempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="refresher"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveIntegerField(null=True, blank=True)
    max_score = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "months"], name="refresher_one_per_interval"
            ),
            models.CheckConstraint(condition=Q(months__in=[1, 3, 6]), name="refresher_months"),
        ]
        indexes = [models.Index(fields=["due_on", "notified_at"])]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class LearnerPseudonym(models.Model):
    """The opaque id that stands for a person in xAPI statements (never their email)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_pseudonym"
    )
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Statement(models.Model):
    """An xAPI 2.0 statement, stored first; forwarded to an external LRS when one is set."""

    id = models.UUIDField(primary_key=True, editable=False)
    actor_key = models.UUIDField(db_index=True)
    verb = models.CharField(max_length=40)
    object_id = models.CharField(max_length=300)
    payload = models.JSONField()
    stored_at = models.DateTimeField(default=timezone.now)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    forward_attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["stored_at"]
        indexes = [models.Index(fields=["forwarded_at", "stored_at"])]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class LmsConnection(models.Model):
    """A learning management system an organisation lets launch Lantern's courses (cmi5).

    Only launches whose xAPI endpoint and fetch address are under ``endpoint`` are accepted,
    and every learner it launches becomes a learner of ``organisation`` and nothing more."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="lms_connections"
    )
    name = models.CharField(max_length=120)
    endpoint = models.URLField(max_length=300)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Removed by an admin: it launches nothing and is not listed, but the accounts it made, their
    # learning and the statements owed to the LMS stay (ADR 41).
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LmsLearner(models.Model):
    """The Lantern account that stands for one learner of one LMS (its cmi5 actor's account)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    connection = models.ForeignKey(LmsConnection, on_delete=models.CASCADE, related_name="learners")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lms_learner"
    )
    account_homepage = models.CharField(max_length=300)
    account_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "account_homepage", "account_name"],
                name="lms_learner_one_per_account",
            )
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class LmsSession(models.Model):
    """One launch of a course from an LMS: what the LMS said and where statements go."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    learner = models.ForeignKey(LmsLearner, on_delete=models.CASCADE, related_name="sessions")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    registration = models.UUIDField()
    activity_id = models.CharField(max_length=500)
    actor = models.JSONField()
    endpoint = models.URLField(max_length=300)
    auth_token = EncryptedTextField()
    context_template = models.JSONField()
    launch_mode = models.CharField(max_length=10)
    mastery_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    return_url = models.URLField(max_length=1000, blank=True)
    launched_at = models.DateTimeField(default=timezone.now)
    terminated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-launched_at"]
        indexes = [models.Index(fields=["learner", "course", "terminated_at"])]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class LmsStatement(models.Model):
    """A cmi5 statement for the LMS's record store, kept until it is accepted."""

    id = models.UUIDField(primary_key=True, editable=False)
    session = models.ForeignKey(LmsSession, on_delete=models.CASCADE, related_name="statements")
    verb = models.CharField(max_length=20)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["session", "sent_at"])]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"
