"""The facilitation home page: a person's programmes, reach and sessions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lantern.core.permissions import route
from lantern.facilitation import selectors
from lantern.facilitation.views._common import FACILITATION, LEADS, _user


@route(FACILITATION)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    records = list(selectors.facilitator_records(user))
    reaches = [selectors.facilitator_reach(r) for r in records if r.is_accredited]
    return render(
        request,
        "facilitation/home.html",
        {
            "records": records,
            "reaches": reaches,
            "sessions": list(selectors.sessions_for_user(user)[:20]),
            "programmes": list(selectors.programmes_led_by(user)),
            "is_lead": LEADS.allows(user),
            "can_schedule": any(r.is_accredited for r in records),
        },
    )
