"""Thin views for standards: browse, search, exports, coverage, lifecycle and consultation.

The views live in modules by concept (``browse``, ``exports``, ``authoring``, ``consultation``);
this package re-exports them so the URL conf keeps referring to ``views.<name>``.
"""

from lantern.standards.views._common import AUTHORS
from lantern.standards.views.authoring import (
    item_add,
    item_edit,
    item_remove,
    manage,
    version_approve,
    version_edit,
    version_new,
)
from lantern.standards.views.browse import (
    compare,
    coverage,
    index,
    search,
    standard_detail,
    suite_detail,
    version_detail,
)
from lantern.standards.views.consultation import (
    comment_respond,
    consult_link,
    consultation_close,
    consultation_manage,
    consultation_open,
    consultation_take_part,
)
from lantern.standards.views.exports import (
    case_json,
    case_json_version,
    csv_export,
    csv_export_version,
)

__all__ = [
    "AUTHORS",
    "case_json",
    "case_json_version",
    "comment_respond",
    "compare",
    "consult_link",
    "consultation_close",
    "consultation_manage",
    "consultation_open",
    "consultation_take_part",
    "coverage",
    "csv_export",
    "csv_export_version",
    "index",
    "item_add",
    "item_edit",
    "item_remove",
    "manage",
    "search",
    "standard_detail",
    "suite_detail",
    "version_approve",
    "version_detail",
    "version_edit",
    "version_new",
]
