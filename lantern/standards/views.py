"""Thin views for standards: browse, search, exports, coverage, lifecycle and consultation."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.core.permissions import PUBLIC, SIGNED_IN, can, require, roles, route
from lantern.core.roles import Role
from lantern.standards import selectors, services
from lantern.standards.case import case_package, csv_text
from lantern.standards.diff import compare_versions
from lantern.standards.forms import (
    ApproveForm,
    CommentForm,
    ConsultationOpenForm,
    ItemAddForm,
    ItemTextForm,
    LinkCommentForm,
    ResponseForm,
    SearchForm,
    VersionForm,
)
from lantern.standards.models import (
    CommentChannel,
    Consultation,
    ConsultationComment,
    Standard,
    StandardItem,
    StandardVersion,
    Suite,
)
from lantern.standards.refs import item_code, parse_code
from lantern.standards.rules import KINDS, LifecycleError, approval_blockers, coverage_summary

AUTHORS = roles(Role.STANDARDS_AUTHOR)


# --- Lookups (404 when absent or not readable) -----------------------------------------------


def _standard(urn: str) -> Standard:
    try:
        return selectors.standard_by_urn(urn)
    except Standard.DoesNotExist:
        raise Http404 from None


def _version(request: HttpRequest, urn: str, number: int) -> StandardVersion:
    try:
        version = selectors.version_by_number(urn, number)
    except StandardVersion.DoesNotExist:
        raise Http404 from None
    if not selectors.may_read(request.user, version):
        raise Http404
    return version


def _current(standard: Standard) -> StandardVersion:
    version = selectors.current_version(standard)
    if version is None:
        raise Http404
    return version


def _item(version: StandardVersion, code: str) -> StandardItem:
    parsed = parse_code(code)
    if parsed is None:
        raise Http404
    try:
        return selectors.item_by_code(version, *parsed)
    except StandardItem.DoesNotExist:
        raise Http404 from None


def _consultation(version: StandardVersion) -> Consultation:
    consultation = selectors.consultation_of(version)
    if consultation is None:
        raise Http404
    return consultation


def _item_choices(version: StandardVersion) -> list[tuple[str, str]]:
    return [
        (item_code(i.kind, i.number), f"{item_code(i.kind, i.number)}: {i.text[:90]}")
        for i in selectors.items_of(version)
    ]


def _chosen_item(version: StandardVersion, on: str) -> StandardItem | None:
    return None if on == "standard" else _item(version, on)


# --- Browse ------------------------------------------------------------------------------------


@route(PUBLIC)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "standards/index.html",
        {"suites": selectors.suites_with_standards(), "form": SearchForm()},
    )


@route(PUBLIC)
@require_GET
def suite_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        suite = selectors.suite_by_slug(slug)
    except Suite.DoesNotExist:
        raise Http404 from None
    return render(request, "standards/suite.html", {"suite": suite})


@route(PUBLIC)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = selectors.search_items(form.cleaned_data["q"])
    return render(request, "standards/search.html", {"form": form, "results": results})


def _version_page(request: HttpRequest, version: StandardVersion) -> HttpResponse:
    standard = version.standard
    snap = selectors.version_snapshot(version)
    versions = selectors.readable_versions(request.user, standard)
    current = next((v for v in versions if v.is_current), None)
    return render(
        request,
        "standards/version.html",
        {
            "standard": standard,
            "version": version,
            "snap": snap,
            "criteria": snap.items_of("pc"),
            "knowledge": snap.items_of("k"),
            "versions": versions,
            "current": current,
            "review_overdue": version.review_overdue(),
            "may_author": can(request.user, "start_draft", version),
        },
    )


@route(PUBLIC)
@require_GET
def standard_detail(request: HttpRequest, urn: str) -> HttpResponse:
    return _version_page(request, _current(_standard(urn)))


@route(PUBLIC)
@require_GET
def version_detail(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    return _version_page(request, _version(request, urn, number))


@route(PUBLIC)
@require_GET
def compare(request: HttpRequest, urn: str) -> HttpResponse:
    standard = _standard(urn)
    versions = selectors.readable_versions(request.user, standard)
    numbers = [v.number for v in versions]
    try:
        new_number = int(request.GET.get("to") or numbers[0])
        old_number = int(request.GET.get("from") or (numbers[1] if len(numbers) > 1 else 0))
    except (ValueError, IndexError):
        raise Http404 from None
    by_number = {v.number: v for v in versions}
    if new_number not in by_number or old_number not in by_number:
        return render(
            request,
            "standards/compare.html",
            {"standard": standard, "versions": versions, "diff": None},
        )
    diff = compare_versions(
        selectors.version_snapshot(by_number[old_number]),
        selectors.version_snapshot(by_number[new_number]),
    )
    return render(
        request,
        "standards/compare.html",
        {
            "standard": standard,
            "versions": versions,
            "diff": diff,
            "old": by_number[old_number],
            "new": by_number[new_number],
        },
    )


@route(PUBLIC)
@require_GET
def coverage(request: HttpRequest, urn: str) -> HttpResponse:
    version = _current(_standard(urn))
    rows = selectors.coverage_for(version)
    return render(
        request,
        "standards/coverage.html",
        {
            "version": version,
            "rows": rows,
            "summary": coverage_summary(rows),
            "kinds": KINDS,
        },
    )


# --- Exports -----------------------------------------------------------------------------------


def _case_response(request: HttpRequest, version: StandardVersion) -> HttpResponse:
    urn, number = version.standard.urn, version.number
    package = case_package(
        selectors.version_snapshot(version),
        page_url=request.build_absolute_uri(
            reverse("standards:version_detail", kwargs={"urn": urn, "number": number})
        ),
        package_url=request.build_absolute_uri(
            reverse("standards:case_json_version", kwargs={"urn": urn, "number": number})
        ),
    )
    response = HttpResponse(
        json.dumps(package, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'inline; filename="{urn}-v{number}-case.json"'
    return response


def _csv_response(version: StandardVersion) -> HttpResponse:
    response = HttpResponse(
        csv_text(selectors.version_snapshot(version)), content_type="text/csv; charset=utf-8"
    )
    name = f"{version.standard.urn}-v{version.number}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@route(PUBLIC)
@require_GET
def case_json(request: HttpRequest, urn: str) -> HttpResponse:
    return _case_response(request, _current(_standard(urn)))


@route(PUBLIC)
@require_GET
def case_json_version(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    return _case_response(request, _version(request, urn, number))


@route(PUBLIC)
@require_GET
def csv_export(request: HttpRequest, urn: str) -> HttpResponse:
    return _csv_response(_current(_standard(urn)))


@route(PUBLIC)
@require_GET
def csv_export_version(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    return _csv_response(_version(request, urn, number))


# --- Authoring ---------------------------------------------------------------------------------


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
def consultation_open(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    version = _version(request, urn, number)
    require(request.user, "open_consultation", version)
    form = ConsultationOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_open(actor=request.user, version=version, **form.cleaned_data)
        except (ValidationError, LifecycleError) as error:
            form.add_error(None, "; ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, f"The consultation on version {number} is open")
            return redirect("standards:consultation_manage", urn=urn, number=number)
    return render(request, "standards/consultation_open.html", {"version": version, "form": form})


@route(AUTHORS)
@require_GET
def consultation_manage(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    version = _version(request, urn, number)
    consultation = _consultation(version)
    require(request.user, "manage", consultation)
    comments = list(selectors.comments_of(consultation))
    blockers = approval_blockers(
        status=version.status,
        consultation_closed=consultation.closed_at is not None,
        unanswered_comments=sum(1 for c in comments if not c.has_response),
    )
    return render(
        request,
        "standards/consultation_manage.html",
        {
            "version": version,
            "consultation": consultation,
            "comments": comments,
            "blockers": blockers,
            "link": request.build_absolute_uri(
                reverse("standards:consult_link", kwargs={"token": consultation.link_token})
            ),
        },
    )


@route(AUTHORS)
@require_POST
def consultation_close(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    version = _version(request, urn, number)
    consultation = _consultation(version)
    require(request.user, "manage", consultation)
    services.consultation_close(actor=request.user, consultation=consultation)
    messages.success(request, "The consultation is closed")
    return redirect("standards:consultation_manage", urn=urn, number=number)


@route(AUTHORS)
@require_http_methods(["GET", "POST"])
def comment_respond(request: HttpRequest, urn: str, number: int, comment_id: UUID) -> HttpResponse:
    version = _version(request, urn, number)
    consultation = _consultation(version)
    try:
        comment = selectors.comment_by_id(consultation, comment_id)
    except ConsultationComment.DoesNotExist:
        raise Http404 from None
    require(request.user, "respond", comment)
    form = ResponseForm(
        request.POST or None, initial={"decision": comment.decision, "reason": comment.reason}
    )
    if request.method == "POST" and form.is_valid():
        services.comment_respond(actor=request.user, comment=comment, **form.cleaned_data)
        messages.success(request, "Your response has been saved")
        return redirect("standards:consultation_manage", urn=urn, number=number)
    return render(
        request,
        "standards/comment_respond.html",
        {"version": version, "comment": comment, "form": form},
    )


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


# --- Taking part in a consultation -------------------------------------------------------------


def _comment_page(
    request: HttpRequest,
    consultation: Consultation,
    form: CommentForm,
    own_comments: Any,
    via_link: bool,
) -> HttpResponse:
    version = consultation.version
    snap = selectors.version_snapshot(version)
    return render(
        request,
        "standards/consult.html",
        {
            "consultation": consultation,
            "version": version,
            "snap": snap,
            "criteria": snap.items_of("pc"),
            "knowledge": snap.items_of("k"),
            "form": form,
            "is_open": consultation.is_open(),
            "own_comments": own_comments,
            "via_link": via_link,
        },
    )


def _save_comment(
    request: HttpRequest, consultation: Consultation, form: CommentForm, **extra: Any
) -> bool:
    item = _chosen_item(consultation.version, form.cleaned_data["on"])
    try:
        services.comment_add(
            consultation=consultation, item=item, body=form.cleaned_data["body"], **extra
        )
    except (ValidationError, LifecycleError) as error:
        form.add_error(None, "; ".join(getattr(error, "messages", [str(error)])))
        return False
    target = item.code if item else "the whole standard"
    messages.success(request, f"Thank you. Your comment on {target} has been sent")
    return True


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def consultation_take_part(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    try:
        version = selectors.version_by_number(urn, number)
    except StandardVersion.DoesNotExist:
        raise Http404 from None
    consultation = _consultation(version)
    require(request.user, "take_part", consultation)
    form = CommentForm(request.POST or None, choices=_item_choices(version))
    if request.method == "POST" and form.is_valid():
        user: Any = request.user
        membership = user.memberships.filter(
            organisation__in=consultation.organisations.all()
        ).first()
        if _save_comment(
            request,
            consultation,
            form,
            channel=CommentChannel.ORGANISATION,
            author=user,
            organisation=membership.organisation if membership else None,
        ):
            return redirect("standards:consultation_take_part", urn=urn, number=number)
    own = selectors.comments_by(request.user, consultation)
    return _comment_page(request, consultation, form, own, via_link=False)


@route(PUBLIC)
@require_http_methods(["GET", "POST"])
def consult_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        consultation = selectors.consultation_by_token(token)
    except Consultation.DoesNotExist:
        raise Http404 from None
    form = LinkCommentForm(request.POST or None, choices=_item_choices(consultation.version))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_comment(
            request,
            consultation,
            form,
            channel=CommentChannel.LINK,
            author=request.user,
            respondent_name=form.cleaned_data["respondent_name"],
            respondent_organisation=form.cleaned_data["respondent_organisation"],
        )
    ):
        return redirect("standards:consult_link", token=token)
    return _comment_page(request, consultation, form, [], via_link=True)
