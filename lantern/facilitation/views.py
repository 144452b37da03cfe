"""Thin views for facilitators and programme leads (signed in)."""

from __future__ import annotations

import csv
from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.core.links import qr_data_uri
from lantern.core.permissions import require, roles, route
from lantern.core.roles import Role
from lantern.facilitation import forms as f
from lantern.facilitation import kit as session_kit
from lantern.facilitation import selectors, services
from lantern.facilitation.models import (
    AwarenessSession,
    BookingStatus,
    Cohort,
    Commitment,
    Facilitator,
    FacilitatorStatus,
    FollowUpAction,
    Post,
    Programme,
    ResourceVersion,
    Thread,
)
from lantern.facilitation.services import FacilitationError

FACILITATION = roles(Role.FACILITATOR, Role.PROGRAMME_LEAD)
LEADS = roles(Role.PROGRAMME_LEAD)
FACILITATORS = roles(Role.FACILITATOR)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _form_error(form: Any, error: FacilitationError) -> None:
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, str(error))


# --- Home --------------------------------------------------------------------------------------


@route(FACILITATION)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    records = list(selectors.facilitator_records(user))
    reaches = [selectors.facilitator_reach(r) for r in records if r.is_accredited]
    return render(
        request,
        "facilitation/home.html",
        {
            "records": records,
            "reaches": reaches,
            "sessions": list(selectors.sessions_for_user(user)[:20]),
            "programmes": list(selectors.programmes_led_by(user)),
            "is_lead": LEADS.allows(user),
            "can_schedule": any(r.is_accredited for r in records),
        },
    )


# --- Programmes and cohorts (programme leads) --------------------------------------------------


def _programme(request: HttpRequest, programme_id: UUID, action: str) -> Programme:
    programme = get_object_or_404(Programme, pk=programme_id)
    require(request.user, action, programme)
    return programme


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


class _Echo:
    def write(self, value: str) -> str:
        return value


@route(LEADS)
@require_GET
def programme_export(request: HttpRequest, programme_id: UUID) -> StreamingHttpResponse:
    item = _programme(request, programme_id, "lead")
    audit_record(action="facilitation.reach_exported", actor=request.user, obj=item)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in selectors.reach_csv_rows(item)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(item.name)}-reach.csv"'
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
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=cohort_id)
    require(request.user, "manage", cohort)
    return cohort


@route(LEADS)
@require_http_methods(["GET", "POST"])
def cohort(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    item = _cohort(request, cohort_id)
    form = f.TraineeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(email=form.cleaned_data["email"].lower()).first()
        if person is None:
            form.add_error("email", "There is no Lantern account with this email address")
        else:
            try:
                services.trainee_add(actor=_user(request), cohort=item, user=person)
            except FacilitationError as error:
                _form_error(form, error)
            else:
                messages.success(request, f"{person.full_name} has been added to {item.name}")
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
    facilitator = get_object_or_404(
        Facilitator.objects.select_related("user", "organisation"), pk=facilitator_id
    )
    require(request.user, "accredit", facilitator)
    try:
        services.facilitator_accredit(actor=_user(request), facilitator=facilitator)
    except FacilitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{facilitator.user.full_name} is now an accredited facilitator")
    if facilitator.cohort_id:
        return redirect("facilitation:cohort", cohort_id=facilitator.cohort_id)
    return redirect("facilitation:programme", programme_id=facilitator.programme_id)


# --- Commitments and follow-up actions --------------------------------------------------------


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def commitment(request: HttpRequest, commitment_id: UUID) -> HttpResponse:
    item = get_object_or_404(
        Commitment.objects.select_related("facilitator__user", "facilitator__programme"),
        pk=commitment_id,
    )
    require(request.user, "edit", item)
    initial = {
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
        "sessions_min": item.sessions_min,
        "sessions_max": item.sessions_max,
        "staff_target": item.staff_target,
    }
    form = f.CommitmentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_update(actor=_user(request), commitment=item, **form.cleaned_data)
        except FacilitationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The commitment has been saved")
            return redirect("facilitation:commitment", commitment_id=item.pk)
    return render(
        request,
        "facilitation/commitment.html",
        {
            "commitment": item,
            "form": form,
            "actions": list(item.actions.all()),
            "reach": selectors.facilitator_reach(item.facilitator),
        },
    )


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, action_id: UUID) -> HttpResponse:
    item = get_object_or_404(
        FollowUpAction.objects.select_related("commitment__facilitator"), pk=action_id
    )
    require(request.user, "edit", item)
    initial = {
        "owner": item.owner,
        "due_on": item.due_on,
        "status": item.status,
        "evidence": item.evidence,
    }
    form = f.ActionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(actor=_user(request), action=item, **form.cleaned_data)
        except FacilitationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{item.get_kind_display()}: saved")
            return redirect("facilitation:commitment", commitment_id=item.commitment_id)
    return render(request, "facilitation/action.html", {"action": item, "form": form})


