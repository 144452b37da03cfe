from __future__ import annotations

import pytest

from lantern.accounts.demo import seed_accounts
from lantern.learning.demo import seed_learning
from lantern.learning.models import Certificate, Enrolment
from tests.learning.factories import course


@pytest.mark.django_db
def test_demo_seeder_is_idempotent() -> None:
    seed_accounts(password="demo-password-for-tests")
    course()
    seed_learning()
    lines = seed_learning()
    assert any("certificate issued" in line for line in lines)
    assert Certificate.objects.count() == 1
    assert Enrolment.objects.get(user__email="ehofficer@demo.lantern.test").pathway == "regulatory"
