"""A supervisor's "Waiting for you": plans and closures to decide on, reviews overdue, from the
cases they can open and supervise only, at the top of the case list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantern.core.models import AuditEvent
from lantern.support import selectors, services
from lantern.support.models import Case, PlanGoal, Review
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _plan_sent(case: Case, author: Any) -> None:
    services.plan_save(
        actor=author,
        case=case,
        expected_version=0,
        in_their_words="To feel safe",
        safety_plan="",
        agreed_with_person=True,
        agreed_on=timezone.localdate(),
    )
    services.section_entry_create(
        actor=author, case=case, model=PlanGoal, section="goals", data={"goal": "A safe home"}
    )
    services.plan_submit(actor=author, case=case)


def _review(case: Case, actor: Any, days_ago: int) -> None:
    services.section_entry_create(
        actor=actor,
        case=case,
        model=Review,
        section="reviews",
        data={"due_on": timezone.localdate() - timedelta(days=days_ago)},
    )


def _refs(items: list[selectors.WaitingCase]) -> set[str]:
    return {i.reference for i in items}


def test_what_waits_for_a_supervisor_and_nothing_they_cannot_open(world: World) -> None:
    plan_case = world.case
    _plan_sent(plan_case, world.caseworker)
    closing = f.case(world.teammate, world.org, world.team)
    services.closure_request(actor=world.teammate, case=closing, reason="support_complete")
    overdue = f.case(world.caseworker, world.org, world.team)
    _review(overdue, world.caseworker, days_ago=1)
    due_today = f.case(world.caseworker, world.org, world.team)
    _review(due_today, world.caseworker, days_ago=0)

    # Cases the supervisor cannot open, each with something waiting.
    other_team = f.case(world.other_team_caseworker, world.org, world.other_team)
    _plan_sent(other_team, world.other_team_caseworker)
    other_org = f.case(world.other_org_caseworker, world.other_org, None)
    services.closure_request(
        actor=world.other_org_caseworker,
        case=other_org,
        reason="other",
        other_reason="A test reason",
    )
    restricted = f.case(world.caseworker, world.org, world.team)
    _review(restricted, world.caseworker, days_ago=3)
    services.case_restrict(actor=world.caseworker, case=restricted, restricted=True, named_users=[])
    # A closure the supervisor asked for themselves: someone else decides.
    own = f.case(world.supervisor, world.org, world.team)
    services.closure_request(
        actor=world.supervisor, case=own, reason="other", other_reason="A test reason"
    )
    # Closed cases wait for nothing.
    closed = f.case(world.caseworker, world.org, world.team)
    _review(closed, world.caseworker, days_ago=5)
    services.closure_request(
        actor=world.caseworker, case=closed, reason="other", other_reason="A test reason"
    )
    services.closure_approve(actor=world.supervisor, case=closed)

    waiting = selectors.waiting_for(world.supervisor)
    assert _refs(waiting.plans) == {plan_case.reference}
    assert _refs(waiting.closures) == {closing.reference}
    assert _refs(waiting.overdue_reviews) == {overdue.reference}
    assert waiting.total == 3
    visible = set(selectors.cases_visible_to(world.supervisor).values_list("reference", flat=True))
    assert _refs(waiting.plans + waiting.closures + waiting.overdue_reviews) <= visible

    other = selectors.waiting_for(world.other_team_supervisor)
    assert _refs(other.plans) == {other_team.reference}
    assert not other.closures and not other.overdue_reviews
    assert selectors.waiting_for(world.caseworker).total == 0
    assert selectors.waiting_for(world.dpo).total == 0


def test_the_case_list_shows_it_to_supervisors_with_counts_and_links(world: World) -> None:
    _plan_sent(world.case, world.caseworker)
    overdue = f.case(world.caseworker, world.org, world.team)
    _review(overdue, world.caseworker, days_ago=2)
    client = _client(world.supervisor)
    html = client.get(reverse("support:case_list")).content.decode()
    assert "Waiting for you" in html
    assert "Plans waiting for approval: 1" in html
    assert "Closures waiting for approval: 0" in html
    assert "Reviews overdue: 1" in html
    assert reverse("support:case_plan", kwargs={"case_id": world.case.pk}) in html
    reviews = reverse("support:case_section", kwargs={"case_id": overdue.pk, "section": "reviews"})
    assert reviews in html
    # The references it showed are part of the recorded listing, as the list's are.
    event = AuditEvent.objects.filter(action="case.list_viewed").order_by("-seq").first()
    assert event is not None and event.actor_ref == str(world.supervisor.pk)
    assert event.detail == {"page": 1, "shown": 2, "waiting": 2}

    caseworker = _client(world.caseworker)
    assert "Waiting for you" not in caseworker.get(reverse("support:case_list")).content.decode()


def test_the_panel_query_count_does_not_grow_with_cases(world: World) -> None:
    client = _client(world.supervisor)
    url = reverse("support:case_list")
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(10):
        case = f.case(world.caseworker, world.org, world.team)
        _review(case, world.caseworker, days_ago=1)
        services.closure_request(
            actor=world.caseworker, case=case, reason="other", other_reason="A test reason"
        )
    assert count() == few
    assert "Closures waiting for approval: 10" in client.get(url).content.decode()
