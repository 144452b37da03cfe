"""Print a standard as 1EdTech CASE 1.0 JSON (or CSV): ``bin/lantern export_case SFJBMS05``.
URIs are on LANTERN_BASE_URL, so they match the web export's."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.links import site_url
from lantern.standards import selectors
from lantern.standards.case import case_package, csv_text
from lantern.standards.links import case_links
from lantern.standards.models import Standard, StandardVersion


class Command(BaseCommand):
    help = "Print a standard as CASE 1.0 JSON (CFPackage) on standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("urn", help="The standard's URN, like SFJBMS05")
        parser.add_argument(
            "--standard-version",
            dest="version_number",
            type=int,
            help="A version number (default: the current version)",
        )
        parser.add_argument("--csv", action="store_true", help="Print CSV instead of JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        urn = str(options["urn"]).upper()
        try:
            standard = selectors.standard_by_urn(urn)
        except Standard.DoesNotExist:
            raise CommandError(
                f"There is no standard {urn}. Load the content first: bin/lantern load_content"
            ) from None
        number = options.get("version_number")
        if number:
            try:
                version = selectors.version_by_number(urn, number)
            except StandardVersion.DoesNotExist:
                raise CommandError(f"{urn} has no version {number}") from None
        else:
            current = selectors.current_version(standard)
            if current is None:
                raise CommandError(f"{urn} has no current version")
            version = current
        snap = selectors.version_snapshot(version)
        if options["csv"]:
            self.stdout.write(csv_text(snap), ending="")
        else:
            # The same URIs as the web export, on the address in LANTERN_BASE_URL.
            package = case_package(snap, **case_links(version, site_url))
            self.stdout.write(json.dumps(package, indent=2, ensure_ascii=False))
