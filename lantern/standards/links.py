"""Where a version's CASE objects live: the same addresses whether the export is read over the
web (from the request's host) or printed by ``bin/lantern export_case`` (from
LANTERN_BASE_URL), so both name every object by the same URI."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from lantern.standards.models import StandardVersion
from lantern.standards.selectors import successor_of


def case_links(version: StandardVersion, absolute: Callable[[str], str]) -> dict[str, str | None]:
    """Keyword arguments for ``case.case_package``; ``absolute`` turns a path into a URL."""
    urn = version.standard.urn

    def page(number: int) -> str:
        return absolute(reverse("standards:version_detail", kwargs={"urn": urn, "number": number}))

    def package(number: int) -> str:
        return absolute(
            reverse("standards:case_json_version", kwargs={"urn": urn, "number": number})
        )

    base_number = version.based_on.number if version.based_on_id and version.based_on else None
    successor = successor_of(version)
    return {
        "page_url": page(version.number),
        "package_url": package(version.number),
        "based_on_page_url": page(base_number) if base_number is not None else None,
        "successor_page_url": page(successor.number) if successor else None,
        "successor_package_url": package(successor.number) if successor else None,
    }
