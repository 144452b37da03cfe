"""One record by its id, for a person allowed to act on it: read, then the object rule checked.

Each returns the record or raises Http404: a record that does not exist and one the person may
not act on look the same (the permissions gateway answers 404, never 403)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from lantern.accounts.models import User
from lantern.core.permissions import require
from lantern.facilitation.models import (
    AwarenessSession,
    Cohort,
    Commitment,
    Facilitator,
    FacilitatorStatus,
    FollowUpAction,
    Post,
    Programme,
    ResourceVersion,
    Thread,
)
from lantern.facilitation.selectors.sessions import session_queryset


def _allowed[M: Model](user: User, action: str, records: type[M] | QuerySet[M], pk: Any) -> M:
    record = get_object_or_404(records, pk=pk)
    require(user, action, record)
    return record


def programme_for(user: User, programme_id: Any, action: str) -> Programme:
    return _allowed(user, action, Programme, programme_id)


def cohort_for(user: User, cohort_id: Any) -> Cohort:
    return _allowed(user, "manage", Cohort.objects.select_related("programme"), cohort_id)


def cohort_invited_to(cohort_id: Any) -> Cohort | None:
    """The cohort a signed invitation names. The signature is the permission: only the person
    the invitation was sent to can use it (``facilitation.invitations``)."""
    return Cohort.objects.select_related("programme").filter(pk=cohort_id).first()


def facilitator_for(user: User, facilitator_id: Any, action: str) -> Facilitator:
    records = Facilitator.objects.select_related("user", "organisation")
    return _allowed(user, action, records, facilitator_id)


def commitment_for(user: User, commitment_id: Any) -> Commitment:
    records = Commitment.objects.select_related("facilitator__user", "facilitator__programme")
    return _allowed(user, "edit", records, commitment_id)


def follow_up_for(user: User, action_id: Any) -> FollowUpAction:
    records = FollowUpAction.objects.select_related("commitment__facilitator")
    return _allowed(user, "edit", records, action_id)


def session_for(user: User, session_id: Any, action: str = "manage") -> AwarenessSession:
    """``manage`` (see, check in, register) or ``change`` (change details, cancel)."""
    return _allowed(user, action, session_queryset(), session_id)


def resource_version_for(user: User, version_id: Any) -> ResourceVersion:
    records = ResourceVersion.objects.select_related("document")
    return _allowed(user, "download", records, version_id)


def thread_for(user: User, thread_id: Any) -> Thread:
    return _allowed(user, "view", Thread.objects.select_related("programme"), thread_id)


def post_for(user: User, post_id: Any) -> Post:
    return _allowed(user, "moderate", Post.objects.select_related("thread"), post_id)


def accredited_records(user: User) -> QuerySet[Facilitator]:
    """The person's accredited facilitator records (one per programme)."""
    return Facilitator.objects.filter(
        user=user, status=FacilitatorStatus.ACCREDITED
    ).select_related("programme", "organisation")


def co_facilitators(user: User) -> QuerySet[Facilitator]:
    """Accredited colleagues on the person's programmes, who can co-deliver a session."""
    return (
        Facilitator.objects.filter(
            programme__in=accredited_records(user).values("programme"),
            status=FacilitatorStatus.ACCREDITED,
        )
        .exclude(user=user)
        .select_related("user", "organisation")
    )
