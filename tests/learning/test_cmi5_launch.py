"""Launching Lantern's course from another LMS by cmi5, against a real HTTP LMS
(tests/learning/cmi5_lms.py) that checks what it is sent by the specification's rules."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Iterator

import pytest
from django.db import connections
from django.test import Client

from lantern.accounts.models import Membership, OrganisationType, User
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.learning import cmi5, services
from lantern.learning.models import (
    Enrolment,
    LmsConnection,
    LmsLearner,
    LmsSession,
    LmsStatement,
    Refresher,
)
from tests.helpers import make_org, make_user, sign_in, signed_in
from tests.learning.cmi5_lms import CmiLms
from tests.learning.factories import check_done, course


@pytest.fixture
def lms() -> Iterator[CmiLms]:
    with CmiLms("Trust LMS") as server:
        yield server


@pytest.fixture
def connection(transactional_db: None, lms: CmiLms, settings) -> LmsConnection:
    settings.LEARNING_LMS_LAUNCHES_PER_MINUTE = 0  # the limit has its own test below
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    course()
    return services.lms_connection_create(
        actor=admin, organisation=org, name="Trust LMS", endpoint=lms.endpoint
    )


def _au(connection: LmsConnection, pathway: str | None = "health") -> str:
    url = f"/lms/{connection.pk}/awareness/launch/"
    return url + (f"?pathway={pathway}" if pathway else "")


def _finish_course(user: User, right: int | None = None) -> None:
    """Every unit done and both checks taken: the final check with ``right`` items right."""
    enrolment = Enrolment.objects.get(user=user)
    spec = services.course_spec(enrolment.course)
    for unit in spec.required_units(enrolment.pathway):
        services.demo_unit_complete(enrolment=enrolment, unit=unit)
    check_done(enrolment, "pre")
    check_done(enrolment, "post", right=right)


def test_a_launch_signs_in_the_lms_learner_and_tells_the_lms_it_started(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    response = client.get(lms.launch_url(_au(connection), name="Sam Okafor"))
    assert response.status_code == 302
    assert response["Location"] == "/learning/awareness/"  # the launch's parameters are gone
    page = client.get("/learning/awareness/")
    assert page.status_code == 200
    assert "Return to Trust LMS" in page.content.decode()

    learner = LmsLearner.objects.select_related("user").get()
    user = learner.user
    assert (learner.account_homepage, learner.account_name) == (
        "https://lms.example.test",
        "learner-1625378",
    )
    assert user.email.endswith("@lms.invalid") and not user.has_usable_password()
    assert user.full_name == "Sam Okafor"
    assert set(Membership.objects.filter(user=user).values_list("organisation", "role")) == {
        (connection.organisation_id, Role.LEARNER)
    }
    assert Enrolment.objects.get(user=user).pathway == "health"
    launch = lms.only()
    assert launch.verbs == ["initialized"] and not launch.refusals
    assert LmsStatement.objects.get().sent_at is not None
    event = AuditEvent.objects.get(action="learning.lms_launched")
    assert "Sam" not in json.dumps(event.detail) and "learner-1625378" not in json.dumps(
        event.detail
    )


def test_the_same_learner_launching_again_keeps_one_account(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    assert client.get(lms.launch_url(_au(connection))).status_code == 302
    assert client.get(lms.launch_url(_au(connection))).status_code == 302
    assert LmsLearner.objects.count() == 1 and LmsSession.objects.count() == 2
    assert User.objects.filter(email__endswith="@lms.invalid").count() == 1


def test_a_launch_address_used_twice_is_refused(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    url = lms.launch_url(_au(connection))
    assert client.get(url).status_code == 302
    replay = Client().get(url)
    assert replay.status_code == 400
    assert "already given out" in replay.content.decode()
    assert LmsSession.objects.count() == 1


def test_a_launch_naming_another_lms_is_refused_before_any_call(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    with CmiLms("Impostor") as other:
        response = client.get(other.launch_url(_au(connection)))
        assert response.status_code == 400
        assert "not registered" in response.content.decode()
        assert not other.only().fetched  # its token address was never called
        # The registered endpoint, but the token from somewhere else:
        url = lms.launch_url(_au(connection), fetch=other.base + "/fetch/x")
        assert client.get(url).status_code == 400
    assert not LmsLearner.objects.exists() and not User.objects.filter(
        email__endswith="@lms.invalid"
    )
    assert AuditEvent.objects.filter(action="learning.lms_launch_refused").count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"actor": None}, "missing actor"),
        ({"actor": '{"mbox": "mailto:a@example.test"}'}, "with an account"),
        ({"actor": "not json"}, "not valid JSON"),
        ({"registration": "12"}, "not a UUID"),
        ({"activityId": "no iri"}, "not an IRI"),
    ],
)
def test_a_broken_launch_is_refused_and_leaves_nothing(
    connection: LmsConnection, lms: CmiLms, client: Client, change, message
) -> None:
    from urllib.parse import parse_qsl, urlencode

    url = lms.launch_url(_au(connection, pathway=None))
    path, query = url.split("?", 1)
    params = dict(parse_qsl(query))
    for key, value in change.items():
        if value is None:
            params.pop(key)
        else:
            params[key] = value
    response = client.get(path + "?" + urlencode(params))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LmsSession.objects.exists() and not lms.only().fetched


def test_an_lms_cannot_sign_in_an_existing_lantern_account(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    nurse = make_user(Role.LEARNER, org=connection.organisation, email="nurse@example.test")
    client.get(lms.launch_url(_au(connection), learner="nurse@example.test"))
    signed_in = LmsLearner.objects.get().user
    assert signed_in.pk != nurse.pk
    assert client.get("/learning/").wsgi_request.user.pk == signed_in.pk


def test_finishing_the_course_tells_the_lms_once_per_registration(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    client.get(
        lms.launch_url(
            _au(connection), registration=(reg := "6f0c4c0e-7a4e-4f0f-9d55-000000000001")
        )
    )
    _finish_course(LmsLearner.objects.get().user)
    (first,) = lms.in_registration(reg)
    assert first.verbs == ["initialized", "completed", "passed"] and not first.refusals
    completed, passed = first.statements[1:]
    assert completed["result"]["completion"] is True
    assert completed["result"]["duration"].startswith("PT")
    assert passed["result"]["success"] is True and passed["result"]["score"]["scaled"] == 1.0

    # Launched again in the same registration: nothing more to say about completion.
    client.get(lms.launch_url(_au(connection), registration=reg))
    second = next(x for x in lms.in_registration(reg) if x is not first)
    assert second.verbs == ["initialized"]

    # A new registration (say, next year's assignment) learns at launch that it is done.
    client.get(lms.launch_url(_au(connection)))
    newest = next(x for x in lms.launches.values() if x.registration != reg)
    assert newest.verbs == ["initialized", "completed", "passed"] and not newest.refusals


def test_a_browse_launch_sends_no_completion(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    client.get(lms.launch_url(_au(connection), launch_mode="Browse"))
    _finish_course(LmsLearner.objects.get().user)
    assert lms.only().verbs == ["initialized"]


def test_returning_to_the_lms_ends_the_session_and_signs_out(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    client.get(lms.launch_url(_au(connection)))
    launch = lms.only()
    response = client.post("/lms/return/")
    assert response.status_code == 200
    page = response.content.decode()
    back = launch.launch_data["returnURL"]
    assert f'<meta http-equiv="refresh" content="0; url={back}">' in page
    assert f'href="{back}"' in page
    assert launch.verbs == ["initialized", "terminated"] and not launch.refusals
    assert launch.statements[-1]["result"]["duration"].startswith("PT")
    assert client.get("/learning/").status_code == 302  # signed out
    # Signed out (or timed out), the learner is told the way back in is their LMS.
    assert "go back to it and open the course again" in client.get("/sign-in/").content.decode()
    assert LmsSession.objects.get().terminated_at is not None


def test_returning_without_a_return_address_shows_a_page(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    client.get(lms.launch_url(_au(connection), return_url=None))
    response = client.post("/lms/return/")
    assert response.status_code == 200
    assert "You can close this window" in response.content.decode()


def test_the_lms_pages_are_only_for_a_browser_that_came_from_an_lms(
    connection: LmsConnection, client: Client
) -> None:
    sign_in(client, make_user(Role.LEARNER, org=connection.organisation))
    assert client.post("/lms/return/").status_code == 404
    assert client.get("/lms/name/").status_code == 404


def test_statements_wait_while_the_lms_is_down_and_go_when_it_is_back(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    lms.down = True
    assert client.get(lms.launch_url(_au(connection))).status_code == 302
    waiting = LmsStatement.objects.get()
    assert waiting.sent_at is None and waiting.attempts == 1
    assert "503" in waiting.last_error
    lms.down = False
    assert services.lms_statements_send(session_id=str(waiting.session_id)) == 1
    assert lms.only().verbs == ["initialized"]
    waiting.refresh_from_db()
    assert waiting.sent_at is not None and waiting.last_error == ""


def test_an_lms_learner_is_a_learner_and_nothing_more(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    client.get(lms.launch_url(_au(connection)))
    assert client.get("/cases/").status_code == 403
    assert client.get(f"/organisations/{connection.organisation_id}/members/").status_code in {
        403,
        404,
    }
    assert client.get("/learning/report/").status_code == 403


def test_a_turned_off_connection_cannot_launch(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    LmsConnection.objects.filter(pk=connection.pk).update(active=False)
    assert client.get(lms.launch_url(_au(connection))).status_code == 404
    assert not lms.only().fetched


def test_a_learner_whose_lms_gave_no_name_is_asked_once_for_the_certificate(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    response = client.get(lms.launch_url(_au(connection)))
    assert response["Location"] == "/lms/name/"
    page = client.get("/lms/name/").content.decode()
    assert "Trust LMS did not tell Lantern your name" in page
    refused = client.post("/lms/name/", {"full_name": " "})
    assert refused.status_code == 200 and "Enter your full name" in refused.content.decode()
    response = client.post("/lms/name/", {"full_name": "Ama Mensah"})
    assert response["Location"] == "/learning/awareness/"
    user = LmsLearner.objects.get().user
    user.refresh_from_db()
    assert user.full_name == "Ama Mensah"
    _finish_course(user)
    assert Enrolment.objects.get(user=user).certificate.full_name == "Ama Mensah"
    # Launched again, the name is known: straight to the course.
    assert client.get(lms.launch_url(_au(connection)))["Location"] == "/learning/awareness/"


def test_launches_from_one_address_are_limited(
    connection: LmsConnection, lms: CmiLms, settings
) -> None:
    settings.LEARNING_LMS_LAUNCHES_PER_MINUTE = 1
    # An address no other test or run launches from (the cache may be a shared Redis).
    address = f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"
    assert Client(REMOTE_ADDR=address).get(lms.launch_url(_au(connection))).status_code == 302
    response = Client(REMOTE_ADDR=address).get(lms.launch_url(_au(connection)))
    assert response.status_code == 429 and "too many launches" in response.content.decode()
    assert not AuditEvent.objects.filter(action="learning.lms_launch_refused").exists()


def test_a_closed_account_cannot_be_launched_into(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    client.get(lms.launch_url(_au(connection)))
    User.objects.filter(lms_learner__isnull=False).update(is_active=False)
    response = Client().get(lms.launch_url(_au(connection)))
    assert response.status_code == 400
    assert "account has been closed" in response.content.decode()


def test_an_lms_learner_is_sent_no_email_and_admins_see_no_address(
    connection: LmsConnection, lms: CmiLms, client: Client, mailoutbox
) -> None:
    from lantern.learning.tasks import refresher_email

    client.get(lms.launch_url(_au(connection), name="Sam Okafor"))
    user = LmsLearner.objects.get().user
    _finish_course(user)
    refresher = Refresher.objects.filter(enrolment__user=user).first()
    assert refresher is not None
    assert refresher_email.call(refresher_id=str(refresher.pk)) is False
    assert mailoutbox == []
    admin = signed_in(User.objects.get(email="admin@example.test"))
    page = admin.get(f"/organisations/{connection.organisation_id}/members/").content.decode()
    assert "comes to Lantern from your learning management system" in page
    assert "@lms.invalid" not in page


def test_two_senders_for_one_session_send_each_statement_once(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    """A retry and a new statement's send can run at once on a task worker."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("the send holds the session's row; row locks need PostgreSQL")
    lms.down = True
    client.get(lms.launch_url(_au(connection)))
    session_id = str(LmsSession.objects.get().pk)
    lms.down, lms.delay = False, 0.5
    sent: list[int] = []

    def send() -> None:
        try:
            sent.append(services.lms_statements_send(session_id=session_id))
        finally:
            connections.close_all()

    senders = [threading.Thread(target=send) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(20)
    assert sorted(sent) == [0, 1]
    assert lms.only().verbs == ["initialized"] and not lms.only().refusals


def test_the_final_check_is_judged_by_the_lms_mastery_score(
    connection: LmsConnection, lms: CmiLms, client: Client
) -> None:
    """An LMS whose admin asks for every answer right hears "failed" from a learner who got
    one wrong, with the score and the mastery score it was judged by."""
    client.get(lms.launch_url(_au(connection), name="Sam Okafor", mastery=1.0))
    user = LmsLearner.objects.get().user
    _finish_course(user, right=4)
    launch = lms.only()
    assert launch.verbs == ["initialized", "completed", "failed"] and not launch.refusals
    failed = launch.statements[2]
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["scaled"] < 1.0
    extensions = failed["context"]["extensions"]
    assert extensions["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] == 1.0
    # Lantern's own record is unchanged: the course is finished and the certificate issued.
    assert Enrolment.objects.get(user=user).certificate is not None


def test_an_lms_whose_name_leads_into_a_private_network_is_not_called(
    connection: LmsConnection, lms: CmiLms, client: Client, settings
) -> None:
    """Outside tests and the demo, a registered name that resolves to a private address (here
    this machine's own name) is refused at the call, before anything is sent to it."""
    host = socket.gethostname()
    if any(cmi5.public_ip(str(info[4][0])) for info in socket.getaddrinfo(host, None)):
        pytest.skip("this machine's name resolves to a public address")
    settings.LEARNING_LMS_ALLOW_LOCAL_HTTP = False
    port = lms.base.rsplit(":", 1)[1]
    LmsConnection.objects.filter(pk=connection.pk).update(endpoint=f"https://{host}:{port}/xapi/")
    url = lms.launch_url(
        _au(connection),
        endpoint=f"https://{host}:{port}/xapi/",
        fetch=f"https://{host}:{port}/fetch/any",
    )
    response = client.get(url)
    assert response.status_code == 400
    assert "private network" in response.content.decode()
    assert not lms.only().fetched and not LmsSession.objects.exists()


def test_registering_an_lms_at_a_private_address_is_refused(
    connection: LmsConnection, settings
) -> None:
    from django.core.exceptions import ValidationError

    settings.LEARNING_LMS_ALLOW_LOCAL_HTTP = False
    admin = User.objects.get(email="admin@example.test")
    for endpoint in ("https://10.1.2.3/xapi/", "https://localhost/xapi/", "http://127.0.0.1/x/"):
        with pytest.raises(ValidationError):
            services.lms_connection_create(
                actor=admin, organisation=connection.organisation, name="X", endpoint=endpoint
            )
    assert LmsConnection.objects.count() == 1
