"""Thin views for case records. Every case is fetched through the gateway (selectors.case_for),
which 404s for anyone who may not see it; every view of a case is audited; no page is cached
(never_cache: case pages must not linger in a shared computer's browser cache)."""

from __future__ import annotations

import json
from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lantern.accounts.models import Membership, User
from lantern.core.permissions import require, roles, route
from lantern.core.roles import Role
from lantern.support import conf, exports, selectors, services
from lantern.support.forms import (
    BreakGlassForm,
    CaseForm,
    ClosureForm,
    PlanForm,
    RestrictForm,
    ShareForm,
)
from lantern.support.models import Case, InformationShare
from lantern.support.rules import pc_coverage
from lantern.support.sections import CASE_PAGE_ORDER, SECTIONS, SectionSpec
from lantern.support.standard import SECTION_PCS, SECTION_TITLES

CASE_ROUTE = roles(Role.CASEWORKER, Role.SUPERVISOR)
SUPERVISOR_ROUTE = roles(Role.SUPERVISOR)
DPO_ROUTE = roles(Role.DPO)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _seen(request: HttpRequest, case: Case, what: str) -> None:
    services.case_access_record(actor=_user(request), case=case, what=what, ip=_ip(request))


def _conflict_rows(form: Any, current: Any) -> list[dict[str, str]]:
    """What is saved now beside what this person tried to save, for the fields that differ."""
    rows: list[dict[str, str]] = []
    if current is None:
        return rows
    for name, field in form.fields.items():
        if name == "version" or not hasattr(current, name):
            continue
        saved = getattr(current, name)
        mine = form.cleaned_data.get(name)
        if hasattr(saved, "pk"):
            saved = str(saved)
        if saved != mine and not (saved in (None, "", []) and mine in (None, "", [])):
            rows.append({"label": str(field.label), "saved": _plain(saved), "mine": _plain(mine)})
    return rows


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(empty)"
    return str(value)


def _rebase(form: Any, version: int) -> None:
    """Carry the person's input forward on top of the version saved now."""
    data = form.data.copy()
    data["version"] = str(version)
    form.data = data


# --- Case list and creation --------------------------------------------------------------------


@route(CASE_ROUTE)
@never_cache
def case_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.case_list(_user(request)), conf.case_list_page_size()).get_page(
        request.GET.get("page")
    )
    services.case_list_record(actor=_user(request), page=page.number, shown=len(page.object_list))
    return render(request, "support/case_list.html", {"page": page})


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    membership = (
        Membership.objects.filter(user=user, role__in=selectors.CASE_ROLES)
        .select_related("organisation", "team")
        .order_by("-team_id")
        .first()
    )
    if membership is None:
        raise Http404
    form = CaseForm(request.POST or None, initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                actor=user,
                organisation=membership.organisation,
                team=membership.team,
                **form.case_data(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Case {case.reference} has been opened")
            return redirect("support:case_detail", case_id=case.pk)
    return render(request, "support/case_form.html", {"form": form, "case": None})


# --- The case page ---------------------------------------------------------------------------


@route(CASE_ROUTE)
@never_cache
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case, facts = selectors.case_with_facts(user, case_id)
    coverage = pc_coverage(facts)
    done = set(coverage.done)
    sections = [
        {
            "key": key,
            "title": SECTION_TITLES[key],
            "pcs": SECTION_PCS[key],
            "done": bool(SECTION_PCS[key]) and all(pc in done for pc in SECTION_PCS[key]),
        }
        for key in CASE_PAGE_ORDER
    ]
    _seen(request, case, "case")
    return render(
        request,
        "support/case_detail.html",
        {
            "case": case,
            "coverage": coverage,
            "sections": sections,
            "plan": selectors.plan_for(case),
        },
    )


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "edit", case)
    form = CaseForm(request.POST or None, instance=case)
    conflict: list[dict[str, str]] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                actor=user,
                case=case,
                expected_version=form.cleaned_data["version"],
                **form.case_data(),
            )
        except services.EditConflict as exc:
            conflict = _conflict_rows(form, exc.current)
            _rebase(form, exc.current.version)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The case details have been saved")
            return redirect("support:case_detail", case_id=case.pk)
    else:
        _seen(request, case, "details")
    return render(
        request, "support/case_form.html", {"form": form, "case": case, "conflict": conflict}
    )


# --- Sections --------------------------------------------------------------------------------


