"""Every write in facilitation: keyword-only, typed, atomic, audited where it matters.

Booking, cancellation and waitlist promotion lock the session row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so two people can never take
the last place and a cancellation promotes exactly one person from the waiting list.

One module per concept: ``programmes`` (programmes, cohorts, trainees, accreditation),
``commitments`` (and follow-up actions), ``sessions``, ``bookings``, ``attendance`` (and check-in),
``evaluation``, ``resources`` (library), ``support_space``; ``errors`` holds FacilitationError.
Callers use the names re-exported here: ``services.booking_create(...)``.
"""

from lantern.facilitation.services.attendance import (
    CHECKIN_MARGIN,
    CHECKIN_MAX_MINUTES,
    attendance_mark,
    certificates_issue_due,
    checkin_close,
    checkin_open,
    checkin_self,
)
from lantern.facilitation.services.bookings import (
    CancelResult,
    booking_cancel,
    booking_create,
    reminder_release,
    reminders_send_due,
)
from lantern.facilitation.services.commitments import (
    action_update,
    commitment_create,
    commitment_update,
    first_year,
)
from lantern.facilitation.services.errors import FacilitationError
from lantern.facilitation.services.evaluation import evaluation_submit
from lantern.facilitation.services.programmes import (
    cohort_attendance_set,
    cohort_create,
    facilitator_accredit,
    programme_create,
    trainee_add,
    trainee_invite,
)
from lantern.facilitation.services.resources import resource_download_record, resource_upload
from lantern.facilitation.services.sessions import (
    SessionChange,
    session_cancel,
    session_change,
    session_create,
)
from lantern.facilitation.services.support_space import (
    announcement_create,
    post_create,
    post_hide,
    post_restore,
    thread_create,
)

__all__ = [
    "CHECKIN_MARGIN",
    "CHECKIN_MAX_MINUTES",
    "CancelResult",
    "FacilitationError",
    "SessionChange",
    "action_update",
    "announcement_create",
    "attendance_mark",
    "booking_cancel",
    "booking_create",
    "certificates_issue_due",
    "checkin_close",
    "checkin_open",
    "checkin_self",
    "cohort_attendance_set",
    "cohort_create",
    "commitment_create",
    "commitment_update",
    "evaluation_submit",
    "facilitator_accredit",
    "first_year",
    "post_create",
    "post_hide",
    "post_restore",
    "programme_create",
    "reminder_release",
    "reminders_send_due",
    "resource_download_record",
    "resource_upload",
    "session_cancel",
    "session_change",
    "session_create",
    "thread_create",
    "trainee_add",
    "trainee_invite",
]
