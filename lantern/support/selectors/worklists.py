"""What is waiting for a supervisor and what has come back to a caseworker, read through the
gateway in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
)
from django.utils import timezone

from lantern.accounts.models import Membership, User
from lantern.core.roles import Role
from lantern.support.models import (
    CaseStatus,
    PlanStatus,
    Review,
    SupportPlan,
)
from lantern.support.models.case import CLOSED_STATUSES
from lantern.support.selectors.cases import (
    _visible,
    case_memberships,
    cases_visible_to,
)


@dataclass(frozen=True)
class WaitingCase:
    id: Any
    reference: str
    note: str = ""  # who else is involved, when it is not only this person's case


@dataclass(frozen=True)
class WaitingForYou:
    """What needs a supervisor: plans and closures to decide on, reviews past their date."""

    plans: list[WaitingCase]
    closures: list[WaitingCase]
    overdue_reviews: list[WaitingCase]

    @property
    def total(self) -> int:
        return len(self.plans) + len(self.closures) + len(self.overdue_reviews)


WAITING_LIMIT = 200  # more than any team has waiting; keeps the panel's one query bounded


def _supervised(memberships: list[Membership]) -> Q:
    """Cases a supervisor supervises: as is_supervisor_for, for a whole queryset."""
    q = Q(pk__in=[])
    for m in memberships:
        if m.role != Role.SUPERVISOR:
            continue
        if m.team_id is None:
            q |= Q(organisation_id=m.organisation_id)
        else:
            q |= Q(organisation_id=m.organisation_id) & (
                Q(team_id=m.team_id) | Q(team__isnull=True)
            )
    return q


def waiting_for(user: User) -> WaitingForYou:
    """The supervisor's "Waiting for you" list, from the cases they can open (the gateway) and
    supervise: plans sent for approval and closures asked for by someone else (nobody decides
    on their own), and open cases with a review past its due date. Four queries."""
    empty = WaitingForYou([], [], [])
    if not getattr(user, "is_authenticated", False):
        return empty
    memberships = case_memberships(user)
    if not any(m.role == Role.SUPERVISOR for m in memberships):
        return empty
    today = timezone.localdate()
    plan_waiting = Exists(
        SupportPlan.objects.filter(case=OuterRef("pk"), status=PlanStatus.SUBMITTED).exclude(
            drafted_by_id=user.pk
        )
    )
    review_overdue = Exists(
        Review.objects.filter(case=OuterRef("pk"), completed_on__isnull=True, due_on__lt=today)
    )
    closure_waiting = Q(status=CaseStatus.CLOSURE_REQUESTED) & ~Q(closure_requested_by_id=user.pk)
    rows = list(
        cases_visible_to(user)  # the gateway: nothing the supervisor could not open
        .filter(_supervised(memberships))
        .exclude(status__in=CLOSED_STATUSES)
        .annotate(
            plan_waiting=plan_waiting,
            review_overdue=review_overdue,
            closure_waiting=ExpressionWrapper(closure_waiting, output_field=BooleanField()),
        )
        .filter(Q(plan_waiting=True) | Q(review_overdue=True) | Q(closure_waiting=True))
        .only("id", "reference")
        .order_by("reference")[:WAITING_LIMIT]
    )
    return WaitingForYou(
        plans=[WaitingCase(c.pk, c.reference) for c in rows if c.plan_waiting],
        closures=[WaitingCase(c.pk, c.reference) for c in rows if c.closure_waiting],
        overdue_reviews=[WaitingCase(c.pk, c.reference) for c in rows if c.review_overdue],
    )


@dataclass(frozen=True)
class ReturnedToYou:
    """What needs a caseworker: closures a supervisor declined (until closure is asked again),
    on cases they own or where they asked for the closure, and reviews due today or overdue
    on their own cases. Plans are never returned (ADR 30, decision 10: a plan a supervisor
    does not approve stays submitted)."""

    declined_closures: list[WaitingCase]
    reviews_due: list[WaitingCase]

    @property
    def total(self) -> int:
        return len(self.declined_closures) + len(self.reviews_due)


def _declined_note(user: User, case: Any) -> str:
    """Says who else a declined closure concerns, when the owner did not ask for it."""
    asked = case.closure_declined_for
    if asked is None or case.owner_id == asked.pk:
        return ""
    if asked.pk == user.pk:
        if case.owner is None:  # the owner's account was removed
            return "you asked to close it; the case has no owner now"
        return f"you asked to close it; the case owner is {case.owner.full_name}"
    return f"{asked.full_name} asked to close it"


def returned_to(user: User) -> ReturnedToYou:
    """The caseworker's "Returned to you", from the cases they can open (the gateway).

    A declined closure comes back to the person who asked for it, who has to act on the
    supervisor's reason, and to the case's owner, who answers for the case: when a teammate
    asked, both see it (each told about the other), and it leaves both lists when either asks
    again. Reviews follow the owner. Mirrors waiting_for, in three queries (memberships, named
    or break-glass cases, the list)."""
    empty = ReturnedToYou([], [])
    if not getattr(user, "is_authenticated", False):
        return empty
    memberships = case_memberships(user)
    if not any(m.role == Role.CASEWORKER for m in memberships):
        return empty
    review_due = Exists(
        Review.objects.filter(
            case=OuterRef("pk"), completed_on__isnull=True, due_on__lte=timezone.localdate()
        )
    )
    owned = Q(owner_id=user.pk)
    involved = owned | Q(closure_declined_for_id=user.pk)
    declined = Q(status=CaseStatus.ACTIVE, closure_declined_at__isnull=False)
    rows = list(
        _visible(user, memberships)  # the gateway: nothing the caseworker could not open
        .filter(involved)
        .exclude(status__in=CLOSED_STATUSES)
        .annotate(
            review_due=review_due,
            closure_declined=ExpressionWrapper(declined, output_field=BooleanField()),
        )
        .filter((owned & Q(review_due=True)) | Q(closure_declined=True))
        .select_related("owner", "closure_declined_for")
        .only(
            "id",
            "reference",
            "owner__full_name",
            "closure_declined_for__full_name",
        )
        .order_by("reference")[:WAITING_LIMIT]
    )
    return ReturnedToYou(
        declined_closures=[
            WaitingCase(c.pk, c.reference, _declined_note(user, c))
            for c in rows
            if c.closure_declined
        ],
        reviews_due=[
            WaitingCase(c.pk, c.reference) for c in rows if c.review_due and c.owner_id == user.pk
        ],
    )
