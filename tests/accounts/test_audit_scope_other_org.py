"""A DPO never sees what their members did in another organisation (the reviewer's finding 1)."""

from __future__ import annotations

import pytest

from lantern.accounts.models import Membership
from lantern.accounts.selectors import audit_events_visible_to
from lantern.core.audit import audit_record
from lantern.core.roles import Role
from tests.helpers import make_org, make_user

pytestmark = pytest.mark.django_db


def test_a_dpo_does_not_see_a_members_work_in_another_organisation() -> None:
    camden, haven = make_org("Camden"), make_org("Safe Harbour")
    dpo = make_user(Role.DPO, org=camden)
    caseworker = make_user(Role.CASEWORKER, org=haven)
    # Camden's admin pulls Safe Harbour's caseworker in as a learner.
    Membership.objects.create(user=caseworker, organisation=camden, role=Role.LEARNER)
    audit_record(action="case.viewed", actor=caseworker, organisation_ref=str(haven.pk))
    audit_record(action="learning.unit_opened", actor=caseworker, organisation_ref=str(camden.pk))
    audit_record(action="auth.signed_in", actor=caseworker)
    seen = {e.action for e in audit_events_visible_to(dpo)}
    assert "case.viewed" not in seen
    assert {"learning.unit_opened", "auth.signed_in"} <= seen
    haven_dpo = make_user(Role.DPO, org=haven)
    assert "case.viewed" in {e.action for e in audit_events_visible_to(haven_dpo)}
