"""Launches from another learning management system (cmi5), and the way back to it.

The launch address carries a one-time token address and the LMS's learner, so the launch view
answers with a redirect at once: the parameters leave the address bar and the history, and the
access log records paths only (bin/lantern)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.csp import CSP
from django.views.decorators.http import require_GET, require_POST

from lantern.accounts.signals import client_ip
from lantern.core.audit import audit_record
from lantern.core.permissions import PUBLIC, SIGNED_IN, route
from lantern.core.throttle import within_limit
from lantern.learning import cmi5, selectors, services

SESSION_KEY = "lms"  # in the browser's session: the LMS session's id and the LMS's name
LAUNCHES_PER_MINUTE = 30  # per address: each launch makes two calls to the LMS
BACKEND = "lantern.accounts.backends.UserWithRolesBackend"


def _refused(request: HttpRequest, connection: Any, reason: str, status: int) -> HttpResponse:
    audit_record(
        action="learning.lms_launch_refused",
        obj=connection,
        organisation_ref=str(connection.organisation_id),
        ip=client_ip(request),
        detail={"reason": reason},
    )
    return render(
        request,
        "learning/lms/launch_refused.html",
        {"connection": connection, "reason": reason},
        status=status,
    )


@route(PUBLIC)
@require_GET
def lms_launch(request: HttpRequest, connection_id: UUID, course: str) -> HttpResponse:
    """An LMS opens a course: check the launch with that LMS, then sign the browser in as the
    account that stands for its learner (a learner and nothing more)."""
    connection = selectors.lms_connection_for_launch(connection_id=connection_id)
    course_obj = selectors.course_or_404(slug=course)
    allowed, _ = within_limit(
        scope="learning:lms-launch", ip=client_ip(request), per_minute=LAUNCHES_PER_MINUTE
    )
    if not allowed:
        return _refused(request, connection, "too many launches from this address", 429)
    try:
        launch = cmi5.parse_launch(request.GET)
        token, data = services.lms_launch_begin(connection=connection, launch=launch)
        session = services.lms_launch_record(
            connection=connection,
            course=course_obj,
            pathway=request.GET.get(cmi5.PATHWAY_PARAMETER) or None,
            launch=launch,
            token=token,
            data=data,
            ip=client_ip(request),
        )
    except cmi5.LaunchError as error:
        return _refused(request, connection, str(error), 400)
    logout(request)  # whoever this browser had signed in, the launch is for the LMS's learner
    login(request, session.learner.user, backend=BACKEND)
    request.session[SESSION_KEY] = {"id": str(session.pk), "name": connection.name}
    return redirect("learning:course", course=course_obj.slug)


@route(SIGNED_IN)
@require_POST
def lms_return(request: HttpRequest) -> HttpResponse:
    """The learner goes back to their LMS: it is told the session ended ("terminated"), this
    browser is signed out, and the LMS's return address opens if it gave one."""
    marker = request.session.get(SESSION_KEY) or {}
    session = selectors.lms_session_of(user=request.user, session_id=marker.get("id"))
    if session is None:
        raise Http404("This browser did not come here from an LMS")
    services.lms_launch_end(session=session, ip=client_ip(request))
    name, return_url = session.learner.connection.name, session.return_url
    logout(request)
    if not return_url:
        return render(request, "learning/lms/returned.html", {"name": name})
    response = redirect(return_url)
    # The redirect follows a form, so the page's form-action must allow the LMS's site.
    scheme, netloc = urlsplit(return_url)[:2]
    policy = dict(settings.SECURE_CSP)
    policy["form-action"] = [CSP.SELF, f"{scheme}://{netloc}"]
    response._csp_config = policy  # type: ignore[attr-defined]  # as django's csp_override does
    return response
