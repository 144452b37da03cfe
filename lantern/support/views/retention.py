"""The DPO's retention page and the retention hold (place it with a reason, lift it), each
confirmed on its own page and audited by the service."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantern.core.permissions import require, route
from lantern.support import selectors, services
from lantern.support.forms import RetentionHoldForm
from lantern.support.views._common import DPO_ROUTE, _seen, _user


@route(DPO_ROUTE)
@never_cache
def dpo_retention(request: HttpRequest) -> HttpResponse:
    overview = selectors.retention_overview(_user(request))
    return render(request, "support/dpo_retention.html", {"overview": overview})


@route(DPO_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_retention_hold(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for_dpo(user, case_id)
    require(user, "retention", case)
    if case.anonymised_at is not None or case.retention_held_at is not None:
        return redirect("support:dpo_retention")
    form = RetentionHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_hold(actor=user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Case {case.reference} is on hold: it will not be anonymised"
            )
            return redirect("support:dpo_retention")
    _seen(request, case, "retention_hold")  # every page that shows the case is a recorded view
    return render(request, "support/retention_hold.html", {"case": case, "form": form})


@route(DPO_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_retention_lift(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for_dpo(user, case_id)
    require(user, "retention", case)
    if case.retention_held_at is None:
        return redirect("support:dpo_retention")
    if request.method == "POST":
        try:
            services.retention_hold_lift(actor=user, case=case)
        except ValidationError:
            pass  # lifted meanwhile by someone else: the page shows it as it is now
        else:
            messages.success(request, f"The hold on case {case.reference} has been lifted")
        return redirect("support:dpo_retention")
    _seen(request, case, "retention_lift")
    return render(
        request,
        "support/retention_lift.html",
        {"case": case, "today": timezone.localdate()},
    )
