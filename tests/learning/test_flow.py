"""A learner's whole journey through the views, plus certificates, refreshers, xAPI and reports."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from lantern.accounts.models import OrganisationType
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.learning import services
from lantern.learning.models import (
    Answer,
    Certificate,
    ConfidenceRating,
    Enrolment,
    Refresher,
    ScenarioChoice,
    Statement,
)
from tests.helpers import accept_mail, make_org, make_user, refuse_mail, sign_in
from tests.learning.factories import course

CONF = {"identify": "2", "respond": "3", "refer": "2"}


def _answers(spec, items, right=True) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for item in items:
        q = spec.bank[item]
        wrong = [o.id for o in q.options if not o.correct][:1]
        data[f"q_{item}"] = list(q.correct_ids) if right else wrong
    return data


@pytest.fixture
def nurse(db):
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    course()
    return user


def test_a_nurse_takes_the_health_pathway_end_to_end(nurse, client: Client) -> None:
    sign_in(client, nurse)
    spec = services.course_spec(course())
    assert client.get("/learning/").status_code == 200
    response = client.post("/learning/awareness/")
    assert response["Location"] == "/learning/awareness/check/pre/"
    enrolment = Enrolment.objects.get(user=nurse)
    assert enrolment.pathway == "health"

    # Pre-course check with confidence ratings.
    pre = services.check_start(enrolment=enrolment, kind="pre")
    client.post("/learning/awareness/check/pre/", _answers(spec, pre.items, right=False) | CONF)
    pre.refresh_from_db()
    assert pre.score == 0 and pre.submitted_at is not None

    # Page, questions with per-option feedback, and a branching case study.
    assert client.get("/learning/awareness/unit/what-it-is.law/").status_code == 200
    client.post("/learning/awareness/unit/what-it-is.law/")
    unit = spec.units["what-it-is.check"]
    client.post("/learning/awareness/unit/what-it-is.check/", _answers(spec, unit.items))
    page = client.get("/learning/awareness/unit/what-it-is.check/").content.decode()
    assert "You got 3 out of 3 right" in page and "Holding someone&#x27;s documents" in page

    url = "/learning/awareness/unit/health.case-ae/"
    page = client.get(url).content.decode()
    found = re.search(r'name="run" value="([^"]+)"', page)
    assert found is not None
    run_id = found.group(1)
    for node, choice in [
        ("arrive", "let-cousin"),
        ("cousin-interprets", "back"),
        ("arrive", "see-alone"),
        ("alone", "open"),
        ("listens", "safeguarding-lead"),
    ]:
        client.post(url, {"run": run_id, "node": node, "choice": choice})
    page = client.get(url).content.decode()
    # The best ending, but letting the cousin interpret cost 2 of the 8 best points on the way.
    assert "Score: 75 out of 100" in page and "Debrief" in page
    costly = page[page.index('data-testid="scenario-costly"') :].split("</ul>")[0]
    assert "Ask the cousin to interpret" in costly and "the companion controls" in costly
    assert "Think again" not in costly  # going back cost nothing
    assert list(ScenarioChoice.objects.values_list("choice", flat=True)) == [
        "let-cousin",
        "back",
        "see-alone",
        "open",
        "safeguarding-lead",
    ]
    # A stale page (the back button) cannot record a second choice for an old node.
    client.post(url, {"run": run_id, "node": "arrive", "choice": "confront"})
    assert ScenarioChoice.objects.count() == 5

    # The final check is refused until every unit is done; then finish the rest.
    assert client.get("/learning/awareness/check/post/")["Location"] == "/learning/awareness/"
    for u in spec.required_units("health"):
        services.demo_unit_complete(enrolment=enrolment, unit=u)
    post = services.check_start(enrolment=enrolment, kind="post")
    assert not set(post.items) & set(pre.items)
    client.post(
        "/learning/awareness/check/post/",
        _answers(spec, post.items) | {"identify": "4", "respond": "4", "refer": "5"},
    )

    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.pdf and bytes(certificate.pdf).startswith(b"%PDF")
    assert certificate.pathway_title == "Health"
    assert AuditEvent.objects.filter(action="learning.certificate_issued").count() == 1
    response = client.get(f"/learning/certificates/{certificate.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert ConfidenceRating.objects.filter(enrolment=enrolment).count() == 2
    assert Refresher.objects.filter(enrolment=enrolment).count() == 3
    assert Answer.objects.filter(attempt__enrolment=enrolment).count() == 13

    # Public verification shows only name, course, date and status.
    anonymous = Client()
    page = anonymous.get(f"/verify/{certificate.code}/").content.decode()
    assert (
        "Valid certificate" in page and "Test Person" in page and "Modern slavery awareness" in page
    )
    assert "nurse@example.test" not in page and "Health" not in page
    assert (
        anonymous.get("/verify/", {"code": certificate.code.replace("-", "").lower()})["Location"]
        == f"/verify/{certificate.code}/"
    )
    assert anonymous.get("/verify/ABCD-EFGH-JKMN/").status_code == 404

    # xAPI: every kind of event, and never the email address.
    verbs = set(Statement.objects.values_list("verb", flat=True))
    assert {"launched", "answered", "chose", "completed", "passed"} <= verbs
    blob = json.dumps(list(Statement.objects.values_list("payload", flat=True)))
    assert "nurse@example.test" not in blob and "Test Person" not in blob
    chose = Statement.objects.filter(verb="chose").order_by("stored_at").first()
    assert chose is not None
    statement = chose.payload
    assert statement["actor"]["account"]["name"] == str(nurse.learner_pseudonym.key)
    assert statement["version"] == "2.0.0"


def test_revocation_by_the_org_admin_is_audited_and_shown(nurse) -> None:
    enrolment = services.enrolment_start(user=nurse, course=course())
    certificate = services.certificate_issue(enrolment=enrolment)
    org = nurse.memberships.first().organisation
    outsider = make_user(Role.ORG_ADMIN, org=make_org("Other Council"), email="other@example.test")
    client = Client()
    sign_in(client, outsider)
    assert client.get(f"/learning/certificates/{certificate.pk}/revoke/").status_code == 404
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    client = Client()
    sign_in(client, admin)
    response = client.post(
        f"/learning/certificates/{certificate.pk}/revoke/", {"reason": "Issued in error"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert AuditEvent.objects.filter(
        action="learning.certificate_revoked", object_ref=str(certificate.pk)
    ).exists()
    page = Client().get(f"/verify/{certificate.code}/").content.decode()
    assert "revoked" in page and "Issued in error" not in page


def test_refreshers_are_notified_once_and_measure_retention(nurse) -> None:
    enrolment = services.enrolment_start(user=nurse, course=course())
    refresher = Refresher.objects.create(
        enrolment=enrolment, months=1, due_on=timezone.localdate() - timedelta(days=1)
    )
    Refresher.objects.create(
        enrolment=enrolment, months=3, due_on=timezone.localdate() + timedelta(days=60)
    )
    assert services.refreshers_notify_due() == 1
    assert services.refreshers_notify_due() == 0
    assert len(mail.outbox) == 1 and f"/learning/refreshers/{refresher.pk}/" in mail.outbox[0].body
    client = Client()
    sign_in(client, nurse)
    assert "1-month refresher" in client.get("/learning/").content.decode()
    spec = services.course_spec(course())
    attempt = services.refresher_start(refresher=refresher)
    client.post(f"/learning/refreshers/{refresher.pk}/", _answers(spec, attempt.items))
    refresher.refresh_from_db()
    assert refresher.score == refresher.max_score == 5
    assert Statement.objects.filter(verb="refreshed").exists()


def test_a_reminder_the_mail_server_refused_is_sent_on_the_next_run(nurse, settings) -> None:
    enrolment = services.enrolment_start(user=nurse, course=course())
    refresher = Refresher.objects.create(
        enrolment=enrolment, months=1, due_on=timezone.localdate() - timedelta(days=1)
    )
    refuse_mail(settings)  # the mail server is down
    services.refreshers_notify_due()
    refresher.refresh_from_db()
    assert refresher.notified_at is None  # released for the next run
    assert len(mail.outbox) == 0
    accept_mail(settings)
    assert services.refreshers_notify_due() == 1
    assert len(mail.outbox) == 1
    refresher.refresh_from_db()
    assert refresher.notified_at is not None


def test_pathway_can_be_changed(nurse, client: Client) -> None:
    sign_in(client, nurse)
    services.enrolment_start(user=nurse, course=course())
    client.post("/learning/awareness/pathway/", {"pathway": "regulatory"})
    assert Enrolment.objects.get(user=nurse).pathway == "regulatory"


def test_report_and_csv_for_the_org_admin(nurse, django_assert_max_num_queries) -> None:
    org = nurse.memberships.first().organisation
    services.enrolment_start(user=nurse, course=course())
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin2@example.test")
    client = Client()
    sign_in(client, admin)
    for by in ("organisation", "team", "pathway"):
        page = client.get("/learning/report/", {"by": by})
        assert page.status_code == 200
    response = client.get("/learning/report.csv", {"by": "pathway"})
    rows = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert rows[0].startswith("\ufeffGroup,Learners,Started,Not started,Completed")
    assert rows[1].startswith("Health,1,1,,0")
    assert AuditEvent.objects.filter(action="learning.report_exported").exists()
