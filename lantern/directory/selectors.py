"""Reads for the directory of services."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from lantern.accounts.models import Organisation, User
from lantern.core.permissions import object_for
from lantern.directory import rules
from lantern.directory.content import NationalService, national_services
from lantern.directory.models import Service


def listing(service: Service) -> rules.Listing:
    return rules.Listing(
        name=service.name,
        description=service.description,
        organisation=service.organisation.name,
        categories=service.categories,
        areas=service.area_list(),
        languages=service.languages,
    )


@dataclass(frozen=True)
class DirectoryResults:
    national: list[NationalService]
    local: list[Service]
    total_local: int


def local_services() -> list[Service]:
    """Every local entry with its organisation, in one query. The directory holds no personal
    data and is small (hundreds of entries): a page reads it once, and the pure rules match in
    Python, the same way on SQLite and PostgreSQL."""
    return list(Service.objects.select_related("organisation").order_by("name"))


def languages_spoken(services: list[Service]) -> list[str]:
    """The languages at least one of ``services`` speaks (the search offers only these)."""
    return sorted({code for service in services for code in service.languages})


def directory_search(search: rules.Search, services: list[Service]) -> DirectoryResults:
    """National lines and those of ``services`` (from ``local_services``) that answer
    ``search``."""
    national = [n for n in national_services() if rules.matches(n.listing(), search)]
    local = [s for s in services if rules.matches(listing(s), search)]
    return DirectoryResults(national=national, local=local, total_local=len(services))


def default_area(user: Any) -> str:
    """The borough of the user's first organisation that has one, to offer as a search."""
    if not getattr(user, "is_authenticated", False):
        return ""
    borough = (
        Organisation.objects.filter(memberships__user=user)
        .exclude(borough="")
        .order_by("name")
        .values_list("borough", flat=True)
        .first()
    )
    return borough or ""


def services_for_admin(user: User) -> list[tuple[Organisation, list[Service]]]:
    """The organisations whose entries ``user`` keeps, each with its entries."""
    from lantern.accounts.selectors import organisations_admined_by

    organisations = list(organisations_admined_by(user).order_by("name"))
    by_org: dict[Any, list[Service]] = {org.pk: [] for org in organisations}
    for service in Service.objects.filter(organisation__in=organisations).order_by("name"):
        by_org[service.organisation_id].append(service)
    return [(org, by_org[org.pk]) for org in organisations]


def organisation_for_new_service(user: User, org_id: UUID) -> Organisation:
    return object_for(user, "list_service", Organisation, pk=org_id)


def service_for_edit(user: User, service_id: UUID) -> Service:
    return object_for(user, "edit", Service.objects.select_related("organisation"), pk=service_id)


@dataclass(frozen=True)
class AreaCoverage:
    area: str
    listed: int  # local services that cover the area
    checked: int  # of those, checked within the last year


def coverage_by_area(areas: Iterable[str]) -> list[AreaCoverage]:
    """For each area (a borough, say), how many local services cover it and how many of those
    were checked within the year (for reports). National lines cover every area and are left
    out."""
    services = list(Service.objects.only("areas", "checked_at"))
    out = []
    for area in sorted({a.strip() for a in areas if a and a.strip()}, key=str.casefold):
        here = [s for s in services if area.casefold() in {x.casefold() for x in s.area_list()}]
        out.append(AreaCoverage(area, len(here), sum(not s.needs_review for s in here)))
    return out
