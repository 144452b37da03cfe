"""Thin views for facilitators and programme leads (signed in).

One module per area: ``overview`` (home), ``programmes`` (programmes and cohorts),
``commitments``, ``sessions`` (``session_changes``: change, cancel), ``resources`` (session
kit and library), ``support_space``.
URL confs refer to the names re-exported here: ``views.home``.
"""

from lantern.facilitation.views._common import FACILITATION, FACILITATORS, LEADS, selectors_is_lead
from lantern.facilitation.views.commitments import action, commitment
from lantern.facilitation.views.overview import home
from lantern.facilitation.views.programmes import (
    cohort,
    cohort_attendance,
    cohort_create,
    cohort_join,
    facilitator_accredit,
    programme,
    programme_create,
    programme_export,
    programme_sab_report,
    programme_sab_report_pdf,
)
from lantern.facilitation.views.resources import (
    kit,
    kit_handbook,
    kit_session_plan,
    library,
    resource_download,
)
from lantern.facilitation.views.session_changes import session_cancel, session_change
from lantern.facilitation.views.sessions import (
    session,
    session_attendance,
    session_checkin,
    session_create,
    session_results,
)
from lantern.facilitation.views.support_space import post_moderate, support, thread

__all__ = [
    "FACILITATION",
    "FACILITATORS",
    "LEADS",
    "action",
    "cohort",
    "cohort_attendance",
    "cohort_create",
    "cohort_join",
    "commitment",
    "facilitator_accredit",
    "home",
    "kit",
    "kit_handbook",
    "kit_session_plan",
    "library",
    "post_moderate",
    "programme",
    "programme_create",
    "programme_export",
    "programme_sab_report",
    "programme_sab_report_pdf",
    "resource_download",
    "selectors_is_lead",
    "session",
    "session_attendance",
    "session_cancel",
    "session_change",
    "session_checkin",
    "session_create",
    "session_results",
    "support",
    "thread",
]
