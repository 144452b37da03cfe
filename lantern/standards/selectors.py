"""Reads for standards: browse, search, versions as snapshots, consultations, coverage."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lantern.core.permissions import can
from lantern.standards.models import (
    Consultation,
    ConsultationComment,
    CoverageClaim,
    GlossaryTerm,
    Standard,
    StandardItem,
    StandardVersion,
    Suite,
    VersionStatus,
)
from lantern.standards.refs import item_code, parse_code, parse_ref
from lantern.standards.rules import Claim, CoverageRow, coverage_rows
from lantern.standards.snapshots import GlossarySnap, ItemSnap, VersionSnap

SEARCH_LIMIT = 100


def suites_with_standards() -> QuerySet[Suite]:
    current = StandardVersion.objects.filter(is_current=True)
    return Suite.objects.prefetch_related(
        Prefetch(
            "standards",
            queryset=Standard.objects.prefetch_related(
                Prefetch("versions", queryset=current, to_attr="current_versions")
            ),
        )
    )


def suite_by_slug(slug: str) -> Suite:
    return suites_with_standards().get(slug=slug)


def standard_by_urn(urn: str) -> Standard:
    return Standard.objects.select_related("suite").get(urn=urn)


def version_by_number(urn: str, number: int) -> StandardVersion:
    return StandardVersion.objects.select_related("standard__suite").get(
        standard__urn=urn, number=number
    )


def current_version(standard: Standard) -> StandardVersion | None:
    return standard.versions.select_related("standard__suite").filter(is_current=True).first()


def may_read(user: Any, version: StandardVersion) -> bool:
    """Approved and withdrawn versions are public; drafts are for standards authors (consultees
    read a draft on its consultation page)."""
    return version.is_published or can(user, "view_unpublished", version)


def versions_of(standard: Standard) -> QuerySet[StandardVersion]:
    return standard.versions.select_related("standard").order_by("-number")


def readable_versions(user: Any, standard: Standard) -> list[StandardVersion]:
    return [v for v in versions_of(standard) if may_read(user, v)]


def items_of(version: StandardVersion) -> QuerySet[StandardItem]:
    return version.items.order_by("-kind", "position")  # criteria first, as published


def item_by_code(version: StandardVersion, kind: str, number: str) -> StandardItem:
    return version.items.select_related("version__standard").get(kind=kind, number=number)


def version_snapshot(version: StandardVersion) -> VersionSnap:
    urn = version.standard.urn
    items = tuple(_item_snap(i, urn) for i in items_of(version))
    glossary = tuple(
        GlossarySnap(g.term, g.definition)
        for g in GlossaryTerm.objects.filter(version=version).order_by("position")
    )
    suite = version.standard.suite
    base = (
        StandardVersion.objects.select_related("standard").get(pk=version.based_on_id)
        if version.based_on_id
        else None
    )
    successor = successor_of(version)
    return VersionSnap(
        urn=urn,
        number=version.number,
        status=version.status,
        is_current=version.is_current,
        suite_title=suite.title if suite else "",
        title=version.title,
        overview=version.overview,
        developed_by=version.developed_by,
        pc_intro=version.pc_intro,
        k_intro=version.k_intro,
        approved_on=version.approved_on,
        indicative_review_on=version.indicative_review_on,
        validity=version.validity,
        nos_status=version.nos_status,
        originating_organisation=version.originating_organisation,
        relevant_occupations=tuple(version.relevant_occupations),
        keywords=tuple(version.keywords),
        glossary=glossary,
        items=items,
        last_changed_at=version.last_changed_at,
        superseded_at=version.superseded_at,
        based_on_number=base.number if base else None,
        based_on_refs=_refs_of(base) if base else frozenset(),
        successor_number=successor.number if successor else None,
        successor_title=successor.title if successor else "",
        successor_refs=_refs_of(successor) if successor else frozenset(),
    )


def successor_of(version: StandardVersion) -> StandardVersion | None:
    """The approved version drafted from this one (a draft is not yet a successor)."""
    return (
        StandardVersion.objects.select_related("standard")
        .filter(based_on=version, status=VersionStatus.APPROVED)
        .order_by("number")
        .first()
    )


def _refs_of(version: StandardVersion) -> frozenset[str]:
    urn = version.standard.urn
    rows = version.items.values_list("kind", "number")
    return frozenset(f"{urn}.{item_code(kind, number)}" for kind, number in rows)


def search_items(query: str) -> list[ItemSnap]:
    """Criteria and knowledge items of current versions whose text or reference matches."""
    words = [w for w in query.split() if w][:10]
    if not words:
        return []
    found = StandardItem.objects.filter(version__is_current=True).select_related(
        "version__standard"
    )
    for word in words:
        cleaned = word.upper().strip(".,;:")
        match = Q(text__icontains=word)
        ref = parse_ref(cleaned)
        code = parse_code(cleaned) if ref is None else None
        if ref is not None:
            match |= Q(version__standard__urn=ref.urn, kind=ref.kind, number=ref.number)
        elif code is not None:
            match |= Q(kind=code[0], number=code[1])
        found = found.filter(match)
    ordered = found.order_by("version__standard__urn", "-kind", "position")[:SEARCH_LIMIT]
    return [_item_snap(i, i.version.standard.urn) for i in ordered]


def _item_snap(item: StandardItem, urn: str) -> ItemSnap:
    code = item_code(item.kind, item.number)
    return ItemSnap(
        ref=f"{urn}.{code}",
        code=code,
        kind=item.kind,
        number=item.number,
        parent_code=_parent_code(item.kind, item.number),
        text=item.text,
        position=item.position,
    )


def _parent_code(kind: str, number: str) -> str:
    return item_code(kind, number.split(".")[0]) if "." in number else ""


def known_refs() -> frozenset[str]:
    """Every reference in a current version of a loaded standard."""
    rows = StandardItem.objects.filter(version__is_current=True).values_list(
        "version__standard__urn", "kind", "number"
    )
    return frozenset(f"{urn}.{item_code(kind, number)}" for urn, kind, number in rows)


def coverage_for(version: StandardVersion) -> list[CoverageRow]:
    snap_items = version_snapshot(version).items
    prefix = f"{version.standard.urn}."
    claims = [
        Claim(c.item_ref, c.kind, c.target_ref, c.label, c.url)
        for c in CoverageClaim.objects.filter(target_ref__startswith=prefix)
    ]
    return coverage_rows(snap_items, claims)


def claims_for_item(item_ref: str) -> QuerySet[CoverageClaim]:
    return CoverageClaim.objects.filter(item_ref=item_ref).order_by("kind", "target_ref")


# --- Authors and consultations --------------------------------------------------------------


def versions_in_progress() -> QuerySet[StandardVersion]:
    return (
        StandardVersion.objects.filter(status__in=[VersionStatus.DRAFT, VersionStatus.CONSULTATION])
        .select_related("standard", "consultation")
        .annotate(
            comment_count=Count("consultation__comments", distinct=True),
            unanswered_count=Count(
                "consultation__comments",
                filter=Q(consultation__comments__decision=""),
                distinct=True,
            ),
        )
        .order_by("standard__urn")
    )


def standards_for_authors() -> QuerySet[Standard]:
    return Standard.objects.select_related("suite").prefetch_related(
        Prefetch("versions", queryset=StandardVersion.objects.order_by("-number"))
    )


def consultation_of(version: StandardVersion) -> Consultation | None:
    return Consultation.objects.filter(version=version).first()


def consultation_by_token(token: str) -> Consultation:
    return Consultation.objects.select_related("version__standard").get(link_token=token)


def comments_of(consultation: Consultation) -> QuerySet[ConsultationComment]:
    return consultation.comments.select_related("item", "organisation", "author").order_by(
        "created_at"
    )


def comments_by(user: Any, consultation: Consultation) -> QuerySet[ConsultationComment]:
    return comments_of(consultation).filter(author=user)


def consultations_for(user: Any) -> QuerySet[Consultation]:
    """Consultations the user's organisations are invited to."""
    return (
        Consultation.objects.filter(organisations__memberships__user=user)
        .select_related("version__standard")
        .distinct()
        .order_by("closes_on")
    )


def open_consultations_for(user: Any) -> list[Consultation]:
    """Consultations open today that the user's organisations are invited to."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    return list(
        consultations_for(user).filter(
            closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today
        )
    )


def comment_by_id(consultation: Consultation, comment_id: Any) -> ConsultationComment:
    return comments_of(consultation).get(pk=comment_id)
