"""Consent-gated sharing (PC16, PC18): the sharing log, logging a share or referral, and the
document a share produces for the partner (a print page here; the PDF is in ``exports``)."""

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
from lantern.support.referral import SEND_BY_SECURE_ROUTE
from lantern.support.views._common import CASE_ROUTE, _ip, _seen, _share_refused, _user


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
                share = services.information_share_create(
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
                reference = selectors.referral_reference(case, share)
                messages.success(
                    request,
                    f"The share has been logged as {reference}. "
                    "Open its document in the sharing log to send it to the partner",
                )
                return redirect("support:case_share", case_id=case.pk)
    _seen(request, case, "sharing")  # every page that shows the case is a recorded view
    return render(
        request,
        "support/share.html",
        {
            "case": case,
            "form": form,
            "shares": selectors.sharing_log(case),
            "has_partners": selectors.partners_of(case).exists(),
        },
    )


@route(CASE_ROUTE)
@never_cache
def case_share_referral(request: HttpRequest, case_id: UUID, share_id: UUID) -> HttpResponse:
    """The document a share produces, as a page to print. Only for people who may see the case,
    and only while the share stands (the object rule); every opening is audited."""
    user = _user(request)
    case = selectors.case_for(user, case_id)
    share = selectors.share_on(case, share_id)
    require(user, "send", share)
    document = selectors.referral_document(case, share)
    services.referral_produced_record(
        actor=user, case=case, share=share, format="page", ip=_ip(request)
    )
    context = {
        "case": case,
        "share": share,
        "document": document,
        "secure_route": SEND_BY_SECURE_ROUTE,
    }
    return render(request, "support/referral.html", context)
