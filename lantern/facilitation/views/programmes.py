"""Programmes and cohorts (programme leads): dashboard, export, trainees, accreditation."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.core import quarters
from lantern.core.audit import audit_record
from lantern.core.downloads import csv_download
from lantern.core.permissions import SIGNED_IN, route
from lantern.facilitation import forms as f
from lantern.facilitation import kit as session_kit
from lantern.facilitation import selectors, services
from lantern.facilitation.invitations import invitation_from
from lantern.facilitation.models import Cohort, Programme
from lantern.facilitation.services import FacilitationError
from lantern.facilitation.views._common import LEADS, _form_error, _programme, _user


@route(LEADS)
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    form = f.ProgrammeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=_user(request), **form.cleaned_data)
        except FacilitationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{programme.name} has been created")
            return redirect("facilitation:programme", programme_id=programme.pk)
    return render(request, "facilitation/programme_form.html", {"form": form})


@route(LEADS)
@require_GET
def programme(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    item = _programme(request, programme_id, "lead")
    return render(
        request,
        "facilitation/programme.html",
        {"dashboard": selectors.programme_dashboard(item), "programme": item},
    )


@route(LEADS)
@require_GET
def programme_export(request: HttpRequest, programme_id: UUID) -> StreamingHttpResponse:
    item = _programme(request, programme_id, "lead")
    audit_record(action="facilitation.reach_exported", actor=request.user, obj=item)
    return csv_download(selectors.reach_csv_rows(item), filename=f"{slugify(item.name)}-reach.csv")


def _sab_quarter(request: HttpRequest, programme: Programme) -> tuple[quarters.Quarter, str | None]:
    """The quarter asked for (with nothing asked, the newest with a delivered session), and
    what is wrong with the request, if anything (``selectors.sab.sab_quarter``)."""
    return selectors.sab.sab_quarter(programme, request.GET.get("quarter"), timezone.localdate())


@route(LEADS)
@require_GET
def programme_sab_report(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    """The quarterly report for the Safeguarding Adults Board, on screen. A quarter that is
    not one of those offered shows the error and the list, not another quarter's report."""
    item = _programme(request, programme_id, "lead")
    quarter, error = _sab_quarter(request, item)
    return render(
        request,
        "facilitation/sab_report.html",
        {
            "programme": item,
            "quarter": quarter,
            "report": None if error else selectors.sab_report(item, quarter),
            "quarter_error": error,
            "page_has_errors": bool(error),
            # Newest first: the current quarter (so far), then the complete ones before it.
            "quarters": sorted(
                quarters.recent_quarters(timezone.localdate()),
                key=lambda q: q.start,
                reverse=True,
            ),
            "current": quarters.quarter_of(timezone.localdate()),
        },
    )


