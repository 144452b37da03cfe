"""The learning report for organisation admins and programme leads (``/learning/report/``) and
its CSV: by organisation, team or pathway, over all time or for the people who started in one
quarter."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.core.downloads import csv_download
from lantern.core.permissions import roles, route
from lantern.core.roles import Role
from lantern.learning import rules, selectors
from lantern.learning.forms import ReportPeriodForm

REPORTERS = roles(Role.ORG_ADMIN, Role.PROGRAMME_LEAD, Role.PLATFORM_ADMIN)


def _asked(request: HttpRequest) -> tuple[str, ReportPeriodForm]:
    group_by = request.GET.get("by", "organisation")
    if group_by not in selectors.GROUPS:
        group_by = "organisation"
    form = ReportPeriodForm(request.GET, today=timezone.localdate())
    return group_by, form


def _period(form: ReportPeriodForm) -> selectors.Period | None:
    quarter = form.chosen()
    if quarter is None:
        return None
    offered = tuple((q.start, q.end) for q in form.quarters)
    return selectors.Period(start=quarter.start, end=quarter.end, offered=offered)


def _page(
    request: HttpRequest, group_by: str, form: ReportPeriodForm, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "group_by": group_by,
        "groups": selectors.GROUPS,
        "minimum": rules.SMALL_NUMBER,
    }
    if form.is_valid():
        quarter = form.chosen()
        rows = selectors.cohort_report(
            user=cast(User, request.user), group_by=group_by, period=_period(form)
        )
        context.update(
            tables=selectors.report_tables(rows),
            quarter=quarter,
            period_key=quarter.key if quarter else "",
        )
    return render(request, "learning/report.html", context, status=status)


@route(REPORTERS)
def report(request: HttpRequest) -> HttpResponse:
    group_by, form = _asked(request)
    return _page(request, group_by, form, status=200 if form.is_valid() else 400)


@route(REPORTERS)
def report_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    group_by, form = _asked(request)
    if not form.is_valid():
        # the page, with the error, rather than a file for a period nobody asked for
        return _page(request, group_by, form, status=400)
    quarter = form.chosen()
    rows = selectors.cohort_report(
        user=cast(User, request.user), group_by=group_by, period=_period(form)
    )
    header = [label for _, label in selectors.REPORT_COLUMNS]
    # numbers stay numbers (a negative gain too); text such as a group's name is made safe
    lines = [header, *([row[key] for key, _ in selectors.REPORT_COLUMNS] for row in rows)]
    audit_record(
        action="learning.report_exported",
        actor=request.user,
        detail={"by": group_by, "period": quarter.key if quarter else "all"},
    )
    name = f"lantern-learning-{group_by}" + (f"-{quarter.key}" if quarter else "") + ".csv"
    return csv_download(lines, filename=name)
