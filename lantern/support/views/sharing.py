"""Consent-gated sharing (PC16, PC18): the sharing log and logging a share or referral."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantern.core.permissions import require, route
from lantern.support import selectors, services
from lantern.support.forms import ShareForm
from lantern.support.models import InformationShare
from lantern.support.views._common import CASE_ROUTE, _seen, _share_refused, _user


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_share(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    form = ShareForm(request.POST or None, case=case)
    if request.method == "POST":
        require(user, "edit", case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.information_share_create(
                    actor=user,
                    case=case,
                    partner=data["partner"],
                    kind=data["kind"],
                    what_shared=data["what_shared"],
                    purpose=data["purpose"],
                    basis=data["basis"],
                    override_reason=data["override_reason"],
                    actor_may_override=selectors.is_supervisor_for(user, case),
                )
            except (services.ShareRefused, ValidationError) as exc:
                _share_refused(form, exc)
            else:
                messages.success(request, "The share has been logged")
                return redirect("support:case_share", case_id=case.pk)
    _seen(request, case, "sharing")  # every page that shows the case is a recorded view
    return render(
        request,
        "support/share.html",
        {
            "case": case,
            "form": form,
            "shares": selectors.section_entries(case, InformationShare),
            "has_partners": selectors.partners_of(case).exists(),
        },
    )
