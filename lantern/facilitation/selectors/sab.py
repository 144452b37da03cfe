"""The quarterly report for the Safeguarding Adults Board: one programme, three months.

Reach by borough and by agency, knowledge and confidence before and after the awareness
sessions, e-learning completed by staff of the programme's organisations, and the quality of
the referral drafts those organisations sent. Every breakdown hides a group of fewer than
``MIN_RESPONSES``, and the next smallest where it could be worked out from the total
(``rules.hidden_cells``); the totals are shown as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from lantern.accounts.models import OrganisationType
from lantern.core import quarters
from lantern.facilitation import rules
from lantern.facilitation.models import Facilitator, FacilitatorStatus, Programme
from lantern.facilitation.selectors._common import Group
from lantern.facilitation.selectors.dashboard import ORG_LABELS, _grouped
from lantern.facilitation.selectors.delivery import (
    delivered_evaluation_rows,
    delivered_sessions,
    reached_bookings,
)
from lantern.facilitation.selectors.evaluation import EvaluationSummary, summarise


@dataclass(frozen=True)
class CoveredOrganisation:
    """An organisation the report's e-learning, pathway, directory and referral sections cover,
    and why it is in the programme (the words a board member reads)."""

    name: str
    reasons: tuple[str, ...]

    @property
    def why(self) -> str:
        return rules.words_list(self.reasons).capitalize()


@dataclass(frozen=True)
class SabReport:
    programme: Programme
    quarter: quarters.Quarter
    sessions_delivered: int
    staff_reached: int
    by_borough: list[Group]
    by_agency: list[Group]
    evaluation: EvaluationSummary
    referral_quality: Sequence[Any]
    organisations: int
    elearning: dict[str, Any]
    pathways: Any
    directory: Sequence[Any]
    covered: Sequence[CoveredOrganisation] = ()
    minimum: int = rules.MIN_RESPONSES

    @property
    def agencies(self) -> int | None:
        """Types of organisation people came from; not shown when a hidden group may be a
        group of nobody (the count would say which)."""
        if any(g.hidden and not g.count for g in self.by_agency):
            return None
        return sum(1 for g in self.by_agency if g.count)

    @property
    def suppression_note(self) -> str:
        return rules.SUPPRESSION_SENTENCE


def sab_report(programme: Programme, quarter: quarters.Quarter) -> SabReport:
    from lantern.accounts.models import Organisation
    from lantern.directory.selectors import coverage_by_area
    from lantern.learning.selectors import completions_summary
    from lantern.respond.selectors import pathway_coverage, referral_quality_summary

    zone = timezone.get_current_timezone()
    start = datetime.combine(quarter.start, time.min, tzinfo=zone)
    end = datetime.combine(quarter.end, time.max, tzinfo=zone)
    in_quarter = {"session__programme": programme, "session__starts_at__range": (start, end)}
    # Delivered sessions only (selectors.delivery), for reach and for before/after answers.
    now = timezone.now()
    attended = reached_bookings(now).filter(**in_quarter)
    # The dashboard's groupings (largest first), for this quarter's attendance.
    by_borough = _grouped(attended, "session__borough")
    by_agency = _grouped(attended, "org_type", ORG_LABELS, OrganisationType.values)
    sessions = attended.values("session_id").distinct().count()
    covered = programme_organisations(programme, until=min(end, now))
    organisation_ids = list(covered)
    return SabReport(
        programme=programme,
        quarter=quarter,
        sessions_delivered=sessions,
        staff_reached=sum(g.count for g in by_agency),
        by_borough=by_borough,
        by_agency=by_agency,
        evaluation=summarise(delivered_evaluation_rows(now, **in_quarter)),
        referral_quality=referral_quality_summary(
            organisation_ids=organisation_ids, start=quarter.start, end=quarter.end
        ),
        organisations=len(organisation_ids),
        elearning=completions_summary(organisation_ids=organisation_ids, start=start, end=end),
        pathways=pathway_coverage(organisation_ids=organisation_ids),
        directory=coverage_by_area(
            Organisation.objects.filter(pk__in=organisation_ids).values_list("borough", flat=True)
        ),
        covered=sorted(covered.values(), key=lambda c: c.name.casefold()),
    )


LEADS_ORGANISATION = "runs the programme"
HAS_FACILITATORS = "has facilitators or trainees"
SENT_STAFF = "sent staff to its sessions"


def programme_organisations(
    programme: Programme, *, until: datetime
) -> dict[Any, CoveredOrganisation]:
    """The programme's organisations, by id: the organisations its leads lead it from, those
    of its trainees and facilitators (not withdrawn), and those whose name people gave when
    booking a session delivered by ``until`` (matched to an organisation in Lantern by name,
    ignoring case and spaces at the ends: a booking names its organisation in words only)."""
    from lantern.accounts.models import Membership, Organisation
    from lantern.core.roles import Role

    reasons: dict[Any, list[str]] = {}
    leads = Membership.objects.filter(
        user__in=programme.leads.all(), role=Role.PROGRAMME_LEAD
    ).values_list("organisation_id", flat=True)
    for organisation_id in leads:
        reasons.setdefault(organisation_id, []).append(LEADS_ORGANISATION)
    facilitators = (
        Facilitator.objects.filter(programme=programme)
        .exclude(status=FacilitatorStatus.WITHDRAWN)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    for organisation_id in facilitators:
        if HAS_FACILITATORS not in reasons.setdefault(organisation_id, []):
            reasons[organisation_id].append(HAS_FACILITATORS)
    given = {
        name.strip().lower()
        for name in reached_bookings(until)
        .filter(session__programme=programme)
        .values_list("organisation_name", flat=True)
        .distinct()
    }
    rows = (
        Organisation.objects.annotate(key=Lower(Trim("name")))
        .filter(Q(pk__in=list(reasons)) | Q(key__in=given))
        .values_list("id", "name", "key")
    )
    covered = {}
    for organisation_id, name, key in rows:
        why = reasons.get(organisation_id, [])
        if key in given:
            why.append(SENT_STAFF)
        covered[organisation_id] = CoveredOrganisation(name, tuple(why))
    return covered


def sab_default_quarter(programme: Programme, today: date) -> quarters.Quarter:
    """The quarter the report opens on: the newest offered quarter in which a session was
    delivered, or the current quarter when none was."""
    earliest = min(q.start for q in quarters.recent_quarters(today))
    latest = (
        delivered_sessions()
        .filter(programme=programme, starts_at__date__gte=earliest)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if latest is None:
        return quarters.quarter_of(today)
    return quarters.quarter_of(timezone.localdate(latest))


def sab_quarter(
    programme: Programme, requested: str | None, today: date
) -> tuple[quarters.Quarter, str | None]:
    """The quarter a lead asked for, and what is wrong with the request (None when nothing is).

    With nothing asked for, the report opens on ``sab_default_quarter``. A key that is not a
    quarter ("banana"), or a quarter the report is not offered for, is an error the page shows
    with the list of quarters, never another quarter's report in its place."""
    if not requested:
        return sab_default_quarter(programme, today), None
    offered = quarters.recent_quarters(today)
    chosen = quarters.parse_quarter(requested)
    if chosen is None:
        return sab_default_quarter(programme, today), "Choose a quarter from the list"
    if chosen not in offered:
        return (
            sab_default_quarter(programme, today),
            f"There is no report for {chosen.label}. Choose one of the last {len(offered)} "
            "quarters from the list",
        )
    return chosen, None
