"""The authors' page of consultation comments: who each comment is from."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lantern.accounts import services as accounts
from lantern.core.roles import Role
from lantern.standards import services
from lantern.standards.models import CommentChannel
from tests.helpers import make_org, make_user, sign_in
from tests.standards import samples

pytestmark = pytest.mark.django_db


def _from_cells(page: str) -> list[str]:
    cells = re.findall(r"<td[^>]*data-comment-from>(.*?)</td>", page, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]


def test_the_from_column_says_name_organisation_and_how_it_came(client: Client) -> None:
    org = make_org("Invited Council")
    lead = make_user(Role.LEARNER, org=org, email="lead@example.test")
    accounts.name_change(user=lead, full_name="Sam Lead")
    version = samples.draft()
    today = timezone.localdate()
    consultation = services.consultation_open(
        actor=None,
        version=version,
        opens_on=today,
        closes_on=today + timedelta(days=30),
        organisations=[org],
    )
    services.comment_add(
        consultation=consultation,
        body="By link, named.",
        channel=CommentChannel.LINK,
        respondent_name="Lee Learner",
    )
    services.comment_add(
        consultation=consultation,
        body="Signed in.",
        channel=CommentChannel.ORGANISATION,
        author=lead,
        organisation=org,
    )
    services.comment_add(
        consultation=consultation, body="By link, anonymous.", channel=CommentChannel.LINK
    )
    author = make_user(Role.STANDARDS_AUTHOR, org=make_org("Standards Team"), email="a@x.test")
    sign_in(client, author)
    page = client.get(f"/standards/SFJBMS05/v{version.number}/consultation/responses/")
    assert page.status_code == 200
    assert _from_cells(page.content.decode()) == [
        "Lee Learner Organisation not given By the consultation link, not signed in",
        "Sam Lead Invited Council Signed in to Lantern",
        "Name not given Organisation not given By the consultation link, not signed in",
    ]
