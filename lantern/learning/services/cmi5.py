"""Launches from another learning management system (cmi5): the connections an organisation
registers, the launch, the account that stands for the LMS's learner, and the statements the LMS
is owed (initialized, completed, passed or failed, terminated), kept until the LMS accepts them.

The network calls (the one-time token and the launch data) happen before any database write, so
a launch the LMS does not confirm leaves nothing behind."""

from __future__ import annotations

import json
import socket
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.tasks import default_task_backend
from django.utils import timezone

from lantern.accounts.models import Organisation, User
from lantern.accounts.services import membership_grant, user_create
from lantern.core import outbound
from lantern.core.audit import audit_record
from lantern.core.roles import Role
from lantern.learning import cmi5, rules
from lantern.learning.models import (
    Attempt,
    AttemptKind,
    Course,
    Enrolment,
    LmsConnection,
    LmsLearner,
    LmsSession,
    LmsStatement,
)

SEND_ATTEMPTS = 8  # about two hours of back-off; an LMS session's token does not outlive that


def allow_local_http() -> bool:
    return bool(getattr(settings, "LEARNING_LMS_ALLOW_LOCAL_HTTP", False))


def _endpoint_clean(endpoint: str) -> str:
    endpoint = endpoint.strip()
    parts = urlsplit(endpoint)
    if parts.username is not None or parts.password is not None:
        raise ValidationError({"endpoint": "Remove the user name and password from the address"})
    host = parts.hostname or ""
    if host and not cmi5.literal_host_allowed(host, allow_local_http=allow_local_http()):
        raise ValidationError(
            {"endpoint": "Enter an address on the internet: Lantern does not call private networks"}
        )
    if not cmi5.address_allowed(endpoint, allow_local_http=allow_local_http()):
        raise ValidationError({"endpoint": "Enter the LMS's xAPI address, starting https://"})
    if "?" in endpoint or "#" in endpoint:
        raise ValidationError({"endpoint": "Enter the address without a query (? or #)"})
    # the scheme and host name in lower case (they are not case-sensitive), so that the same
    # address typed twice is seen to be the same
    parts = urlsplit(endpoint)
    return (
        parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower())
        .geturl()
        .rstrip("/")
        + "/"
    )


