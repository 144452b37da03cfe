"""Forwarding xAPI statements to an external learning record store, against a real HTTP LRS
(tests/learning/lrs.py): delivered with credentials and the version header, kept when the LRS
fails, and never counted as delivered on a redirect."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from lantern.accounts.models import OrganisationType
from lantern.core.roles import Role
from lantern.learning import services, xapi
from lantern.learning.models import Statement
from tests.helpers import make_org, make_user
from tests.learning.factories import course
from tests.learning.lrs import Lrs


@pytest.fixture
def lrs() -> Iterator[Lrs]:
    with (
        Lrs() as server,
        override_settings(
            LEARNING_LRS_ENDPOINT=server.endpoint,
            LEARNING_LRS_USERNAME="lantern",
            LEARNING_LRS_PASSWORD="lrs-secret",
        ),
    ):
        yield server


@pytest.fixture
def nurse(db):
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    course()
    return user


def test_statements_reach_the_lrs_with_credentials_and_version(nurse, lrs: Lrs) -> None:
    services.enrolment_start(user=nurse, course=course())
    services.statements_forward()
    statement = Statement.objects.get()
    assert statement.forwarded_at is not None and statement.last_error == ""
    assert list(lrs.statements) == [str(statement.pk)]
    assert lrs.statements[str(statement.pk)] == statement.payload
    assert lrs.refusals == []


def test_statements_are_kept_while_the_lrs_is_down_and_sent_when_it_is_back(
    nurse, lrs: Lrs
) -> None:
    lrs.answer = 503
    services.enrolment_start(user=nurse, course=course())
    services.statements_forward()
    statement = Statement.objects.get()
    assert statement.forwarded_at is None and statement.forward_attempts >= 1
    assert statement.last_error == "the LRS answered 503"
    assert lrs.statements == {}
    lrs.answer = None
    assert services.statements_forward() == 1
    statement.refresh_from_db()
    assert statement.forwarded_at is not None and statement.last_error == ""
    assert list(lrs.statements) == [str(statement.pk)]


def test_a_redirect_is_not_a_delivery_and_takes_no_credentials_elsewhere(nurse, lrs: Lrs) -> None:
    # Followed, a 302 would turn the POST into a GET of the page it names, whose 200 would mark
    # the statements sent when no LRS has them, and would carry the LRS's password there.
    lrs.answer = 302
    services.enrolment_start(user=nurse, course=course())
    assert services.statements_forward() == 0
    statement = Statement.objects.get()
    assert statement.forwarded_at is None and statement.last_error == "the LRS answered 302"
    assert lrs.elsewhere == []


def test_wrong_credentials_keep_the_statements(nurse, lrs: Lrs) -> None:
    with override_settings(LEARNING_LRS_PASSWORD="not-it"):
        services.enrolment_start(user=nurse, course=course())
        assert services.statements_forward() == 0
    assert Statement.objects.get().last_error == "the LRS answered 401"
    assert services.statements_forward() == 1


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://lrs.example.test/xapi/",  # plain http off this machine
        "http://127.0.0.1.lrs.example.test/xapi/",  # looks local, is not
        "https://lantern:lrs-secret@lrs.example.test/xapi/",  # credentials in the address
        "ftp://lrs.example.test/xapi/",
    ],
)
def test_an_unsafe_endpoint_is_refused_and_the_statements_kept(nurse, endpoint: str) -> None:
    with override_settings(LEARNING_LRS_ENDPOINT=endpoint):
        services.enrolment_start(user=nurse, course=course())
        assert services.statements_forward() == 0
    statement = Statement.objects.get()
    assert statement.forwarded_at is None
    assert "must be an https:// address" in statement.last_error


@pytest.mark.parametrize(
    ("endpoint", "allowed"),
    [
        ("https://lrs.example.org/xapi/", True),
        ("https://10.1.2.3/xapi/", True),  # the operator's own network is theirs to choose
        ("http://localhost:8080/xapi/", True),
        ("http://[::1]:8080/xapi/", True),
        ("http://10.1.2.3/xapi/", False),
        ("https://user@lrs.example.org/xapi/", False),
        ("https:///xapi/", False),
    ],
)
def test_lrs_address_rules(endpoint: str, allowed: bool) -> None:
    assert xapi.lrs_address_allowed(endpoint) is allowed
