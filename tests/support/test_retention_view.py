"""Retention a DPO can see and act on: each retention run is recorded against the
organisations whose cases it anonymised (so their DPO sees it), the DPO's retention page lists
what is due in 30 and 90 days, what is on hold and what was anonymised (and by which run), and
a hold, placed with a reason and lifted on a confirmation page, stops the job."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Team
from lantern.core.models import AuditEvent
from lantern.support import selectors, services
from lantern.support.models import Case
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World


def _closed(world: World, days: int = 10, *, elsewhere: bool = False) -> Case:
    """A new closed case whose retention date is ``days`` from today (in the other
    organisation when ``elsewhere``)."""
    if elsewhere:
        owner, supervisor, org = (
            world.other_org_caseworker,
            world.other_org_supervisor,
            world.other_org,
        )
        team = Team.objects.get(organisation=org, name="Casework")
    else:
        owner, supervisor, org, team = world.caseworker, world.supervisor, world.org, world.team
    case = f.case(owner, org, team)
    services.closure_request(actor=owner, case=case, reason="support_complete")
    services.closure_approve(actor=supervisor, case=case)
    Case.objects.filter(pk=case.pk).update(retention_until=timezone.localdate() + timedelta(days))
    return Case.objects.get(pk=case.pk)


def _dpo(world: World) -> Client:
    client = Client()
    sign_in(client, world.dpo)
    return client


def test_a_run_is_recorded_against_each_organisation_whose_cases_it_anonymised(
    world: World,
) -> None:
    ours = [_closed(world, days=-1), _closed(world, days=-2)]
    theirs = _closed(world, days=-1, elsewhere=True)
    run = services.anonymise_expired_cases()
    assert run.cases_anonymised == 3
    events = AuditEvent.objects.filter(action="support.retention_run", object_ref=str(run.pk))
    by_org = {e.organisation_ref: e.detail["cases_anonymised"] for e in events}
    assert by_org == {"": 3, str(world.org.pk): 2, str(world.other_org.pk): 1}
    for case in [*ours, theirs]:
        case.refresh_from_db()
        assert case.anonymised_by_run == run
        anonymised = AuditEvent.objects.get(action="case.anonymised", object_ref=str(case.pk))
        assert anonymised.detail["run"] == str(run.pk)


def test_a_case_on_hold_is_skipped_until_the_hold_is_lifted(world: World) -> None:
    case = _closed(world, days=-5)
    services.retention_hold(actor=world.dpo, case=case, reason="A complaint needs the record")
    assert services.anonymise_expired_cases().cases_anonymised == 0
    case.refresh_from_db()
    assert case.anonymised_at is None and case.retention_hold_reason.startswith("A complaint")
    services.retention_hold_lift(actor=world.dpo, case=case)
    assert services.anonymise_expired_cases().cases_anonymised == 1
    held, lifted = (
        AuditEvent.objects.get(action=a, object_ref=str(case.pk))
        for a in ("case.retention_held", "case.retention_hold_lifted")
    )
    for event in (held, lifted):
        assert event.actor_ref == str(world.dpo.pk)
        assert event.organisation_ref == str(world.org.pk)
        assert "complaint" not in str(event.detail)  # the reason stays on the case


def test_a_hold_needs_a_reason_and_an_anonymised_case_cannot_be_held(world: World) -> None:
    case = _closed(world, days=-1)
    with pytest.raises(ValidationError):
        services.retention_hold(actor=world.dpo, case=case, reason="  ")
    services.anonymise_expired_cases()
    with pytest.raises(ValidationError):
        services.retention_hold(actor=world.dpo, case=case, reason="Too late")


def test_the_page_lists_due_on_hold_and_anonymised_with_the_run(world: World) -> None:
    soon = _closed(world, days=12)
    later = _closed(world, days=60)
    _closed(world, days=200)  # not due within 90 days
    held = _closed(world, days=3)
    services.retention_hold(actor=world.dpo, case=held, reason="Court case in March")
    gone = _closed(world, days=-1)
    services.anonymise_expired_cases()
    elsewhere = _closed(world, days=5, elsewhere=True)

    response = _dpo(world).get(reverse("support:dpo_retention"))
    assert response.status_code == 200
    page = response.content.decode()

    def section(test_id: str) -> str:
        return page.split(f'data-testid="{test_id}"', 1)[1].split("</table>")[0]

    assert soon.reference in section("due-soon") and later.reference not in section("due-soon")
    assert later.reference in section("due-later")
    assert held.reference in section("on-hold") and "Court case in March" in section("on-hold")
    assert held.reference not in section("due-soon")
    assert gone.reference in section("anonymised")
    assert "The retention job that ran on" in section("anonymised")
    assert elsewhere.reference not in page  # another organisation's case


def test_the_overview_reads_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for days in (5, 40, -1, 8):
        _closed(world, days=days)
    services.anonymise_expired_cases()
    with django_assert_max_num_queries(9):
        overview = selectors.retention_overview(world.dpo)
        [c.anonymised_by_run.ran_at for c in overview.anonymised.cases]  # type: ignore[union-attr]
        [c.retention_until for c in overview.due_soon.cases]


def test_the_dpo_places_and_lifts_a_hold_through_the_pages(world: World) -> None:
    case = _closed(world, days=-1)
    client = _dpo(world)
    hold = reverse("support:case_retention_hold", kwargs={"case_id": case.pk})
    empty = client.post(hold, {"reason": ""})
    assert "There is a problem" in empty.content.decode()
    assert "Enter why the case must be kept" in empty.content.decode()
    done = client.post(hold, {"reason": "Subject access request in progress"}, follow=True)
    assert "is on hold: it will not be anonymised" in done.content.decode()
    case.refresh_from_db()
    assert case.retention_held_at is not None

    lift = reverse("support:case_retention_lift", kwargs={"case_id": case.pk})
    ask = client.get(lift).content.decode()
    seen = AuditEvent.objects.filter(action="case.viewed", object_ref=str(case.pk))
    assert {e.detail["what"] for e in seen} >= {"retention_hold", "retention_lift"}
    assert "Are you sure you want to lift the hold?" in ask
    assert "the next run of the retention job anonymises it" in ask
    case.refresh_from_db()
    assert case.retention_held_at is not None  # asking lifts nothing
    client.post(lift)
    case.refresh_from_db()
    assert case.retention_held_at is None and case.retention_hold_reason == ""


def test_another_organisations_dpo_cannot_hold_or_lift(world: World) -> None:
    case = _closed(world, days=-1)
    client = Client()
    sign_in(client, world.other_org_dpo)
    for name in ("case_retention_hold", "case_retention_lift"):
        url = reverse(f"support:{name}", kwargs={"case_id": case.pk})
        assert client.post(url, {"reason": "Mine now"}).status_code == 404
    case.refresh_from_db()
    assert case.retention_held_at is None


def test_the_access_history_tells_the_hold_in_plain_english(world: World) -> None:
    case = _closed(world, days=30)
    services.retention_hold(actor=world.dpo, case=case, reason="Complaint")
    services.retention_hold_lift(actor=world.dpo, case=case)
    lines = [e.line.what for e in selectors.case_access_history(case)]
    assert any(line.startswith("Put the case on hold") for line in lines)
    assert any(line.startswith("Lifted the hold") for line in lines)


def test_today_is_the_local_date(world: World) -> None:
    assert selectors.retention_overview(world.dpo).today == timezone.localdate()
    assert isinstance(selectors.retention_overview(world.dpo, today=date(2027, 1, 1)).today, date)
