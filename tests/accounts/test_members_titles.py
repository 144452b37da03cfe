"""Page titles hold no one's name (audit finding 14): titles end up in browser histories and
in the tab lists of shared computers. The h1 can name the person."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lantern.accounts.models import Membership
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found is not None
    return found.group(1)


def _h1(html: str) -> str:
    found = re.search(r"<h1.*?</h1>", html, re.S)
    assert found is not None
    return found.group(0)


def test_page_titles_hold_no_one_s_name(client: Client) -> None:
    org = make_org("Camden Council")
    person = make_user(Role.LEARNER, org=org, email="marc@example.test")
    person.full_name = "Marc Powell"
    person.save(update_fields=["full_name"])
    sign_in(client, make_user(Role.ORG_ADMIN, org=org))
    membership = Membership.objects.get(user=person)
    for path in (
        f"/organisations/{org.pk}/members/{membership.pk}/remove/",
        f"/organisations/{org.pk}/members/{person.pk}/email/",
    ):
        html = client.get(path).content.decode()
        assert "Marc Powell" not in _title(html) and "Camden Council" in _title(html)
        assert "Marc Powell" in _h1(html)
