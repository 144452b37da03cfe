"""The support space: announcements, threads, replies and moderation."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from lantern.core.permissions import require, route
from lantern.facilitation import forms as f
from lantern.facilitation import selectors, services
from lantern.facilitation.views._common import (
    FACILITATION,
    LEADS,
    _programme,
    _user,
    selectors_is_lead,
)


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def support(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    item = _programme(request, programme_id, "view")
    is_lead = selectors_is_lead(request, item)
    announcement_form = f.AnnouncementForm(prefix="a") if is_lead else None
    thread_form = f.ThreadForm(prefix="t")
    if request.method == "POST" and request.POST.get("kind") == "announcement":
        require(request.user, "lead", item)
        announcement_form = f.AnnouncementForm(request.POST, prefix="a")
        if announcement_form.is_valid():
            services.announcement_create(
                actor=_user(request), programme=item, **announcement_form.cleaned_data
            )
            messages.success(request, "Your announcement is posted")
            return redirect("facilitation:support", programme_id=item.pk)
    elif request.method == "POST":
        thread_form = f.ThreadForm(request.POST, prefix="t")
        if thread_form.is_valid():
            thread = services.thread_create(
                actor=_user(request), programme=item, **thread_form.cleaned_data
            )
            return redirect("facilitation:thread", thread_id=thread.pk)
    return render(
        request,
        "facilitation/support.html",
        {
            "programme": item,
            "announcements": list(selectors.announcements(item)),
            "threads": list(selectors.threads(item)),
            "announcement_form": announcement_form,
            "thread_form": thread_form,
        },
    )


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, thread_id: UUID) -> HttpResponse:
    item = selectors.thread_for(_user(request), thread_id)
    form = f.PostForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        require(request.user, "reply", item)
        services.post_create(actor=_user(request), thread=item, body=form.cleaned_data["body"])
        messages.success(request, "Your reply is posted")
        return redirect("facilitation:thread", thread_id=item.pk)
    return render(
        request,
        "facilitation/thread.html",
        {
            "thread": item,
            "posts": list(selectors.thread_posts(item)),
            "form": form,
            "can_moderate": selectors_is_lead(request, item.programme),
            "hide_form": f.HideForm(),
        },
    )


@route(LEADS)
@require_POST
def post_moderate(request: HttpRequest, post_id: UUID) -> HttpResponse:
    item = selectors.post_for(_user(request), post_id)
    if request.POST.get("restore"):
        services.post_restore(actor=_user(request), post=item)
        messages.success(request, "The post is visible again")
    else:
        form = f.HideForm(request.POST)
        if form.is_valid():
            services.post_hide(actor=_user(request), post=item, reason=form.cleaned_data["reason"])
            messages.success(request, "The post is hidden")
        else:
            messages.error(request, "Enter why you are hiding this post")
    return redirect("facilitation:thread", thread_id=item.thread_id)
