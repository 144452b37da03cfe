"""The learning report's figures a board can rely on: the people behind each figure, one set of
people for a before, an after and their difference, refresher scores beside the final check
(never over 100%), a period, small groups that stay hidden (by subtraction too), and a CSV whose
numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.utils import timezone

from lantern.accounts import services as accounts
from lantern.accounts.models import Organisation, OrganisationType, User
from lantern.core.models import AuditEvent
from lantern.core.quarters import quarter_of
from lantern.core.roles import Role
from lantern.learning import rules, selectors, services
from lantern.learning.models import AttemptKind, Enrolment, Refresher
from tests.helpers import make_org, make_user, sign_in
from tests.learning.factories import check_done, course

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("groups", "hidden"),
    [
        ([(None, 6), (None, 7)], set()),
        ([(None, 6), (None, 0)], set()),  # nobody behind it: nothing to hide
        ([(None, 4)], {0}),
        # one small group: the smallest other is hidden too, or the total would give it away
        ([(None, 9), (None, 2), (None, 6)], {1, 2}),
        # two small groups that come to 5 or more between them: nothing more to hide
        ([(None, 9), (None, 2), (None, 3)], {1, 2}),
        ([(None, 9), (None, 1), (None, 1), (None, 6)], {1, 2, 3}),
        # each organisation's teams add up to that organisation: hidden within it
        ([("a", 6), ("a", 2), ("b", 6), ("b", 7)], {0, 1}),
        ([("a", 2), ("a", 1)], {0, 1}),
    ],
)
def test_hidden_groups(groups, hidden) -> None:
    assert rules.hidden_groups(groups) == hidden


def test_a_group_never_shown_counts_as_hidden() -> None:
    # people in no period offered (started before them) are never shown on their own: with 1
    # such person, the 6 beside them would give theirs away, less the all-time figure
    assert rules.hidden_groups([(None, 6), (None, 1)], forced=[1]) == {0, 1}
    assert rules.hidden_groups([(None, 6), (None, 7)], forced=[1]) == {1}


def _finish(user: User, *, pre: int, post: int, started: datetime | None = None) -> Enrolment:
    enrolment = services.enrolment_start(user=user, course=course())
    check_done(enrolment, AttemptKind.PRE, right=pre, confidence=2)
    for unit in services.course_spec(course()).required_units(enrolment.pathway):
        services.demo_unit_complete(enrolment=enrolment, unit=unit)
    check_done(enrolment, AttemptKind.POST, right=post, confidence=4)
    if started is not None:
        Enrolment.objects.filter(pk=enrolment.pk).update(started_at=started)
    return enrolment


def _learner(org: Organisation, n: int, team: str | None = None) -> User:
    user = make_user(org=org, email=f"officer{n}@example.test")
    accounts.membership_grant(
        actor=None,
        user=user,
        organisation=org,
        role=Role.LEARNER,
        team=accounts.team_get_or_create(organisation=org, name=team) if team else None,
    )
    return user


def _refresher(enrolment: Enrolment, months: int, right: int, of: int = 5) -> None:
    # finishing the course set the refreshers up; this one is taken
    Refresher.objects.filter(enrolment=enrolment, months=months).update(
        completed_at=timezone.now(), score=right, max_score=of
    )


@pytest.fixture
def council():
    org = make_org("Test Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    return org, admin


def test_a_refresher_above_the_final_check_is_shown_as_it_is_never_over_100(council) -> None:
    org, admin = council
    for n in range(5):
        enrolment = _finish(_learner(org, n), pre=2, post=4)  # 40% then 80%
        _refresher(enrolment, 1, right=5)  # 100% a month later
    (row,) = selectors.cohort_report(user=admin, group_by="organisation")
    assert row["refresher_1m_people"] == 5
    assert (row["refresher_1m_final"], row["refresher_1m_score"]) == (80.0, 100.0)
    assert row["refresher_1m_change"] == 20.0
    assert row["refresher_3m_people"] == 0 and row["refresher_3m_score"] is None
    for key, _ in selectors.REPORT_COLUMNS:  # no share of a share any more
        assert "retention" not in key
    assert all(
        value is None or value <= 100
        for key, value in row.items()
        if key.endswith(("_before", "_after", "_final", "_score"))
    )


def test_before_after_and_gain_are_over_the_same_people_and_say_how_many(council) -> None:
    org, admin = council
    for n in range(5):
        _finish(_learner(org, n), pre=2, post=4)
    # a sixth took only the first check, and scored nothing: their score must not be in the
    # "before" (it would be that before less the gain's before, times the people)
    sixth = services.enrolment_start(user=_learner(org, 6), course=course())
    check_done(sixth, AttemptKind.PRE, right=0, confidence=1)
    (row,) = selectors.cohort_report(user=admin, group_by="organisation")
    assert row["enrolled"] == 6
    assert row["knowledge_people"] == 5
    assert (row["knowledge_before"], row["knowledge_after"], row["knowledge_gain"]) == (
        40.0,
        80.0,
        40.0,
    )
    assert (row["confidence_people"], row["confidence_before"], row["confidence_gain"]) == (
        5,
        2.0,
        2.0,
    )
    client = Client()
    sign_in(client, admin)
    page = client.get("/learning/report/").content.decode()
    assert "People who took both checks" in page
    assert "the gain is the after less the before" in page
    assert "not as a share of the final check" in page


def test_a_small_team_stays_hidden_even_with_the_people_shown(council) -> None:
    """Six in one team, two in the other: the organisation's average over eight, less the six's,
    would give the two's; so the six's is hidden too (by team), and the organisation's shown."""
    org, admin = council
    for n in range(6):
        _finish(_learner(org, n, team="Outreach"), pre=2, post=4)
    for n in range(6, 8):
        _finish(_learner(org, n, team="Housing"), pre=0, post=5)
    (whole,) = selectors.cohort_report(user=admin, group_by="organisation")
    assert (whole["knowledge_people"], whole["knowledge_before"]) == (8, 30.0)
    teams = {r["group"]: r for r in selectors.cohort_report(user=admin, group_by="team")}
    housing, outreach = teams["Test Council: Housing"], teams["Test Council: Outreach"]
    assert (housing["knowledge_people"], outreach["knowledge_people"]) == (2, 6)
    for row in (housing, outreach):
        for key in ("knowledge", "confidence"):
            assert row[f"{key}_before"] is None
            assert row[f"{key}_after"] is None
            assert row[f"{key}_gain"] is None
    # a third team of five: the two and the five are hidden, the six shown
    for n in range(8, 13):
        _finish(_learner(org, n, team="Parks"), pre=1, post=3)
    teams = {r["group"]: r for r in selectors.cohort_report(user=admin, group_by="team")}
    assert teams["Test Council: Outreach"]["knowledge_before"] == 40.0
    assert teams["Test Council: Parks"]["knowledge_before"] is None
    assert teams["Test Council: Housing"]["knowledge_before"] is None


