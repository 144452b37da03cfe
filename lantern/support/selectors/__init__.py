"""The gateway for reading case records. Every read of a case takes the user.

Nothing outside lantern.support imports lantern.support.models (tests/core/test_conventions.py
fails if it does): other apps call these functions.

The reads live in modules by concept (``cases``: the gateway itself; ``worklists``: waiting
for a supervisor and returned to a caseworker; ``sections``; ``dpo``; ``referrals``: the
document a share produces); this package re-exports them so callers keep writing
``selectors.<name>(...)``.
"""

from lantern.support.selectors.cases import (
    CASE_ROLES,
    case_for,
    case_home_membership,
    case_in_organisations_of,
    case_list,
    case_memberships,
    cases_visible_to,
    dpos_of,
    holds_role_in,
    is_supervisor_for,
    named_on,
    people_who_may_be_named,
    supervisors_of,
)
from lantern.support.selectors.dpo import (
    HISTORY_PAGE_SIZE,
    AccessEvent,
    case_access_events,
    case_access_history,
    case_for_dpo,
    case_whole,
    cases_for_dpo,
)
from lantern.support.selectors.referrals import (
    LoggedShare,
    referral_available,
    referral_document,
    referral_reference,
    share_on,
    sharing_log,
)
from lantern.support.selectors.retention import RetentionOverview, retention_overview
from lantern.support.selectors.sections import (
    case_with_facts,
    consent_in_force,
    facts_for,
    partners_of,
    plan_for,
    section_entries,
    section_entry,
)
from lantern.support.selectors.subject_access import (
    SubjectAccess,
    item_keys,
    released,
    subject_access_review,
)
from lantern.support.selectors.worklists import (
    WAITING_LIMIT,
    ReturnedToYou,
    WaitingCase,
    WaitingForYou,
    returned_to,
    waiting_for,
)

__all__ = [
    "CASE_ROLES",
    "HISTORY_PAGE_SIZE",
    "WAITING_LIMIT",
    "AccessEvent",
    "LoggedShare",
    "RetentionOverview",
    "ReturnedToYou",
    "SubjectAccess",
    "WaitingCase",
    "WaitingForYou",
    "case_access_events",
    "case_access_history",
    "case_for",
    "case_for_dpo",
    "case_home_membership",
    "case_in_organisations_of",
    "case_list",
    "case_memberships",
    "case_whole",
    "case_with_facts",
    "cases_for_dpo",
    "cases_visible_to",
    "consent_in_force",
    "dpos_of",
    "facts_for",
    "holds_role_in",
    "is_supervisor_for",
    "item_keys",
    "named_on",
    "partners_of",
    "people_who_may_be_named",
    "plan_for",
    "referral_available",
    "referral_document",
    "referral_reference",
    "released",
    "retention_overview",
    "returned_to",
    "section_entries",
    "section_entry",
    "share_on",
    "sharing_log",
    "subject_access_review",
    "supervisors_of",
    "waiting_for",
]
