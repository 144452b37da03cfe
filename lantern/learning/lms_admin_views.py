"""The organisation admin's pages for the learning management systems (LMSs) allowed to launch
Lantern's courses (cmi5): register one, rename it, turn it off or on, remove it, and download the
course package (``cmi5.xml`` in a ZIP) to import into it."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.accounts.models import User
from lantern.core.links import site_url
from lantern.core.permissions import roles, route
from lantern.learning import cmi5, rules, selectors, services, xapi
from lantern.learning.forms import LmsConnectionForm, LmsPackageForm, LmsRenameForm
from lantern.learning.models import LmsConnection
from lantern.learning.permissions import ADMIN_ROLES
from lantern.learning.spec import CourseSpec, Pathway

ADMINS = roles(*ADMIN_ROLES)


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _package_form(data: Any = None) -> LmsPackageForm:
    courses = [(c.slug, services.course_spec(c)) for c in selectors.courses_available()]
    initial = {"course": courses[0][0]} if courses else {}
    return LmsPackageForm(data, courses=courses, initial=initial)


def _connection_page(
    request: HttpRequest, connection: LmsConnection, *, form: LmsPackageForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "learning/lms/connection.html",
        {"connection": connection, "form": form, "pass_mark": rules.PASS_MARK},
        status=status,
    )


@route(ADMINS)
@require_GET
def lms_manage(request: HttpRequest) -> HttpResponse:
    rows = selectors.lms_connections_for_admin(user=_actor(request))
    return render(request, "learning/lms/manage.html", {"rows": rows})


@route(ADMINS)
@require_http_methods(["GET", "POST"])
def lms_connection_add(request: HttpRequest, org_id: UUID) -> HttpResponse:
    organisation = selectors.lms_organisation_for_new(user=_actor(request), org_id=org_id)
    form = LmsConnectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            connection = services.lms_connection_create(
                actor=_actor(request),
                organisation=organisation,
                name=form.cleaned_data["name"],
                endpoint=form.cleaned_data["endpoint"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{connection.name} can now launch Lantern's courses")
            return redirect("lms:connection", connection_id=connection.pk)
    return render(
        request, "learning/lms/connection_add.html", {"organisation": organisation, "form": form}
    )


@route(ADMINS)
@require_GET
def lms_connection(request: HttpRequest, connection_id: UUID) -> HttpResponse:
    connection = selectors.lms_connection_for(user=_actor(request), connection_id=connection_id)
    return _connection_page(request, connection, form=_package_form())


@route(ADMINS)
@require_POST
def lms_connection_active(request: HttpRequest, connection_id: UUID) -> HttpResponse:
    connection = selectors.lms_connection_for(user=_actor(request), connection_id=connection_id)
    wanted = request.POST.get("active")
    if wanted not in {"on", "off"}:
        return HttpResponseBadRequest("Say whether to turn it on or off")
    active = wanted == "on"
    services.lms_connection_active_set(actor=_actor(request), connection=connection, active=active)
    if active:
        messages.success(request, f"{connection.name} can launch Lantern's courses again")
    else:
        messages.success(request, f"{connection.name} is turned off: it cannot launch courses")
    return redirect("lms:connection", connection_id=connection.pk)


@route(ADMINS)
@require_http_methods(["GET", "POST"])
def lms_connection_rename(request: HttpRequest, connection_id: UUID) -> HttpResponse:
    connection = selectors.lms_connection_for(user=_actor(request), connection_id=connection_id)
    form = LmsRenameForm(request.POST or None, initial={"name": connection.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.lms_connection_rename(
                actor=_actor(request), connection=connection, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"The LMS is now called {connection.name}")
            return redirect("lms:connection", connection_id=connection.pk)
    return render(
        request, "learning/lms/connection_rename.html", {"connection": connection, "form": form}
    )


@route(ADMINS)
@require_http_methods(["GET", "POST"])
def lms_connection_remove(request: HttpRequest, connection_id: UUID) -> HttpResponse:
    """Are you sure? Then remove: the course packages imported into the LMS stop working."""
    connection = selectors.lms_connection_for(user=_actor(request), connection_id=connection_id)
    if request.method == "POST":
        services.lms_connection_remove(actor=_actor(request), connection=connection)
        messages.success(request, f"{connection.name} is removed: it cannot launch courses")
        return redirect("lms:manage")
    return render(request, "learning/lms/connection_remove.html", {"connection": connection})


def course_package(
    connection: LmsConnection, *, slug: str, spec: CourseSpec, pathway: Pathway | None
) -> bytes:
    """The cmi5 course package: a ZIP holding ``cmi5.xml`` and nothing else. Its IRIs are
    those of Lantern's own xAPI statements for the course, so they stay the same for every
    download; the AU's differs for each pathway, as its launch address does."""
    title = spec.title + (f" \u2013 {pathway.title}" if pathway else "")
    au_parts = ("course", slug, "cmi5") + ((pathway.id,) if pathway else ())
    url = site_url(reverse("lms:launch", kwargs={"connection_id": connection.pk, "course": slug}))
    if pathway:
        url += "?" + urlencode({cmi5.PATHWAY_PARAMETER: pathway.id})
    structure = cmi5.course_structure(
        cmi5.StructureCourse(
            iri=xapi.activity_iri("course", slug),
            title=title,
            description=spec.summary,
            au_iri=xapi.activity_iri(*au_parts),
            au_title=title,
            au_description=spec.summary
            + (f" Pathway: {pathway.title}. {pathway.description}" if pathway else ""),
            url=url,
            mastery_score=Decimal(rules.PASS_MARK) / 100,
        )
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo("cmi5.xml", date_time=timezone.localtime().timetuple()[:6])
        archive.writestr(entry, structure, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@route(ADMINS)
@require_GET
def lms_package(request: HttpRequest, connection_id: UUID) -> HttpResponse:
    """Nothing personal is in the package, so the download is not audited; it still needs
    the right to manage the connection, whose address it carries."""
    connection = selectors.lms_connection_for(user=_actor(request), connection_id=connection_id)
    form = _package_form(request.GET)
    if not form.is_valid():
        return _connection_page(request, connection, form=form, status=400)
    spec, pathway = form.chosen()
    slug = form.cleaned_data["course"]
    package = course_package(connection, slug=slug, spec=spec, pathway=pathway)
    name = "-".join(["lantern", slug, *([pathway.id] if pathway else []), "cmi5"]) + ".zip"
    response = HttpResponse(package, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
