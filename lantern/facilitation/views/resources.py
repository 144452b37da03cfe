"""The session kit (PDFs) and the programme's resource library."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from lantern.core.permissions import require, route
from lantern.facilitation import forms as f
from lantern.facilitation import kit as session_kit
from lantern.facilitation import selectors, services
from lantern.facilitation.views._common import FACILITATION, _programme, _user, selectors_is_lead


@route(FACILITATION)
@require_GET
def kit(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "facilitation/kit.html",
        {"kit": session_kit.kit(), "programmes": selectors.programmes_for_member(_user(request))},
    )


def _pdf(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@route(FACILITATION)
@require_GET
def kit_session_plan(request: HttpRequest) -> HttpResponse:
    return _pdf(session_kit.session_plan_pdf(), "awareness-session-plan.pdf")


@route(FACILITATION)
@require_GET
def kit_handbook(request: HttpRequest) -> HttpResponse:
    return _pdf(session_kit.handbook_pdf(), "facilitator-handbook.pdf")


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def library(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    item = _programme(request, programme_id, "view")
    is_lead = selectors_is_lead(request, item)
    form = (
        f.ResourceForm(request.POST if request.method == "POST" else None, request.FILES or None)
        if is_lead
        else None
    )
    if request.method == "POST":
        require(request.user, "lead", item)
        assert form is not None
        if form.is_valid():
            version = services.resource_upload(
                actor=_user(request),
                programme=item,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                notes=form.cleaned_data["notes"],
            )
            messages.success(request, f"{version.document.title} version {version.number} uploaded")
            return redirect("facilitation:library", programme_id=item.pk)
    return render(
        request,
        "facilitation/library.html",
        {"programme": item, "rows": selectors.library(item), "form": form, "is_lead": is_lead},
    )


@route(FACILITATION)
@require_GET
def resource_download(request: HttpRequest, version_id: UUID) -> HttpResponse:
    version = selectors.resource_version_for(_user(request), version_id)
    services.resource_download_record(user=_user(request), version=version)
    response = HttpResponse(version.file.open("rb").read(), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{version.original_name}"'
    return response
