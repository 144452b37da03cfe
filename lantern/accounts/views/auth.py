"""Thin views for signing in and out, password reset and welcome links, and two-factor
authentication."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from lantern.accounts import services
from lantern.accounts.audit_selectors import organisation_refs_of
from lantern.accounts.forms import (
    LanternPasswordResetForm,
    LanternSetPasswordForm,
    SignInForm,
    TokenForm,
)
from lantern.accounts.tokens import (
    RESET_LINK_SECONDS,
    WELCOME_LINK_SECONDS,
    lifetime,
    reset_tokens,
    welcome_tokens,
)
from lantern.core.audit import audit_record_for
from lantern.core.links import qr_data_uri
from lantern.core.permissions import PUBLIC, SIGNED_IN, route

# --- Sign in and out ---

sign_in = route(PUBLIC)(
    auth_views.LoginView.as_view(
        template_name="accounts/sign_in.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
)


class _SignOut(auth_views.LogoutView):
    """Signs out (POST only) and says so on the page that follows."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, "You have signed out")
        return response


sign_out = route(PUBLIC)(_SignOut.as_view())

password_reset = route(PUBLIC)(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=LanternPasswordResetForm,
        success_url=reverse_lazy("accounts:password_reset_sent"),
    )
)
password_reset_sent = route(PUBLIC)(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)
password_reset_confirm = route(PUBLIC)(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=LanternSetPasswordForm,
        token_generator=reset_tokens,
        success_url=reverse_lazy("accounts:password_reset_complete"),
        extra_context={"lasts": lifetime(RESET_LINK_SECONDS), "welcome": False},
    )
)
welcome_confirm = route(PUBLIC)(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=LanternSetPasswordForm,
        token_generator=welcome_tokens,
        success_url=reverse_lazy("accounts:password_reset_complete"),
        extra_context={"lasts": lifetime(WELCOME_LINK_SECONDS), "welcome": True},
    )
)
password_reset_complete = route(PUBLIC)(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


# --- Two-factor --------------------------------------------------------------------------------


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    device = services.totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, "Two-factor authentication is set up")
            return redirect("accounts:home")
        form.add_error(
            "token",
            "The security code is not right. Check the time on your phone and try the newest code",
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr": qr_data_uri(device.config_url), "secret": secret},
    )


def _safe_next(request: HttpRequest) -> str | None:
    """The ``next`` address, if it is on this site: never another site (an open redirect
    straight after the second factor would be a ready-made phishing link)."""
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit_record_for(
                organisation_refs_of(user),
                action="auth.two_factor_verified",
                actor=user,
                obj=user,
                ip=request.META.get("REMOTE_ADDR"),
            )
            return redirect(_safe_next(request) or "accounts:home")
        audit_record_for(
            organisation_refs_of(user),
            action="auth.two_factor_failed",
            actor=user,
            obj=user,
            ip=request.META.get("REMOTE_ADDR"),
        )
        form.add_error("token", "The security code is not right. Try the newest code from your app")
    return render(request, "accounts/two_factor_verify.html", {"form": form})
