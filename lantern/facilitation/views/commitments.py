"""Commitments and follow-up actions."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.core.permissions import route
from lantern.facilitation import forms as f
from lantern.facilitation import selectors, services
from lantern.facilitation.services import FacilitationError
from lantern.facilitation.views._common import FACILITATION, _form_error, _user


@route(FACILITATION)
@require_http_methods(["GET", "POST"])
def commitment(request: HttpRequest, commitment_id: UUID) -> HttpResponse:
    item = selectors.commitment_for(_user(request), commitment_id)
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
    item = selectors.follow_up_for(_user(request), action_id)
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
