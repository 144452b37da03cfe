"""Consultation: opening, managing and closing one, responding to comments, and taking part
(signed in as a member of a consulted organisation, or through the consultation's link)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.core.permissions import PUBLIC, SIGNED_IN, require, route
from lantern.standards import selectors, services
from lantern.standards.forms import (
    CommentForm,
    ConsultationOpenForm,
    LinkCommentForm,
    ResponseForm,
)
from lantern.standards.models import (
    CommentChannel,
    Consultation,
    ConsultationComment,
    StandardVersion,
)
from lantern.standards.rules import LifecycleError, approval_blockers
from lantern.standards.views._common import (
    AUTHORS,
    _chosen_item,
    _consultation,
    _item_choices,
    _version,
)


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
