"""Reads for the learning views and reports. Learner records are read through functions that
take the user, so a manager only ever sees organisations where they hold a reporting role.

One module per concept: ``progress`` (courses, enrolments, where a learner is, my learning),
``certificates`` (certificates and the badge revocation lists), ``reports`` (cohort report,
completions for the SAB report, a learner's gain and retention), ``lms`` (launches from another
LMS). Callers use the names
re-exported here: ``selectors.overview(...)``.
"""

from lantern.learning.selectors.certificates import (
    badge_indexed_count,
    badge_list_count,
    badge_revoked_positions,
    certificate_by_code,
    certificate_of,
    certificate_or_404,
)
from lantern.learning.selectors.lms import (
    lms_connection_for,
    lms_connection_for_launch,
    lms_connections_for_admin,
    lms_organisation_for_new,
    lms_organisations_for_admin,
    lms_session_of,
)
from lantern.learning.selectors.progress import (
    ModuleState,
    MyLearning,
    Overview,
    UnitState,
    course_or_404,
    courses_available,
    enrolment_for,
    enrolment_in,
    latest_quiz_attempt,
    my_learning,
    overview,
    refresher_or_404,
    unit_sources_html,
)
from lantern.learning.selectors.reports import (
    CONFIDENCE_LABELS,
    GROUPS,
    REPORT_COLUMNS,
    REPORT_ROLES,
    REPORT_TABLES,
    Change,
    LearnerGain,
    certificates_for_admin,
    cohort_report,
    completions_summary,
    learner_gain,
    learner_retention,
    report_organisations,
    report_tables,
)

__all__ = [
    "CONFIDENCE_LABELS",
    "GROUPS",
    "REPORT_COLUMNS",
    "REPORT_ROLES",
    "REPORT_TABLES",
    "Change",
    "LearnerGain",
    "ModuleState",
    "MyLearning",
    "Overview",
    "UnitState",
    "badge_indexed_count",
    "badge_list_count",
    "badge_revoked_positions",
    "certificate_by_code",
    "certificate_of",
    "certificate_or_404",
    "certificates_for_admin",
    "cohort_report",
    "completions_summary",
    "course_or_404",
    "courses_available",
    "enrolment_for",
    "enrolment_in",
    "latest_quiz_attempt",
    "learner_gain",
    "learner_retention",
    "lms_connection_for",
    "lms_connection_for_launch",
    "lms_connections_for_admin",
    "lms_organisation_for_new",
    "lms_organisations_for_admin",
    "lms_session_of",
    "my_learning",
    "overview",
    "refresher_or_404",
    "report_organisations",
    "report_tables",
    "unit_sources_html",
]
