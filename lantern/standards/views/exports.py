"""Exports of a version: CASE 1.0 JSON and CSV."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from lantern.core.downloads import csv_download
from lantern.core.permissions import PUBLIC, route
from lantern.standards import selectors
from lantern.standards.case import case_package, csv_rows
from lantern.standards.links import case_links
from lantern.standards.models import StandardVersion
from lantern.standards.views._common import _current, _standard, _version


def _case_response(request: HttpRequest, version: StandardVersion) -> HttpResponse:
    urn, number = version.standard.urn, version.number
    package = case_package(
        selectors.version_snapshot(version), **case_links(version, request.build_absolute_uri)
    )
    response = HttpResponse(
        json.dumps(package, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'inline; filename="{urn}-v{number}-case.json"'
    return response


def _csv_response(version: StandardVersion) -> StreamingHttpResponse:
    return csv_download(
        csv_rows(selectors.version_snapshot(version)),
        filename=f"{version.standard.urn}-v{version.number}.csv",
    )


@route(PUBLIC)
@require_GET
def case_json(request: HttpRequest, urn: str) -> HttpResponse:
    return _case_response(request, _current(_standard(urn)))


@route(PUBLIC)
@require_GET
def case_json_version(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    return _case_response(request, _version(request, urn, number))


@route(PUBLIC)
@require_GET
def csv_export(request: HttpRequest, urn: str) -> StreamingHttpResponse:
    return _csv_response(_current(_standard(urn)))


@route(PUBLIC)
@require_GET
def csv_export_version(request: HttpRequest, urn: str, number: int) -> StreamingHttpResponse:
    return _csv_response(_version(request, urn, number))
