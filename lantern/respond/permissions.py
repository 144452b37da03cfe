"""Who may see a referral draft: its author, and their organisation's safeguarding lead.

The safeguarding lead is a member with the supervisor role in the draft's organisation (the
role that reviews and approves sensitive work, and must use two-factor sign-in). Organisation
admins and DPOs manage people and the audit log, not case content, so they do not see drafts.
See docs/adr/0020-respond-decision-engine.md.
"""

from __future__ import annotations

from typing import Any

from lantern.accounts.models import Membership, Organisation
from lantern.core.permissions import object_rule
from lantern.core.roles import Role
from lantern.respond.models import ReferralDraft

SAFEGUARDING_LEAD_ROLE = Role.SUPERVISOR


def is_safeguarding_lead(user: Any, organisation_id: Any) -> bool:
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, role=SAFEGUARDING_LEAD_ROLE
    ).exists()


@object_rule(ReferralDraft, "view", "download")
def draft_view(user: Any, draft: ReferralDraft) -> bool:
    return draft.author_id == user.pk or is_safeguarding_lead(user, draft.organisation_id)


@object_rule(ReferralDraft, "edit", "delete")
def draft_edit(user: Any, draft: ReferralDraft) -> bool:
    return draft.author_id == user.pk


@object_rule(Organisation, "set_pathway")
def pathway_set(user: Any, organisation: Organisation) -> bool:
    """An organisation's admins set its referral pathway (and platform admins, who set up
    organisations)."""
    if Role.PLATFORM_ADMIN in user.roles():
        return True
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Role.ORG_ADMIN
    ).exists()
