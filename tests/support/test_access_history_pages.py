"""The DPO's access history at real size: a page of 100 events, newest first, in a fixed
number of queries however long the history is, narrowed by a GOV.UK date range."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantern.core.audit import audit_record
from lantern.core.models import AuditEvent
from tests.helpers import sign_in
from tests.support.conftest import World


def _views(world: World, n: int) -> None:
    for _ in range(n):
        audit_record(
            action="case.viewed", actor=world.caseworker, obj=world.case, detail={"what": "case"}
        )


def _views_on(world: World, monkeypatch: pytest.MonkeyPatch, day: str, n: int = 1) -> None:
    when = datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=timezone.get_current_timezone())
    with monkeypatch.context() as m:
        m.setattr(timezone, "now", lambda: when)
        _views(world, n)


@pytest.fixture(autouse=True)
def _dpo_client(world: World) -> None:
    """The DPO, signed in once per test (a two-factor code is accepted only once)."""
    client = Client()
    sign_in(client, world.dpo)
    world.dpo_client = client  # type: ignore[attr-defined]


def _get(world: World, **params: Any) -> Any:
    client: Client = world.dpo_client  # type: ignore[attr-defined]
    url = reverse("support:case_access_history", kwargs={"case_id": world.case.pk})
    return client.get(url, params)


def _rows(response: Any) -> int:
    table = response.content.decode().split('data-testid="history"', 1)[1].split("</table>")[0]
    return table.count('<tr class="govuk-table__row">') - 1  # less the header row


def test_a_long_history_is_paged_at_100_newest_first(world: World) -> None:
    _views(world, 230)
    total = AuditEvent.objects.filter(object_ref=str(world.case.pk)).count()
    first = _get(world)
    assert _rows(first) == 100
    page = first.content.decode()
    assert f"Showing events 1 to 100 of {total}" in page
    assert 'rel="next"' in page and 'rel="prev"' not in page
    # Newest first: the first row is the latest event before this page view was recorded.
    assert first.context["page"].object_list[0].seq > first.context["page"].object_list[-1].seq
    last = _get(world, page=3)
    assert _rows(last) == total + 1 - 200  # the first page's view is an event too
    assert 'rel="prev"' in last.content.decode() and 'rel="next"' not in last.content.decode()


def test_the_page_reads_in_the_same_number_of_queries_however_long_the_history(
    world: World,
) -> None:
    client: Client = world.dpo_client  # type: ignore[attr-defined]
    url = reverse("support:case_access_history", kwargs={"case_id": world.case.pk})
    _views(world, 5)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    _views(world, 300)
    with CaptureQueriesContext(connection) as long:
        response = client.get(url)
    assert _rows(response) == 100
    assert len(long.captured_queries) == len(short.captured_queries)


def test_a_date_range_shows_only_the_events_on_those_days(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _views_on(world, monkeypatch, "2026-03-01", 2)
    _views_on(world, monkeypatch, "2026-03-10", 3)
    _views_on(world, monkeypatch, "2026-03-20", 4)
    response = _get(
        world,
        since_day="2",
        since_month="3",
        since_year="2026",
        until_day="10",
        until_month="3",
        until_year="2026",
    )
    assert response.status_code == 200
    assert _rows(response) == 3
    assert "Showing events 1 to 3 of 3 in these dates" in response.content.decode()
    # Only a start: everything from that day on (the 10th, the 20th and today's views).
    since = _get(world, since_day="10", since_month="3", since_year="2026")
    assert since.context["page"].paginator.count >= 7
    assert all(e.occurred_at.date() >= datetime(2026, 3, 10).date() for e in since.context["page"])


def test_the_pages_keep_the_date_range(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _views_on(world, monkeypatch, "2026-03-10", 120)
    response = _get(world, since_day="10", since_month="3", since_year="2026")
    page = response.content.decode()
    assert "since_day=10" in page.split('rel="next"')[0].rsplit("href=", 1)[1]
    assert "page=2" in page.split('rel="next"')[0].rsplit("href=", 1)[1]


def test_a_range_that_ends_before_it_starts_is_a_gov_uk_error(world: World) -> None:
    response = _get(
        world,
        since_day="10",
        since_month="3",
        since_year="2026",
        until_day="1",
        until_month="3",
        until_year="2026",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "must be the same as or after the date to show events from" in page
    assert "<title>Error:" in page
    assert 'data-testid="history"' not in page


def test_a_date_that_is_not_real_is_a_gov_uk_error(world: World) -> None:
    page = _get(world, since_day="31", since_month="2", since_year="2026").content.decode()
    assert "The date to show events from must be a real date" in page


def test_viewing_a_page_of_the_history_is_audited(world: World) -> None:
    _get(world, page=2)
    assert AuditEvent.objects.filter(
        action="case.history_viewed", object_ref=str(world.case.pk), actor_ref=str(world.dpo.pk)
    ).exists()
