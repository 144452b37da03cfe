"""Users, organisations, teams, memberships (roles per organisation), sessions and changes of
email address."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantern.core.prepared import instance, loaded_fields
from lantern.core.roles import Role


class OrganisationType(models.TextChoices):
    POLICE = "police", _("Police")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    NCA = "nca", _("National Crime Agency")
    GLAA = "glaa", _("Gangmasters and Labour Abuse Authority")
    HOME_OFFICE = "home_office", _("Home Office")
    HSC_TRUST = "hsc_trust", _("Health and Social Care Trust (Northern Ireland)")
    NGO_FIRST_RESPONDER = "ngo_first_responder", _("Charity that is a first responder")
    NGO = "ngo", _("Charity or voluntary organisation")
    HEALTH = "health", _("Health (NHS or other)")
    BUSINESS = "business", _("Business")
    EDUCATION = "education", _("School, college or university")
    OTHER = "other", _("Other")


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


class Organisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    org_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    nation = models.CharField(max_length=20, choices=Nation.choices)
    region = models.CharField(max_length=100, blank=True)
    borough = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            # "CAMDEN COUNCIL" and "Camden Council" are one organisation: names are unique
            # whatever their letter case.
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_name_unique_any_case",
                violation_error_message="An organisation with this name already exists",
            ),
            models.CheckConstraint(
                condition=models.Q(org_type__in=OrganisationType.values), name="org_type_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(nation__in=Nation.values), name="org_nation_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


def roles_held(user_column: str) -> Coalesce:
    """The roles a user holds, joined with commas ("" for none), as a subquery on the outer
    query's ``user_column``: read with the user, in the same query (ADR 8)."""
    held = (
        Membership.objects.filter(user=models.OuterRef(user_column))
        .order_by()
        .values("user")
        .annotate(joined=models.StringAgg("role", delimiter=models.Value(",")))
        .values("joined")
    )
    return Coalesce(models.Subquery(held), models.Value(""), output_field=models.TextField())


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def with_roles(self) -> models.QuerySet[User]:
        """Users with the roles they hold read in the same query (see ``User.roles``)."""
        return self.get_queryset().annotate(roles_joined=roles_held("pk"))

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        """Creates a user who is a platform admin of the platform organisation."""
        from lantern.accounts.services import platform_admin_create

        return platform_admin_create(
            email=email, password=password, full_name=extra.get("full_name", "")
        )


# Titles that come before a name: a greeting uses the first name after them.
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "revd",
        "reverend",
        "fr",
        "sr",
    ]
)


class User(AbstractBaseUser):
    """A person who signs in. Identified by email; UUID primary key (safe in URLs and logs)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    @property
    def email_deliverable(self) -> bool:
        """False for an address on the reserved ``.invalid`` domain (RFC 2606), such as the
        accounts that stand for learners launched from another LMS: nothing is sent there."""
        return not self.email.endswith(".invalid")

    def get_short_name(self) -> str:
        """The name to greet someone by: their first name, after any title ("Dr Albert Carter"
        is greeted as Albert), or their whole name when it is only a title and a surname."""
        words = self.full_name.split()
        given = words[:]
        while given and given[0].rstrip(".").lower() in HONORIFICS:
            given.pop(0)
        if len(given) >= 2 or (given and given == words):
            return given[0]
        return self.full_name or self.email

    def roles(self) -> frozenset[str]:
        """Roles held in any organisation, cached on this instance for the request."""
        cached: frozenset[str] | None = getattr(self, "_lantern_roles", None)
        if cached is None:
            if "roles_joined" in self.__dict__:  # read with the user: UserManager.with_roles()
                cached = frozenset(r for r in self.__dict__.pop("roles_joined").split(",") if r)
            else:
                cached = frozenset(self.memberships.order_by().values_list("role", flat=True))
            self._lantern_roles = cached
        return cached

    def roles_in(self, organisation_id: Any) -> frozenset[str]:
        return frozenset(
            m.role for m in self.memberships.all() if m.organisation_id == organisation_id
        )

    def forget_roles(self) -> None:
        self.__dict__.pop("_lantern_roles", None)


class Membership(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.role} at {self.organisation_id}"


class Session(AbstractBaseSession):
    """A browser's session, kept in the database with the person it signs in.

    Reading the session, the person and the roles they hold is one query
    (``lantern.accounts.sessions``), and every session of a person can be found and ended."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=True
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"

    @classmethod
    def others_of(cls, user: User, *, session_key: str | None) -> models.QuerySet[Session]:
        """This person's sessions other than the one with ``session_key`` (the current one)."""
        return cls.objects.filter(user=user).exclude(session_key=session_key or "")

    @classmethod
    def get_session_store_class(cls) -> Any:
        from lantern.accounts.sessions import SessionStore

        return SessionStore


EMAIL_LINK_LIFETIME = timedelta(hours=24)  # how long a link to confirm a new address works


class EmailChange(models.Model):
    """A person's request to sign in with a new email address, confirmed by a link sent there.

    Only a hash of the link's token is kept. A newer request supersedes an older one, whose
    link then no longer works; rows are kept for a week (so that requests can be counted and a
    notice retried) and then cleared."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # An organisation admin who asked on the person's behalf (their address changed at work).
    # The person still confirms it, signed in as themselves: an admin cannot move an account.
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    new_email = models.EmailField()
    old_email = models.EmailField(blank=True)  # set when confirmed, for the notice sent there
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    superseded = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"email change {self.pk}"

    @staticmethod
    def hash_token(token: str) -> str:
        """What is kept of a link's token: its SHA-256, so the table cannot confirm a change."""
        return hashlib.sha256(token.encode()).hexdigest()


USER_FIELDS = loaded_fields(User)


def user_with_roles_from(values: Any) -> User:
    """A user built from a row of ``USER_FIELDS`` then ``roles_joined`` (a prepared read of
    ``UserManager.with_roles`` or of a session joined to its user)."""
    *fields, roles = values
    user: User = instance(User, USER_FIELDS, fields)
    user.roles_joined = roles  # type: ignore[attr-defined]
    return user