# --- Awareness sessions ------------------------------------------------------------------------


@route(FACILITATORS)
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mine = Facilitator.objects.filter(
        user=user, status=FacilitatorStatus.ACCREDITED
    ).select_related("programme", "organisation")
    if not mine.exists():
        return render(request, "facilitation/not_accredited.html", status=200)
    colleagues = (
        Facilitator.objects.filter(
            programme__in=mine.values("programme"), status=FacilitatorStatus.ACCREDITED
        )
        .exclude(user=user)
        .select_related("user", "organisation")
    )
    form = f.SessionForm(
        request.POST if request.method == "POST" else None,
        facilitators=mine,
        co_facilitators=colleagues,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                actor=user,
                facilitator=data["facilitator"],
                title=data["title"],
                scope=data["scope"],
                borough=data["borough"],
                mode=data["mode"],
                venue=data["venue"],
                online_url=data["online_url"],
                starts_at=data["starts_at"],
                capacity=data["capacity"],
                waitlist_limit=data["waitlist_limit"],
                co_facilitators=data["co_facilitators"],
            )
        except FacilitationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The session is scheduled. Share the booking link below")
            return redirect("facilitation:session", session_id=session.pk)
    return render(request, "facilitation/session_form.html", {"form": form})


def _session(request: HttpRequest, session_id: UUID) -> AwarenessSession:
    session = get_object_or_404(selectors.session_queryset(), pk=session_id)
    require(request.user, "manage", session)
    return session


@route(FACILITATION)
@require_GET
def session(request: HttpRequest, session_id: UUID) -> HttpResponse:
    item = _session(request, session_id)
    bookings = selectors.session_bookings(item)
    return render(
        request,
        "facilitation/session.html",
        {
            "session": item,
            "confirmed": [b for b in bookings if b.status == BookingStatus.CONFIRMED],
            "waitlisted": [b for b in bookings if b.status == BookingStatus.WAITLISTED],
            "booking_url": request.build_absolute_uri(
                reverse("facilitation_public:book", kwargs={"token": item.booking_token})
            ),
            "co_facilitators": list(item.co_facilitators.select_related("user")),
        },
    )


@route(FACILITATION)
@require_POST
def session_attendance(request: HttpRequest, session_id: UUID) -> HttpResponse:
    item = _session(request, session_id)
    try:
        marked, unmarked = services.attendance_mark(
            actor=_user(request), session=item, present_ids=request.POST.getlist("present")
        )
    except FacilitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Attendance saved: {marked} marked present, {unmarked} removed")
    return redirect("facilitation:session", session_id=item.pk)


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def session_checkin(request: HttpRequest, session_id: UUID) -> HttpResponse:
    item = _session(request, session_id)
    form = f.CheckInOpenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.POST.get("close"):
            services.checkin_close(actor=_user(request), session=item)
            messages.success(request, "Check-in is closed")
            return redirect("facilitation:session_checkin", session_id=item.pk)
        if form.is_valid():
            try:
                services.checkin_open(
                    actor=_user(request), session=item, minutes=form.cleaned_data["minutes"]
                )
            except FacilitationError as error:
                _form_error(form, error)
            else:
                messages.success(request, "Check-in is open")
                return redirect("facilitation:session_checkin", session_id=item.pk)
    checkin_url = request.build_absolute_uri(
        reverse("facilitation_public:checkin", kwargs={"token": item.checkin_token})
    )
    return render(
        request,
        "facilitation/session_checkin.html",
        {
            "session": item,
            "form": form,
            "is_open": item.checkin_open_at(),
            "checkin_url": checkin_url,
            "code_url": request.build_absolute_uri(reverse("facilitation_public:checkin_code")),
            "qr": qr_data_uri(checkin_url, scale=6),
        },
    )


@route(FACILITATION)
@require_GET
def session_results(request: HttpRequest, session_id: UUID) -> HttpResponse:
    item = _session(request, session_id)
    return render(
        request,
        "facilitation/session_results.html",
        {"session": item, "summary": selectors.session_evaluation(item), "minimum": 5},
    )


# --- Session kit and library -------------------------------------------------------------------


