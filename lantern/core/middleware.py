"""Refuse oversized request bodies before anything reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class MaxBodySizeMiddleware:
    """A clear GOV.UK-style 413 page when a request body is larger than the service accepts.

    Form fields check their own, smaller limits (UploadedFileField) with an inline error; this is
    the outer wall against very large bodies, and it answers before the body is read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.LANTERN_MAX_REQUEST_BYTES:
            body = render_to_string(
                "errors/413.html",
                {"limit_mb": settings.LANTERN_MAX_REQUEST_BYTES // (1024 * 1024)},
                request=request,
            )
            response = HttpResponse(body, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)
