"""A caseworker's "Returned to you": closures a supervisor declined (on cases they own or where
they asked for the closure) and reviews due on their own cases, at the top of /cases/, and the
declined closure in the case list's status."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantern.core.models import AuditEvent
from lantern.support import selectors, services
from lantern.support.models import AlertKind, Case, Review, SupportAlert
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _declined(case: Case, world: World, asked_by: Any = None) -> Case:
    asker = asked_by or world.caseworker
    asked = services.closure_request(actor=asker, case=case, reason="moved_away")
    return services.closure_decline(actor=world.supervisor, case=asked, reason="Not yet")


def _review_due(case: Case, actor: Any, days_from_now: int) -> None:
    services.section_entry_create(
        actor=actor,
        case=case,
        model=Review,
        section="reviews",
        data={"due_on": timezone.localdate() + timedelta(days=days_from_now)},
    )


def test_what_comes_back_to_a_caseworker_and_only_on_their_own_cases(world: World) -> None:
    declined = _declined(world.case, world)
    due_today = f.case(world.caseworker, world.org, world.team)
    _review_due(due_today, world.caseworker, 0)
    later = f.case(world.caseworker, world.org, world.team)
    _review_due(later, world.caseworker, 7)
    teammates = f.case(world.teammate, world.org, world.team)  # visible, not theirs
    _review_due(teammates, world.teammate, -3)
    _declined(teammates, world, asked_by=world.teammate)

    returned = selectors.returned_to(world.caseworker)
    assert [c.reference for c in returned.declined_closures] == [declined.reference]
    assert [c.reference for c in returned.reviews_due] == [due_today.reference]
    assert returned.total == 2
    assert selectors.returned_to(world.supervisor).total == 0  # not a caseworker

    # Asking again is acting on it: the case leaves the list.
    services.closure_request(actor=world.caseworker, case=declined, reason="moved_away")
    assert selectors.returned_to(world.caseworker).declined_closures == []


def test_the_case_list_shows_returned_to_you_and_the_declined_status(world: World) -> None:
    case = _declined(world.case, world)
    response = _client(world.caseworker).get(reverse("support:case_list"))
    html = response.content.decode()
    assert 'data-testid="returned-to-you"' in html
    assert "Closures declined: 1" in html and "Reviews due or overdue: 0" in html
    assert reverse("support:case_detail", kwargs={"case_id": case.pk}) in html
    assert "Closure declined: see the case" in html
    assert html.index("Returned to you") < html.index('data-testid="case-list"')
    event = AuditEvent.objects.filter(action="case.list_viewed").latest("seq")
    assert event.detail["returned"] == 1

    # The supervisor's list has their own panel, not this one; the status shows to them too.
    supervisor = _client(world.supervisor).get(reverse("support:case_list")).content.decode()
    assert 'data-testid="returned-to-you"' not in supervisor
    assert "Closure declined: see the case" in supervisor


def test_nothing_returned_says_so(world: World) -> None:
    html = _client(world.caseworker).get(reverse("support:case_list")).content.decode()
    assert "Nothing has come back to you" in html
    assert "Closure declined" not in html


def test_returned_to_you_reads_in_three_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        _review_due(f.case(world.caseworker, world.org, world.team), world.caseworker, -1)
    with django_assert_max_num_queries(3):
        assert selectors.returned_to(world.caseworker).total == 5


def _refs(items: list[selectors.WaitingCase]) -> list[str]:
    return [c.reference for c in items]


def test_a_closure_a_teammate_asked_for_comes_back_to_them_and_to_the_owner(
    world: World,
) -> None:
    """The teammate who asked has to act on the supervisor's reason; the owner answers for the
    case. Both see it, each told about the other, and both are alerted."""
    _review_due(world.case, world.caseworker, -1)  # reviews still follow the owner only
    case = _declined(world.case, world, asked_by=world.teammate)
    assert case.closure_declined_for == world.teammate

    asker = selectors.returned_to(world.teammate)
    assert _refs(asker.declined_closures) == [case.reference]
    assert asker.declined_closures[0].note == (
        f"you asked to close it; the case owner is {world.caseworker.full_name}"
    )
    assert asker.reviews_due == []
    owner = selectors.returned_to(world.caseworker)
    assert _refs(owner.declined_closures) == [case.reference]
    assert owner.declined_closures[0].note == f"{world.teammate.full_name} asked to close it"
    assert _refs(owner.reviews_due) == [case.reference]
    alerted = SupportAlert.objects.filter(case=case, kind=AlertKind.CLOSURE_DECLINED)
    assert set(alerted.values_list("recipient", flat=True)) == {
        world.teammate.pk,
        world.caseworker.pk,
    }

    # On the page: the note beside the reference, and who asked on the case.
    html = _client(world.teammate).get(reverse("support:case_list")).content.decode()
    assert "you asked to close it; the case owner is" in html
    detail = _client(world.caseworker).get(
        reverse("support:case_detail", kwargs={"case_id": case.pk})
    )
    assert f"Asked for by {world.teammate.full_name}" in detail.content.decode()

    # Either of them asking again acts on it: it leaves both lists.
    services.closure_request(actor=world.caseworker, case=case, reason="moved_away")
    assert selectors.returned_to(world.teammate).declined_closures == []
    assert selectors.returned_to(world.caseworker).declined_closures == []
    assert Case.objects.get(pk=case.pk).closure_declined_for is None


def test_the_owners_own_declined_closure_goes_to_them_alone(world: World) -> None:
    case = _declined(world.case, world)
    assert selectors.returned_to(world.caseworker).declined_closures[0].note == ""
    assert selectors.returned_to(world.teammate).declined_closures == []
    alerted = SupportAlert.objects.filter(case=case, kind=AlertKind.CLOSURE_DECLINED)
    assert list(alerted.values_list("recipient", flat=True)) == [world.caseworker.pk]


def test_the_asker_sees_it_only_while_they_can_open_the_case(world: World) -> None:
    case = _declined(world.case, world, asked_by=world.teammate)
    services.case_restrict(actor=world.caseworker, case=case, restricted=True, named_users=[])
    assert selectors.returned_to(world.teammate).declined_closures == []
    assert _refs(selectors.returned_to(world.caseworker).declined_closures) == [case.reference]


def test_returned_to_you_with_declines_reads_in_three_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        _declined(f.case(world.caseworker, world.org, world.team), world, world.teammate)
        _declined(f.case(world.teammate, world.org, world.team), world)
    with django_assert_max_num_queries(3):
        returned = selectors.returned_to(world.caseworker)
        assert len(returned.declined_closures) == 6
        assert all(item.note for item in returned.declined_closures)


def test_a_case_without_an_owner_comes_back_to_whoever_asked(world: World) -> None:
    case = _declined(world.case, world, asked_by=world.teammate)
    Case.objects.filter(pk=case.pk).update(owner=None)  # as when the owner's account goes
    returned = selectors.returned_to(world.teammate).declined_closures
    assert [(c.reference, c.note) for c in returned] == [
        (case.reference, "you asked to close it; the case has no owner now")
    ]
