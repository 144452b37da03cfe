"""bin/lantern decide: scenario JSON (one object or an array) on stdin, decisions on stdout.

Exit status 2 with a message naming the field and the allowed values when the input is invalid.
No database access: the rules are content.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand

from lantern.respond.content import content
from lantern.respond.rules import InvalidScenario, decide, decision_as_dict, parse_scenario


class Command(BaseCommand):
    help = (
        "Read a scenario (JSON object) or an array of scenarios from stdin and print the next "
        "steps as JSON, in the same order."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def handle(self, *args: Any, **options: Any) -> None:
        raw = sys.stdin.read()
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            self._fail(f"input is not valid JSON: {exc}")
        loaded = content()
        items = data if isinstance(data, list) else [data]
        results = []
        for index, item in enumerate(items):
            try:
                scenario = parse_scenario(item, loaded.indicators)
            except InvalidScenario as exc:
                where = f"scenario {index}: " if isinstance(data, list) else ""
                self._fail(f"{where}{exc}")
            results.append(decision_as_dict(decide(scenario, loaded), loaded))
        output = results if isinstance(data, list) else results[0]
        self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(f"decide: {message}")
        sys.exit(2)
