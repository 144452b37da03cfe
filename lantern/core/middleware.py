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


class NormaliseNewlinesMiddleware:
    """A line break typed in a text box reaches the server as CR LF, two characters, while the
    browser's maxlength counted it as one: a text that fitted on the page was refused as too
    long. Form posts have their line breaks made LF, so both count the same (and stored text
    has one kind of line break)."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            post = request.POST
            if any("\r" in value for _, values in post.lists() for value in values):
                fixed = post.copy()
                for key, values in fixed.lists():
                    fixed.setlist(
                        key, [v.replace("\r\n", "\n").replace("\r", "\n") for v in values]
                    )
                fixed._mutable = False
                request.POST = fixed  # type: ignore[assignment]  # immutable again above
        return self.get_response(request)
