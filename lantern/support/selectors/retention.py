"""The DPO's retention view: which closed cases the retention job will anonymise in the next
30 and 90 days, which it skips because a DPO holds them, and which were anonymised recently
and by which run. References and dates only: no case content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from lantern.accounts.models import Membership, User
from lantern.core.roles import Role
from lantern.support.models import Case, CaseStatus

SOON_DAYS = 30
LATER_DAYS = 90
RECENT_DAYS = 90
LIMIT = 200  # per list; the page says when a list is longer


@dataclass(frozen=True)
class CaseList:
    cases: list[Case]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.cases)


@dataclass(frozen=True)
class RetentionOverview:
    today: date
    due_soon: CaseList  # on or before today + 30 days (including any the job has not reached)
    due_later: CaseList  # from 31 to 90 days
    on_hold: CaseList
    anonymised: CaseList  # in the last 90 days, with the run that did it


def _listed(cases: QuerySet[Case]) -> CaseList:
    return CaseList(list(cases[:LIMIT]), cases.count())


def dpo_retention_cases(user: User) -> QuerySet[Case]:
    orgs = Membership.objects.filter(user_id=user.pk, role=Role.DPO).values("organisation_id")
    return Case.objects.filter(organisation_id__in=orgs)


def retention_overview(user: User, *, today: date | None = None) -> RetentionOverview:
    """Eight queries whatever the number of cases (a count and a page per list)."""
    today = today or timezone.localdate()
    cases = dpo_retention_cases(user).only(
        "id", "reference", "status", "retention_until", "anonymised_at", "retention_held_at"
    )
    waiting = cases.filter(
        status__in=[CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED],
        anonymised_at__isnull=True,
        retention_until__isnull=False,
    )
    due = waiting.filter(retention_held_at__isnull=True).order_by("retention_until", "reference")
    return RetentionOverview(
        today=today,
        due_soon=_listed(due.filter(retention_until__lte=today + timedelta(days=SOON_DAYS))),
        due_later=_listed(
            due.filter(
                retention_until__gt=today + timedelta(days=SOON_DAYS),
                retention_until__lte=today + timedelta(days=LATER_DAYS),
            )
        ),
        on_hold=_listed(
            cases.filter(anonymised_at__isnull=True, retention_held_at__isnull=False)
            .select_related("retention_held_by")
            .only(
                "id",
                "reference",
                "status",
                "retention_until",
                "retention_held_at",
                "retention_hold_reason",
                "retention_held_by__full_name",
            )
            .order_by("retention_held_at")
        ),
        anonymised=_listed(
            cases.filter(anonymised_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))
            .select_related("anonymised_by_run")
            .only(
                "id",
                "reference",
                "anonymised_at",
                "anonymised_by_run__ran_at",
                "anonymised_by_run__cases_anonymised",
            )
            .order_by("-anonymised_at")
        ),
    )