def _started_in(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def test_the_period_chooses_who_started_in_it_page_csv_and_groups(council) -> None:
    org, admin = council
    this_quarter = quarter_of(timezone.localdate())
    last_quarter = this_quarter.previous()
    for n in range(5):
        _finish(_learner(org, n, team="Outreach"), pre=2, post=4)
    for n in range(5, 7):
        _finish(
            _learner(org, n, team="Housing"), pre=0, post=5, started=_started_in(last_quarter.start)
        )

    client = Client()
    sign_in(client, admin)
    page = client.get("/learning/report/", {"period": last_quarter.key}).content.decode()
    assert f"People who started from {last_quarter.start:%-d %B %Y}" in page
    assert "Test Council" in page
    rows = selectors.cohort_report(
        user=admin,
        group_by="organisation",
        period=selectors.Period(start=last_quarter.start, end=last_quarter.end),
    )
    assert [(r["enrolled"], r["completed"], r["not_started"]) for r in rows] == [(2, 2, None)]

    response = client.get("/learning/report.csv", {"by": "team", "period": this_quarter.key})
    assert response.status_code == 200
    assert this_quarter.key in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    assert [r[0] for r in table[1:]] == ["Test Council: Outreach"]  # Housing started before
    assert table[1][2] == "5"
    # the links to the other groupings keep the period
    page = client.get("/learning/report/", {"period": this_quarter.key}).content.decode()
    assert f"?by=team&amp;period={this_quarter.key}" in page
    event = AuditEvent.objects.filter(action="learning.report_exported").latest("seq")
    assert event.detail == {"by": "team", "period": this_quarter.key}


def test_a_quarter_is_hidden_when_all_time_less_it_would_give_another_away(council) -> None:
    """Six started this quarter, two the quarter before: all time (eight) less this quarter
    (six) would give the two's average, so this quarter's is hidden too; and someone who
    started before any quarter the report offers counts as hidden."""
    org, admin = council
    today = timezone.localdate()
    this_quarter = quarter_of(today)
    last_quarter = this_quarter.previous()
    for n in range(6):
        _finish(_learner(org, n), pre=2, post=4)
    client = Client()
    sign_in(client, admin)

    def knowledge(quarter: str) -> list[str]:
        response = client.get("/learning/report.csv", {"period": quarter})
        body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
        header, row = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
        cells = dict(zip(header, row, strict=True))
        return [cells["People who took both checks"], cells["Knowledge before %"]]

    assert knowledge(this_quarter.key) == ["6", "40.0"]  # everyone is in it: nothing to give
    for n in range(6, 8):
        _finish(_learner(org, n), pre=0, post=5, started=_started_in(last_quarter.start))
    assert knowledge(this_quarter.key) == ["6", ""]
    assert knowledge(last_quarter.key) == ["2", ""]
    (whole,) = selectors.cohort_report(user=admin, group_by="organisation")
    assert (whole["knowledge_people"], whole["knowledge_before"]) == (8, 30.0)

    # three more last quarter: five there, six here, each shown
    for n in range(8, 11):
        _finish(_learner(org, n), pre=0, post=5, started=_started_in(last_quarter.start))
    assert knowledge(this_quarter.key) == ["6", "40.0"]
    assert knowledge(last_quarter.key) == ["5", "0.0"]

    # one who started three years ago, before every quarter offered, is never shown on their
    # own: all time less this quarter and last would give theirs, so the smaller is hidden
    _finish(_learner(org, 11), pre=5, post=5, started=_started_in(date(today.year - 3, 1, 15)))
    assert knowledge(this_quarter.key) == ["6", "40.0"]
    assert knowledge(last_quarter.key) == ["5", ""]


@pytest.mark.parametrize("period", ["2026-q7", "1999-q1", "last-year", "2019-q1"])
def test_an_unknown_period_is_an_error_never_another_period(council, period) -> None:
    _, admin = council
    client = Client()
    sign_in(client, admin)
    for url in ("/learning/report/", "/learning/report.csv"):
        response = client.get(url, {"period": period, "by": "team"})
        assert response.status_code == 400
        page = response.content.decode()
        assert "There is a problem" in page
        assert "Choose a period from the list" in page
        assert "<title>Error: Learning report" in page
        assert "Download as CSV" not in page
    assert not AuditEvent.objects.filter(action="learning.report_exported").exists()


def test_the_csv_keeps_numbers_as_numbers_and_quotes_a_formula() -> None:
    org = make_org("=SUM(1)", org_type=OrganisationType.LOCAL_AUTHORITY)
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    for n in range(5):
        _finish(_learner(org, n), pre=4, post=2)  # worse after: a negative gain
    client = Client()
    sign_in(client, admin)
    response = client.get("/learning/report.csv")
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")  # Excel reads it as UTF-8
    header, row = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    cells = dict(zip(header, row, strict=True))
    assert cells["Group"] == "'=SUM(1)"
    assert cells["Knowledge gain (points)"] == "-40.0"  # a number, not "'-40.0"
    assert cells["People who took both checks"] == "5"
    assert cells["Confidence gain"] == "2.0"
