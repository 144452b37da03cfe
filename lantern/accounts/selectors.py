"""Reads for accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from lantern.accounts.audit_selectors import AuditFilters, audit_search
from lantern.accounts.models import (
    EMAIL_LINK_LIFETIME,
    EmailChange,
    Membership,
    Organisation,
    Session,
    User,
)
from lantern.core.models import AuditEvent
from lantern.core.roles import Role


def organisations_admined_by(user: User) -> QuerySet[Organisation]:
    if Role.PLATFORM_ADMIN in user.roles():
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.ORG_ADMIN
    ).distinct()


def memberships_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "team")
        .order_by("user__full_name", "role")
    )


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email=email.strip().lower()).first()


def membership_in(organisation: Organisation, membership_id: Any) -> Membership | None:
    return (
        Membership.objects.select_related("organisation", "user")
        .filter(pk=membership_id, organisation=organisation)
        .first()
    )


def member_of(organisation: Organisation, user_id: Any) -> User | None:
    """A person who holds a role in ``organisation``."""
    return User.objects.filter(pk=user_id, memberships__organisation=organisation).first()


def memberships_for_user(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "team")


def audit_events_visible_to(
    user: User, *, before_seq: int | None = None, limit: int = 50, area: str = ""
) -> list[AuditEvent]:
    """Newest first: the events ``user`` may read, as the audit log page finds them (the rule
    is ``audit_selectors.AuditScope``: a DPO sees their organisations' events, and events about
    no organisation only of people who were their members at the time). ``area`` keeps one
    kind of event (the part of the action before the dot: "case", "auth", ...)."""
    events = audit_search(user, AuditFilters(area=area)).events
    if before_seq is not None:
        events = events.filter(seq__lt=before_seq)
    return list(events[:limit])


def sessions_elsewhere_count(*, user: User, session_key: str | None) -> int:
    """How many of this person's sessions, other than this one, could still sign them in."""
    return (
        Session.others_of(user, session_key=session_key)
        .filter(expire_date__gt=timezone.now())
        .count()
    )


def email_used_by_another(email: str, *, user: User) -> bool:
    """Whether an account other than ``user``'s signs in with ``email`` (any letter case)."""
    return User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()


def email_change_pending(*, user: User) -> EmailChange | None:
    """The request whose link is waiting to be opened, if there is one."""
    since = timezone.now() - EMAIL_LINK_LIFETIME
    return (
        EmailChange.objects.filter(
            user=user, confirmed_at__isnull=True, superseded=False, created_at__gte=since
        )
        .order_by("-created_at")
        .first()
    )


def organisation_name_taken(name: str) -> bool:
    """Whether an organisation already has this name, whatever its letter case."""
    return Organisation.objects.filter(name__iexact=name.strip()).exists()
