"""Reads for respond. Drafts are personal data: every read goes through the user."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from lantern.accounts.models import Membership, Organisation, User
from lantern.core.permissions import object_for, require
from lantern.respond.models import (
    DraftKind,
    ReferralDraft,
    ReferralPathway,
    ReferralQualityRecord,
)
from lantern.respond.permissions import SAFEGUARDING_LEAD_ROLE


def referral_drafts_visible_to(user: User) -> QuerySet[ReferralDraft]:
    led = Membership.objects.filter(user=user, role=SAFEGUARDING_LEAD_ROLE).values(
        "organisation_id"
    )
    return (
        ReferralDraft.objects.filter(Q(author=user) | Q(organisation_id__in=led))
        .select_related("organisation", "author")
        .order_by("-created_at")
    )


def referral_draft_for(user: User, draft_id: UUID, action: str = "view") -> ReferralDraft:
    """The draft if ``user`` may take ``action`` on it; 404 otherwise (never reveals it exists)."""
    draft = (
        ReferralDraft.objects.select_related("organisation", "author").filter(pk=draft_id).first()
    )
    if draft is None:
        raise Http404
    require(user, action, draft)
    return draft


def organisation_for_referrals(user: Any, organisation_type: str) -> Organisation | None:
    """The user's organisation of the answered type (the one a draft would belong to)."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = (
        Membership.objects.filter(user=user, organisation__org_type=organisation_type)
        .select_related("organisation")
        .order_by("organisation__name")
        .first()
    )
    return membership.organisation if membership else None


@dataclass(frozen=True)
class StartFacts:
    """What the start page knows of a signed-in user: the organisation type and nation to
    pre-fill the questions with, and that organisation's referral pathway, if it has one."""

    prefill: dict[str, str]
    pathway: ReferralPathway | None


def start_facts(user: Any) -> StartFacts:
    """From the user's first membership; nothing for a visitor who is not signed in."""
    if not getattr(user, "is_authenticated", False):
        return StartFacts({}, None)
    membership = (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__referral_pathway")
        .order_by("created_at")
        .first()
    )
    if membership is None:
        return StartFacts({}, None)
    organisation = membership.organisation
    return StartFacts(
        {"organisation": organisation.org_type, "jurisdiction": organisation.nation},
        getattr(organisation, "referral_pathway", None),
    )


def pathway_of(organisation: Organisation) -> ReferralPathway | None:
    return ReferralPathway.objects.filter(organisation=organisation).first()


def pathway_organisation_for(user: User, org_id: UUID) -> Organisation:
    """An organisation whose pathway ``user`` may set; 404 otherwise."""
    return object_for(user, "set_pathway", Organisation, pk=org_id)


def pathways_for_admin(user: User) -> list[tuple[Organisation, ReferralPathway | None]]:
    """The organisations whose pathway ``user`` may set, each with its pathway if set."""
    from lantern.accounts.selectors import organisations_admined_by

    organisations = list(organisations_admined_by(user))
    pathways = {
        p.organisation_id: p for p in ReferralPathway.objects.filter(organisation__in=organisations)
    }
    return [(org, pathways.get(org.pk)) for org in organisations]


def pathway_for_result(user: Any, organisation: Organisation | None) -> ReferralPathway | None:
    """The pathway a signed-in member sees on their result: their organisation's, if it has
    one. Visitors who are not signed in see none."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        ReferralPathway.objects.filter(organisation=organisation)
        .select_related("organisation")
        .first()
    )


# Groups smaller than this are not shown in reports, so that no referral can be singled out.
REPORT_MINIMUM = 5


@dataclass(frozen=True)
class QualitySummary:
    kind: str
    label: str
    count: int
    suppressed: bool
    complete_percent: float | None = None
    most_missed: str | None = None


def referral_quality_summary(
    *, organisation_ids: Iterable[Any], start: date, end: date
) -> list[QualitySummary]:
    """For each kind of draft downloaded between ``start`` and ``end`` (inclusive) by these
    organisations: how many, how complete on average, and the check most often missed. A kind
    with fewer than ``REPORT_MINIMUM`` shows only that it had fewer."""
    from lantern.respond.content import content
    from lantern.respond.quality import referral_quality

    records = list(
        ReferralQualityRecord.objects.filter(
            organisation_id__in=list(organisation_ids), recorded_on__range=(start, end)
        ).values("kind", "checks_total", "met")
    )
    summaries = []
    for kind, label in DraftKind.choices:
        rows = [r for r in records if r["kind"] == kind]
        if len(rows) < REPORT_MINIMUM:
            summaries.append(QualitySummary(kind, str(label), len(rows), suppressed=True))
            continue
        labels = {
            c.key: c.label
            for c in referral_quality(kind=kind, fields={}, library=content().indicators)
        }
        missed = Counter(key for r in rows for key in labels if key not in r["met"])
        summaries.append(
            QualitySummary(
                kind,
                str(label),
                len(rows),
                suppressed=False,
                complete_percent=round(
                    100 * sum(len(r["met"]) / r["checks_total"] for r in rows) / len(rows), 1
                ),
                most_missed=labels[missed.most_common(1)[0][0]] if missed else None,
            )
        )
    return summaries


@dataclass(frozen=True)
class PathwayCoverage:
    organisations: int
    with_pathway: int
    checked_this_year: int


def pathway_coverage(*, organisation_ids: Iterable[Any]) -> PathwayCoverage:
    """How many of these organisations have set their own referral pathway, and how many have
    saved it within the last year (for reports)."""
    from django.utils import timezone

    from lantern.respond.models import PATHWAY_REVIEW_AFTER

    ids = set(organisation_ids)
    pathways = ReferralPathway.objects.filter(organisation_id__in=ids)
    recent = pathways.filter(updated_at__gte=timezone.now() - PATHWAY_REVIEW_AFTER)
    return PathwayCoverage(len(ids), pathways.count(), recent.count())