def _spec(section: str) -> SectionSpec:
    spec = SECTIONS.get(section)
    if spec is None:
        raise Http404
    return spec


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_section(request: HttpRequest, case_id: UUID, section: str) -> HttpResponse:
    user = _user(request)
    spec = _spec(section)
    case = selectors.case_for(user, case_id)
    form = spec.form(request.POST or None, case=case, initial={"version": 1})
    if request.method == "POST":
        require(user, "edit", case)
        if form.is_valid():
            try:
                services.section_entry_create(
                    actor=user,
                    case=case,
                    model=spec.model,
                    section=spec.key,
                    data=form.section_data(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"{spec.title}: saved")
                return redirect("support:case_section", case_id=case.pk, section=spec.key)
    else:
        _seen(request, case, f"section:{spec.key}")
    return render(
        request,
        "support/section.html",
        {
            "case": case,
            "spec": spec,
            "form": form,
            "entries": selectors.section_entries(case, spec.model),
            "can_edit": not case.is_closed,
        },
    )


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_section_entry(
    request: HttpRequest, case_id: UUID, section: str, entry_id: UUID
) -> HttpResponse:
    user = _user(request)
    spec = _spec(section)
    case = selectors.case_for(user, case_id)
    entry = selectors.section_entry(case, spec.model, entry_id)
    if not spec.editable:
        raise Http404
    require(user, "edit", case)
    form = spec.form(request.POST or None, instance=entry, case=case)
    conflict: list[dict[str, str]] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.section_entry_update(
                actor=user,
                entry=selectors.section_entry(case, spec.model, entry_id),
                section=spec.key,
                data=form.section_data(),
                expected_version=form.cleaned_data["version"],
            )
        except services.EditConflict as exc:
            conflict = _conflict_rows(form, exc.current)
            _rebase(form, exc.current.version)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{spec.title}: saved")
            return redirect("support:case_section", case_id=case.pk, section=spec.key)
    else:
        _seen(request, case, f"entry:{spec.key}")
    return render(
        request,
        "support/entry_edit.html",
        {"case": case, "spec": spec, "form": form, "entry": entry, "conflict": conflict},
    )


# --- Plan (PC14) -----------------------------------------------------------------------------


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
                conflict = _conflict_rows(form, exc.current)
                _rebase(form, exc.current.version if exc.current else 0)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "The support and safety plan has been saved")
                return redirect("support:case_plan", case_id=case.pk)
    else:
        _seen(request, case, "plan")
    return render(
        request,
        "support/plan.html",
        {
            "case": case,
            "plan": plan,
            "form": form,
            "conflict": conflict,
            "goals": selectors.section_entries(case, SECTIONS["goals"].model),
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


# --- Sharing (PC16, PC18) --------------------------------------------------------------------


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
                services.information_share_create(
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
            except services.ShareRefused as exc:
                form.add_error(
                    "override_reason" if exc.decision.code == "no_reason" else None,
                    exc.decision.message,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "The share has been logged")
                return redirect("support:case_share", case_id=case.pk)
    else:
        _seen(request, case, "sharing")
    return render(
        request,
        "support/share.html",
        {
            "case": case,
            "form": form,
            "shares": selectors.section_entries(case, InformationShare),
            "has_partners": selectors.partners_of(case).exists(),
        },
    )


# --- Access: restriction, break-glass --------------------------------------------------------


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_access(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "restrict", case)
    people = User.objects.filter(
        memberships__organisation_id=case.organisation_id,
        memberships__role__in=selectors.CASE_ROLES,
    ).distinct()
    named = list(case.access_grants.values_list("user_id", flat=True))
    form = RestrictForm(
        request.POST or None,
        people=people,
        initial={"restricted": case.restricted, "named": named},
    )
    if request.method == "POST" and form.is_valid():
        services.case_restrict(
            actor=user,
            case=case,
            restricted=form.cleaned_data["restricted"],
            named_users=form.cleaned_data["named"],
        )
        messages.success(request, "Who can see this case has been updated")
        return redirect("support:case_detail", case_id=case.pk)
    return render(request, "support/access.html", {"case": case, "form": form})


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = selectors.case_in_organisations_of(user, form.cleaned_data["reference"])
        if case is None:
            form.add_error("reference", "There is no open case with that reference")
        elif selectors.cases_visible_to(user).filter(pk=case.pk).exists():
            return redirect("support:case_detail", case_id=case.pk)
        else:
            try:
                services.break_glass_open(actor=user, case=case, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    f"You have emergency access for {conf.break_glass_minutes()} minutes. "
                    "Your supervisor and the data protection officer have been told",
                )
                return redirect("support:case_detail", case_id=case.pk)
    return render(request, "support/break_glass.html", {"form": form})


# --- Closure ---------------------------------------------------------------------------------


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "edit", case)
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.closure_request(actor=user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Closure has been sent to your supervisor for approval")
            return redirect("support:case_detail", case_id=case.pk)
    return render(
        request,
        "support/close.html",
        {"case": case, "form": form, "may_approve": selectors.is_supervisor_for(user, case)},
    )


@route(SUPERVISOR_ROUTE)
@never_cache
@require_POST
def case_close_approve(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for(user, case_id)
    require(user, "approve", case)
    try:
        case = services.closure_approve(actor=user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"The case is closed. It will be anonymised after {case.retention_until:%d %B %Y}",
        )
    return redirect("support:case_detail", case_id=case.pk)


# --- Outputs ---------------------------------------------------------------------------------


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
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="support-plan-{case.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _json_download(document: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@route(CASE_ROUTE)
@never_cache
def case_export_htcds(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for(_user(request), case_id)
    document = exports.htcds_document(case)
    _seen(request, case, "export:htcds")
    return _json_download(document, f"htcds-{case.reference}.json")


# --- Data protection officer -----------------------------------------------------------------


@route(DPO_ROUTE)
@never_cache
def dpo_cases(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.cases_for_dpo(_user(request)), 100).get_page(request.GET.get("page"))
    return render(request, "support/dpo_cases.html", {"page": page})


@route(DPO_ROUTE)
@never_cache
def case_access_history(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for_dpo(user, case_id)
    require(user, "history", case)
    events = selectors.case_access_history(case)
    services.case_history_record(actor=user, case=case)
    return render(request, "support/access_history.html", {"case": case, "events": events})


@route(DPO_ROUTE)
@never_cache
def case_subject_access(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    dpo_case = selectors.case_for_dpo(user, case_id)
    require(user, "subject_access", dpo_case)
    case = Case.objects.get(
        pk=dpo_case.pk
    )  # full row: the DPO is answering a subject access request
    document = exports.subject_access_document(case)
    _seen(request, case, "export:subject_access")
    return _json_download(document, f"subject-access-{case.reference}.json")
