"""Writes for consultation: opening and closing one, and the comments on it and their responses.

Audit details hold references and counts, never what a consultee wrote or who they are.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Organisation, User
from lantern.core.audit import audit_record
from lantern.standards import rules
from lantern.standards.models import (
    CommentChannel,
    Consultation,
    ConsultationComment,
    ResponseDecision,
    StandardItem,
    StandardVersion,
)


def consultation_open(
    *,
    actor: Any,
    version: StandardVersion,
    opens_on: date,
    closes_on: date,
    introduction: str = "",
    organisations: Iterable[Organisation] = (),
) -> Consultation:
    problems = rules.check_consultation_dates(opens_on, closes_on, timezone.localdate())
    if problems:
        raise ValidationError(problems)
    new_status = rules.next_status(version.status, "open_consultation")
    orgs = list(organisations)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            version=version,
            opens_on=opens_on,
            closes_on=closes_on,
            introduction=introduction.strip(),
            link_token=secrets.token_urlsafe(24),
        )
        consultation.organisations.set(orgs)
        version.status = new_status
        version.save(update_fields=["status"])
        audit_record(
            action="standards.consultation_opened",
            actor=actor,
            obj=consultation,
            detail={
                "urn": version.standard.urn,
                "version": version.number,
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "organisations": [str(o.pk) for o in orgs],
            },
        )
        if orgs:
            transaction.on_commit(lambda: _invite_members(consultation))
    return consultation


def _invite_members(consultation: Consultation) -> int:
    """Queue one email for each member of the invited organisations (after the consultation is
    committed, so the worker finds it). Someone in two invited organisations gets one email."""
    from lantern.standards.tasks import send_consultation_invitation

    members = (
        User.objects.filter(
            is_active=True,
            memberships__organisation__in=consultation.organisations.values("pk"),
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    count = 0
    for user_id in members:
        send_consultation_invitation.enqueue(
            consultation_id=str(consultation.pk), user_id=str(user_id)
        )
        count += 1
    return count


def consultation_close(*, actor: Any, consultation: Consultation) -> Consultation:
    if consultation.closed_at is not None:
        return consultation
    with transaction.atomic():
        consultation.closed_at = timezone.now()
        consultation.save(update_fields=["closed_at"])
        audit_record(
            action="standards.consultation_closed",
            actor=actor,
            obj=consultation,
            detail={"comments": consultation.comments.count()},
        )
    return consultation


def comment_add(
    *,
    consultation: Consultation,
    body: str,
    channel: str,
    item: StandardItem | None = None,
    author: Any = None,
    organisation: Organisation | None = None,
    respondent_name: str = "",
    respondent_organisation: str = "",
) -> ConsultationComment:
    if not consultation.is_open():
        raise rules.LifecycleError("This consultation is closed: comments can no longer be added")
    if item is not None and item.version_id != consultation.version_id:
        raise ValidationError({"item": "Choose an item of the version being consulted on"})
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Enter your comment"})
    if channel not in CommentChannel.values:
        raise ValidationError({"channel": "Unknown channel"})
    with transaction.atomic():
        comment = ConsultationComment.objects.create(
            consultation=consultation,
            item=item,
            item_text=item.text if item else "",
            body=body,
            channel=channel,
            author=author if getattr(author, "is_authenticated", False) else None,
            organisation=organisation,
            respondent_name=respondent_name.strip(),
            respondent_organisation=respondent_organisation.strip(),
        )
        audit_record(
            action="standards.comment_added",
            actor=author,
            obj=comment,
            organisation_ref=str(organisation.pk) if organisation else "",
            detail={
                "consultation": str(consultation.pk),
                "on": item.code if item else "whole standard",
                "channel": channel,
            },
        )
    return comment


def comment_respond(
    *, actor: Any, comment: ConsultationComment, decision: str, reason: str
) -> ConsultationComment:
    if decision not in ResponseDecision.values:
        raise ValidationError({"decision": "Choose accepted, partly accepted or not accepted"})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for your decision"})
    if not comment.consultation.version.is_editable:
        raise rules.LifecycleError("This version has been approved: its comments are closed")
    with transaction.atomic():
        comment.decision = decision
        comment.reason = reason
        comment.responded_by = actor
        comment.responded_at = timezone.now()
        comment.save(update_fields=["decision", "reason", "responded_by", "responded_at"])
        audit_record(
            action="standards.comment_responded",
            actor=actor,
            obj=comment,
            detail={"decision": decision},
        )
    return comment
