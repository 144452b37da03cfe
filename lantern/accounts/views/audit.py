"""The audit log (DPO and platform admin): a page at a time, filtered, and as a CSV file.

The filters are kept in the session, not the URL: a person's name or email address does not
belong in browser histories and server logs. The form is sent by POST; the page and the
download read the filters from the session. Only the page's place (``?before=``) is in the
URL.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lantern.accounts import audit_selectors as audit
from lantern.accounts.audit_forms import FILTER_KEYS, AuditFilterForm
from lantern.accounts.models import User
from lantern.accounts.views._common import _actor
from lantern.core.audit import audit_record_for
from lantern.core.downloads import csv_download
from lantern.core.permissions import roles, route
from lantern.core.roles import Role

AUDIT_READERS = roles(Role.DPO, Role.PLATFORM_ADMIN)
FILTERS_KEY = "audit-log-filters"
TOO_MANY_PEOPLE = (
    "Too many people have a name like this. Enter more of their name, or their whole email address"
)


def _filter_data(data: Any) -> dict[str, str]:
    """The filter form's own values (``since_day`` and so on), without empty ones."""
    return {
        key: str(value)
        for key, value in data.items()
        if key.startswith(FILTER_KEYS) and str(value).strip()
    }


def _searched(user: User, form: AuditFilterForm) -> audit.AuditSearch | None:
    """The search a form asks for; None, with the problem on the form, when it cannot run."""
    if form.is_bound and not form.is_valid():
        return None
    try:
        return audit.audit_search(user, form.filters())
    except audit.TooManyPeople:
        form.add_error("person", TOO_MANY_PEOPLE)
        return None


def _kept_form(request: HttpRequest) -> AuditFilterForm:
    kept = request.session.get(FILTERS_KEY) or {}
    return AuditFilterForm(kept if kept else None)


def _before(request: HttpRequest) -> int | None:
    try:
        return int(request.GET["before"])
    except (KeyError, ValueError):
        return None


@route(AUDIT_READERS)
@require_http_methods(["GET", "POST"])
def audit_log(request: HttpRequest) -> HttpResponse:
    """Newest first, 50 at a time. The chain's state comes from the last daily check, so a
    page reads a few rows whatever the length of the chain."""
    user = _actor(request)
    if request.method == "POST":
        if "clear" in request.POST:
            request.session.pop(FILTERS_KEY, None)
            return redirect("accounts:audit_log")
        data = _filter_data(request.POST)
        form = AuditFilterForm(data if data else None)
        search = _searched(user, form)
        if search is not None:
            request.session[FILTERS_KEY] = data
            return redirect("accounts:audit_log")
        before = None  # the problem is shown, and no events
    else:
        form = _kept_form(request)
        search = _searched(user, form)
        before = _before(request)
    page = audit.audit_page(search, before=before) if search is not None else None
    scope = search.scope if search is not None else audit.audit_scope_of(user)
    detail = search.detail() if search is not None else {}
    if before is not None:
        detail["before"] = before
    audit_record_for(
        audit.audit_reader_organisation_refs(user),
        action="audit.viewed",
        actor=user,
        obj=user,
        ip=request.META.get("REMOTE_ADDR"),
        detail=detail,
    )
    return render(
        request,
        "accounts/audit_log.html",
        {
            "form": form,
            "filtered": form.is_bound,
            "search": search,
            "page": page,
            "before": before,
            "status": audit.audit_chain_status(scope),
            "show_organisation": scope.everything or len(scope.organisation_refs) > 1,
            "page_has_errors": bool(form.errors),
        },
    )


@route(AUDIT_READERS)
def audit_log_csv(request: HttpRequest) -> HttpResponseBase:
    """Every event the kept filters find, newest first, as a CSV file. Downloading is itself
    an event in the log, with the filters used."""
    user = _actor(request)
    search = _searched(user, _kept_form(request))
    if search is None:  # filters that no longer work: the page says why
        return redirect("accounts:audit_log")
    audit_record_for(
        audit.audit_reader_organisation_refs(user),
        action="audit.exported",
        actor=user,
        obj=user,
        ip=request.META.get("REMOTE_ADDR"),
        detail=search.detail(),
    )
    return csv_download(
        audit.audit_csv_rows(search),
        filename=f"lantern-audit-log-{timezone.localdate():%Y-%m-%d}.csv",
    )
