"""Reads for facilitation. Every list and dashboard runs a fixed number of queries (tested).

One module per concept: ``programmes`` (who is where, cohorts), ``sessions``, ``reach``,
``evaluation``, ``dashboard`` (programme dashboard, reach CSV), ``sab`` (the quarterly report
for the Safeguarding Adults Board), ``resources`` (library),
``support_space``. Callers use the names re-exported here: ``selectors.facilitator_reach(...)``.
"""

from lantern.facilitation.selectors._common import ATTENDED, Group
from lantern.facilitation.selectors.dashboard import (
    ORG_LABELS,
    ROLE_LABELS,
    Dashboard,
    FacilitatorRow,
    Mix,
    programme_dashboard,
    reach_csv_rows,
)
from lantern.facilitation.selectors.evaluation import (
    EVAL_FIELDS,
    EvaluationSummary,
    PhaseSummary,
    evaluation_closed_reason,
    evaluation_rows,
    session_evaluation,
    summarise,
)
from lantern.facilitation.selectors.gateway import (
    accredited_records,
    co_facilitators,
    cohort_for,
    cohort_invited_to,
    commitment_for,
    facilitator_for,
    follow_up_for,
    post_for,
    programme_for,
    resource_version_for,
    session_for,
    thread_for,
)
from lantern.facilitation.selectors.history import SessionHistoryLine, session_history
from lantern.facilitation.selectors.programmes import (
    TraineeRow,
    cohort_trainees,
    facilitator_records,
    programmes_for_member,
    programmes_led_by,
)
from lantern.facilitation.selectors.reach import Reach, facilitator_reach
from lantern.facilitation.selectors.resources import LibraryRow, library
from lantern.facilitation.selectors.sab import SabReport, sab_default_quarter, sab_report
from lantern.facilitation.selectors.sessions import (
    places_left,
    session_bookings,
    session_for_booking_page,
    session_queryset,
    sessions_for_user,
    waitlist_places_left,
)
from lantern.facilitation.selectors.support_space import announcements, thread_posts, threads

__all__ = [
    "ATTENDED",
    "EVAL_FIELDS",
    "ORG_LABELS",
    "ROLE_LABELS",
    "Dashboard",
    "EvaluationSummary",
    "FacilitatorRow",
    "Group",
    "LibraryRow",
    "Mix",
    "PhaseSummary",
    "Reach",
    "SabReport",
    "SessionHistoryLine",
    "TraineeRow",
    "accredited_records",
    "announcements",
    "co_facilitators",
    "cohort_for",
    "cohort_invited_to",
    "cohort_trainees",
    "commitment_for",
    "evaluation_closed_reason",
    "evaluation_rows",
    "facilitator_for",
    "facilitator_reach",
    "facilitator_records",
    "follow_up_for",
    "library",
    "places_left",
    "post_for",
    "programme_dashboard",
    "programme_for",
    "programmes_for_member",
    "programmes_led_by",
    "reach_csv_rows",
    "resource_version_for",
    "sab_default_quarter",
    "sab_report",
    "session_bookings",
    "session_evaluation",
    "session_for",
    "session_for_booking_page",
    "session_history",
    "session_queryset",
    "sessions_for_user",
    "summarise",
    "thread_for",
    "thread_posts",
    "threads",
    "waitlist_places_left",
]
