from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

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
    # Camden's admin has one LMS registered, however often the demo is made
    from lantern.learning.models import LmsConnection

    assert LmsConnection.objects.get().organisation.name == COHORT_ORG


def test_the_demo_cohort_gives_the_programme_lead_a_report_worth_reading() -> None:
    seed_accounts(password="demo-password-for-tests")
    course()
    seed_learning()
    lead = User.objects.get(email="lead@demo.lantern.test")
    rows = {r["group"]: r for r in selectors.cohort_report(user=lead, group_by="organisation")}
    camden = rows[COHORT_ORG]
    assert camden["enrolled"] >= 20 and 0 < camden["completed"] < camden["enrolled"]
    # the cohort's three who never started count against completion
    assert camden["not_started"] >= 3
    assert camden["learners"] == camden["enrolled"] + camden["not_started"]
    assert camden["knowledge_gain"] is not None and camden["knowledge_gain"] > 0
    assert camden["confidence_gain"] is not None and camden["confidence_gain"] > 0
    for months in (1, 3, 6):
        assert camden[f"refresher_{months}m_people"] >= 5, months
        assert camden[f"refresher_{months}m_change"] is not None, months
    by_pathway = selectors.cohort_report(user=lead, group_by="pathway")
    assert len(by_pathway) >= 2


def test_a_finished_demo_learner_s_xapi_statements_are_dated_with_their_learning() -> None:
    """The demo moves finished learners back in time; their statements go with them, in order,
    both the row and the timestamp an LRS would receive."""
    from lantern.learning.models import LearnerPseudonym, Statement

    seed_accounts(password="demo-password-for-tests")
    course()
    seed_learning()
    finished = Enrolment.objects.filter(
        organisation__name=COHORT_ORG, completed_at__lt=timezone.now() - timedelta(days=20)
    ).first()
    assert finished is not None and finished.completed_at is not None
    key = LearnerPseudonym.objects.get(user=finished.user).key
    statements = list(Statement.objects.filter(actor_key=key).order_by("stored_at"))
    completed = [s for s in statements if s.verb == "completed"]
    assert completed and all(s.stored_at <= finished.completed_at for s in completed)
    for statement in statements:
        assert statement.payload["timestamp"] == statement.stored_at.isoformat()
    assert statements[0].stored_at < timezone.now() - timedelta(days=20)


def test_the_demo_officer_finished_six_weeks_ago_so_a_refresher_is_due(tmp_path) -> None:
    """A demo account shows a refresher ready to take: the officer finished about six weeks
    ago, with a valid certificate issued (and printed) on that day."""
    import shutil
    import subprocess

    from django.test import Client

    from lantern.learning import services
    from tests.helpers import sign_in

    seed_accounts(password="demo-password-for-tests")
    course()
    lines = seed_learning()
    officer = User.objects.get(email="officer@demo.lantern.test")
    enrolment = Enrolment.objects.get(user=officer)
    assert enrolment.completed_at is not None
    finished_on = timezone.localdate(enrolment.completed_at)
    assert 35 <= (timezone.localdate() - finished_on).days <= 49
    assert enrolment.started_at <= enrolment.completed_at
    assert any(
        f"{officer.email}: finished" in line and f"{finished_on:%-d %B %Y}" in line
        for line in lines
    )
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.status == "valid" and certificate.issued_on == finished_on
    mine = selectors.my_learning(user=officer)
    assert [r.months for r in mine.refreshers_due] == [1]
    assert [r.months for r in mine.refreshers_later][:1] == [3]
    client = Client()
    sign_in(client, officer, password="demo-password-for-tests")
    assert "1-month refresher" in client.get("/learning/").content.decode()
    page = client.get(f"/learning/refreshers/{mine.refreshers_due[0].pk}/").content.decode()
    assert "Check answers" in page
    if shutil.which("pdftotext") is not None:
        path = tmp_path / "certificate.pdf"
        path.write_bytes(services.certificate_pdf_bytes(certificate=certificate))
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
        assert f"{finished_on:%-d %B %Y}" in text
