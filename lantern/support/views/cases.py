"""The case list, opening a case, the case page and the case details."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantern.core.permissions import require, route
from lantern.support import conf, selectors, services
from lantern.support.forms import CaseForm
from lantern.support.rules import pc_coverage
from lantern.support.sections import CASE_PAGE_ORDER
from lantern.support.standard import SECTION_PCS, SECTION_TITLES
from lantern.support.views._common import (
    CASE_ROUTE,
    CASEWORKER_ROUTE,
    SUPERVISOR_ROUTE,
    _seen,
    _show_conflict,
    _user,
)


@route(CASE_ROUTE)
@never_cache
def case_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.case_list(user), conf.case_list_page_size()).get_page(
        request.GET.get("page")
    )
    # A supervisor's "Waiting for you" shows references too: the same recorded listing.
    waiting = selectors.waiting_for(user) if SUPERVISOR_ROUTE.allows(user) else None
    returned = selectors.returned_to(user) if CASEWORKER_ROUTE.allows(user) else None
    services.case_list_record(
        actor=user,
        page=page.number,
        shown=len(page.object_list),
        waiting=waiting.total if waiting else 0,
        returned=returned.total if returned else 0,
    )
    context = {"page": page, "waiting": waiting, "returned": returned}
    return render(request, "support/case_list.html", context)


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    membership = selectors.case_home_membership(user)
    if membership is None:
        raise Http404
    form = CaseForm(request.POST or None, initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                actor=user,
                organisation=membership.organisation,
                team=membership.team,
                **form.case_data(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Case {case.reference} has been opened")
            return redirect("support:case_detail", case_id=case.pk)
    return render(request, "support/case_form.html", {"form": form, "case": None})


@route(CASE_ROUTE)
@never_cache
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case, facts = selectors.case_with_facts(user, case_id)
    coverage = pc_coverage(facts)
    done = set(coverage.done)
    sections = [
        {
            "key": key,
            "title": SECTION_TITLES[key],
            "pcs": SECTION_PCS[key],
            "done": bool(SECTION_PCS[key]) and all(pc in done for pc in SECTION_PCS[key]),
        }
        for key in CASE_PAGE_ORDER
    ]
    _seen(request, case, "case")
    return render(
        request,
        "support/case_detail.html",
        {
            "case": case,
            "coverage": coverage,
            "sections": sections,
            "plan": selectors.plan_for(case),
        },
    )


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "edit", case)
    form = CaseForm(request.POST or None, instance=case)
    conflict: list[dict[str, str]] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                actor=user,
                case=case,
                expected_version=form.cleaned_data["version"],
                **form.case_data(),
            )
        except services.EditConflict as exc:
            conflict = _show_conflict(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The case details have been saved")
            return redirect("support:case_detail", case_id=case.pk)
    # Shown again after a failed save too: it still shows the case, so it is a recorded view.
    _seen(request, case, "details")
    return render(
        request, "support/case_form.html", {"form": form, "case": case, "conflict": conflict}
    )
