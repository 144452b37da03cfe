"""Lookups shared by the standards views (404 when absent or not readable) and the policy of
the authoring pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from lantern.core.permissions import roles
from lantern.core.roles import Role
from lantern.standards import selectors
from lantern.standards.models import Consultation, Standard, StandardItem, StandardVersion
from lantern.standards.refs import item_code, parse_code
from lantern.standards.rules import shorten

AUTHORS = roles(Role.STANDARDS_AUTHOR)


def _standard(urn: str) -> Standard:
    try:
        return selectors.standard_by_urn(urn)
    except Standard.DoesNotExist:
        raise Http404 from None


def _version(request: HttpRequest, urn: str, number: int) -> StandardVersion:
    try:
        version = selectors.version_by_number(urn, number)
    except StandardVersion.DoesNotExist:
        raise Http404 from None
    if not selectors.may_read(request.user, version):
        raise Http404
    return version


def _current(standard: Standard) -> StandardVersion:
    version = selectors.current_version(standard)
    if version is None:
        raise Http404
    return version


def _item(version: StandardVersion, code: str) -> StandardItem:
    parsed = parse_code(code)
    if parsed is None:
        raise Http404
    try:
        return selectors.item_by_code(version, *parsed)
    except StandardItem.DoesNotExist:
        raise Http404 from None


def _consultation(version: StandardVersion) -> Consultation:
    consultation = selectors.consultation_of(version)
    if consultation is None:
        raise Http404
    return consultation


def _item_choices(version: StandardVersion) -> list[tuple[str, str]]:
    return [
        (item_code(i.kind, i.number), f"{item_code(i.kind, i.number)}: {shorten(i.text)}")
        for i in selectors.items_of(version)
    ]


def _chosen_item(version: StandardVersion, on: str) -> StandardItem | None:
    return None if on == "standard" else _item(version, on)
