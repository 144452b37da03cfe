"""Writes for standards: content import, the version lifecycle, consultation and comments.

Every function is keyword-only, runs in one transaction and writes its audit event there.
Audit details hold references and counts, never what a consultee wrote or who they are.

The writes live in modules by concept (``content``, ``versions``, ``consultation``); this package
re-exports them so callers keep writing ``services.<name>(...)``.
"""

from lantern.standards.services.consultation import (
    comment_add,
    comment_respond,
    consultation_close,
    consultation_open,
)
from lantern.standards.services.content import (
    ImportOutcome,
    content_directory,
    standard_import,
    standards_content_load,
    standards_content_read,
    suite_import,
)
from lantern.standards.services.versions import (
    item_add,
    item_remove,
    item_update,
    version_approve,
    version_draft_create,
    version_update,
)

__all__ = [
    "ImportOutcome",
    "comment_add",
    "comment_respond",
    "consultation_close",
    "consultation_open",
    "content_directory",
    "item_add",
    "item_remove",
    "item_update",
    "standard_import",
    "standards_content_load",
    "standards_content_read",
    "suite_import",
    "version_approve",
    "version_draft_create",
    "version_update",
]