@route(FACILITATION)
@require_GET
def kit(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "facilitation/kit.html",
        {"kit": session_kit.kit(), "programmes": selectors.programmes_for_member(_user(request))},
    )


def _pdf(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@route(FACILITATION)
@require_GET
def kit_session_plan(request: HttpRequest) -> HttpResponse:
    return _pdf(session_kit.session_plan_pdf(), "awareness-session-plan.pdf")


@route(FACILITATION)
@require_GET
def kit_handbook(request: HttpRequest) -> HttpResponse:
    return _pdf(session_kit.handbook_pdf(), "facilitator-handbook.pdf")


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def library(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    item = _programme(request, programme_id, "view")
    is_lead = selectors_is_lead(request, item)
    form = (
        f.ResourceForm(request.POST if request.method == "POST" else None, request.FILES or None)
        if is_lead
        else None
    )
    if request.method == "POST":
        require(request.user, "lead", item)
        assert form is not None
        if form.is_valid():
            version = services.resource_upload(
                actor=_user(request),
                programme=item,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                notes=form.cleaned_data["notes"],
            )
            messages.success(request, f"{version.document.title} version {version.number} uploaded")
            return redirect("facilitation:library", programme_id=item.pk)
    return render(
        request,
        "facilitation/library.html",
        {"programme": item, "rows": selectors.library(item), "form": form, "is_lead": is_lead},
    )


def selectors_is_lead(request: HttpRequest, programme: Programme) -> bool:
    from lantern.core.permissions import can

    return can(request.user, "lead", programme)


@route(FACILITATION)
@require_GET
def resource_download(request: HttpRequest, version_id: UUID) -> HttpResponse:
    version = get_object_or_404(ResourceVersion.objects.select_related("document"), pk=version_id)
    require(request.user, "download", version)
    services.resource_download_record(user=_user(request), version=version)
    response = HttpResponse(version.file.open("rb").read(), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{version.original_name}"'
    return response


# --- Support space -----------------------------------------------------------------------------


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def support(request: HttpRequest, programme_id: UUID) -> HttpResponse:
    item = _programme(request, programme_id, "view")
    is_lead = selectors_is_lead(request, item)
    announcement_form = f.AnnouncementForm(prefix="a") if is_lead else None
    thread_form = f.ThreadForm(prefix="t")
    if request.method == "POST" and request.POST.get("kind") == "announcement":
        require(request.user, "lead", item)
        announcement_form = f.AnnouncementForm(request.POST, prefix="a")
        if announcement_form.is_valid():
            services.announcement_create(
                actor=_user(request), programme=item, **announcement_form.cleaned_data
            )
            messages.success(request, "Your announcement is posted")
            return redirect("facilitation:support", programme_id=item.pk)
    elif request.method == "POST":
        thread_form = f.ThreadForm(request.POST, prefix="t")
        if thread_form.is_valid():
            thread = services.thread_create(
                actor=_user(request), programme=item, **thread_form.cleaned_data
            )
            return redirect("facilitation:thread", thread_id=thread.pk)
    return render(
        request,
        "facilitation/support.html",
        {
            "programme": item,
            "announcements": list(selectors.announcements(item)),
            "threads": list(selectors.threads(item)),
            "announcement_form": announcement_form,
            "thread_form": thread_form,
        },
    )


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, thread_id: UUID) -> HttpResponse:
    item = get_object_or_404(Thread.objects.select_related("programme"), pk=thread_id)
    require(request.user, "view", item)
    form = f.PostForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        require(request.user, "reply", item)
        services.post_create(actor=_user(request), thread=item, body=form.cleaned_data["body"])
        messages.success(request, "Your reply is posted")
        return redirect("facilitation:thread", thread_id=item.pk)
    return render(
        request,
        "facilitation/thread.html",
        {
            "thread": item,
            "posts": list(selectors.thread_posts(item)),
            "form": form,
            "can_moderate": selectors_is_lead(request, item.programme),
            "hide_form": f.HideForm(),
        },
    )


@route(LEADS)
@require_POST
def post_moderate(request: HttpRequest, post_id: UUID) -> HttpResponse:
    item = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    require(request.user, "moderate", item)
    if request.POST.get("restore"):
        services.post_restore(actor=_user(request), post=item)
        messages.success(request, "The post is visible again")
    else:
        form = f.HideForm(request.POST)
        if form.is_valid():
            services.post_hide(actor=_user(request), post=item, reason=form.cleaned_data["reason"])
            messages.success(request, "The post is hidden")
        else:
            messages.error(request, "Enter why you are hiding this post")
    return redirect("facilitation:thread", thread_id=item.thread_id)
