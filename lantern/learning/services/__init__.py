"""Every write in the learning app: keyword-only, typed, atomic, and each learning event is
recorded as an xAPI statement in the same transaction.

One module per concept; import the names from this package (``services.enrolment_start(...)``,
``from lantern.learning.services import LearningError``):

    courses       importing course content, a stored course's parsed spec
    progress      enrolment, pathways, opening and finishing units, completing the course
    questions     module quizzes and the pre- and post-course checks
    scenarios     branching case studies
    certificates  issuing, rendering and revoking certificates
    badges        Open Badges 3.0 for certificates, and their revocation lists
    refreshers    refresher checks and their reminders
    statements    forwarding xAPI statements to the LRS
    cmi5          launches from another LMS: connections, the launch, statements owed to it
    _shared       private helpers the others share (statements, progress rows, marking)

A test that patches a service's collaborator must patch it where it is looked up: in the
submodule that uses it, not in this package.
"""

from lantern.learning.services._shared import LearningError, pseudonym_known, statement_record
from lantern.learning.services.badges import (
    LIST_CACHE_SECONDS,
    BadgeCheck,
    BadgeUnavailable,
    badge_certificate,
    badge_check,
    badge_site,
    badge_status_list,
    certificate_badge_svg,
)
from lantern.learning.services.certificates import (
    certificate_issue,
    certificate_issue_for_attendance,
    certificate_pdf_bytes,
    certificate_render_pdf,
    certificate_revoke,
    verify_url,
)
from lantern.learning.services.cmi5 import (
    lms_completion_record,
    lms_connection_active_set,
    lms_connection_create,
    lms_connection_remove,
    lms_connection_rename,
    lms_launch_begin,
    lms_launch_end,
    lms_launch_record,
    lms_statements_send,
)
from lantern.learning.services.courses import (
    course_import,
    course_spec,
    courses_dir,
    courses_import_all,
)
from lantern.learning.services.progress import (
    demo_unit_complete,
    enrolment_complete,
    enrolment_pathway_change,
    enrolment_start,
    enrolment_units_done,
    page_complete,
    pathway_suggested,
    unit_open,
)
from lantern.learning.services.questions import PASS_MARK, check_start, check_submit, quiz_submit
from lantern.learning.services.refreshers import (
    refresher_notice_failed,
    refresher_ready,
    refresher_start,
    refresher_submit,
    refreshers_notify_due,
)
from lantern.learning.services.scenarios import (
    scenario_choose,
    scenario_restart,
    scenario_run_current,
)
from lantern.learning.services.statements import statements_forward

__all__ = [
    "LIST_CACHE_SECONDS",
    "PASS_MARK",
    "BadgeCheck",
    "BadgeUnavailable",
    "LearningError",
    "badge_certificate",
    "badge_check",
    "badge_site",
    "badge_status_list",
    "certificate_badge_svg",
    "certificate_issue",
    "certificate_issue_for_attendance",
    "certificate_pdf_bytes",
    "certificate_render_pdf",
    "certificate_revoke",
    "check_start",
    "check_submit",
    "course_import",
    "course_spec",
    "courses_dir",
    "courses_import_all",
    "demo_unit_complete",
    "enrolment_complete",
    "enrolment_pathway_change",
    "enrolment_start",
    "enrolment_units_done",
    "lms_completion_record",
    "lms_connection_active_set",
    "lms_connection_create",
    "lms_connection_remove",
    "lms_connection_rename",
    "lms_launch_begin",
    "lms_launch_end",
    "lms_launch_record",
    "lms_statements_send",
    "page_complete",
    "pathway_suggested",
    "pseudonym_known",
    "quiz_submit",
    "refresher_notice_failed",
    "refresher_ready",
    "refresher_start",
    "refresher_submit",
    "refreshers_notify_due",
    "scenario_choose",
    "scenario_restart",
    "scenario_run_current",
    "statement_record",
    "statements_forward",
    "unit_open",
    "verify_url",
]
