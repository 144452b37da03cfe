"""The support and safety plan (PC14): editing, sending for approval, approval."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lantern.core.permissions import require, route
from lantern.support import selectors, services
from lantern.support.forms import PlanForm
from lantern.support.rules import plan_submit_problems
from lantern.support.sections import SECTIONS
from lantern.support.views._common import (
    CASE_ROUTE,
    SUPERVISOR_ROUTE,
    _seen,
    _show_conflict,
    _user,
)


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_plan(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    plan = selectors.plan_for(case)
    initial: dict[str, Any] = {"version": plan.version if plan else 0}
    if plan is not None:
        initial.update(
            in_their_words=plan.in_their_words,
            safety_plan=plan.safety_plan,
            agreed_with_person=plan.agreed_with_person,
            agreed_on=plan.agreed_on,
        )
    form = PlanForm(request.POST or None, initial=initial)
    conflict: list[dict[str, str]] | None = None
    if request.method == "POST":
        require(user, "edit", case)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.plan_save(
                    actor=user,
                    case=case,
                    expected_version=form.cleaned_data["version"],
                    **data,
                )
            except services.EditConflict as exc:
                conflict = _show_conflict(form, exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "The support and safety plan has been saved")
                return redirect("support:case_plan", case_id=case.pk)
    goals = selectors.section_entries(case, SECTIONS["goals"].model)
    _seen(request, case, "plan")  # every page that shows the case is a recorded view
    return render(
        request,
        "support/plan.html",
        {
            "case": case,
            "plan": plan,
            "form": form,
            "conflict": conflict,
            "goals": goals,
            "submit_problems": plan_submit_problems(
                agreed_with_person=plan is not None and plan.agreed_with_person,
                has_goals=goals.exists(),
            ),
            "may_approve": plan is not None and selectors.is_supervisor_for(user, case),
        },
    )


@route(CASE_ROUTE)
@never_cache
@require_POST
def case_plan_submit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "edit", case)
    try:
        services.plan_submit(actor=user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The plan has been sent to your supervisor for approval")
    return redirect("support:case_plan", case_id=case.pk)


@route(SUPERVISOR_ROUTE)
@never_cache
@require_POST
def case_plan_approve(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "approve", case)
    try:
        version = int(request.POST.get("version", "0"))
        services.plan_approve(actor=user, case=case, expected_version=version)
    except services.EditConflict:
        messages.error(request, "The plan changed after you opened it. Read it again first")
    except (ValidationError, ValueError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else "Try again"
        messages.error(request, text)
    else:
        messages.success(request, "You have approved the support and safety plan")
    return redirect("support:case_plan", case_id=case.pk)
