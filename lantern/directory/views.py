"""Thin views for the directory of services: every signed-in member searches it; organisation
admins keep their organisation's entries."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.accounts.models import Organisation, User
from lantern.core.permissions import SIGNED_IN, roles, route
from lantern.core.roles import Role
from lantern.directory import hsds, hsds_import, selectors, services
from lantern.directory.forms import DirectorySearchForm, HsdsImportForm, ServiceForm
from lantern.directory.models import Service

EDITORS = roles(Role.ORG_ADMIN, Role.PLATFORM_ADMIN)


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _case_id(request: HttpRequest) -> UUID | None:
    """The case a caseworker came from ("Find a service in the directory"), to link back to.
    The directory reads nothing of the case: the case record's own page checks who may see it."""
    try:
        return UUID(request.GET.get("for_case", ""))
    except ValueError:
        return None


@route(SIGNED_IN)
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    entries = selectors.local_services()
    data = request.GET if set(request.GET) - {"for_case"} else None
    form = DirectorySearchForm(data, spoken=selectors.languages_spoken(entries))
    case_id = _case_id(request)
    search = form.search()
    results = selectors.directory_search(search, entries)
    return render(
        request,
        "directory/directory.html",
        {
            "form": form,
            "search": search,
            "results": results,
            "suggested_area": "" if data else selectors.default_area(request.user),
            "can_manage": EDITORS.allows(request.user),
            "for_case": case_id,
            "case_services_url": (
                reverse("support:case_section", kwargs={"case_id": case_id, "section": "services"})
                if case_id
                else ""
            ),
        },
    )


@route(SIGNED_IN)
@require_GET
def directory_hsds(request: HttpRequest) -> HttpResponse:
    """The whole directory as Open Referral (HSDS 3.0) JSON, for another directory to read."""
    response = hsds.services_response(
        selectors.directory_search(hsds.EVERYTHING, selectors.local_services()),
        base_url=request.build_absolute_uri("/"),
    )
    response["Content-Disposition"] = 'attachment; filename="lantern-directory-hsds.json"'
    return response


@route(EDITORS)
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    rows = selectors.services_for_admin(_actor(request))
    return render(request, "directory/manage.html", {"rows": rows})


def _save(
    request: HttpRequest, form: ServiceForm, *, organisation: Organisation, service: Service | None
) -> Service | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return services.service_save(
            actor=_actor(request),
            organisation=organisation,
            fields=form.cleaned_data,
            service=service,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@route(EDITORS)
@require_http_methods(["GET", "POST"])
def service_add(request: HttpRequest, org_id: UUID) -> HttpResponse:
    organisation = selectors.organisation_for_new_service(_actor(request), org_id)
    form = ServiceForm(request.POST or None, initial={"status": "active"})
    saved = _save(request, form, organisation=organisation, service=None)
    if saved is not None:
        messages.success(request, f"{saved.name} is in the directory")
        return redirect("directory:manage")
    return render(
        request, "directory/service_form.html", {"organisation": organisation, "form": form}
    )


@route(EDITORS)
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = selectors.service_for_edit(_actor(request), service_id)
    form = ServiceForm(request.POST or None, initial=ServiceForm.initial_from(service))
    saved = _save(request, form, organisation=service.organisation, service=service)
    if saved is not None:
        messages.success(request, f"{saved.name}: saved and marked as checked today")
        return redirect("directory:manage")
    return render(
        request,
        "directory/service_form.html",
        {"organisation": service.organisation, "service": service, "form": form},
    )


@route(EDITORS)
@require_POST
def service_check(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = selectors.service_for_edit(_actor(request), service_id)
    services.service_check(actor=_actor(request), service=service)
    messages.success(request, f"{service.name}: marked as checked today")
    return redirect("directory:manage")


@route(EDITORS)
@require_http_methods(["GET", "POST"])
def service_delete(request: HttpRequest, service_id: UUID) -> HttpResponse:
    service = selectors.service_for_edit(_actor(request), service_id)
    if request.method == "POST":
        services.service_delete(actor=_actor(request), service=service)
        messages.success(request, f"{service.name} is no longer in the directory")
        return redirect("directory:manage")
    return render(request, "directory/service_delete.html", {"service": service})


@route(EDITORS)
@require_http_methods(["GET", "POST"])
def services_import(request: HttpRequest, org_id: UUID) -> HttpResponse:
    organisation = selectors.organisation_for_new_service(_actor(request), org_id)
    form = HsdsImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.services_import_hsds(
            actor=_actor(request),
            organisation=organisation,
            raw=form.cleaned_data["file"].read(),
            defaults=hsds_import.Defaults(
                category=form.cleaned_data["category"],
                access=form.cleaned_data["access"],
                area=form.cleaned_data["area"],
            ),
        )
        if report.ok:
            messages.success(
                request,
                f"Imported: {report.created} new, {report.updated} changed, {report.unchanged} "
                f"already up to date, {report.skipped} closed for good and left out"
                + (
                    f". Not imported, because {organisation.name} does not keep them: "
                    + "; ".join(report.left_out)
                    if report.left_out
                    else ""
                ),
            )
            return redirect("directory:manage")
    return render(
        request,
        "directory/services_import.html",
        {"organisation": organisation, "form": form, "report": report},
    )
