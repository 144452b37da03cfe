"""Downloads of a case: the plan as PDF, a share's referral document as PDF, the HTCDS
record, and the DPO's subject access document. Each is audited as an export and sent with
``Cache-Control: no-store``."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantern.core.permissions import require, route
from lantern.support import exports, selectors, services
from lantern.support.forms import TransferForm
from lantern.support.models.plan import ShareCategory
from lantern.support.sections import SECTIONS
from lantern.support.views._common import CASE_ROUTE, DPO_ROUTE, _ip, _seen, _share_refused, _user


def _download(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """An attachment that no browser or proxy may keep (no-store)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _json_download(document: dict[str, Any], filename: str) -> HttpResponse:
    return _download(
        json.dumps(document, indent=2, ensure_ascii=False, default=str),
        "application/json; charset=utf-8",
        filename,
    )


@route(CASE_ROUTE)
@never_cache
def case_plan_pdf(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for(_user(request), case_id)
    plan = selectors.plan_for(case)
    if plan is None:
        raise Http404
    from lantern.support.pdf import plan_pdf

    body = plan_pdf(
        case=case, plan=plan, goals=list(selectors.section_entries(case, SECTIONS["goals"].model))
    )
    _seen(request, case, "export:plan_pdf")
    return _download(body, "application/pdf", f"support-plan-{case.reference}.pdf")


@route(CASE_ROUTE)
@never_cache
def case_share_referral_pdf(request: HttpRequest, case_id: UUID, share_id: UUID) -> HttpResponse:
    """A share's document for the partner, as PDF: as the print page, and audited as an export.
    The filename holds the share's reference only (pseudonymous), never a name."""
    user = _user(request)
    case = selectors.case_for(user, case_id)
    share = selectors.share_on(case, share_id)
    require(user, "send", share)
    document = selectors.referral_document(case, share)
    from lantern.support.pdf import referral_pdf

    body = referral_pdf(document)
    services.referral_produced_record(
        actor=user, case=case, share=share, format="pdf", ip=_ip(request)
    )
    return _download(body, "application/pdf", f"referral-{document.reference}.pdf")


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_export_htcds(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """A lawful transfer: who it is for and on what basis, logged in the information-sharing
    log under the sharing section's consent rules (PC18) and audited, then the file. A GET
    only asks; nothing is exported without the POST."""
    user = _user(request)
    case = selectors.case_for(user, case_id)
    form = TransferForm(request.POST or None, case=case)
    if request.method == "POST":
        require(user, "edit", case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.htcds_transfer_record(
                    actor=user,
                    case=case,
                    partner=data["partner"],
                    purpose=data["purpose"],
                    basis=data["basis"],
                    override_reason=data["override_reason"],
                    actor_may_override=selectors.is_supervisor_for(user, case),
                    ip=_ip(request),
                )
            except (services.ShareRefused, ValidationError) as exc:
                _share_refused(form, exc)
            else:
                document = exports.htcds_document(case)
                return _json_download(document, f"htcds-{case.reference}.json")
    _seen(request, case, "transfer")  # every page that shows the case is a recorded view
    return render(
        request,
        "support/transfer.html",
        {
            "case": case,
            "form": form,
            "has_partners": selectors.partners_of(case).exists(),
            "categories": [ShareCategory(c).label for c in services.HTCDS_CATEGORIES],
        },
    )


@route(DPO_ROUTE)
@never_cache
def case_subject_access(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    dpo_case = selectors.case_for_dpo(user, case_id)
    require(user, "subject_access", dpo_case)
    case = selectors.case_whole(dpo_case)
    document = exports.subject_access_document(case)
    _seen(request, case, "export:subject_access")
    return _json_download(document, f"subject-access-{case.reference}.json")
