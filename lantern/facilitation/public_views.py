"""Public pages reached by unguessable links: booking, managing a booking, check-in, evaluation.

No sign-in: the token in the address is the key. Pages say as little as possible about other
people (nobody sees who else booked).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantern.core.permissions import PUBLIC, route
from lantern.facilitation import forms as f
from lantern.facilitation import selectors, services
from lantern.facilitation.kit import instrument
from lantern.facilitation.models import (
    AwarenessSession,
    Booking,
    BookingStatus,
    EvaluationPhase,
    EvaluationReceipt,
    SessionStatus,
)
from lantern.facilitation.services import FacilitationError

if TYPE_CHECKING:
    from lantern.learning.models import Certificate


def _error(form: f.forms.Form, error: FacilitationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@route(PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, token: str) -> HttpResponse:
    session = selectors.session_for_booking_page(token)
    if session is None:
        raise Http404
    form = f.BookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(session=session, **form.cleaned_data)
        except FacilitationError as error:
            _error(form, error)
        else:
            return redirect("facilitation_public:booking", token=booking.token)
    places_left = selectors.places_left(session)
    return render(
        request,
        "facilitation/public/book.html",
        {
            "session": session,
            "form": form,
            "places_left": places_left,
            "is_full": not places_left and not selectors.waitlist_places_left(session),
            "is_past": session.starts_at <= timezone.now(),
        },
    )


def _booking(token: str) -> Booking:
    return get_object_or_404(Booking.objects.select_related("session"), token=token)


@route(PUBLIC)
@never_cache
@require_http_methods(["GET"])
def booking(request: HttpRequest, token: str) -> HttpResponse:
    item = _booking(token)
    answered = set(EvaluationReceipt.objects.filter(booking=item).values_list("phase", flat=True))
    return render(
        request,
        "facilitation/public/booking.html",
        {
            "booking": item,
            "session": item.session,
            "answered": answered,
            "session_ended": item.session.has_ended(),
            "session_started": item.session.starts_at <= timezone.now(),
            "can_cancel": _can_cancel(item),
            "can_book_again": item.status == BookingStatus.CANCELLED and _bookable(item),
        },
    )


def _can_cancel(item: Booking) -> bool:
    return (
        item.status != BookingStatus.CANCELLED
        and item.session.status == SessionStatus.SCHEDULED
        and item.attended_at is None
        and item.session.ends_at > timezone.now()
    )


def _bookable(item: Booking) -> bool:
    """Whether the session still takes bookings (a place or a waiting-list place is free)."""
    session = selectors.session_for_booking_page(item.session.booking_token)
    return bool(
        session is not None
        and session.status == "scheduled"
        and session.starts_at > timezone.now()
        and (selectors.places_left(session) or selectors.waitlist_places_left(session))
    )


@route(PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Are you sure? Cancelling gives the place away, so it takes a second step."""
    item = _booking(token)
    if not _can_cancel(item):
        return redirect("facilitation_public:booking", token=item.token)
    if request.method == "POST":
        try:
            services.booking_cancel(booking=item)
        except FacilitationError as error:
            messages.error(request, str(error))
        # The booking page's heading says it is cancelled: no second message.
        return redirect("facilitation_public:booking", token=item.token)
    return render(
        request,
        "facilitation/public/booking_cancel.html",
        {"booking": item, "session": item.session},
    )


def _attended_certificate(token: str) -> tuple[Booking, Certificate]:
    """The booking behind a private link, and the certificate its attendance earned (404 if
    there is none, or the facilitator has since corrected the register)."""
    from lantern.learning.selectors import certificate_by_code

    item = _booking(token)
    completion = getattr(item, "completion", None)
    code = completion.certificate_code if completion is not None else ""
    certificate = certificate_by_code(code=code) if code else None
    if certificate is None:
        raise Http404
    return item, certificate


@route(PUBLIC)
@never_cache
@require_http_methods(["GET"])
def certificate_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The attendee's CPD certificate, reached only through their private booking link."""
    from lantern.learning.services import certificate_pdf_bytes

    _, certificate = _attended_certificate(token)
    response = HttpResponse(
        certificate_pdf_bytes(certificate=certificate), content_type="application/pdf"
    )
    name = f"lantern-certificate-{certificate.code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@route(PUBLIC)
@never_cache
@require_http_methods(["GET"])
def certificate_badge(request: HttpRequest, token: str) -> HttpResponse:
    """The attendee's certificate as an Open Badge (learning, ADR 11), through the same link."""
    from lantern.learning.services import BadgeUnavailable, certificate_badge_svg

    item, certificate = _attended_certificate(token)
    try:
        svg = certificate_badge_svg(certificate=certificate, email=item.email)
    except BadgeUnavailable as error:
        raise Http404 from error
    response = HttpResponse(svg, content_type="image/svg+xml")
    name = f"lantern-badge-{certificate.code}.svg"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _do_checkin(
    request: HttpRequest, session: AwarenessSession, form: f.CheckInForm
) -> HttpResponse | None:
    try:
        item = services.checkin_self(session=session, email=form.cleaned_data["email"])
    except FacilitationError as error:
        _error(form, error)
        return None
    # A confirmation that says nothing private: whoever knows the room's code and a colleague's
    # email address could check them in, but must not reach their booking page or certificate.
    # The private link is in the attendee's own email.
    return render(
        request,
        "facilitation/public/checked_in.html",
        {
            "first_name": item.full_name.split()[0] if item.full_name.split() else "",
            "session": session,
        },
    )


@route(PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The address in the QR code on the facilitator's check-in screen."""
    session = get_object_or_404(AwarenessSession, checkin_token=token)
    form = f.CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = _do_checkin(request, session, form)
        if done is not None:
            return done
    return render(
        request,
        "facilitation/public/checkin.html",
        {"session": session, "form": form, "is_open": session.checkin_open_at()},
    )


@route(PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def checkin_code(request: HttpRequest) -> HttpResponse:
    """Check in by typing the short code (for people without a camera)."""
    form = f.ShortCodeCheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = "".join(c for c in form.cleaned_data["code"].upper() if c.isalnum())
        session = AwarenessSession.objects.filter(checkin_code=code).first()
        if session is None:
            form.add_error(
                "code", "There is no session with this code. Check the code on the screen"
            )
        else:
            done = _do_checkin(request, session, form)
            if done is not None:
                return done
    return render(request, "facilitation/public/checkin.html", {"form": form, "session": None})


@route(PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, token: str, phase: str) -> HttpResponse:
    if phase not in EvaluationPhase.values:
        raise Http404
    item = _booking(token)
    closed = selectors.evaluation_closed_reason(item, phase)
    if closed is not None:
        return render(
            request,
            "facilitation/public/evaluate_closed.html",
            {"booking": item, "session": item.session, "phase": phase, "reason": closed},
        )
    inst = instrument()
    form = f.evaluation_form(
        inst, phase=phase, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_submit(
                booking=item,
                phase=phase,
                answers={q.id: data[f"k_{q.id}"] for q in inst.knowledge},
                confidence={cid: int(data[f"c_{cid}"]) for cid, _ in inst.confidence},
                reaction={rid: int(data[f"r_{rid}"]) for rid, _ in inst.reaction}
                if phase == EvaluationPhase.AFTER
                else None,
                comments=data.get("comments", ""),
            )
        except FacilitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Thank you. Your answers have been saved anonymously")
        return redirect("facilitation_public:booking", token=item.token)
    return render(
        request,
        "facilitation/public/evaluate.html",
        {"booking": item, "session": item.session, "form": form, "phase": phase},
    )
