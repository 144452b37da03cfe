"""Who may see a case and who did: restriction to named people, break-glass emergency access,
and the data protection officer's case list and access history."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantern.core.permissions import require, route
from lantern.support import conf, selectors, services
from lantern.support.forms import BreakGlassForm, HistoryFilterForm, RestrictForm
from lantern.support.views._common import CASE_ROUTE, DPO_ROUTE, _seen, _user


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_access(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "restrict", case)
    people = selectors.people_who_may_be_named(case)
    named = selectors.named_on(case)
    form = RestrictForm(
        request.POST or None,
        people=people,
        initial={"restricted": case.restricted, "named": named},
    )
    if request.method == "POST" and form.is_valid():
        services.case_restrict(
            actor=user,
            case=case,
            restricted=form.cleaned_data["restricted"],
            named_users=form.cleaned_data["named"],
        )
        messages.success(request, "Who can see this case has been updated")
        return redirect("support:case_detail", case_id=case.pk)
    _seen(request, case, "access")  # every page that shows the case is a recorded view
    return render(request, "support/access.html", {"case": case, "form": form})


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = selectors.case_in_organisations_of(user, form.cleaned_data["reference"])
        if case is None:
            form.add_error("reference", "There is no open case with that reference")
        elif selectors.cases_visible_to(user).filter(pk=case.pk).exists():
            return redirect("support:case_detail", case_id=case.pk)
        else:
            try:
                services.break_glass_open(actor=user, case=case, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    f"You have emergency access for {conf.break_glass_minutes()} minutes. "
                    "Your supervisor and the data protection officer have been told",
                )
                return redirect("support:case_detail", case_id=case.pk)
    return render(request, "support/break_glass.html", {"form": form})


@route(DPO_ROUTE)
@never_cache
def dpo_cases(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.cases_for_dpo(_user(request)), 100).get_page(request.GET.get("page"))
    return render(request, "support/dpo_cases.html", {"page": page})


@route(DPO_ROUTE)
@never_cache
def case_access_history(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """A page of the case's audit events (newest first), narrowed to a date range when the
    DPO gives one. An invalid range shows its errors and no events."""
    user = _user(request)
    case = selectors.case_for_dpo(user, case_id)
    require(user, "history", case)
    filtering = any(k.startswith(("since", "until")) for k in request.GET)
    form = HistoryFilterForm(request.GET if filtering else None)
    page = None
    if not filtering or form.is_valid():
        dates = form.cleaned_data if filtering else {}
        found = selectors.case_access_events(
            case, since=dates.get("since"), until=dates.get("until")
        )
        page = Paginator(found, selectors.HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = selectors.case_access_history(case, page.object_list)  # type: ignore[assignment]
    services.case_history_record(actor=user, case=case)
    return render(
        request,
        "support/access_history.html",
        {"case": case, "form": form, "page": page, "filtered": filtering},
    )
