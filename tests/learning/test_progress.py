"""What a learner sees of their progress: the figure, the time left, the outline, where to go on."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lantern.accounts.models import OrganisationType
from lantern.core.roles import Role
from lantern.learning import rules, services
from lantern.learning.models import AttemptKind, Enrolment
from tests.helpers import make_org, make_user, sign_in
from tests.learning.factories import check_done, course


@pytest.fixture
def learner(db, client: Client) -> Enrolment:
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    sign_in(client, user)
    return services.enrolment_start(user=user, course=course())


@pytest.mark.parametrize(
    ("left", "total", "percent"),
    [(45, 45, 0), (12, 45, 73), (1, 45, 97), (0, 45, 100), (0, 0, 0), (50, 45, 0)],
)
def test_progress_is_the_share_of_minutes_done_rounded_down(left, total, percent) -> None:
    assert rules.progress_percent(minutes_left=left, minutes_total=total) == percent


def _progress(client: Client) -> tuple[int, int]:
    page = client.get("/learning/").content.decode()
    found = re.search(r"(\d+)% done, about (\d+) minutes left", page)
    assert found is not None, page
    return int(found.group(1)), int(found.group(2))


def test_my_learning_s_figure_agrees_with_the_time_left(learner, client) -> None:
    spec = services.course_spec(learner.course)
    total = spec.minutes_for(learner.pathway)
    check_done(learner, AttemptKind.PRE)
    for unit in spec.required_units(learner.pathway):
        services.demo_unit_complete(enrolment=learner, unit=unit)
    percent, left = _progress(client)
    # every unit done, the final check to take: what is left is the check's minutes
    assert left == spec.check_minutes
    assert percent == 100 * (total - left) // total < 100


def _continue_href(client: Client) -> str:
    page = client.get("/learning/").content.decode()
    found = re.search(r'href="([^"]+)">Continue<', page)
    assert found is not None, page
    return found.group(1)


def test_my_learning_s_continue_goes_straight_to_where_the_learner_left_off(
    learner, client
) -> None:
    spec = services.course_spec(learner.course)
    units = spec.required_units(learner.pathway)
    assert _continue_href(client) == "/learning/awareness/check/pre/"
    check_done(learner, AttemptKind.PRE)
    services.demo_unit_complete(enrolment=learner, unit=units[0])
    client.get(f"/learning/awareness/unit/{units[2].id}/")  # opened, not finished
    assert _continue_href(client) == f"/learning/awareness/unit/{units[2].id}/"
    for unit in units:
        services.demo_unit_complete(enrolment=learner, unit=unit)
    assert _continue_href(client) == "/learning/awareness/check/post/"


@pytest.mark.parametrize(
    ("org_type", "pathway"),
    [(OrganisationType.HEALTH, "Health"), (OrganisationType.POLICE, "Police")],
)
def test_the_start_page_names_the_pathway_it_suggests(db, client, org_type, pathway) -> None:
    org = make_org("Somewhere", org_type=org_type)
    user = make_user(Role.LEARNER, org=org, email="someone@example.test")
    course()
    sign_in(client, user)
    page = client.get("/learning/awareness/").content.decode()
    assert f"we suggest the <strong>{pathway}</strong> pathway" in page
    client.post("/learning/awareness/")
    enrolment = Enrolment.objects.get(user=user)
    assert services.course_spec(course()).pathway(enrolment.pathway).title == pathway


def _outline_item(page: str, name: str) -> str:
    found = re.search(
        rf'<li class="govuk-task-list__item[^"]*">\s*<div class="govuk-task-list__name-and-hint">'
        rf"\s*(?:<a [^>]*>|<div>){name}</(?:a|div)>(.*?)</li>",
        page,
        re.S,
    )
    assert found is not None, name
    return found.group(1)


def test_the_outline_shows_both_checks_in_their_place_with_minutes_and_state(
    learner, client
) -> None:
    spec = services.course_spec(learner.course)
    minutes = f"{spec.check_minutes} min"
    page = client.get("/learning/awareness/").content.decode()
    first_unit = spec.required_units(learner.pathway)[0].title
    assert page.index("Questions at the start") < page.index(first_unit)
    assert page.index(first_unit) < page.rindex("Final check")
    start, final = _outline_item(page, "Questions at the start"), _outline_item(page, "Final check")
    assert minutes in start and "Not started" in start
    assert minutes in final and "Cannot start yet" in final
    check_done(learner, AttemptKind.PRE)
    for unit in spec.required_units(learner.pathway):
        services.demo_unit_complete(enrolment=learner, unit=unit)
    page = client.get("/learning/awareness/").content.decode()
    assert "Completed" in _outline_item(page, "Questions at the start")
    assert "Not started" in _outline_item(page, "Final check")
    check_done(learner, AttemptKind.POST)
    page = client.get("/learning/awareness/").content.decode()
    assert "Completed" in _outline_item(page, "Final check")
