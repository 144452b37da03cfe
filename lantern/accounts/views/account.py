"""Thin views for your account and your home page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device

from lantern.accounts import selectors, services
from lantern.accounts.forms import (
    EmailChangeForm,
    LanternPasswordChangeForm,
    NameForm,
)
from lantern.accounts.home import home_sections
from lantern.accounts.views._common import _actor
from lantern.core.permissions import SIGNED_IN, route

# --- Your account ---


@route(SIGNED_IN)
def account(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": selectors.memberships_for_user(user),
            "two_factor": user_has_device(user),
            "elsewhere": selectors.sessions_elsewhere_count(
                user=user, session_key=request.session.session_key
            ),
            "email_pending": selectors.email_change_pending(user=user),
        },
    )


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.email_change_request(
                user=_actor(request),
                new_email=form.cleaned_data["new_email"],
                ip=request.META.get("REMOTE_ADDR"),
            )
        except services.EmailChangeError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("accounts:email_change_sent")
    return render(request, "accounts/email_change.html", {"form": form})


@route(SIGNED_IN)
def email_change_sent(request: HttpRequest) -> HttpResponse:
    pending = selectors.email_change_pending(user=_actor(request))
    if pending is None:
        return redirect("accounts:account")
    return render(request, "accounts/email_change_sent.html", {"pending": pending})


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link shows a button: the change is made by the POST, so that a mail
    scanner that follows links cannot make it."""
    error = None
    if request.method == "POST":
        try:
            change = services.email_change_confirm(
                user=_actor(request), token=token, ip=request.META.get("REMOTE_ADDR")
            )
        except services.EmailChangeError as exc:
            error = str(exc)
        else:
            messages.success(
                request, f"Your email address is now {change.new_email}. Use it to sign in"
            )
            return redirect("accounts:account")
    return render(
        request,
        "accounts/email_change_confirm.html",
        {"error": error},
        status=400 if error else 200,
    )


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def name_change(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    form = NameForm(request.POST or None, initial={"full_name": user.full_name})
    if request.method == "POST" and form.is_valid():
        services.name_change(
            user=user, full_name=form.cleaned_data["full_name"], ip=request.META.get("REMOTE_ADDR")
        )
        messages.success(request, "Your name has been changed")
        return redirect("accounts:account")
    return render(request, "accounts/name_change.html", {"form": form})


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = LanternPasswordChangeForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _actor(request)
        ended = services.password_change(
            user=user,
            new_password=form.cleaned_data["new_password1"],
            keep_session_key=request.session.session_key,
            ip=request.META.get("REMOTE_ADDR"),
        )
        update_session_auth_hash(request, user)  # this session stays signed in
        messages.success(request, _signed_out_message("Your password has been changed", ended))
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@route(SIGNED_IN)
@require_POST
def sign_out_elsewhere(request: HttpRequest) -> HttpResponse:
    ended = services.sessions_end_others(
        user=_actor(request),
        keep_session_key=request.session.session_key,
        ip=request.META.get("REMOTE_ADDR"),
    )
    messages.success(request, _signed_out_message("Done", ended))
    return redirect("accounts:account")


def _signed_out_message(first: str, ended: int) -> str:
    if ended == 0:
        return f"{first}. You were not signed in anywhere else."
    where = "1 other device or browser" if ended == 1 else f"{ended} other devices or browsers"
    return f"{first}. You have been signed out on {where}."


# --- Home ---


@route(SIGNED_IN)
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "accounts/home.html",
        {
            "sections": home_sections(user),
            "memberships": selectors.memberships_for_user(user),
        },
    )
