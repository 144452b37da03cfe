"""Awareness sessions: scheduling, bookings, attendance, check-in and results."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.core.links import qr_data_uri
from lantern.core.permissions import can, route
from lantern.facilitation import forms as f
from lantern.facilitation import selectors, services
from lantern.facilitation.models import (
    AwarenessSession,
    BookingStatus,
    SessionStatus,
)
from lantern.facilitation.services import FacilitationError
from lantern.facilitation.views._common import FACILITATION, FACILITATORS, _form_error, _user


@route(FACILITATORS)
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mine = selectors.accredited_records(user)
    if not mine.exists():
        return render(request, "facilitation/not_accredited.html", status=200)
    colleagues = selectors.co_facilitators(user)
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
                co_facilitators=data.get("co_facilitators", ()),
            )
        except FacilitationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The session is scheduled. Share the booking link below")
            return redirect("facilitation:session", session_id=session.pk)
    return render(request, "facilitation/session_form.html", {"form": form})


def _session(request: HttpRequest, session_id: UUID) -> AwarenessSession:
    return selectors.session_for(_user(request), session_id)


@route(FACILITATION)
@require_GET
def session(request: HttpRequest, session_id: UUID) -> HttpResponse:
    item = _session(request, session_id)
    bookings = selectors.session_bookings(item)
    history = selectors.session_history(item)
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
            "history": history,
            "cancelled_by": next((line.who for line in history if line.cancelled), ""),
            "can_change": item.status == SessionStatus.SCHEDULED
            and can(request.user, "change", item),
            "not_started": item.starts_at > timezone.now(),
            "not_ended": not item.has_ended(),
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
