"""The data protection officer's reads: references only, the whole case for subject access,
and the access history in plain English."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db.models import (
    QuerySet,
)
from django.http import Http404
from django.utils import timezone

from lantern.accounts.models import Membership, User
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.support import referral
from lantern.support.history_text import HistoryLine, describe
from lantern.support.models import (
    Case,
    InformationShare,
    Partner,
)

# --- Data protection officer -----------------------------------------------------------------


def cases_for_dpo(user: User) -> QuerySet[Case]:
    """References and status only, for DPOs of the case's organisation: no case content."""
    orgs = Membership.objects.filter(user_id=user.pk, role=Role.DPO).values("organisation_id")
    return (
        Case.objects.filter(organisation_id__in=orgs)
        .only("id", "reference", "status", "restricted", "retention_until", "anonymised_at")
        .order_by("reference")
    )


def case_for_dpo(user: User, case_id: UUID | str) -> Case:
    case = cases_for_dpo(user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def case_whole(case: Case) -> Case:
    """Every field of a case the caller has already been allowed to see (a subject access
    request answers with the full row, not the DPO list's columns)."""
    return Case.objects.get(pk=case.pk)


@dataclass(frozen=True)
class AccessEvent:
    seq: int
    occurred_at: Any
    action: str
    actor: str
    detail: dict[str, Any]
    line: HistoryLine


HISTORY_PAGE_SIZE = 100


def case_access_events(
    case: Case, *, since: date | None = None, until: date | None = None
) -> QuerySet[AuditEvent]:
    """The audit events about this case, newest first, from the start of ``since`` to the
    end of ``until`` (local dates, both optional). Unevaluated, so the caller pages it: a
    case read for years has tens of thousands of events."""
    events = AuditEvent.objects.filter(object_type="support.case", object_ref=str(case.pk))
    zone = timezone.get_current_timezone()
    if since is not None:
        events = events.filter(occurred_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until is not None:
        after = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        events = events.filter(occurred_at__lt=after)
    return events.order_by("-seq")


def case_access_history(
    case: Case, events: Iterable[AuditEvent] | None = None
) -> list[AccessEvent]:
    """Audit events about this case (one page of ``case_access_events``; every one when
    none are given), with the actor's name and what happened in plain English. The details
    hold ids only: partners, shares and people are resolved here, from the case's own rows
    (three queries besides the events themselves)."""
    events = list(case_access_events(case) if events is None else events)
    refs = {e.actor_ref for e in events if e.actor_ref}
    partner_ids: set[str] = set()
    for e in events:
        refs.update(str(p) for p in e.detail.get("named") or [])
        refs.update(str(p) for p in e.detail.get("alerted") or [])
        if e.detail.get("partner"):
            partner_ids.add(str(e.detail["partner"]))
    names = {str(u.pk): u.full_name for u in User.objects.filter(pk__in=refs)}
    partners = {
        str(pk): name
        for pk, name in Partner.objects.filter(case=case, pk__in=partner_ids).values_list(
            "pk", "name"
        )
    }
    # Every share on the case, oldest first: its partner, and its reference (the number in the
    # sharing log, which a partner quotes back from the document it was sent).
    shares = list(
        InformationShare.objects.filter(case=case)
        .order_by("created_at", "pk")
        .values_list("pk", "partner__name")
    )
    share_partners = {str(pk): name for pk, name in shares}
    share_refs = {
        str(pk): referral.share_reference(case.reference, n)
        for n, (pk, _) in enumerate(shares, start=1)
    }
    return [
        AccessEvent(
            e.seq,
            e.occurred_at,
            e.action,
            names.get(e.actor_ref, "System"),
            e.detail,
            describe(
                e.action,
                e.detail,
                partners=partners,
                share_partners=share_partners,
                people=names,
                share_refs=share_refs,
            ),
        )
        for e in events
    ]
