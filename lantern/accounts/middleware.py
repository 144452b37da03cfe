"""Who is signed in (read with the session), the session idle timeout and the two-factor
requirement for sensitive roles."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

from lantern.accounts import sessions
from lantern.core.roles import needs_two_factor

# Paths a signed-in person who still owes a second factor may reach.
TWO_FACTOR_OPEN_PREFIXES = (
    "/account/two-factor/",
    "/sign-out/",
    "/static/",
    "/healthz",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
)


def _user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        with sessions.reading(request.session):
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, except that the sign-in backend may take the user from the session store's
    read (one query for the session, the user and their roles). Django's ``get_user`` still
    verifies the session against the user's password hash."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))  # type: ignore[assignment]


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's, except that ``request.user`` becomes the user itself, not a lazy object.

    Every later middleware reads the user on every request (the idle timeout, the two-factor
    requirement), so nothing is saved by waiting. django-otp's lazy wrapper around our lazy
    user made each of the page's attribute reads go through two proxies; the benchmark's
    signed-in pages read the user about fifty times (bench/learning.md, run 21).
    """

    def _install_lazy_accessors(self, request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        if isinstance(user, SimpleLazyObject):
            user._setup()  # type: ignore[attr-defined]
            user = user._wrapped  # type: ignore[attr-defined]
        if user is not None:
            request.user = self._verify_user_sync(request, user)
        auser = getattr(request, "auser", None)
        if auser is not None:  # async views: as django-otp does it
            request.auser = functools.partial(  # type: ignore[attr-defined]
                self._verify_user_async_via_auser, request, auser
            )


class IdleTimeoutMiddleware:
    """Signs a person out after SESSION_IDLE_TIMEOUT seconds without a request.

    The timestamp is written at most once a minute, so most requests do not save the session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen")
            if last is not None and now - int(last) > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request, "You were signed out because you were inactive. Sign in again."
                )
                return redirect(f"{reverse('accounts:sign_in')}?next={request.path}")
            if last is None or now - int(last) > 60:
                request.session["last_seen"] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and needs_two_factor(user.roles())
            and not request.path.startswith(TWO_FACTOR_OPEN_PREFIXES)
        ):
            from django_otp import user_has_device

            target = (
                "accounts:two_factor_verify"
                if user_has_device(user)
                else "accounts:two_factor_setup"
            )
            url = reverse(target)
            here = request.get_full_path()
            if (
                target == "accounts:two_factor_verify"
                and request.method == "GET"
                and here != reverse("accounts:home")  # where the code page leads anyway
            ):
                url += "?" + urlencode({"next": here})  # back here after the code
            return redirect(url)
        return self.get_response(request)
