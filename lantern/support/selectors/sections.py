"""A case's sections: coverage facts (one query), entries, the plan, partners and the consent
in force."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import (
    Exists,
    OuterRef,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone

from lantern.accounts.models import User
from lantern.support.models import (
    ActionToDate,
    AssessmentReview,
    Case,
    ConsentRecord,
    CulturalNeed,
    Explanation,
    ImmediateNeed,
    InformationShare,
    Partner,
    PersonAccount,
    PlaceOfSafety,
    PlanGoal,
    Review,
    RightsInformation,
    Risk,
    ServiceReferral,
    SupportPlan,
)
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
from lantern.support.selectors.cases import (
    cases_visible_to,
)

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
