"""National services: content/directory/national.yaml, joined to the respond rules' contacts.

Each entry names a contact of the current rules (``contact: helpline``); the name, number and
hours come from there, so a number changes in one place. The loader checks every entry and
names the file and line of each problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lantern.core.phones import tel_href
from lantern.core.yamlfile import YamlFile, YamlPath, read_yaml
from lantern.directory import rules
from lantern.respond.content import Contact

FILE_NAME = "national.yaml"
_KEYS = {"contact", "description", "categories", "areas", "access", "source", "reviewed"}
_REQUIRED = ("contact", "description", "categories", "source", "reviewed")


class DirectoryContentError(ValueError):
    pass


@dataclass(frozen=True)
class NationalService:
    code: str
    name: str
    phone: str
    hours: str
    description: str
    categories: tuple[str, ...]
    areas: tuple[str, ...]  # empty: the source does not say (shown as to be confirmed)
    access: str  # empty: to be confirmed
    source: str
    reviewed: dt.date
    check_current_guidance: bool

    @property
    def tel(self) -> str:
        return tel_href(self.phone)

    def access_label(self) -> str:
        return rules.ACCESS.get(self.access, "")

    def listing(self) -> rules.Listing:
        return rules.Listing(
            name=self.name,
            description=self.description,
            organisation="",
            categories=self.categories,
            areas=self.areas,
            languages=(),
            national=True,
        )


def _error(doc: YamlFile, path: YamlPath, message: str) -> DirectoryContentError:
    return DirectoryContentError(f"{doc.name}:{doc.line(path)}: {message}")


def _strings(doc: YamlFile, path: YamlPath, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _error(doc, path, f"'{path[-1]}' must be a list of words or phrases")
    return tuple(v.strip() for v in value)


def load_national(directory: Path, contacts: Mapping[str, Contact]) -> list[NationalService]:
    """Read ``directory``/national.yaml; ``contacts`` are the respond rules' contacts."""
    doc = read_yaml(directory / FILE_NAME, name=f"directory/{FILE_NAME}")
    entries = doc.data.get("services") if isinstance(doc.data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise _error(doc, (), "the file needs a list of `services`")
    out: list[NationalService] = []
    for i, entry in enumerate(entries):
        where: YamlPath = ("services", i)
        if not isinstance(entry, dict):
            raise _error(doc, where, "each service is a mapping of keys and values")
        unknown = sorted(set(entry) - _KEYS)
        if unknown:
            raise _error(doc, (*where, unknown[0]), f"unknown key '{unknown[0]}'")
        for key in _REQUIRED:
            if not entry.get(key):
                raise _error(doc, where, f"service {i + 1} has no '{key}'")
        code = entry["contact"]
        contact = contacts.get(code)
        if contact is None:
            raise _error(
                doc,
                (*where, "contact"),
                f"contact '{code}' is not one of the rules' contacts: {', '.join(contacts)}",
            )
        if any(s.code == code for s in out):
            raise _error(doc, (*where, "contact"), f"contact '{code}' is listed twice")
        categories = _strings(doc, (*where, "categories"), entry["categories"])
        for j, category in enumerate(categories):
            if category not in rules.CATEGORIES:
                raise _error(
                    doc,
                    (*where, "categories", j),
                    f"unknown category '{category}'; allowed: {', '.join(rules.CATEGORIES)}",
                )
        access = entry.get("access", "")
        if access and access not in rules.ACCESS:
            raise _error(
                doc, (*where, "access"), f"access must be one of: {', '.join(rules.ACCESS)}"
            )
        try:
            reviewed = dt.date.fromisoformat(str(entry["reviewed"]))
        except ValueError:
            raise _error(
                doc, (*where, "reviewed"), "reviewed must be a date like 2026-12-01"
            ) from None
        areas = _strings(doc, (*where, "areas"), entry["areas"]) if "areas" in entry else ()
        out.append(
            NationalService(
                code=code,
                name=contact.name,
                phone=contact.phone,
                hours=contact.hours,
                description=" ".join(str(entry["description"]).split()),
                categories=categories,
                areas=areas,
                access=access,
                source=str(entry["source"]),
                reviewed=reviewed,
                check_current_guidance=bool(contact.check_current_guidance),
            )
        )
    return out


@lru_cache(maxsize=4)
def _cached(content_dir: str) -> tuple[NationalService, ...]:
    from lantern.respond.content import content as respond_content

    contacts = respond_content(Path(content_dir)).rules.contacts
    return tuple(load_national(Path(content_dir) / "directory", contacts))


def national_services(content_dir: Path | None = None) -> tuple[NationalService, ...]:
    """The national lines, cached per process (content ships with a deploy)."""
    if content_dir is None:
        from django.conf import settings

        content_dir = Path(settings.CONTENT_DIR)
    return _cached(str(content_dir))
