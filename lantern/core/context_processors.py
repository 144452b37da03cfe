from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from lantern.core.navigation import nav_for


def layout(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.LANTERN_SERVICE_NAME,
        "service_nav": nav_for(getattr(request, "user", None), request.path),
        "lantern_demo": settings.LANTERN_DEMO,
    }
