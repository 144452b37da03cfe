"""The same answer sent twice (a double tap, a second tab, a stale page) is answered kindly."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from lantern.accounts.models import OrganisationType
from lantern.core.roles import Role
from lantern.learning import services
from lantern.learning.models import Answer, Attempt, ScenarioChoice, ScenarioRun, UnitProgress
from tests.helpers import make_org, make_user, sign_in
from tests.learning.factories import check_done, course

URL = "/learning/awareness/unit/health.case-ae/"


@pytest.fixture
def nurse(db):
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    course()
    return user


def _run_id(client: Client) -> str:
    found = re.search(r'name="run" value="([^"]+)"', client.get(URL).content.decode())
    assert found is not None
    return found.group(1)


def test_a_choice_sent_twice_shows_the_current_step_not_a_form_error(nurse, client) -> None:
    sign_in(client, nurse)
    enrolment = services.enrolment_start(user=nurse, course=course())
    check_done(enrolment, "pre")
    run_id = _run_id(client)
    for _ in range(2):  # the second is what a double tap or an older tab sends
        response = client.post(
            URL, {"run": run_id, "node": "alone", "choice": "leading"}, follow=True
        )
    page = response.content.decode()
    assert "not one of the available choices" not in page
    assert "You have already made that choice; carry on from here" in page
    assert "Step 1" in page  # "alone" was never the current step: nothing was recorded
    assert ScenarioChoice.objects.count() == 0

    client.post(URL, {"run": run_id, "node": "arrive", "choice": "see-alone"})
    page = client.post(
        URL, {"run": run_id, "node": "arrive", "choice": "see-alone"}, follow=True
    ).content.decode()
    assert "You have already made that choice; carry on from here" in page
    assert "Step 2" in page and "error-summary" not in page
    assert ScenarioChoice.objects.count() == 1


def test_a_choice_from_before_a_restart_says_the_case_study_restarted(nurse, client) -> None:
    sign_in(client, nurse)
    enrolment = services.enrolment_start(user=nurse, course=course())
    check_done(enrolment, "pre")
    old_run = _run_id(client)
    client.post(f"{URL}restart/")
    page = client.post(
        URL, {"run": old_run, "node": "arrive", "choice": "see-alone"}, follow=True
    ).content.decode()
    assert "This case study has been restarted; carry on from here" in page
    assert ScenarioChoice.objects.count() == 0


def _answers(enrolment, kind: str, right: bool) -> dict[str, list[str]]:
    spec = services.course_spec(enrolment.course)
    attempt = services.check_start(enrolment=enrolment, kind=kind)
    out = {}
    for item in attempt.items:
        q = spec.bank[item]
        out[item] = list(q.correct_ids) if right else [o.id for o in q.options if not o.correct][:1]
    return out


def test_a_check_submitted_again_keeps_the_first_answers(nurse) -> None:
    enrolment = services.enrolment_start(user=nurse, course=course())
    first = services.check_submit(
        enrolment=enrolment,
        kind="pre",
        answers=_answers(enrolment, "pre", right=True),
        identify=2,
        respond=2,
        refer=2,
    )
    again = services.check_submit(
        enrolment=enrolment,
        kind="pre",
        answers=_answers(enrolment, "pre", right=False),
        identify=5,
        respond=5,
        refer=5,
    )
    assert again.pk == first.pk and again.score == first.score == len(first.items)
    assert Answer.objects.filter(attempt=first).count() == len(first.items)


@pytest.mark.django_db(transaction=True)
def test_two_check_submissions_at_the_same_moment_both_succeed() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN IMMEDIATE; row locks need PostgreSQL")
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    enrolment = services.enrolment_start(user=user, course=course())
    answers = _answers(enrolment, "pre", right=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            services.check_submit(
                enrolment=enrolment, kind="pre", answers=answers, identify=3, respond=3, refer=3
            )
            outcomes.append("ok")
        except Exception as exc:  # the race's failure is what is asserted
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["ok", "ok"]
    attempt = Attempt.objects.get(enrolment=enrolment, kind="pre")
    assert Answer.objects.filter(attempt=attempt).count() == len(attempt.items)


def test_recovering_after_mistakes_scores_less_and_the_debrief_says_why(nurse, client) -> None:
    sign_in(client, nurse)
    enrolment = services.enrolment_start(user=nurse, course=course())
    check_done(enrolment, "pre")
    run_id = _run_id(client)
    for node, choice in [
        ("arrive", "let-cousin"),
        ("cousin-interprets", "back"),
        ("arrive", "see-alone"),
        ("alone", "leading"),
        ("leading", "reset"),
        ("listens", "safeguarding-lead"),
    ]:
        client.post(URL, {"run": run_id, "node": node, "choice": choice})
    page = client.get(URL).content.decode()
    assert "Score: 56 out of 100" in page and "This ending is worth 100" in page
    costly = page[page.index('data-testid="scenario-costly"') :].split("</ul>")[0]
    assert "Ask the cousin to interpret" in costly and "Are you being trafficked?" in costly
    assert "A leading question with a frightening word" in costly
    assert "Slow down" not in costly and "safeguarding lead now" not in costly
    # the score recorded for the unit is the path's too
    assert ScenarioRun.objects.get(pk=run_id).score == 56
    assert UnitProgress.objects.get(enrolment=enrolment, unit="health.case-ae").score == 56
