"""The one JSON API (django-ninja), mounted at /api/v1/. Apps add routers in AppConfig.ready().

Only the OpenAPI schema is served (/api/v1/openapi.json): ninja's interactive docs page loads
scripts and styles from a CDN and inline, which the strict Content Security Policy blocks.

Route policy: ninja enforces authentication per endpoint (``auth=`` on the operation, answering
401), not with a sign-in redirect, so every API URL carries the ``API`` policy of the permissions
gateway, which is public at the gateway. The API default is no authentication; an endpoint that
needs it must say so explicitly with ``auth=``. See docs/adr/0020-respond-decision-engine.md.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from lantern.core.permissions import Policy

API = Policy("api (authentication per endpoint)", public=True)

api = NinjaAPI(
    title="Lantern API",
    version="1",
    description="Lantern's JSON API. No personal data is accepted by public endpoints.",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    auth=None,
)


def api_urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """``api.urls`` with the gateway's API policy recorded on every view (for the route matrix)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            callback: Any = pattern.callback
            callback.lantern_policy = API
    return patterns, app_name, namespace
