"""Thin views for case records. Every case is fetched through the gateway (selectors.case_for),
which 404s for anyone who may not see it; every view of a case is audited; no page is cached
(never_cache: case pages must not linger in a shared computer's browser cache).

The views live in modules by concept (``cases``, ``sections``, ``plan``, ``sharing``,
``access``, ``closure``, ``exports``, ``retention``, ``subject_access``); this package
re-exports them so the URL conf keeps referring to ``views.<name>``. Helpers they share are
in ``_common``.
"""

from lantern.support.views._common import CASE_ROUTE, DPO_ROUTE, SUPERVISOR_ROUTE
from lantern.support.views.access import (
    break_glass,
    case_access,
    case_access_history,
    dpo_cases,
)
from lantern.support.views.cases import case_create, case_detail, case_edit, case_list
from lantern.support.views.closure import case_close, case_close_approve, case_close_decline
from lantern.support.views.exports import (
    case_export_htcds,
    case_plan_pdf,
    case_share_referral_pdf,
    case_subject_access,
)
from lantern.support.views.plan import case_plan, case_plan_approve, case_plan_submit
from lantern.support.views.retention import (
    case_retention_hold,
    case_retention_lift,
    dpo_retention,
)
from lantern.support.views.sections import case_section, case_section_entry
from lantern.support.views.sharing import case_share, case_share_referral
from lantern.support.views.subject_access import (
    case_subject_access_document,
    case_subject_access_include,
    case_subject_access_pdf,
    case_subject_access_review,
    case_subject_access_withhold,
)

__all__ = [
    "CASE_ROUTE",
    "DPO_ROUTE",
    "SUPERVISOR_ROUTE",
    "break_glass",
    "case_access",
    "case_access_history",
    "case_close",
    "case_close_approve",
    "case_close_decline",
    "case_create",
    "case_detail",
    "case_edit",
    "case_export_htcds",
    "case_list",
    "case_plan",
    "case_plan_approve",
    "case_plan_pdf",
    "case_plan_submit",
    "case_retention_hold",
    "case_retention_lift",
    "case_section",
    "case_section_entry",
    "case_share",
    "case_share_referral",
    "case_share_referral_pdf",
    "case_subject_access",
    "case_subject_access_document",
    "case_subject_access_include",
    "case_subject_access_pdf",
    "case_subject_access_review",
    "case_subject_access_withhold",
    "dpo_cases",
    "dpo_retention",
]