@route(LEADS)
@require_GET
def programme_sab_report_pdf(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    from lantern.facilitation.sab_pdf import sab_report_pdf

    item = _programme(request, programme_id, "lead")
    quarter, error = _sab_quarter(request, item)
    if error:
        # The page says what is wrong and lists the quarters to choose from.
        return redirect(
            reverse("facilitation:programme_sab_report", kwargs={"programme_id": item.pk})
            + "?"
            + urlencode({"quarter": request.GET.get("quarter", "")})
        )
    body = sab_report_pdf(selectors.sab_report(item, quarter), made_on=timezone.localdate())
    audit_record(
        action="facilitation.sab_report_downloaded",
        actor=request.user,
        obj=item,
        detail={"quarter": quarter.key},
    )
    response = HttpResponse(body, content_type="application/pdf")
    name = f"{slugify(item.name)}-sab-report-{quarter.key}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@route(LEADS)
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    item = _programme(request, programme_id, "lead")
    form = f.CohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(
                actor=_user(request), programme=item, **form.cleaned_data
            )
        except FacilitationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{cohort.name} has been created")
            return redirect("facilitation:cohort", cohort_id=cohort.pk)
    return render(request, "facilitation/cohort_form.html", {"form": form, "programme": item})


def _cohort(request: HttpRequest, cohort_id: UUID) -> Cohort:
    return selectors.cohort_for(_user(request), cohort_id)


@route(LEADS)
@require_http_methods(["GET", "POST"])
def cohort(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    """The cohort's trainees and attendance, and the form to invite a trainee. The lead is told
    the same whether or not the address has a Lantern account: a lead signs in without a
    second factor, and the form must not show who has an account. The person joins when they
    accept the invitation, signed in as themselves (``cohort_join``)."""
    item = _cohort(request, cohort_id)
    form = f.TraineeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        services.trainee_invite(actor=_user(request), cohort=item, email=email)
        messages.success(
            request,
            f"We have emailed an invitation to {email}. They join {item.name} when they "
            "accept it, signed in to Lantern. If they have no account yet, the email tells "
            "them how to get one",
        )
        return redirect("facilitation:cohort", cohort_id=item.pk)
    sessions = range(1, session_kit.kit().cohort_sessions + 1)
    return render(
        request,
        "facilitation/cohort.html",
        {
            "cohort": item,
            "trainees": selectors.cohort_trainees(item),
            "sessions": sessions,
            "form": form,
        },
    )


INVITATION_NOT_RIGHT = (
    "This invitation link is not right or has run out. Ask the programme lead to invite you again"
)
INVITATION_FOR_ANOTHER = (
    "This invitation was sent to another email address. Sign in with the address it was sent "
    "to, or ask the programme lead to invite the address you sign in with"
)


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def cohort_join(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation to a cohort: GET asks, POST joins. Only the person the invitation
    was sent to can accept it, signed in with that address."""
    user = _user(request)
    invitation = invitation_from(token)
    item = selectors.cohort_invited_to(invitation.cohort_id) if invitation else None
    if invitation is None or item is None:
        context = {"problem": INVITATION_NOT_RIGHT}
        return render(request, "facilitation/cohort_join.html", context, status=404)
    if not invitation.is_for(user.email):
        context = {"problem": INVITATION_FOR_ANOTHER}
        return render(request, "facilitation/cohort_join.html", context, status=403)
    problem = ""
    if request.method == "POST":
        try:
            services.trainee_add(actor=user, cohort=item, user=user)
        except FacilitationError as error:
            problem = str(error).replace("This person does not", "You do not")
        else:
            messages.success(request, f"You have joined {item.name} of {item.programme.name}")
            return redirect("accounts:home")
    return render(request, "facilitation/cohort_join.html", {"cohort": item, "problem": problem})


@route(LEADS)
@require_POST
def cohort_attendance(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    item = _cohort(request, cohort_id)
    present: dict[str, list[int]] = {}
    for key in request.POST:
        if key.startswith("present-"):
            present[key.removeprefix("present-")] = [
                int(n) for n in request.POST.getlist(key) if n.isdigit()
            ]
    try:
        changed = services.cohort_attendance_set(actor=_user(request), cohort=item, present=present)
    except FacilitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Training attendance saved ({changed} changes)")
    return redirect("facilitation:cohort", cohort_id=item.pk)


@route(LEADS)
@require_POST
def facilitator_accredit(request: HttpRequest, facilitator_id: UUID) -> HttpResponse:
    facilitator = selectors.facilitator_for(_user(request), facilitator_id, "accredit")
    try:
        services.facilitator_accredit(actor=_user(request), facilitator=facilitator)
    except FacilitationError as error:
        messages.error(request, str(error))
    except ValidationError as error:  # e.g. a lead accrediting themselves: nobody gives
        messages.error(request, " ".join(error.messages))  # themselves a role
    else:
        messages.success(request, f"{facilitator.user.full_name} is now an accredited facilitator")
    if facilitator.cohort_id:
        return redirect("facilitation:cohort", cohort_id=facilitator.cohort_id)
    return redirect("facilitation:programme", programme_id=facilitator.programme_id)
