"""The document a recorded share produces (PC18): the share, fetched through the gateway, and
only the rows of the categories it covered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from lantern.support import referral
from lantern.support.models import (
    Case,
    ConsentRecord,
    ImmediateNeed,
    InformationShare,
    PersonAccount,
    PlanGoal,
    Risk,
    SupportPlan,
)
from lantern.support.models.plan import ConsentDecision, ConsentScope, ShareBasis, ShareCategory
from lantern.support.models.sections import RiskStatus
from lantern.support.selectors.sections import consent_in_force


def share_on(case: Case, share_id: UUID | str) -> InformationShare:
    """A share in the case's sharing log (the case already fetched through the gateway), or
    404. Whether the caller may produce its document is the object rule's to say."""
    share = (
        InformationShare.objects.filter(case=case, pk=share_id)
        .select_related("case", "partner", "created_by", "authorised_by", "consent")
        .first()
    )
    if share is None:
        raise Http404
    return share


def share_ordinal(share: InformationShare) -> int:
    """The share's number in its case's sharing log, oldest first (one query)."""
    earlier = Q(created_at__lt=share.created_at) | Q(created_at=share.created_at, pk__lte=share.pk)
    return InformationShare.objects.filter(earlier, case_id=share.case_id).count()


def referral_reference(case: Case, share: InformationShare) -> str:
    return referral.share_reference(case.reference, share_ordinal(share))


def referral_available(share: InformationShare) -> bool:
    """False once the consent a share rested on has been withdrawn or refused (rules in
    referral.referral_available)."""
    return referral.referral_available(
        basis=share.basis,
        consent_in_force=share.basis != ShareBasis.CONSENT
        or consent_in_force(share.case, share.partner) is not None,
    )


@dataclass(frozen=True)
class LoggedShare:
    """A row of the sharing log, with what the caseworker can produce from it."""

    share: InformationShare
    reference: str
    available: bool


def sharing_log(case: Case) -> list[LoggedShare]:
    """The sharing log, newest first, each share with its reference and whether its document
    can be produced. Two queries, however long the log: the shares, and the case's decisions
    about sharing (the latest for each partner wins, then the latest for any partner)."""
    shares = list(
        InformationShare.objects.filter(case=case)
        .select_related("created_by", "authorised_by", "partner", "consent")
        .order_by("created_at", "pk")
    )
    decisions = list(
        ConsentRecord.objects.filter(case=case, scope=ConsentScope.SHARE)
        .order_by("-recorded_on", "-created_at")
        .values_list("partner_id", "decision")
    )
    latest: dict[Any, str] = {}
    for partner_id, decision in decisions:
        latest.setdefault(partner_id, decision)

    def consent_stands(partner_id: Any) -> bool:
        decision = latest.get(partner_id) or latest.get(None)
        return decision == ConsentDecision.GIVEN

    rows = [
        LoggedShare(
            share=s,
            reference=referral.share_reference(case.reference, n),
            available=referral.referral_available(
                basis=s.basis, consent_in_force=consent_stands(s.partner_id)
            ),
        )
        for n, s in enumerate(shares, start=1)
    ]
    return rows[::-1]


def referral_document(case: Case, share: InformationShare) -> referral.ReferralDocument:
    """The document for a share the caller may produce: only the rows of the categories it
    covered are read (a share of identity alone reads no section at all)."""
    covered = set(share.what_shared)
    entries: dict[str, Any] = {}
    if ShareCategory.NEEDS in covered:
        entries["needs"] = list(ImmediateNeed.objects.filter(case=case).order_by("created_at"))
    if ShareCategory.RISKS in covered:
        entries["risks"] = list(
            Risk.objects.filter(case=case).exclude(status=RiskStatus.CLOSED).order_by("created_at")
        )
    if ShareCategory.PLAN in covered:
        entries["plan"] = SupportPlan.objects.filter(case=case).first()
        entries["goals"] = list(PlanGoal.objects.filter(case=case).order_by("created_at"))
    if ShareCategory.ACCOUNT in covered:
        entries["account"] = list(
            PersonAccount.objects.filter(case=case).order_by("recorded_on", "created_at")
        )
    return referral.referral_document(
        reference=referral_reference(case, share),
        case=case,
        share=share,
        entries=entries,
        shared_at=timezone.localtime(share.created_at),
        produced_at=timezone.localtime(),
    )
