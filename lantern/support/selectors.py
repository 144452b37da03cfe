"""The gateway for reading case records. Every read of a case takes the user.

Nothing outside lantern.support imports lantern.support.models (tests/support/test_gateway.py
fails if it does): other apps call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone

from lantern.accounts.models import Membership, User
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.support.history_text import HistoryLine, describe
from lantern.support.models import (
    ActionToDate,
    AssessmentReview,
    BreakGlassAccess,
    Case,
    CaseAccessGrant,
    CaseStatus,
    ConsentRecord,
    CulturalNeed,
    Explanation,
    ImmediateNeed,
    InformationShare,
    Partner,
    PersonAccount,
    PlaceOfSafety,
    PlanGoal,
    PlanStatus,
    Review,
    RightsInformation,
    Risk,
    ServiceReferral,
    SupportPlan,
)
from lantern.support.models.case import CLOSED_STATUSES
from lantern.support.models.plan import (
    ConsentDecision,
    ConsentScope,
)
from lantern.support.models.sections import (
    NeedStatus,
    PlaceStatus,
    RiskStatus,
    ServiceStatus,
)
from lantern.support.rules import CaseFacts

CASE_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)


def case_memberships(user: User) -> list[Membership]:
    """The user's caseworker and supervisor memberships (one query)."""
    return list(Membership.objects.filter(user_id=user.pk, role__in=CASE_ROLES))


def case_home_membership(user: User) -> Membership | None:
    """Where this user's new case belongs: a team membership before an organisation-wide one."""
    return (
        Membership.objects.filter(user=user, role__in=CASE_ROLES)
        .select_related("organisation", "team")
        .order_by("-team_id")
        .first()
    )


def people_who_may_be_named(case: Case) -> QuerySet[User]:
    """Caseworkers and supervisors of the case's organisation: who a restricted case may name."""
    return User.objects.filter(
        memberships__organisation_id=case.organisation_id, memberships__role__in=CASE_ROLES
    ).distinct()


def named_on(case: Case) -> list[Any]:
    return list(case.access_grants.values_list("user_id", flat=True))


def _named_or_break_glass(user: User) -> list[Any]:
    """Cases the user is named on, or has current break-glass access to (one small query).

    Fetched as ids rather than correlated EXISTS subqueries: the list is short, and a plain
    ``IN`` keeps the case list fast at 10,000+ cases (bench/support.md)."""
    named = CaseAccessGrant.objects.filter(user_id=user.pk).values_list("case_id", flat=True)
    glass = BreakGlassAccess.objects.filter(
        user_id=user.pk, expires_at__gt=timezone.now()
    ).values_list("case_id", flat=True)
    return list(named.union(glass))


def _visibility(user: User, memberships: list[Membership]) -> Q:
    orgs = {m.organisation_id for m in memberships}
    if not orgs:
        return Q(pk__in=[])
    own_or_team = Q(pk__in=[])
    for m in memberships:
        own_or_team |= Q(organisation_id=m.organisation_id, owner_id=user.pk)
        if m.team_id is not None:
            own_or_team |= Q(organisation_id=m.organisation_id, team_id=m.team_id)
    # Restricted cases: only named people. Break-glass: anyone in the organisation with a
    # case role who gave a reason, for a limited time (and everyone is told).
    visible = own_or_team & Q(restricted=False)
    special = _named_or_break_glass(user)
    if special:
        visible |= Q(pk__in=special)
    return Q(organisation_id__in=orgs) & visible


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Cases whose content ``user`` may see: own and team cases, named restricted cases and
    current break-glass access, in organisations where they are a caseworker or supervisor.
    Organisation admins and DPOs see no case content through this gateway."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return _visible(user, case_memberships(user))


def _visible(user: User, memberships: list[Membership]) -> QuerySet[Case]:
    """cases_visible_to, for a caller that has already read the user's memberships."""
    return Case.objects.filter(_visibility(user, memberships), anonymised_at__isnull=True)


