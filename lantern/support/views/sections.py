"""The sections of a case record: adding an entry, editing one."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantern.core.permissions import require, route
from lantern.support import selectors, services
from lantern.support.models import Case
from lantern.support.sections import SECTIONS, SectionSpec
from lantern.support.views._common import CASE_ROUTE, _seen, _show_conflict, _user


def _spec(section: str) -> SectionSpec:
    spec = SECTIONS.get(section)
    if spec is None:
        raise Http404
    return spec


def _saved(request: HttpRequest, case: Case, spec: SectionSpec) -> HttpResponse:
    """After adding or editing an entry: back to the section, with the same confirmation."""
    messages.success(request, f"{spec.title}: saved")
    return redirect("support:case_section", case_id=case.pk, section=spec.key)


@route(CASE_ROUTE)
@never_cache
@require_http_methods(["GET", "POST"])
def case_section(request: HttpRequest, case_id: UUID, section: str) -> HttpResponse:
    user = _user(request)
    spec = _spec(section)
    case = selectors.case_for(user, case_id)
    prefill = spec.form.prefill(request.GET) if request.method == "GET" else {}
    form = spec.form(request.POST or None, case=case, initial={"version": 1, **prefill})
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
                return _saved(request, case, spec)
    _seen(request, case, f"section:{spec.key}")  # every page that shows the case is a recorded view
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
            conflict = _show_conflict(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _saved(request, case, spec)
    # Shown again after a failed save too: it still shows the case, so it is a recorded view.
    _seen(request, case, f"entry:{spec.key}")
    return render(
        request,
        "support/entry_edit.html",
        {"case": case, "spec": spec, "form": form, "entry": entry, "conflict": conflict},
    )
