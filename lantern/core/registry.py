"""Registries that apps fill in AppConfig.ready(): content loaders, demo seeders, scheduled jobs,
and the next steps an app offers on a role's home page.

``bin/lantern demo`` runs every content loader (validated import of content/) and then every demo
seeder, in order. Demo seeders refuse to run outside LANTERN_ENV=demo or test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    name: str
    order: int
    run: Callable[..., Any]


_content_loaders: dict[str, Step] = {}
_demo_seeders: dict[str, Step] = {}
_scheduled: dict[str, tuple[str, Step]] = {}
CADENCES = ("hourly", "daily")


def register_content_loader(name: str, run: Callable[[], str], order: int = 50) -> None:
    """``run`` imports one content set and returns a one-line summary."""
    _content_loaders[name] = Step(name, order, run)


def register_demo_seeder(name: str, run: Callable[..., list[str]], order: int = 50) -> None:
    """``run(password=...)`` creates synthetic demo data idempotently and returns lines to print."""
    _demo_seeders[name] = Step(name, order, run)


def content_loaders() -> list[Step]:
    return sorted(_content_loaders.values(), key=lambda s: (s.order, s.name))


def demo_seeders() -> list[Step]:
    return sorted(_demo_seeders.values(), key=lambda s: (s.order, s.name))


def register_scheduled_job(
    name: str, run: Callable[[], str], *, every: str = "daily", order: int = 50
) -> None:
    """``run()`` does one idempotent round of upkeep and returns a one-line summary.

    ``bin/lantern scheduler`` runs hourly jobs every hour and daily jobs once a day;
    ``bin/lantern run_scheduled --every daily`` runs one round (for cron).
    """
    if every not in CADENCES:
        raise ValueError(f"every must be one of {CADENCES}")
    _scheduled[name] = (every, Step(name, order, run))


def scheduled_jobs(every: str | None = None) -> list[Step]:
    steps = [step for cadence, step in _scheduled.values() if every in (None, cadence)]
    return sorted(steps, key=lambda s: (s.order, s.name))


# A home-page provider: ``run(user)`` returns the person's next steps in that app, each a dict
# with ``role`` (the home section it belongs to), ``label`` and ``href``; called only when the
# person holds ``role``.
_home_next_steps: dict[str, tuple[str, Step]] = {}


def register_home_next_steps(
    name: str, run: Callable[[Any], list[dict[str, str]]], *, role: str, order: int = 50
) -> None:
    _home_next_steps[name] = (role, Step(name, order, run))


def home_next_steps(roles: frozenset[str]) -> list[tuple[str, Step]]:
    found = [(role, step) for role, step in _home_next_steps.values() if role in roles]
    return sorted(found, key=lambda pair: (pair[1].order, pair[1].name))


# How the audit log names the records its events are about. An event holds only the record's
# type and id ("support.case" and a UUID); the app that owns the type registers ``names``,
# which turns ids into what a reader knows the records by ("Case SHS-2026-0003"), and may
# register ``find``, which turns what a reader types (a case reference) into ids, within the
# given organisations (None: every organisation).
@dataclass(frozen=True)
class AuditRecordType:
    object_type: str
    names: Callable[[set[str]], dict[str, str]]
    find: Callable[[str, frozenset[str] | None], list[str]] | None = None


_audit_record_types: dict[str, AuditRecordType] = {}


def register_audit_record_type(
    object_type: str,
    names: Callable[[set[str]], dict[str, str]],
    find: Callable[[str, frozenset[str] | None], list[str]] | None = None,
) -> None:
    _audit_record_types[object_type] = AuditRecordType(object_type, names, find)


def audit_record_type(object_type: str) -> AuditRecordType | None:
    return _audit_record_types.get(object_type)
