"""Object rules for cases (registered with the core gateway). Every rule starts from the
visibility gateway, so a rule can never grant more than ``cases_visible_to`` allows."""

from __future__ import annotations

from typing import Any

from lantern.core.permissions import object_rule
from lantern.core.roles import Role
from lantern.support import selectors
from lantern.support.models import Case, InformationShare


def _visible(user: Any, case: Case) -> bool:
    return selectors.cases_visible_to(user).filter(pk=case.pk).exists()


@object_rule(Case, "view")
def case_view(user: Any, case: Case) -> bool:
    return _visible(user, case)


@object_rule(Case, "edit")
def case_edit(user: Any, case: Case) -> bool:
    # Closed cases are read-only: the record of what was done must not drift after closure.
    return not case.is_closed and _visible(user, case)


@object_rule(Case, "approve")
def case_approve(user: Any, case: Case) -> bool:
    """Supervisors approve plans and closures for their team's cases."""
    return _visible(user, case) and selectors.is_supervisor_for(user, case)


@object_rule(Case, "share_override")
def case_share_override(user: Any, case: Case) -> bool:
    """Who may record a lawful reason to share without consent: a supervisor of the case."""
    return case_approve(user, case)


@object_rule(Case, "restrict")
def case_restrict(user: Any, case: Case) -> bool:
    return _visible(user, case) and (
        case.owner_id == user.pk or selectors.is_supervisor_for(user, case)
    )


@object_rule(Case, "history", "subject_access", "retention")
def case_dpo(user: Any, case: Case) -> bool:
    """The DPO of the case's organisation: access history, subject access and the retention
    hold, not casework."""
    return selectors.holds_role_in(user, case.organisation_id, Role.DPO)


@object_rule(InformationShare, "send")
def share_send(user: Any, share: InformationShare) -> bool:
    """Who may produce a share's document for the partner: anyone who may see the case (the
    gateway), and only while the share stands: a share made with consent produces nothing
    once the person has withdrawn it (a refused share was never logged, so has no document)."""
    return _visible(user, share.case) and selectors.referral_available(share)
