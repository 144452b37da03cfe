"""Changing and cancelling a scheduled session (its facilitators or the programme's leads:
the object rule `session` `change` in permissions.py decides)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lantern.core.permissions import route
from lantern.facilitation import forms as f
from lantern.facilitation import selectors, services
from lantern.facilitation.models import AwarenessSession, SessionStatus
from lantern.facilitation.services import FacilitationError
from lantern.facilitation.views._common import FACILITATION, _form_error, _user


def _initial(item: AwarenessSession) -> dict[str, object]:
    start = timezone.localtime(item.starts_at)
    return {
        "title": item.title,
        "mode": item.mode,
        "venue": item.venue,
        "online_url": item.online_url,
        "date": start.date(),
        "start_time": start.time().replace(second=0, microsecond=0),
        "capacity": item.capacity,
        "waitlist_limit": item.waitlist_limit,
    }


def _people(count: int) -> str:
    return f"{count} person" if count == 1 else f"{count} people"


def _changed_message(change: services.SessionChange) -> str:
    if not change.changed:
        return "Nothing was changed"
    parts = ["The session details are changed"]
    if change.emailed:
        parts.append(f"We have emailed {_people(change.emailed)} booked or waiting")
    if change.promoted:
        parts.append(f"{_people(len(change.promoted))} from the waiting list got a place")
    return ". ".join(parts)


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def session_change(request: HttpRequest, session_id: UUID) -> HttpResponse:
    item = selectors.session_for(_user(request), session_id, "change")
    if item.status != SessionStatus.SCHEDULED or item.starts_at <= timezone.now():
        messages.error(request, "You can only change a session that has not started")
        return redirect("facilitation:session", session_id=item.pk)
    form = f.SessionChangeForm(
        request.POST if request.method == "POST" else None, initial=_initial(item)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = services.session_change(
                actor=_user(request),
                session=item,
                title=data["title"],
                mode=data["mode"],
                venue=data["venue"],
                online_url=data["online_url"],
                starts_at=data["starts_at"],
                capacity=data["capacity"],
                waitlist_limit=data["waitlist_limit"],
            )
        except FacilitationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _changed_message(change))
            return redirect("facilitation:session", session_id=item.pk)
    return render(request, "facilitation/session_change.html", {"session": item, "form": form})


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, session_id: UUID) -> HttpResponse:
    """Are you sure? Cancelling tells everyone booked, so it takes a second step."""
    item = selectors.session_for(_user(request), session_id, "change")
    if item.status != SessionStatus.SCHEDULED or item.has_ended():
        messages.error(request, "You can only cancel a session that has not ended")
        return redirect("facilitation:session", session_id=item.pk)
    form = f.SessionCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                actor=_user(request), session=item, reason=form.cleaned_data["reason"]
            )
        except FacilitationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, "The session is cancelled. We have emailed everyone booked or waiting"
            )
            return redirect("facilitation:session", session_id=item.pk)
    return render(request, "facilitation/session_cancel.html", {"session": item, "form": form})
