"""The DPO's subject access review: the readable document with every passage, each of which
the DPO may leave out (with a reason) or put back; then the released document as a page to
print and as a PDF, which say in general terms what was left out. The JSON stays the
machine-readable copy (views/exports.py)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lantern.core.permissions import require, route
from lantern.support import selectors, services
from lantern.support.forms import WithholdForm
from lantern.support.models import Case
from lantern.support.views._common import DPO_ROUTE, _seen, _user
from lantern.support.views.exports import _download


def _case(request: HttpRequest, case_id: UUID) -> Case:
    user = _user(request)
    dpo_case = selectors.case_for_dpo(user, case_id)
    require(user, "subject_access", dpo_case)
    return selectors.case_whole(dpo_case)


@route(DPO_ROUTE)
@never_cache
def case_subject_access_review(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    document = selectors.subject_access_review(case)
    _seen(request, case, "subject_access_review")
    return render(
        request, "support/subject_access_review.html", {"case": case, "document": document}
    )


@route(DPO_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_subject_access_withhold(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    document = selectors.subject_access_review(case)
    item = request.GET.get("item", "")
    passage = next((i for s in document.sections for i in s.items if i.key == item), None)
    if passage is None:
        raise Http404
    form = WithholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_access_withhold(
                actor=_user(request), case=case, item=item, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"“{passage.heading}” will be left out")
            return redirect("support:case_subject_access_review", case_id=case.pk)
    _seen(request, case, "subject_access_review")
    return render(
        request,
        "support/subject_access_withhold.html",
        {"case": case, "passage": passage, "form": form},
    )


@route(DPO_ROUTE)
@require_POST
def case_subject_access_include(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    services.subject_access_include(
        actor=_user(request), case=case, item=request.POST.get("item", "")
    )
    messages.success(request, "The passage will be included")
    return redirect("support:case_subject_access_review", case_id=case.pk)


@route(DPO_ROUTE)
@never_cache
def case_subject_access_document(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    document = selectors.released(selectors.subject_access_review(case))
    _seen(request, case, "export:subject_access_document")
    return render(
        request, "support/subject_access_document.html", {"case": case, "document": document}
    )


@route(DPO_ROUTE)
@never_cache
def case_subject_access_pdf(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    document = selectors.released(selectors.subject_access_review(case))
    from lantern.support.pdf import subject_access_pdf

    body = subject_access_pdf(document)
    _seen(request, case, "export:subject_access_pdf")
    return _download(body, "application/pdf", f"subject-access-{case.reference}.pdf")
