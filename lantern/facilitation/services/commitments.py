"""Commitments per period and their follow-up actions."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.facilitation import rules
from lantern.facilitation.kit import kit
from lantern.facilitation.models import (
    ActionKind,
    ActionStatus,
    Commitment,
    Facilitator,
    FollowUpAction,
)
from lantern.facilitation.services.errors import FacilitationError


def first_year(starts_on: date) -> date:
    try:
        return starts_on.replace(year=starts_on.year + 1)
    except ValueError:  # 29 February
        return starts_on.replace(year=starts_on.year + 1, day=28)


@transaction.atomic
def commitment_create(*, actor: User, facilitator: Facilitator, starts_on: date) -> Commitment:
    k = kit()
    commitment = Commitment.objects.create(
        facilitator=facilitator,
        starts_on=starts_on,
        ends_on=first_year(starts_on),
        sessions_min=k.sessions_min,
        sessions_max=k.sessions_max,
        staff_target=k.staff_target,
    )
    owner = facilitator.user.full_name or facilitator.user.email
    due = {
        ActionKind.REVIEW_PROTOCOL: starts_on + timedelta(days=91),
        ActionKind.ESTABLISH_PATHWAY: starts_on + timedelta(days=182),
        ActionKind.PROMOTE_ELEARNING: starts_on + timedelta(days=61),
    }
    FollowUpAction.objects.bulk_create(
        [
            FollowUpAction(commitment=commitment, kind=kind, owner=owner, due_on=due[kind])
            for kind in ActionKind
        ]
    )
    audit_record(action="facilitation.commitment_created", actor=actor, obj=commitment)
    return commitment


@transaction.atomic
def commitment_update(
    *,
    actor: User,
    commitment: Commitment,
    starts_on: date,
    ends_on: date,
    sessions_min: int,
    sessions_max: int,
    staff_target: int,
) -> Commitment:
    problems = rules.commitment_problems(
        starts_on=starts_on, ends_on=ends_on, sessions_min=sessions_min, sessions_max=sessions_max
    )
    if problems:
        (field, message), *more = problems
        raise FacilitationError(message, field=field, more=tuple(more))
    commitment.starts_on, commitment.ends_on = starts_on, ends_on
    commitment.sessions_min, commitment.sessions_max = sessions_min, sessions_max
    commitment.staff_target = staff_target
    commitment.save(
        update_fields=["starts_on", "ends_on", "sessions_min", "sessions_max", "staff_target"]
    )
    audit_record(
        action="facilitation.commitment_changed",
        actor=actor,
        obj=commitment,
        detail={"sessions": [sessions_min, sessions_max], "staff": staff_target},
    )
    return commitment


@transaction.atomic
def action_update(
    *, actor: User, action: FollowUpAction, owner: str, due_on: date, status: str, evidence: str
) -> FollowUpAction:
    if status == ActionStatus.DONE and not evidence.strip():
        raise FacilitationError(
            "Enter the evidence that this action is done, for example the name of the protocol",
            field="evidence",
        )
    action.owner, action.due_on, action.status = owner.strip(), due_on, status
    action.evidence = evidence.strip()
    action.updated_at = timezone.now()
    action.save(update_fields=["owner", "due_on", "status", "evidence", "updated_at"])
    audit_record(
        action="facilitation.action_changed",
        actor=actor,
        obj=action,
        detail={"kind": action.kind, "status": status},
    )
    return action
