"""Object rules for facilitation (registered with the core permissions gateway).

- A programme's leads manage it: cohorts, accreditation, dashboards, moderation, the library.
- A programme's facilitators (trainees included) see its support space and library.
- A session is managed (seen, checked in, its register kept) by its facilitator, its
  co-facilitators and the programme's leads.
- A session is changed or cancelled (`change`) by the facilitators who deliver it, the lead
  facilitator or a co-facilitator, while they are accredited in the programme (a co-facilitator
  must be able to move or call off the session when the lead is ill), and by the programme's
  leads. Nobody else: not a co-facilitator of another session, not a facilitator withdrawn from
  the programme, not another programme's lead. `session_role` names the capacity in which a
  person acts, for the audit log.
"""

from __future__ import annotations

from typing import Any

from lantern.core.permissions import object_rule
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


def leads(user: Any, programme_id: Any) -> bool:
    return Programme.leads.through.objects.filter(
        programme_id=programme_id, user_id=user.pk
    ).exists()


def is_member(user: Any, programme_id: Any) -> bool:
    return (
        leads(user, programme_id)
        or Facilitator.objects.filter(programme_id=programme_id, user_id=user.pk)
        .exclude(status="withdrawn")
        .exists()
    )


@object_rule(Programme, "lead")
def programme_lead(user: Any, programme: Programme) -> bool:
    return leads(user, programme.pk)


@object_rule(Programme, "view")
def programme_view(user: Any, programme: Programme) -> bool:
    return is_member(user, programme.pk)


@object_rule(Cohort, "manage")
def cohort_manage(user: Any, cohort: Cohort) -> bool:
    return leads(user, cohort.programme_id)


@object_rule(Facilitator, "accredit")
def facilitator_accredit(user: Any, facilitator: Facilitator) -> bool:
    return leads(user, facilitator.programme_id)


@object_rule(Commitment, "edit")
def commitment_edit(user: Any, commitment: Commitment) -> bool:
    facilitator = commitment.facilitator
    return facilitator.user_id == user.pk or leads(user, facilitator.programme_id)


@object_rule(FollowUpAction, "edit")
def action_edit(user: Any, action: FollowUpAction) -> bool:
    return commitment_edit(user, action.commitment)


@object_rule(AwarenessSession, "manage")
def session_manage(user: Any, session: AwarenessSession) -> bool:
    if session.facilitator.user_id == user.pk:
        return True
    if session.co_facilitators.filter(user_id=user.pk).exists():
        return True
    return leads(user, session.programme_id)


# The capacities in which a person may change or cancel a session (audit detail "as").
LEAD_FACILITATOR = "lead_facilitator"
CO_FACILITATOR = "co_facilitator"
PROGRAMME_LEAD = "programme_lead"


def session_role(user: Any, session: AwarenessSession) -> str | None:
    """The capacity in which ``user`` may change or cancel ``session``, None if they may not.

    A facilitator delivering the session counts while accredited in its programme; a programme
    lead who also delivers the session is recorded as the facilitator they are."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if session.facilitator.user_id == user.pk and session.facilitator.is_accredited:
        return LEAD_FACILITATOR
    if session.co_facilitators.filter(
        user_id=user.pk, status=FacilitatorStatus.ACCREDITED
    ).exists():
        return CO_FACILITATOR
    if leads(user, session.programme_id):
        return PROGRAMME_LEAD
    return None


@object_rule(AwarenessSession, "change")
def session_change(user: Any, session: AwarenessSession) -> bool:
    return session_role(user, session) is not None


@object_rule(ResourceVersion, "download")
def resource_download(user: Any, version: ResourceVersion) -> bool:
    return is_member(user, version.document.programme_id)


@object_rule(Thread, "view", "reply")
def thread_view(user: Any, thread: Thread) -> bool:
    return is_member(user, thread.programme_id)


@object_rule(Post, "moderate")
def post_moderate(user: Any, post: Post) -> bool:
    return leads(user, post.thread.programme_id)
