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

One module per concept: ``programmes`` (programmes, cohorts, facilitators), ``commitments``,
``sessions``, ``bookings`` (bookings, completions), ``evaluation``, ``resources`` (library),
``support_space``; ``tokens`` makes the public-link tokens. Every model module is imported here
so that Django registers it; migrations refer to ``lantern.facilitation.models.<name>``.
"""

from lantern.facilitation.models.bookings import Booking, BookingStatus, Completion, JobRole
from lantern.facilitation.models.commitments import (
    ActionKind,
    ActionStatus,
    Commitment,
    FollowUpAction,
)
from lantern.facilitation.models.evaluation import (
    EvaluationPhase,
    EvaluationReceipt,
    EvaluationResponse,
)
from lantern.facilitation.models.programmes import (
    COHORT_SESSION_COUNT,
    Cohort,
    CohortAttendance,
    Facilitator,
    FacilitatorStatus,
    Programme,
)
from lantern.facilitation.models.resources import (
    ResourceDocument,
    ResourceDownload,
    ResourceKind,
    ResourceVersion,
    resource_upload_to,
)
from lantern.facilitation.models.sessions import (
    AwarenessSession,
    SessionMode,
    SessionScope,
    SessionStatus,
)
from lantern.facilitation.models.support_space import Announcement, Post, Thread
from lantern.facilitation.models.tokens import SHORT_CODE_ALPHABET, new_short_code, new_token

__all__ = [
    "COHORT_SESSION_COUNT",
    "SHORT_CODE_ALPHABET",
    "ActionKind",
    "ActionStatus",
    "Announcement",
    "AwarenessSession",
    "Booking",
    "BookingStatus",
    "Cohort",
    "CohortAttendance",
    "Commitment",
    "Completion",
    "EvaluationPhase",
    "EvaluationReceipt",
    "EvaluationResponse",
    "Facilitator",
    "FacilitatorStatus",
    "FollowUpAction",
    "JobRole",
    "Post",
    "Programme",
    "ResourceDocument",
    "ResourceDownload",
    "ResourceKind",
    "ResourceVersion",
    "SessionMode",
    "SessionScope",
    "SessionStatus",
    "Thread",
    "new_short_code",
    "new_token",
    "resource_upload_to",
]
