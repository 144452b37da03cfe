from __future__ import annotations

import pytest

from lantern.accounts.demo import seed_accounts
from lantern.accounts.models import User
from lantern.learning import selectors
from lantern.learning.demo import COHORT_ORG, seed_learning
from lantern.learning.models import Certificate, Enrolment, Refresher
from tests.learning.factories import course

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Enrolment.objects.count(),
        Certificate.objects.count(),
        Refresher.objects.filter(completed_at__isnull=False).count(),
    )


def test_demo_seeder_is_idempotent() -> None:
    seed_accounts(password="demo-password-for-tests")
    course()
    seed_learning()
    before = _counts()
    lines = seed_learning()
    assert _counts() == before
    assert any("certificate issued" in line for line in lines)
    assert any("(0 new)" in line for line in lines)
    assert Enrolment.objects.get(user__email="ehofficer@demo.lantern.test").pathway == "regulatory"
    # the cohort cannot sign in
    assert not any(u.has_usable_password() for u in User.objects.filter(email__startswith="cohort"))


def test_the_demo_cohort_gives_the_programme_lead_a_report_worth_reading() -> None:
    seed_accounts(password="demo-password-for-tests")
    course()
    seed_learning()
    lead = User.objects.get(email="lead@demo.lantern.test")
    rows = {r["group"]: r for r in selectors.cohort_report(user=lead, group_by="organisation")}
    camden = rows[COHORT_ORG]
    assert camden["enrolled"] >= 20 and 0 < camden["completed"] < camden["enrolled"]
    assert camden["knowledge_gain"] is not None and camden["knowledge_gain"] > 0
    assert camden["confidence_gain"] is not None and camden["confidence_gain"] > 0
    for months in (1, 3, 6):
        assert camden[f"retention_{months}m"] is not None, months
    by_pathway = selectors.cohort_report(user=lead, group_by="pathway")
    assert len(by_pathway) >= 2
