"""Reads for launches from another LMS (cmi5), and for the admins who register the LMSs."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import CharField, Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from lantern.accounts.models import Organisation, User
from lantern.core.permissions import object_for
from lantern.learning.models import LmsConnection, LmsLearner, LmsSession, LmsStatement


def lms_connection_for_launch(*, connection_id: UUID) -> LmsConnection:
    """The connection a launch names: it must exist and be turned on."""
    connection = (
        LmsConnection.objects.select_related("organisation")
        .filter(pk=connection_id, active=True, removed_at__isnull=True)
        .first()
    )
    if connection is None:
        raise Http404("No LMS with this address may launch Lantern's courses")
    return connection


def lms_session_of(*, user: Any, session_id: Any) -> LmsSession | None:
    """The browser's LMS session, only if it is the signed-in learner's own."""
    try:
        key = UUID(session_id)
    except (TypeError, ValueError):
        return None
    return (
        LmsSession.objects.select_related("learner__connection")
        .filter(pk=key, learner__user_id=user.pk)
        .first()
    )


def _counted(connections: QuerySet[LmsConnection]) -> QuerySet[LmsConnection]:
    """Each connection with its launches, learners, statements waiting for the LMS and the
    latest error sending them: one query, each figure a subquery, so no row multiplies."""

    def count(queryset: QuerySet[Any], link: str) -> Coalesce:
        per_connection = (
            queryset.filter(**{link: OuterRef("pk")})
            .order_by()
            .values(link)
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(per_connection, output_field=IntegerField()), 0)

    errors = (
        LmsStatement.objects.filter(session__learner__connection=OuterRef("pk"))
        .exclude(last_error="")
        .order_by("-created_at")
        .values("last_error")[:1]
    )
    return connections.select_related("organisation").annotate(
        launches=count(LmsSession.objects.all(), "learner__connection"),
        learner_count=count(LmsLearner.objects.all(), "connection"),
        waiting=count(
            LmsStatement.objects.filter(sent_at__isnull=True), "session__learner__connection"
        ),
        last_error=Subquery(errors, output_field=CharField()),
    )


def lms_organisations_for_admin(*, user: User) -> QuerySet[Organisation]:
    """The organisations where ``user`` may add an LMS (all of them for a platform admin)."""
    from lantern.accounts.selectors import organisations_admined_by

    return organisations_admined_by(user).order_by("name")


def lms_connections_for_admin(*, user: User) -> list[tuple[Organisation, list[LmsConnection]]]:
    """The organisations ``user`` admins, each with its LMS connections and their figures
    (``launches``, ``learner_count``, ``waiting``, ``last_error``). Two queries."""
    organisations = list(lms_organisations_for_admin(user=user))
    by_org: dict[Any, list[LmsConnection]] = {org.pk: [] for org in organisations}
    for connection in _counted(
        LmsConnection.objects.filter(
            organisation__in=organisations, removed_at__isnull=True
        ).order_by("name")
    ):
        by_org[connection.organisation_id].append(connection)
    return [(org, by_org[org.pk]) for org in organisations]


def lms_organisation_for_new(*, user: User, org_id: UUID) -> Organisation:
    """The organisation an LMS is to be added to, if ``user`` admins it (404 otherwise)."""
    return object_for(user, "add_lms", Organisation, pk=org_id)


def lms_connection_for(*, user: User, connection_id: UUID, action: str = "manage") -> LmsConnection:
    """One connection with its figures, if ``user`` may take ``action`` on it and it has not
    been removed (404 otherwise)."""
    return object_for(
        user,
        action,
        _counted(LmsConnection.objects.filter(removed_at__isnull=True)),
        pk=connection_id,
    )
