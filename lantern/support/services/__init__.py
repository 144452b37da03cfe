"""Writes for support cases. Keyword-only, typed, atomic; each writes its audit event in the
same transaction. Audit detail never holds personal data: sections, ids and codes only.

The writes live in modules by concept (``cases``, ``sections``, ``plan``, ``sharing``,
``access``, ``closure``); this package re-exports them so callers keep writing
``services.<name>(...)``. Helpers they share are in ``_common``.
"""

from lantern.support.services._common import EditConflict
from lantern.support.services.access import (
    break_glass_open,
    case_access_record,
    case_history_record,
    case_list_record,
    case_restrict,
)
from lantern.support.services.alerts import (
    alert_email_claim,
    alert_email_release,
    alert_emails_retry,
)
from lantern.support.services.cases import (
    CASE_EDITABLE_FIELDS,
    case_create,
    case_update,
    reference_prefix,
)
from lantern.support.services.closure import (
    anonymise_expired_cases,
    case_anonymise,
    closure_approve,
    closure_decline,
    closure_request,
)
from lantern.support.services.plan import plan_approve, plan_save, plan_submit
from lantern.support.services.retention import retention_hold, retention_hold_lift
from lantern.support.services.sections import (
    APPEND_ONLY,
    section_entry_create,
    section_entry_update,
    section_model,
)
from lantern.support.services.sharing import (
    HTCDS_CATEGORIES,
    ShareRefused,
    htcds_transfer_record,
    information_share_create,
    referral_produced_record,
)
from lantern.support.services.subject_access import (
    subject_access_include,
    subject_access_withhold,
)

__all__ = [
    "APPEND_ONLY",
    "CASE_EDITABLE_FIELDS",
    "HTCDS_CATEGORIES",
    "EditConflict",
    "ShareRefused",
    "alert_email_claim",
    "alert_email_release",
    "alert_emails_retry",
    "anonymise_expired_cases",
    "break_glass_open",
    "case_access_record",
    "case_anonymise",
    "case_create",
    "case_history_record",
    "case_list_record",
    "case_restrict",
    "case_update",
    "closure_approve",
    "closure_decline",
    "closure_request",
    "htcds_transfer_record",
    "information_share_create",
    "plan_approve",
    "plan_save",
    "plan_submit",
    "reference_prefix",
    "referral_produced_record",
    "retention_hold",
    "retention_hold_lift",
    "section_entry_create",
    "section_entry_update",
    "section_model",
    "subject_access_include",
    "subject_access_withhold",
]