def case_for(user: User, case_id: UUID | str) -> Case:
    """The case, or 404 (never 403: whether a case exists is itself sensitive)."""
    case = (
        cases_visible_to(user)
        .select_related("owner", "team", "organisation")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_list(user: User) -> QuerySet[Case]:
    return (
        cases_visible_to(user)
        .select_related("owner", "team")
        .only(
            "id",
            "reference",
            "status",
            "restricted",
            "updated_at",
            "age_band",
            "owner__full_name",
            "team__name",
            "closure_declined_at",
        )
        # A plan waiting for approval shows in the list's status (one subquery, not per row).
        .annotate(
            plan_status=Subquery(
                SupportPlan.objects.filter(case=OuterRef("pk")).values("status")[:1]
            )
        )
        .order_by("-updated_at", "id")
    )


@dataclass(frozen=True)
class WaitingCase:
    id: Any
    reference: str


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
    """What needs a caseworker on their own cases: closures a supervisor declined (until they
    ask again) and reviews due today or overdue. Plans are never returned (ADR 30, decision
    10: a plan a supervisor does not approve stays submitted)."""

    declined_closures: list[WaitingCase]
    reviews_due: list[WaitingCase]

    @property
    def total(self) -> int:
        return len(self.declined_closures) + len(self.reviews_due)


def returned_to(user: User) -> ReturnedToYou:
    """The caseworker's "Returned to you", from the cases they can open (the gateway) and own.
    Mirrors waiting_for, in three queries (memberships, named or break-glass cases, the list)."""
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
    declined = Q(status=CaseStatus.ACTIVE, closure_declined_at__isnull=False)
    rows = list(
        _visible(user, memberships)  # the gateway: nothing the caseworker could not open
        .filter(owner_id=user.pk)
        .exclude(status__in=CLOSED_STATUSES)
        .annotate(
            review_due=review_due,
            closure_declined=ExpressionWrapper(declined, output_field=BooleanField()),
        )
        .filter(Q(review_due=True) | Q(closure_declined=True))
        .only("id", "reference")
        .order_by("reference")[:WAITING_LIMIT]
    )
    return ReturnedToYou(
        declined_closures=[WaitingCase(c.pk, c.reference) for c in rows if c.closure_declined],
        reviews_due=[WaitingCase(c.pk, c.reference) for c in rows if c.review_due],
    )


def is_supervisor_for(user: User, case: Case) -> bool:
    """A supervisor in the case's organisation and team (any team if the case has none)."""
    for m in Membership.objects.filter(
        user_id=user.pk, organisation_id=case.organisation_id, role=Role.SUPERVISOR
    ):
        if case.team_id is None or m.team_id is None or m.team_id == case.team_id:
            return True
    return False


def holds_role_in(user: User, organisation_id: Any, role: str) -> bool:
    return Membership.objects.filter(
        user_id=user.pk, organisation_id=organisation_id, role=role
    ).exists()


# --- Coverage facts --------------------------------------------------------------------------


def _exists(model: Any, **filters: Any) -> Exists:
    return Exists(model.objects.filter(case=OuterRef("pk"), **filters))


def _fact_annotations() -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "has_actions": _exists(ActionToDate),
        "has_assessments": _exists(AssessmentReview),
        "has_needs": _exists(ImmediateNeed),
        "has_outstanding_needs": _exists(ImmediateNeed, status=NeedStatus.OUTSTANDING),
        "has_met_needs": _exists(ImmediateNeed, status=NeedStatus.MET),
        "has_accepted_rights_info": _exists(RightsInformation, person_accepted_format=True),
        "has_good_explanation": _exists(Explanation, plain_language=True, without_leading=True),
        "has_account_own_pace": _exists(PersonAccount, at_own_pace=True),
        "has_account_free_from_judgement": _exists(PersonAccount, free_from_judgement=True),
        "has_risks": _exists(Risk),
        "has_open_risk_not_understood": _exists(
            Risk, person_understands=False, status__in=[RiskStatus.OPEN, RiskStatus.REDUCED]
        ),
        "has_place_of_safety": _exists(
            PlaceOfSafety, status__in=[PlaceStatus.SOURCED, PlaceStatus.IN_PLACE]
        ),
        "has_services": _exists(ServiceReferral),
        "has_services_accessed": _exists(ServiceReferral, status=ServiceStatus.ACCESSING),
        "has_cultural_needs": _exists(CulturalNeed),
        "plan_agreed": _exists(SupportPlan, agreed_with_person=True),
        "has_goals": _exists(PlanGoal),
        "has_consent_record": _exists(ConsentRecord),
        "has_partners": _exists(Partner),
        "has_shares": _exists(InformationShare),
        "has_completed_review": _exists(Review, completed_on__isnull=False),
        "has_review_due": _exists(Review, completed_on__isnull=True, due_on__gte=today),
    }


