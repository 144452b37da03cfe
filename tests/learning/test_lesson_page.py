"""The lesson page is the hottest page in Lantern: a reload reads, and writes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantern.accounts.models import OrganisationType
from lantern.core.roles import Role
from lantern.learning import services
from lantern.learning.models import Enrolment, Statement, UnitProgress
from tests.helpers import make_org, make_user, sign_in
from tests.learning.factories import check_done, course

pytestmark = pytest.mark.django_db
LESSON = "/learning/awareness/unit/what-it-is.law/"


def launched_units() -> list[str]:
    """The units with an xAPI 'launched' statement (the course launch is left out)."""
    ids = Statement.objects.filter(verb="launched", object_id__contains="/unit/")
    return sorted(i.rsplit("/", 1)[1] for i in ids.values_list("object_id", flat=True))


@pytest.fixture
def learner(client: Client):
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    check_done(services.enrolment_start(user=user, course=course()), "pre")
    sign_in(client, user)
    return user


def test_a_unit_opened_before_the_questions_at_the_start_leads_to_them(client) -> None:
    # The course page offers no unit until the pre-course check is done; its address, typed or
    # bookmarked, must not skip it either, or the learner's knowledge gain is measured on nothing.
    user = make_user(Role.LEARNER, email="early@example.test")
    enrolment = services.enrolment_start(user=user, course=course())
    sign_in(client, user)
    response = client.get(LESSON, follow=True)
    assert response.redirect_chain[-1][0] == "/learning/awareness/check/pre/"
    assert "Answer the questions at the start first" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.last_unit == "" and not UnitProgress.objects.filter(enrolment=enrolment)
    check_done(enrolment, "pre")
    assert client.get(LESSON).status_code == 200


def test_first_opening_records_progress_and_one_launched_statement(learner, client) -> None:
    assert client.get(LESSON).status_code == 200
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.last_unit == "what-it-is.law"
    assert UnitProgress.objects.filter(enrolment=enrolment, unit="what-it-is.law").exists()
    assert launched_units() == ["what-it-is.law"]


def test_a_reload_writes_nothing_and_reads_little(learner, client) -> None:
    client.get(LESSON)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LESSON).status_code == 200
    captured = [q["sql"] for q in queries.captured_queries]
    sql = [q.split()[0].upper() for q in captured]
    assert not {"INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT"} & set(sql), captured
    # the session with its user and their roles, and the enrolment with its course
    assert sql == ["SELECT", "SELECT"], captured
    assert launched_units() == ["what-it-is.law"]


def test_moving_on_records_where_the_learner_is(learner, client) -> None:
    client.get(LESSON)
    client.get("/learning/awareness/unit/what-it-is.check/")
    client.get(LESSON)
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.last_unit == "what-it-is.law"
    assert launched_units() == ["what-it-is.check", "what-it-is.law"]


def test_a_choice_posted_before_the_case_study_was_shown_still_opens_it(learner, client) -> None:
    url = "/learning/awareness/unit/health.case-ae/"
    enrolment = Enrolment.objects.get(user=learner)
    spec = services.course_spec(course())
    run = services.scenario_run_current(enrolment=enrolment, unit=spec.units["health.case-ae"])
    client.post(url, {"run": str(run.pk), "node": "arrive", "choice": "see-alone"})
    assert UnitProgress.objects.filter(enrolment=enrolment, unit="health.case-ae").exists()
    assert launched_units() == ["health.case-ae"]
    page = client.get(url).content.decode()
    assert re.search(r'name="node" value="alone"', page)


def test_someone_not_enrolled_is_sent_to_the_course_page(client) -> None:
    user = make_user(Role.LEARNER)
    course()
    sign_in(client, user)
    assert client.get(LESSON)["Location"] == "/learning/awareness/"
    assert client.get("/learning/awareness/unit/no-such-unit/").status_code == 404
    assert client.get("/learning/no-such-course/unit/what-it-is.law/").status_code == 404


def test_the_learner_sees_where_they_are_in_the_module(learner, client) -> None:
    page = client.get(LESSON).content.decode()
    assert "What modern slavery is: part 1 of 4" in page
    page = client.get("/learning/awareness/unit/what-it-is.check/").content.decode()
    assert "part 4 of 4" in page


def test_answering_again_keeps_the_first_completion_and_records_the_new_score(
    learner, client
) -> None:
    spec = services.course_spec(course())
    unit = spec.units["what-it-is.check"]
    enrolment = Enrolment.objects.get(user=learner)
    right = {i: list(spec.bank[i].correct_ids) for i in unit.items}
    wrong = {
        i: [next(o.id for o in spec.bank[i].options if o.id not in spec.bank[i].correct_ids)]
        for i in unit.items
    }
    services.quiz_submit(enrolment=enrolment, unit=unit, answers=right)
    first = UnitProgress.objects.get(enrolment=enrolment, unit=unit.id)
    assert (first.score, first.max_score) == (len(unit.items), len(unit.items))
    with CaptureQueriesContext(connection) as queries:
        services.quiz_submit(enrolment=enrolment, unit=unit, answers=wrong)
    again = UnitProgress.objects.get(enrolment=enrolment, unit=unit.id)
    assert again.pk == first.pk and again.completed_at == first.completed_at
    assert again.score == 0
    completed = Statement.objects.filter(verb="completed", object_id__endswith=f"/{unit.id}")
    assert completed.count() == 1
    # the progress row is one upsert: no SELECT-then-INSERT, no savepoint
    writes = [q["sql"] for q in queries.captured_queries if "unitprogress" in q["sql"].lower()]
    assert len(writes) == 1 and writes[0].upper().startswith("INSERT"), writes


def test_a_page_continued_from_without_being_opened_is_done_once(learner, client) -> None:
    client.post(LESSON)
    enrolment = Enrolment.objects.get(user=learner)
    progress = UnitProgress.objects.get(enrolment=enrolment, unit="what-it-is.law")
    assert progress.completed_at is not None and progress.score is None
    assert launched_units() == []
    completed = Statement.objects.filter(verb="completed", object_id__endswith="/what-it-is.law")
    assert completed.count() == 1


def test_an_answer_post_reads_the_pseudonym_with_the_enrolment(learner, client) -> None:
    spec = services.course_spec(course())
    unit = spec.units["what-it-is.check"]
    url = f"/learning/awareness/unit/{unit.id}/"
    client.get(url)  # the learner's pseudonym exists from the launch statement
    data = {f"q_{i}": list(spec.bank[i].correct_ids) for i in unit.items}
    before = set(Statement.objects.filter(verb="answered").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, data).status_code == 302
    alone = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].upper().startswith("SELECT")
        and "learnerpseudonym" in q["sql"].lower()
        and "enrolment" not in q["sql"].lower()
    ]
    assert alone == []
    answered = Statement.objects.filter(verb="answered").exclude(pk__in=before)
    assert answered.count() == len(unit.items)
    assert len({s.actor_key for s in answered}) == 1


def test_the_course_page_offers_to_continue_where_the_learner_stopped(learner, client) -> None:
    page = client.get("/learning/awareness/").content.decode()
    assert "Start the first part" in page and "Continue where you left off" not in page
    # Opened a case study, finished nothing: still a return, to the case study.
    client.get("/learning/awareness/unit/health.case-ae/")
    page = client.get("/learning/awareness/").content.decode()
    assert "Continue where you left off" in page and "Start the first part" not in page
    assert 'href="/learning/awareness/unit/health.case-ae/">Continue where you left off' in page
    assert "Next: Case study: a night in A&amp;E" in page


def test_answering_the_part_just_opened_does_not_write_the_enrolment_again(learner, client) -> None:
    spec = services.course_spec(course())
    unit = spec.units["what-it-is.check"]
    url = f"/learning/awareness/unit/{unit.id}/"
    client.get(url)
    opened = Enrolment.objects.get(user=learner)
    assert opened.last_unit == unit.id
    data = {f"q_{i}": list(spec.bank[i].correct_ids) for i in unit.items}
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, data).status_code == 302
    enrolment_writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].upper().startswith("UPDATE") and "enrolment" in q["sql"].lower()
    ]
    assert enrolment_writes == []
    # a minute later, the same answer records that the learner was active
    Enrolment.objects.filter(pk=opened.pk).update(
        last_active_at=opened.last_active_at - timedelta(minutes=2)
    )
    client.post(url, data)
    assert Enrolment.objects.get(pk=opened.pk).last_active_at > opened.last_active_at


def test_the_sources_block_is_shown_and_made_once_per_course_version(learner, client) -> None:
    spec = services.course_spec(course())
    unit = spec.units["what-it-is.law"]
    assert unit.facts, "the law page cites its sources"
    spec.rendered.clear()
    page = client.get(LESSON).content.decode()
    assert "Sources and review date" in page
    for fact in unit.facts:
        assert f"Reviewed {fact.reviewed_text}." in page and fact.reviewed not in page
        assert spec.sources[fact.source].url in page
    assert list(spec.rendered) == [f"sources:{unit.id}"]
    assert client.get(LESSON).content.decode().count("Sources and review date") == 1
