"""The audit log (DPO and platform admin)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.accounts import selectors
from lantern.accounts.views._common import _actor
from lantern.core.audit import AREA_LABELS, action_label, audit_record, audit_verify
from lantern.core.permissions import roles, route
from lantern.core.roles import Role

# --- Audit log (DPO) ---


@route(roles(Role.DPO, Role.PLATFORM_ADMIN))
def audit_log(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    try:
        before = int(request.GET["before"]) if "before" in request.GET else None
    except ValueError:
        before = None
    area = request.GET.get("area", "")
    if area not in AREA_LABELS:
        area = ""
    events = selectors.audit_events_visible_to(user, before_seq=before, limit=50, area=area)
    names = selectors.people_named({e.actor_ref for e in events if e.actor_ref})
    rows = [
        {"event": e, "label": action_label(e.action), "by": names.get(e.actor_ref, "")}
        for e in events
    ]
    report = audit_verify()
    audit_record(action="audit.viewed", actor=user, obj=user)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "rows": rows,
            "report": report,
            "area": area,
            "areas": sorted(set(AREA_LABELS.items()), key=lambda item: item[1]),
            "next_before": events[-1].seq if events else None,
        },
    )
