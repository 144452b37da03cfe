"""Authoring: starting and editing a draft version, its items, and approving it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from lantern.core.permissions import require, route
from lantern.standards import selectors, services
from lantern.standards.forms import ApproveForm, ItemAddForm, ItemTextForm, VersionForm
from lantern.standards.rules import LifecycleError, approval_blockers
from lantern.standards.views._common import AUTHORS, _current, _item, _standard, _version


@route(AUTHORS)
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "standards/manage.html",
        {
            "standards": selectors.standards_for_authors(),
            "in_progress": selectors.versions_in_progress(),
        },
    )


@route(AUTHORS)
@require_http_methods(["GET", "POST"])
def version_new(request: HttpRequest, urn: str) -> HttpResponse:
    standard = _standard(urn)
    current = _current(standard)
    require(request.user, "start_draft", current)
    if request.method == "POST":
        try:
            draft = services.version_draft_create(actor=request.user, standard=standard)
        except LifecycleError as error:
            messages.error(request, str(error))
            return redirect("standards:manage")
        messages.success(request, f"Version {draft.number} has been started as a draft")
        return redirect("standards:version_detail", urn=urn, number=draft.number)
    return render(request, "standards/version_new.html", {"current": current})


@route(AUTHORS)
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    version = _version(request, urn, number)
    require(request.user, "edit", version)
    form = VersionForm(
        request.POST or None,
        initial={
            "title": version.title,
            "overview": version.overview,
            "change_summary": version.change_summary,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.version_update(actor=request.user, version=version, **form.cleaned_data)
        messages.success(request, "The version details have been saved")
        return redirect("standards:version_detail", urn=urn, number=number)
    return render(request, "standards/version_edit.html", {"version": version, "form": form})


@route(AUTHORS)
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, urn: str, number: int, code: str) -> HttpResponse:
    version = _version(request, urn, number)
    require(request.user, "edit", version)
    item = _item(version, code)
    form = ItemTextForm(request.POST or None, initial={"text": item.text})
    if request.method == "POST" and form.is_valid():
        services.item_update(actor=request.user, item=item, text=form.cleaned_data["text"])
        messages.success(request, f"{item.code} has been saved")
        return redirect(
            reverse("standards:version_detail", kwargs={"urn": urn, "number": number})
            + f"#{item.code}"
        )
    comments = [] if version.status == "draft" else item.comments.order_by("created_at")
    return render(
        request,
        "standards/item_edit.html",
        {"version": version, "item": item, "form": form, "comments": comments},
    )


@route(AUTHORS)
@require_http_methods(["GET", "POST"])
def item_remove(request: HttpRequest, urn: str, number: int, code: str) -> HttpResponse:
    """Ask, then remove an item from the draft (refused, with the reason, when it has
    sub-items, comments or coverage)."""
    version = _version(request, urn, number)
    require(request.user, "edit", version)
    item = _item(version, code)
    if request.method == "POST":
        try:
            services.item_remove(actor=request.user, item=item)
        except LifecycleError as error:
            messages.error(request, str(error))
            return redirect("standards:item_edit", urn=urn, number=number, code=code)
        messages.success(request, f"{code} has been removed from version {number}")
        return redirect("standards:version_detail", urn=urn, number=number)
    return render(request, "standards/item_remove.html", {"version": version, "item": item})


@route(AUTHORS)
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    version = _version(request, urn, number)
    require(request.user, "edit", version)
    form = ItemAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = services.item_add(actor=request.user, version=version, **form.cleaned_data)
        messages.success(request, f"{item.code} has been added")
        return redirect("standards:version_detail", urn=urn, number=number)
    return render(request, "standards/item_add.html", {"version": version, "form": form})


@route(AUTHORS)
@require_http_methods(["GET", "POST"])
def version_approve(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    version = _version(request, urn, number)
    require(request.user, "approve", version)
    consultation = selectors.consultation_of(version)
    blockers = approval_blockers(
        status=version.status,
        consultation_closed=consultation is not None and consultation.closed_at is not None,
        unanswered_comments=consultation.comments.filter(decision="").count()
        if consultation
        else 0,
    )
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.version_approve(
                actor=request.user,
                version=version,
                indicative_review_on=form.cleaned_data["indicative_review_on"],
            )
        except (ValidationError, LifecycleError) as error:
            form.add_error(None, "; ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request, f"Version {number} is approved and is now the current version"
            )
            return redirect("standards:standard_detail", urn=urn)
    return render(
        request,
        "standards/version_approve.html",
        {"version": version, "form": form, "blockers": blockers},
    )
