"""Reading Open Referral HSDS 3.0 services into directory entries (pure: no ORM).

Takes what the HSDS API's ``/services`` returns (a page with ``contents``), a list of services or
one service, as Lantern's own export writes them and as other directories do. Each service
becomes the fields ``services.service_save`` takes, or problems that name the service and say
what to fix. What HSDS leaves open (Lantern's categories, who can contact a service, the areas it
covers) comes from the defaults the admin chooses, never from a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lantern.directory import rules
from lantern.directory.languages import codes_by_name

SKIPPED_STATUSES = {"inactive", "defunct"}
MAX_SERVICES = 500
ADDRESS_PREFIX = "Address to visit: "


@dataclass(frozen=True)
class Defaults:
    category: str = ""
    access: str = ""
    area: str = ""


@dataclass
class Row:
    """One service read from the file: its HSDS id, how problems name it ("Service 3
    (Northside Food Bank)"), the fields the form takes, and the fields whose problem the parser
    has already named (so that a check of the same field does not name it twice)."""

    hsds_id: str
    where: str
    fields: dict[str, Any]
    reported: frozenset[str] = frozenset()
    organisation_id: str = ""


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: int = 0


def _services(data: Any) -> list[Any] | None:
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return list(data["contents"])
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "name" in data:
        return [data]
    return None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""


def _categories(service: dict[str, Any]) -> list[str]:
    found = []
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if isinstance(term, dict) and term.get("code") in rules.CATEGORIES:
            found.append(term["code"])
    return found


def _access(service: dict[str, Any], default: str) -> str:
    said = _text(service.get("eligibility_description"))
    by_label = {label: code for code, label in rules.ACCESS.items()}
    return by_label.get(said, default)


def _how_to_refer(service: dict[str, Any]) -> str:
    text = _text(service.get("application_process"))
    for label in rules.ACCESS.values():  # Lantern's export starts with who can contact them
        text = text.removeprefix(label + ".").strip()
    return text[:400]


def parse_services(data: Any, defaults: Defaults) -> Parsed:
    parsed = Parsed()
    services = _services(data)
    if services is None:
        parsed.problems.append(
            "The file is not an HSDS service list: it needs `contents` (as the HSDS API "
            "returns), a list of services, or one service"
        )
        return parsed
    if len(services) > MAX_SERVICES:
        parsed.problems.append(f"Import at most {MAX_SERVICES} services at a time")
        return parsed
    seen: set[str] = set()
    for number, service in enumerate(services, start=1):
        if not isinstance(service, dict):
            parsed.problems.append(f"Service {number}: is not an HSDS service (an object)")
            continue
        name = _text(service.get("name"))[:120]
        where = f"Service {number} ({name})" if name else f"Service {number}"
        hsds_id = _text(service.get("id"))
        if not hsds_id or len(hsds_id) > 100:
            parsed.problems.append(f"{where}: needs an `id` of up to 100 characters")
            continue
        if hsds_id in seen:
            parsed.problems.append(f"{where}: the id {hsds_id} is in the file twice")
            continue
        seen.add(hsds_id)
        status = _text(service.get("status")) or "active"
        if status in SKIPPED_STATUSES:
            parsed.skipped += 1
            continue
        reported: set[str] = set()
        if status not in rules.STATUSES:
            reported.add("status")
            parsed.problems.append(
                f"{where}: its status is {status!r}. Lantern imports services that are active or "
                "temporarily closed, and leaves out those that are inactive or defunct"
            )
        categories = _categories(service) or ([defaults.category] if defaults.category else [])
        if not categories:
            reported.add("categories")
            parsed.problems.append(
                f"{where}: has no Lantern category. Choose one for services that do not say"
            )
        areas = [
            _text(a.get("name")) for a in service.get("service_areas") or [] if isinstance(a, dict)
        ]
        areas = [a for a in areas if a] or ([defaults.area] if defaults.area else [])
        if not areas:
            reported.add("areas")
            parsed.problems.append(
                f"{where}: says no area it covers. Enter an area for services that do not say"
            )
        languages = []
        for language in service.get("languages") or []:
            code = _text(language.get("code") if isinstance(language, dict) else "").casefold()
            known = codes_by_name().get(code) or codes_by_name().get(
                _text(language.get("name") if isinstance(language, dict) else "").casefold()
            )
            if known is None:
                reported.add("languages")
                parsed.problems.append(
                    f"{where}: the language {code or '(no code)'} is not one Lantern knows "
                    "(give its ISO 639-1 code, like pl, its ISO 639-2 code, like pol, or its "
                    "English name)"
                )
            else:
                languages.append(known)
        phones = [p for p in service.get("phones") or [] if isinstance(p, dict)]
        schedules = [s for s in service.get("schedules") or [] if isinstance(s, dict)]
        hours = _text(schedules[0].get("description")) if schedules else ""
        hours = hours or (_text(phones[0].get("description")) if phones else "")
        alert = _text(service.get("alert"))
        organisation = service.get("organization")
        organisation_id = _text(service.get("organization_id")) or (
            _text(organisation.get("id")) if isinstance(organisation, dict) else ""
        )
        parsed.rows.append(
            Row(
                hsds_id=hsds_id,
                where=where,
                organisation_id=organisation_id,
                reported=frozenset(reported),
                fields={
                    "name": name,
                    "description": _text(service.get("description")),
                    "categories": categories,
                    "areas": "\n".join(areas),
                    "languages": languages,
                    "access": _access(service, defaults.access),
                    "how_to_refer": _how_to_refer(service),
                    "phone": _text(phones[0].get("number")) if phones else "",
                    "hours": hours[:200],
                    "email": _text(service.get("email")),
                    "website": _text(service.get("url")),
                    "address": alert.removeprefix(ADDRESS_PREFIX)[:200]
                    if alert.startswith(ADDRESS_PREFIX)
                    else "",
                    "status": status,
                },
            )
        )
    return parsed
