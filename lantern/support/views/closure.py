"""Closing a case: the request, and a supervisor's approval."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lantern.core.permissions import require, route
from lantern.support import selectors, services
from lantern.support.forms import ClosureForm
from lantern.support.views._common import CASE_ROUTE, SUPERVISOR_ROUTE, _seen, _user


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "edit", case)
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.closure_request(actor=user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Closure has been sent to your supervisor for approval")
            return redirect("support:case_detail", case_id=case.pk)
    _seen(request, case, "close")  # every page that shows the case is a recorded view
    return render(
        request,
        "support/close.html",
        {"case": case, "form": form, "may_approve": selectors.is_supervisor_for(user, case)},
    )


@route(SUPERVISOR_ROUTE)
@never_cache
@require_POST
def case_close_approve(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "approve", case)
    try:
        case = services.closure_approve(actor=user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"The case is closed. It will be anonymised after {case.retention_until:%d %B %Y}",
        )
    return redirect("support:case_detail", case_id=case.pk)
