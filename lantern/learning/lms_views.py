"""Launches from another learning management system (cmi5), and the way back to it.

The launch address carries a one-time token address and the LMS's learner, so the launch view
answers with a redirect at once: the parameters leave the address bar and the history, and the
access log records paths only (bin/lantern)."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.accounts.forms import NameForm
from lantern.accounts.models import User
from lantern.accounts.services import name_change
from lantern.accounts.signals import client_ip
from lantern.core.audit import audit_record
from lantern.core.permissions import PUBLIC, SIGNED_IN, route
from lantern.core.throttle import within_limit
from lantern.learning import cmi5, selectors, services
from lantern.learning.models import LmsSession

SESSION_KEY = "lms"  # in the browser's session: the LMS session's id and the LMS's name
BACKEND = "lantern.accounts.backends.UserWithRolesBackend"


def _refused(
    request: HttpRequest, connection: Any, reason: str, status: int, *, audit: bool = True
) -> HttpResponse:
    if audit:
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


def _lms_session(request: HttpRequest) -> tuple[LmsSession, dict[str, str]]:
    """The LMS session this browser was launched into, if it is the signed-in learner's."""
    marker = request.session.get(SESSION_KEY) or {}
    session = selectors.lms_session_of(user=request.user, session_id=marker.get("id"))
    if session is None:
        raise Http404("This browser did not come here from an LMS")
    return session, marker


@route(PUBLIC)
@require_GET
def lms_launch(request: HttpRequest, connection_id: UUID, course: str) -> HttpResponse:
    """An LMS opens a course: check the launch with that LMS, then sign the browser in as the
    account that stands for its learner (a learner and nothing more)."""
    connection = selectors.lms_connection_for_launch(connection_id=connection_id)
    course_obj = selectors.course_or_404(slug=course)
    allowed, _ = within_limit(
        scope="learning:lms-launch",
        ip=client_ip(request),
        per_minute=settings.LEARNING_LMS_LAUNCHES_PER_MINUTE,
    )
    if not allowed:  # not audited: a flood must not become a flood of audit events
        return _refused(
            request, connection, "too many launches from this address", 429, audit=False
        )
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
    user = session.learner.user
    logout(request)  # whoever this browser had signed in, the launch is for the LMS's learner
    login(request, user, backend=BACKEND)
    request.session[SESSION_KEY] = {
        "id": str(session.pk),
        "name": connection.name,
        "course": course_obj.slug,
    }
    if not user.full_name:  # the LMS did not say: ask once, for the certificate
        return redirect("lms:name")
    return redirect("learning:course", course=course_obj.slug)


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def lms_name(request: HttpRequest) -> HttpResponse:
    """A learner from an LMS that did not give their name says what goes on their certificate."""
    _, marker = _lms_session(request)
    user = cast(User, request.user)
    form = NameForm(request.POST or None, initial={"full_name": user.full_name})
    if request.method == "POST" and form.is_valid():
        name_change(user=user, full_name=form.cleaned_data["full_name"], ip=client_ip(request))
        return redirect("learning:course", course=marker.get("course", ""))
    return render(request, "learning/lms/name.html", {"form": form, "lms_name": marker["name"]})


@route(SIGNED_IN)
@require_POST
def lms_return(request: HttpRequest) -> HttpResponse:
    """The learner goes back to their LMS: it is told the session ended ("terminated"), this
    browser is signed out, and the LMS's return address opens if it gave one (cmi5 section 10,
    returnURL)."""
    session, _ = _lms_session(request)
    services.lms_launch_end(session=session, ip=client_ip(request))
    name, return_url = session.learner.connection.name, session.return_url
    logout(request)
    # A page, not a redirect: the browser checks a redirect after a form against the form
    # page's CSP (form-action 'self'), so the way to the LMS is a refresh and a link.
    return render(request, "learning/lms/returned.html", {"name": name, "return_url": return_url})