def _name_clean(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise ValidationError({"name": "Enter the LMS's name, up to 120 characters"})
    return name


def _connections_in_use(organisation_id: uuid.UUID) -> QuerySet[LmsConnection]:
    """The organisation's connections not removed, with its row locked first, so that two
    admins adding or renaming at once cannot both get past the checks for a duplicate."""
    list(Organisation.objects.select_for_update().filter(pk=organisation_id).values("pk"))
    return LmsConnection.objects.filter(organisation_id=organisation_id, removed_at__isnull=True)


def _name_unique(in_use: QuerySet[LmsConnection], name: str) -> None:
    if in_use.filter(name__iexact=name).exists():
        raise ValidationError(
            {
                "name": f"Your organisation already has an LMS called {name}: "
                "give this one a name your staff can tell apart"
            }
        )


@transaction.atomic
def lms_connection_create(
    *, actor: User, organisation: Organisation, name: str, endpoint: str
) -> LmsConnection:
    """Add an LMS. An organisation has one connection for each xAPI address and each name, so
    that the admin can tell which package is which (a second one would only be a copy)."""
    name = _name_clean(name)
    endpoint = _endpoint_clean(endpoint)
    in_use = _connections_in_use(organisation.pk)
    same = in_use.filter(endpoint=endpoint).first()
    if same is not None:
        raise ValidationError(
            {
                "endpoint": f"{same.name} already has this xAPI address: download its course "
                "package from its page instead of adding it again"
            }
        )
    _name_unique(in_use, name)
    connection = LmsConnection.objects.create(
        organisation=organisation,
        name=name,
        endpoint=endpoint,
        created_by=actor,
    )
    audit_record(
        action="learning.lms_connected",
        actor=actor,
        obj=connection,
        organisation_ref=str(organisation.pk),
    )
    return connection


@transaction.atomic
def lms_connection_active_set(*, actor: User, connection: LmsConnection, active: bool) -> None:
    if connection.active == active:
        return
    connection.active = active
    connection.save(update_fields=["active"])
    audit_record(
        action="learning.lms_turned_on" if active else "learning.lms_turned_off",
        actor=actor,
        obj=connection,
        organisation_ref=str(connection.organisation_id),
    )


@transaction.atomic
def lms_connection_rename(*, actor: User, connection: LmsConnection, name: str) -> None:
    name = _name_clean(name)
    if name == connection.name:
        return
    _name_unique(_connections_in_use(connection.organisation_id).exclude(pk=connection.pk), name)
    before, connection.name = connection.name, name
    connection.save(update_fields=["name"])
    audit_record(
        action="learning.lms_renamed",
        actor=actor,
        obj=connection,
        organisation_ref=str(connection.organisation_id),
        detail={"from": before, "to": name},
    )


@transaction.atomic
def lms_connection_remove(*, actor: User, connection: LmsConnection) -> None:
    """Remove an LMS: its launch address answers 404 from now on and it is no longer listed.
    The accounts it made, their learning and certificates stay, and so do the statements owed to
    the LMS for what they did (still sent, as for a connection turned off)."""
    if connection.removed_at is not None:
        return
    connection.removed_at = timezone.now()
    connection.active = False
    connection.save(update_fields=["removed_at", "active"])
    audit_record(
        action="learning.lms_removed",
        actor=actor,
        obj=connection,
        organisation_ref=str(connection.organisation_id),
        detail={"name": connection.name, "endpoint": connection.endpoint},
    )


class PrivateAddress(OSError):
    """The LMS's host name leads into a private network: Lantern does not call it."""


def _host_check(url: str) -> None:
    """Resolve the host and refuse it unless every address is public (or this machine, where
    allowed). Checked at each call, since a name can be pointed elsewhere after registration."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        raise OSError("the LMS's address could not be found") from None
    for address in addresses:
        if not (cmi5.public_ip(address) or (allow_local_http() and cmi5.local_host(address))):
            raise PrivateAddress("the LMS's address leads into a private network")


def _http(
    method: str, url: str, *, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, bytes]:
    _host_check(url)
    return outbound.call(method, url, headers=headers, body=body)


def _xapi_headers(token: str) -> dict[str, str]:
    return {
        "Authorization": "Basic " + token,
        "X-Experience-API-Version": cmi5.XAPI_VERSION,
        "Accept": "application/json",
    }


def lms_launch_begin(
    *, connection: LmsConnection, launch: cmi5.Launch
) -> tuple[str, cmi5.LaunchData]:
    """Ask the registered LMS for the launch's one-time token, then for its launch data with
    that token. The answer proves the LMS launched this learner for this registration.
    Network only: nothing is written. Raises ``cmi5.LaunchError``."""
    cmi5.launch_check(
        launch, registered_endpoint=connection.endpoint, allow_local_http=allow_local_http()
    )
    try:
        status, body = _http("POST", launch.fetch, headers={"Accept": "application/json"}, body=b"")
    except PrivateAddress as refused:
        raise cmi5.LaunchError(str(refused)) from None
    except OSError:
        raise cmi5.LaunchError("Lantern could not reach the LMS for the launch's token") from None
    if status != 200:
        raise cmi5.LaunchError("the LMS did not give out the launch's token")
    token = cmi5.parse_fetch_response(body)
    query = urlencode(
        {
            "stateId": cmi5.STATE_ID,
            "activityId": launch.activity_id,
            "agent": json.dumps(launch.actor, separators=(",", ":")),
            "registration": str(launch.registration),
        }
    )
    state_url = launch.endpoint.rstrip("/") + "/activities/state?" + query
    try:
        status, body = _http("GET", state_url, headers=_xapi_headers(token))
    except OSError:
        raise cmi5.LaunchError("Lantern could not reach the LMS for the launch data") from None
    if status != 200:
        raise cmi5.LaunchError("the LMS did not confirm the launch (no launch data)")
    return token, cmi5.parse_launch_data(body)


def _learner_for(connection: LmsConnection, launch: cmi5.Launch) -> LmsLearner:
    """The account that stands for the launch's actor, made on their first launch."""
    homepage, name = launch.account
    same = LmsLearner.objects.select_related("user").filter(
        connection=connection, account_homepage=homepage, account_name=name
    )
    learner = same.first()
    if learner is None:
        try:
            with transaction.atomic():
                user = user_create(
                    actor=None,
                    email=f"{uuid.uuid4()}@{cmi5.LEARNER_EMAIL_DOMAIN}",
                    full_name=launch.actor_name,
                )
                membership_grant(
                    actor=None, user=user, organisation=connection.organisation, role=Role.LEARNER
                )
                return LmsLearner.objects.create(
                    connection=connection, user=user, account_homepage=homepage, account_name=name
                )
        except IntegrityError:  # a second launch of the same new learner got there first
            learner = same.get()
    if not learner.user.is_active:
        raise cmi5.LaunchError("this learner's Lantern account has been closed")
    return learner


def _seconds_in_registration(session: LmsSession, now: datetime) -> float:
    """Time in this registration's launches: ended ones in full, open ones until now."""
    total = 0.0
    for launched_at, ended_at in LmsSession.objects.filter(
        learner_id=session.learner_id, registration=session.registration
    ).values_list("launched_at", "terminated_at"):
        total += ((ended_at or now) - launched_at).total_seconds()
    return total


def _queue(
    session: LmsSession,
    verb: str,
    *,
    duration: float | None = None,
    judgement: cmi5.Judgement | None = None,
) -> LmsStatement:
    """Keep one statement for the LMS. cmi5 orders a session's statements by timestamp, so
    statements queued together get strictly later times, however fast the clock reads."""
    now = timezone.now()
    last: datetime | None = getattr(session, "_last_queued_at", None)
    if last is not None and now <= last:
        now = last + timedelta(microseconds=1)
    session._last_queued_at = now  # type: ignore[attr-defined]
    statement_id = uuid.uuid4()
    payload = cmi5.statement(
        verb=verb,
        actor=session.actor,
        activity_id=session.activity_id,
        registration=session.registration,
        context_template=session.context_template,
        timestamp=now,
        statement_id=statement_id,
        duration_seconds=duration,
        judgement=judgement,
    )
    return LmsStatement.objects.create(
        id=statement_id, session=session, verb=verb, payload=payload, created_at=now
    )


def _completed_queued(session: LmsSession) -> bool:
    return LmsStatement.objects.filter(
        session__learner_id=session.learner_id,
        session__registration=session.registration,
        verb="completed",
    ).exists()


def _send_after_commit(session: LmsSession) -> None:
    from lantern.learning.tasks import lms_statements_send

    session_id = str(session.pk)
    transaction.on_commit(lambda: lms_statements_send.enqueue(session_id=session_id))


def _judgement(session: LmsSession, enrolment: Enrolment) -> cmi5.Judgement | None:
    """Passed or failed on the final check, by the LMS's masteryScore or Lantern's pass mark."""
    post = (
        Attempt.objects.filter(
            enrolment=enrolment, kind=AttemptKind.POST, submitted_at__isnull=False
        )
        .values_list("score", "max_score")
        .first()
    )
    if post is None or not post[1]:
        return None
    return cmi5.judge(
        raw=post[0] or 0,
        maximum=post[1],
        mastery=session.mastery_score,
        default=Decimal(rules.PASS_MARK) / 100,
    )


def _completed_if_due(session: LmsSession, enrolment: Enrolment) -> bool:
    """Once per registration, when the course is finished: "completed", then "passed" or
    "failed" on the final check (the LMS counts whichever its moveOn asks for). Whether
    anything was queued."""
    if (
        enrolment.completed_at is None
        or not cmi5.records_completion(session.launch_mode)
        or _completed_queued(session)
    ):
        return False
    duration = _seconds_in_registration(session, timezone.now())
    _queue(session, "completed", duration=duration)
    judgement = _judgement(session, enrolment)
    if judgement is not None:
        _queue(session, judgement.verb, duration=duration, judgement=judgement)
    return True


@transaction.atomic
def lms_launch_record(
    *,
    connection: LmsConnection,
    course: Course,
    pathway: str | None,
    launch: cmi5.Launch,
    token: str,
    data: cmi5.LaunchData,
    ip: str | None = None,
) -> LmsSession:
    """After ``lms_launch_begin``: the learner's account (made on their first launch), their
    enrolment, the session, and its "initialized" statement (with "completed" straight after
    when they finished the course before this registration knew it)."""
    from lantern.learning.services.progress import enrolment_start  # progress calls this module

    learner = _learner_for(connection, launch)
    enrolment = enrolment_start(user=learner.user, course=course, pathway=pathway)
    session = LmsSession.objects.create(
        learner=learner,
        course=course,
        registration=launch.registration,
        activity_id=launch.activity_id,
        actor=launch.actor,
        endpoint=launch.endpoint,
        auth_token=token,
        context_template=data.context_template,
        launch_mode=data.launch_mode,
        mastery_score=data.mastery_score,
        return_url=data.return_url,
    )
    _queue(session, "initialized")
    _completed_if_due(session, enrolment)
    audit_record(
        action="learning.lms_launched",
        actor=learner.user,
        obj=session,
        organisation_ref=str(connection.organisation_id),
        ip=ip,
        detail={"connection": str(connection.pk), "course": course.slug},
    )
    _send_after_commit(session)
    return session


def lms_completion_record(*, enrolment: Enrolment) -> None:
    """The learner finished the course: the LMS that launched them now is told, once per
    registration, unless it launched them to browse or review."""
    session = (
        LmsSession.objects.filter(
            learner__user_id=enrolment.user_id,
            course_id=enrolment.course_id,
            terminated_at__isnull=True,
        )
        .order_by("-launched_at")
        .first()
    )
    if session is not None and _completed_if_due(session, enrolment):
        _send_after_commit(session)


@transaction.atomic
def lms_launch_end(*, session: LmsSession, ip: str | None = None) -> None:
    """The learner chose to go back to their LMS: "terminated", the last statement it gets."""
    session = LmsSession.objects.select_for_update().get(pk=session.pk)
    learner = LmsLearner.objects.select_related("user").get(pk=session.learner_id)
    if session.terminated_at is not None:
        return
    now = timezone.now()
    _queue(session, "terminated", duration=(now - session.launched_at).total_seconds())
    session.terminated_at = now
    session.save(update_fields=["terminated_at"])
    audit_record(action="learning.lms_returned", actor=learner.user, obj=session, ip=ip)
    _send_after_commit(session)


def lms_statements_send(*, session_id: str) -> int:
    """Send a session's waiting statements to its LMS, oldest first, in one request (cmi5 needs
    them in order). On failure they stay waiting with the error, and a retry is scheduled.

    The session's row stays locked while its statements are on their way, so a second sender
    for the same session waits, then sends only what is still waiting: no statement goes
    twice, and none overtakes another."""
    with transaction.atomic():
        session = LmsSession.objects.select_for_update().filter(pk=session_id).first()
        if session is None:
            return 0
        waiting = list(session.statements.filter(sent_at__isnull=True).order_by("created_at"))
        if not waiting:
            return 0
        ids = [s.pk for s in waiting]
        headers = {**_xapi_headers(session.auth_token), "Content-Type": "application/json"}
        body = json.dumps([s.payload for s in waiting]).encode()
        try:
            status, _ = _http(
                "POST", session.endpoint.rstrip("/") + "/statements", headers=headers, body=body
            )
            if not 200 <= status < 300:
                raise OSError(f"the LMS answered {status}")
        except OSError as exc:
            LmsStatement.objects.filter(pk__in=ids).update(
                attempts=F("attempts") + 1, last_error=str(exc)[:300]
            )
            _retry_later(session_id=session_id, attempts=waiting[0].attempts + 1)
            return 0
        LmsStatement.objects.filter(pk__in=ids).update(sent_at=timezone.now(), last_error="")
        return len(ids)


def _retry_later(*, session_id: str, attempts: int) -> None:
    if attempts >= SEND_ATTEMPTS or not default_task_backend.supports_defer:
        return
    from lantern.learning.tasks import lms_statements_send

    delay = min(3600, 30 * 2**attempts)
    lms_statements_send.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
        session_id=session_id
    )
