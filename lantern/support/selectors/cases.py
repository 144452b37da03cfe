"""The gateway: whose cases a user may see, fetching one (or 404), the case list, and who
supervises, is named on or is DPO for a case."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import (
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone

from lantern.accounts.models import Membership, User
from lantern.core.roles import Role
from lantern.support.models import (
    BreakGlassAccess,
    Case,
    CaseAccessGrant,
    SupportPlan,
)

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
