"""The members page at a real organisation's size (audit finding 9)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantern.accounts.models import Membership, Organisation, Team, User
from lantern.accounts.views.members import page_links
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in

pytestmark = pytest.mark.django_db


def _people(org: Organisation, names: list[str], *, role: str = Role.LEARNER) -> None:
    """Many people at once (no password hashing): a staff list of real size."""
    team = Team.objects.create(organisation=org, name="Housing")
    users = User.objects.bulk_create(
        [
            User(email=f"person{i}@{org.pk.hex[:6]}.test", full_name=name)
            for i, name in enumerate(names)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=org, role=role, team=team) for u in users]
    )


def _admin(client: Client, org: Organisation) -> User:
    admin = make_user(Role.ORG_ADMIN, org=org, email="zz-admin@example.test")
    admin.full_name = "Zed Admin"
    admin.save(update_fields=["full_name"])
    sign_in(client, admin)
    return admin


def _names_on(html: str) -> list[str]:
    return re.findall(r'<span class="govuk-!-font-weight-bold">([^<]+)</span>', html)


def test_people_are_sorted_by_name_without_their_title(client: Client) -> None:
    org = make_org()
    _people(org, ["Dr Billy Lewis", "Mr Joel Coleman", "Miss Zoe Butler", "Amelia Graham"])
    _admin(client, org)
    html = client.get(f"/organisations/{org.pk}/members/").content.decode()
    # By first name without the title: "Dr Billy Lewis" under B, "Miss Zoe Butler" under Z.
    assert _names_on(html) == [
        "Amelia Graham",
        "Dr Billy Lewis",
        "Mr Joel Coleman",
        "Zed Admin",
        "Miss Zoe Butler",
    ]


def test_a_page_holds_50_people_and_the_page_costs_the_same_at_1000(client: Client) -> None:
    small = make_org("Small Council")
    big = make_org("Big Council")
    _people(small, [f"Person {i:04d}" for i in range(60)])
    _people(big, [f"Person {i:04d}" for i in range(1000)])
    _admin(client, small)
    Membership.objects.create(
        user=User.objects.get(email="zz-admin@example.test"), organisation=big, role=Role.ORG_ADMIN
    )
    counts = []
    for org in (small, big):
        client.get(f"/organisations/{org.pk}/members/?page=2")  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/organisations/{org.pk}/members/?page=2")
        counts.append(len(queries))
        html = response.content.decode()
        assert len(_names_on(html)) == (11 if org is small else 50)
        assert 'class="govuk-pagination"' in html and 'aria-current="page"' in html
    assert counts[0] == counts[1]
    html = client.get(f"/organisations/{big.pk}/members/?page=2").content.decode()
    assert "1001 people, page 2 of 21" in html
    assert _names_on(html)[0] == "Person 0050"


def test_the_search_finds_by_name_or_email_and_keeps_it_out_of_the_url(client: Client) -> None:
    org = make_org()
    _people(org, ["Dr Billy Lewis", "Mr Joel Coleman", "Amelia Graham"])
    _admin(client, org)
    url = f"/organisations/{org.pk}/members/"
    response = client.post(url, {"search": "1", "q": "  billy  "})
    assert response.status_code == 302 and response["Location"] == url  # no name in the URL
    html = client.get(url).content.decode()
    assert _names_on(html) == ["Dr Billy Lewis"] and "1 person found for \u2018billy\u2019" in html
    client.post(url, {"search": "1", "q": "person2@"})
    assert _names_on(client.get(url).content.decode()) == ["Amelia Graham"]
    client.post(url, {"search": "1", "q": "nobody-here"})
    assert "Nobody here matches your search" in client.get(url).content.decode()
    client.post(url, {"search": "1", "q": "billy", "clear": "1"})
    assert len(_names_on(client.get(url).content.decode())) == 4
    too_long = client.post(url, {"search": "1", "q": "x" * 101}).content.decode()
    assert "Enter a search of 100 characters or fewer" in too_long
    assert "<title>Error: People in" in too_long


def test_each_role_and_its_remove_link_sit_next_to_the_name(client: Client) -> None:
    org = make_org()
    person = make_user(Role.LEARNER, Role.CASEWORKER, org=org, email="two@example.test")
    _admin(client, org)
    html = client.get(f"/organisations/{org.pk}/members/").content.decode()
    # One row a person (two columns, so that a phone shows the roles without scrolling).
    assert html.count('<tr class="govuk-table__row">') == 1 + 2
    for role in ("Learner", "Caseworker"):
        assert (
            f'Remove<span class="govuk-visually-hidden"> the role {role} from Test Person' in html
        )
    assert f"/members/{person.pk}/email/" in html


def test_page_links_follow_govuk_pagination() -> None:
    assert page_links(1, 1) == [1]
    assert page_links(1, 3) == [1, 2, 3]
    assert page_links(5, 21) == [1, None, 4, 5, 6, None, 21]
    assert page_links(21, 21) == [1, None, 20, 21]
