"""Public pages, health check and GOV.UK-style error pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lantern.core import selectors
from lantern.core.permissions import PUBLIC, roles, route
from lantern.core.roles import Role


@route(PUBLIC)
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "core/start.html")


@route(PUBLIC)
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@route(PUBLIC)
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@route(PUBLIC)
@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html")


# Who may see the health check's detail (database vendor, cache backend, task-queue counts).
HEALTH_DETAIL = roles(Role.PLATFORM_ADMIN)
# A failing database or cache takes this server out of the balancer; a stale task queue is
# reported as failing but does not (the web pages still work without the worker).
HEALTH_CRITICAL = ("database", "cache")


@route(PUBLIC)
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Public: "ok" or "failing" for each part and overall, and 503 when the database or the
    cache fails, which is what a balancer or monitor needs. The detail tells an attacker what
    runs here, so only a platform admin who has passed two-factor sees it."""
    report = selectors.health_report()
    parts = {
        name: "ok" if c["status"] == "ok" else "failing" for name, c in report["checks"].items()
    }
    body: dict[str, Any] = {
        "status": "ok" if all(v == "ok" for v in parts.values()) else "failing",
        "checks": parts,
    }
    user = request.user
    if HEALTH_DETAIL.allows(user) and getattr(user, "is_verified", lambda: False)():
        body["detail"] = report["checks"]
    failing = any(parts.get(name) != "ok" for name in HEALTH_CRITICAL)
    return JsonResponse(body, status=503 if failing else 200)


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the database may be the problem.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "", **kwargs: Any) -> HttpResponse:
    return _error(request, "errors/csrf.html", 403)
