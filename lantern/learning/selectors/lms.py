"""Reads for launches from another LMS (cmi5)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404

from lantern.learning.models import LmsConnection, LmsSession


def lms_connection_for_launch(*, connection_id: UUID) -> LmsConnection:
    """The connection a launch names: it must exist and be turned on."""
    connection = (
        LmsConnection.objects.select_related("organisation")
        .filter(pk=connection_id, active=True)
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
