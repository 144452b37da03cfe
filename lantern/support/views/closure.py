"""Closing a case: the request, and a supervisor's decision (approve, or decline with a reason)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lantern.core.permissions import require, route
from lantern.support import selectors, services
from lantern.support.forms import ClosureDeclineForm, ClosureForm
from lantern.support.models import Case
from lantern.support.views._common import CASE_ROUTE, SUPERVISOR_ROUTE, _seen, _user


def _close_page(
    request: HttpRequest, case: Case, *, form: ClosureForm, decline_form: ClosureDeclineForm
) -> HttpResponse:
    _seen(request, case, "close")  # every page that shows the case is a recorded view
    context: dict[str, Any] = {
        "case": case,
        "form": form,
        "decline_form": decline_form,
        "may_approve": selectors.is_supervisor_for(_user(request), case),
    }
    return render(request, "support/close.html", context)


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
            services.closure_request(
                actor=user,
                case=case,
                reason=form.cleaned_data["reason"],
                other_reason=form.cleaned_data["other_reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Closure has been sent to your supervisor for approval")
            return redirect("support:case_detail", case_id=case.pk)
    return _close_page(request, case, form=form, decline_form=ClosureDeclineForm())


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


@route(SUPERVISOR_ROUTE)
@never_cache
@require_POST
def case_close_decline(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "approve", case)
    decline_form = ClosureDeclineForm(request.POST)
    if decline_form.is_valid():
        try:
            services.closure_decline(
                actor=user, case=case, reason=decline_form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                messages.error(request, " ".join(exc.messages))
                return redirect("support:case_detail", case_id=case.pk)
            decline_form.add_error(None, exc)
        else:
            messages.success(request, "The closure has been sent back to the caseworker")
            return redirect("support:case_detail", case_id=case.pk)
    return _close_page(request, case, form=ClosureForm(), decline_form=decline_form)
