"""Browsing standards: the index, suites, search, versions, comparison and coverage."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lantern.core.permissions import PUBLIC, can, route
from lantern.standards import selectors
from lantern.standards.diff import compare_versions
from lantern.standards.forms import SearchForm
from lantern.standards.models import StandardVersion, Suite
from lantern.standards.rules import KINDS, coverage_summary
from lantern.standards.views._common import _current, _standard, _version


@route(PUBLIC)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "standards/index.html",
        {
            "suites": selectors.suites_with_standards(),
            "form": SearchForm(),
            "consultations": selectors.open_consultations_for(request.user),
        },
    )


@route(PUBLIC)
@require_GET
def suite_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        suite = selectors.suite_by_slug(slug)
    except Suite.DoesNotExist:
        raise Http404 from None
    return render(request, "standards/suite.html", {"suite": suite})


@route(PUBLIC)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = selectors.search_items(form.cleaned_data["q"])
    return render(request, "standards/search.html", {"form": form, "results": results})


def _version_page(request: HttpRequest, version: StandardVersion) -> HttpResponse:
    standard = version.standard
    snap = selectors.version_snapshot(version)
    versions = selectors.readable_versions(request.user, standard)
    current = next((v for v in versions if v.is_current), None)
    return render(
        request,
        "standards/version.html",
        {
            "standard": standard,
            "version": version,
            "snap": snap,
            "criteria": snap.items_of("pc"),
            "knowledge": snap.items_of("k"),
            "versions": versions,
            "current": current,
            "review_overdue": version.review_overdue(),
            "may_author": can(request.user, "start_draft", version),
        },
    )


@route(PUBLIC)
@require_GET
def standard_detail(request: HttpRequest, urn: str) -> HttpResponse:
    return _version_page(request, _current(_standard(urn)))


@route(PUBLIC)
@require_GET
def version_detail(request: HttpRequest, urn: str, number: int) -> HttpResponse:
    return _version_page(request, _version(request, urn, number))


@route(PUBLIC)
@require_GET
def compare(request: HttpRequest, urn: str) -> HttpResponse:
    standard = _standard(urn)
    versions = selectors.readable_versions(request.user, standard)
    numbers = [v.number for v in versions]
    try:
        new_number = int(request.GET.get("to") or numbers[0])
        old_number = int(request.GET.get("from") or (numbers[1] if len(numbers) > 1 else 0))
    except (ValueError, IndexError):
        raise Http404 from None
    # Always old -> new, whichever way round the link asked.
    old_number, new_number = sorted((old_number, new_number))
    by_number = {v.number: v for v in versions}
    if new_number not in by_number or old_number not in by_number:
        return render(
            request,
            "standards/compare.html",
            {"standard": standard, "versions": versions, "diff": None},
        )
    diff = compare_versions(
        selectors.version_snapshot(by_number[old_number]),
        selectors.version_snapshot(by_number[new_number]),
    )
    return render(
        request,
        "standards/compare.html",
        {
            "standard": standard,
            "versions": versions,
            "diff": diff,
            "old": by_number[old_number],
            "new": by_number[new_number],
        },
    )


@route(PUBLIC)
@require_GET
def coverage(request: HttpRequest, urn: str) -> HttpResponse:
    version = _current(_standard(urn))
    rows = selectors.coverage_for(version)
    return render(
        request,
        "standards/coverage.html",
        {
            "version": version,
            "rows": rows,
            "summary": coverage_summary(rows),
            "kinds": KINDS,
        },
    )
