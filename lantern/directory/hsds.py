"""The directory as Open Referral HSDS 3.0 JSON (the data standard of Open Referral UK).

The export is a paginated service list as the HSDS API's ``/services`` returns it, with each
service in full: its phones, areas, languages, organisation and categories (as attributes of
a Lantern taxonomy). Identifiers are UUIDs; those of parts that Lantern does not store as rows
(a phone, an area, a national line) are UUID 5 names under the service, so they are the same
on every export.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import JsonResponse

from lantern.directory import rules
from lantern.directory.content import NationalService
from lantern.directory.languages import spoken_name
from lantern.directory.models import Service
from lantern.directory.selectors import DirectoryResults

EVERYTHING = rules.Search()
TAXONOMY = "lantern-directory"


def _id(parent: uuid.UUID, *name: str) -> str:
    return str(uuid.uuid5(parent, "/".join(name)))


def _attributes(service_id: uuid.UUID, categories: list[str] | tuple[str, ...]) -> list[Any]:
    out = []
    for code in categories:
        term_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:lantern:directory:category:{code}"))
        out.append(
            {
                "id": _id(service_id, "category", code),
                "link_id": str(service_id),
                "link_type": "service_type",
                "link_entity": "service",
                "taxonomy_term_id": term_id,
                "taxonomy_term": {
                    "id": term_id,
                    "code": code,
                    "name": rules.CATEGORIES[code],
                    "description": rules.CATEGORIES[code],
                    "vocabulary": TAXONOMY,
                },
            }
        )
    return out


def _areas(service_id: uuid.UUID, areas: list[str] | tuple[str, ...]) -> list[Any]:
    return [
        {"id": _id(service_id, "area", a), "service_id": str(service_id), "name": a} for a in areas
    ]


def _phones(service_id: uuid.UUID, phone: str, hours: str) -> list[Any]:
    if not phone:
        return []
    entry = {"id": _id(service_id, "phone"), "service_id": str(service_id), "number": phone}
    if hours:
        entry["description"] = hours
    return [entry]


def _schedules(service_id: uuid.UUID, hours: str) -> list[Any]:
    """Opening hours as written: HSDS schedules also take RFC 5545 rules, which Lantern does
    not ask admins for."""
    if not hours:
        return []
    return [
        {"id": _id(service_id, "schedule"), "service_id": str(service_id), "description": hours}
    ]


def local_service(service: Service) -> dict[str, Any]:
    sid = service.id
    org = service.organisation
    access = rules.ACCESS[service.access]
    data: dict[str, Any] = {
        "id": str(sid),
        "organization_id": str(org.pk),
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "eligibility_description": access,
        "application_process": " ".join(filter(None, [access + ".", service.how_to_refer])),
        "assured_date": service.checked_at.date().isoformat(),
        "phones": _phones(sid, service.phone, service.hours),
        "schedules": _schedules(sid, service.hours),
        "service_areas": _areas(sid, service.area_list()),
        "languages": [
            {
                "id": _id(sid, "language", c),
                "service_id": str(sid),
                "name": spoken_name(c),
                "code": c,
            }
            for c in service.languages
        ],
        "organization": {
            "id": str(org.pk),
            "name": org.name,
            "description": f"{org.name} keeps this entry up to date in Lantern.",
        },
        "attributes": _attributes(sid, service.categories),
    }
    if service.email:
        data["email"] = service.email
    if service.website:
        data["url"] = service.website
    if service.address:
        data["alert"] = f"Address to visit: {service.address}"
    return data


def national_service(service: NationalService, base_url: str) -> dict[str, Any]:
    sid = uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}directory/national/{service.code}")
    data: dict[str, Any] = {
        "id": str(sid),
        "name": service.name,
        "description": service.description,
        "status": "active",
        "assured_date": service.reviewed.isoformat(),
        "phones": _phones(sid, service.phone, service.hours),
        "schedules": _schedules(sid, service.hours),
        "service_areas": _areas(sid, service.areas),
        "attributes": _attributes(sid, service.categories),
    }
    if service.access:
        data["eligibility_description"] = rules.ACCESS[service.access]
    return data


def services_page(results: DirectoryResults, *, base_url: str) -> dict[str, Any]:
    contents = [national_service(n, base_url) for n in results.national] + [
        local_service(s) for s in results.local
    ]
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }


def services_response(results: DirectoryResults, *, base_url: str) -> JsonResponse:
    return JsonResponse(services_page(results, base_url=base_url))