def case_with_facts(user: User, case_id: UUID | str) -> tuple[Case, CaseFacts]:
    """The case and its coverage facts in one query (or 404)."""
    case = (
        cases_visible_to(user)
        .select_related("owner", "team", "organisation")
        .annotate(**_fact_annotations())
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    names = [n for n in CaseFacts.names() if n != "is_closed"]
    facts = CaseFacts(**{n: bool(getattr(case, n)) for n in names}, is_closed=case.is_closed)
    return case, facts


def facts_for(case: Case) -> CaseFacts:
    """Coverage facts for a case already fetched through the gateway."""
    row = (
        Case.objects.filter(pk=case.pk)
        .annotate(**_fact_annotations())
        .values(*_fact_annotations().keys())[0]
    )
    return CaseFacts(**{k: bool(v) for k, v in row.items()}, is_closed=case.is_closed)


# --- Sections --------------------------------------------------------------------------------


def section_entries(case: Case, model: Any) -> QuerySet[Any]:
    qs = model.objects.filter(case=case).select_related("created_by")
    if model is ConsentRecord or model is InformationShare:
        qs = qs.select_related("partner")
    if model is InformationShare:
        qs = qs.select_related("authorised_by", "consent")
    return qs  # type: ignore[no-any-return]


def section_entry(case: Case, model: Any, entry_id: UUID | str) -> Any:
    entry = model.objects.filter(case=case, pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


def plan_for(case: Case) -> SupportPlan | None:
    return SupportPlan.objects.filter(case=case).select_related("approved_by").first()


def partners_of(case: Case) -> QuerySet[Partner]:
    return Partner.objects.filter(case=case).order_by("name")


def consent_in_force(case: Case, partner: Partner | None) -> ConsentRecord | None:
    """The person's latest decision about sharing with this partner (or any partner).

    Consent for a named partner is more specific than consent for "any partner in the plan":
    the newest specific decision wins; without one, the newest general decision applies.
    """
    qs = ConsentRecord.objects.filter(case=case, scope=ConsentScope.SHARE).order_by(
        "-recorded_on", "-created_at"
    )
    latest = None
    if partner is not None:
        latest = qs.filter(partner=partner).first()
    if latest is None:
        latest = qs.filter(partner__isnull=True).first()
    if latest is None or latest.decision != ConsentDecision.GIVEN:
        return None
    return latest


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


def case_access_history(case: Case) -> list[AccessEvent]:
    """Every audit event about this case, with the actor's name and what happened in plain
    English. The details hold ids only: partners, shares and people are resolved here, from
    the case's own rows (four queries)."""
    events = list(
        AuditEvent.objects.filter(object_type="support.case", object_ref=str(case.pk)).order_by(
            "-seq"
        )
    )
    refs = {e.actor_ref for e in events if e.actor_ref}
    partner_ids: set[str] = set()
    share_ids: set[str] = set()
    for e in events:
        refs.update(str(p) for p in e.detail.get("named") or [])
        refs.update(str(p) for p in e.detail.get("alerted") or [])
        if e.detail.get("partner"):
            partner_ids.add(str(e.detail["partner"]))
        if e.action == "case.exported" and e.detail.get("share"):
            share_ids.add(str(e.detail["share"]))
    names = {str(u.pk): u.full_name for u in User.objects.filter(pk__in=refs)}
    partners = {
        str(pk): name
        for pk, name in Partner.objects.filter(case=case, pk__in=partner_ids).values_list(
            "pk", "name"
        )
    }
    share_partners = {
        str(pk): name
        for pk, name in InformationShare.objects.filter(case=case, pk__in=share_ids).values_list(
            "pk", "partner__name"
        )
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
            ),
        )
        for e in events
    ]


def supervisors_of(case: Case) -> list[User]:
    qs = Membership.objects.filter(organisation_id=case.organisation_id, role=Role.SUPERVISOR)
    if case.team_id is not None:
        qs = qs.filter(Q(team_id=case.team_id) | Q(team__isnull=True))
    return [m.user for m in qs.select_related("user")]


def dpos_of(case: Case) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id=case.organisation_id, role=Role.DPO
        ).select_related("user")
    ]


def case_in_organisations_of(user: User, reference: str) -> Case | None:
    """Break-glass lookup: a case by reference in an organisation where the user has a case
    role. Returns None rather than raising so the form can say so without a stack trace."""
    orgs = [m.organisation_id for m in case_memberships(user)]
    return (
        Case.objects.filter(
            organisation_id__in=orgs,
            reference=reference.strip().upper(),
            anonymised_at__isnull=True,
        )
        .only("id", "reference", "organisation_id", "team_id", "status")
        .first()
    )
