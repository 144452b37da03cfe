"""Benchmark: the case list with 10,000 synthetic cases vs bare Django views, same run.

Runs in-process with Django's test client through the full middleware stack (sessions,
two-factor, CSP...), against a throwaway test database (SQLite by default; set DATABASE_URL
for PostgreSQL). Prints median and p95 per view and the ratio to the bare views.

    LANTERN_ENV=test STATIC_NO_MANIFEST=1 .venv/bin/python bench/support_case_list.py [--cases N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")
os.environ.setdefault("LANTERN_ENV", "test")
os.environ.setdefault("STATIC_NO_MANIFEST", "1")
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse, JsonResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402


def bare_hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def bare_list(request: HttpRequest) -> JsonResponse:
    """The same 50 rows straight from the ORM: no gateway, no audit, no template."""
    from lantern.support.models import Case

    rows = list(
        Case.objects.order_by("-updated_at").values("id", "reference", "status", "updated_at")[:50]
    )
    return JsonResponse({"cases": rows}, json_dumps_params={"default": str})


urlpatterns = [
    path("bench/hello/", bare_hello),
    path("bench/list/", bare_list),
    path("", include("lantern.config.urls")),
]


def seed(n: int) -> tuple[object, str]:
    from faker import Faker

    from lantern.accounts import services as accounts
    from lantern.support.models import Case
    from tests.helpers import make_org
    from tests.support import factories as f

    org = make_org("Safe Harbour Support (bench)")
    team = f.team(org, "Casework")
    caseworker = f.person("caseworker", org, team)
    other_team = f.team(org, "Outreach")
    other = f.person("caseworker", org, other_team)
    accounts.team_get_or_create(organisation=org, name="Outreach")
    fake = Faker("en_GB")
    fake.seed_instance(10_000)
    now = timezone.now()
    batch = []
    for i in range(n):
        mine = i % 2 == 0  # half the cases are in the caseworker's team, half elsewhere
        batch.append(
            Case(
                reference=f"SHS-2026-{i + 1:05d}",
                organisation=org,
                team=team if mine else other_team,
                owner=caseworker if mine else other,
                age_band="25-34",
                gender="female",
                nationality="ER",
                languages=["tir"],
                given_name=fake.first_name(),
                family_name="Example",
                updated_at=now - timedelta(minutes=i),
            )
        )
        if len(batch) == 1000:
            Case.objects.bulk_create(batch)
            batch = []
    Case.objects.bulk_create(batch)
    return caseworker, "/cases/"


def measure(client: Client, url: str, runs: int) -> list[float]:
    for _ in range(5):
        client.get(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(ROOT_URLCONF=__name__, SECURE_SSL_REDIRECT=False):
            from tests.helpers import sign_in

            t0 = time.perf_counter()
            caseworker, url = seed(args.cases)
            seeded = time.perf_counter() - t0
            client = Client()
            sign_in(client, caseworker)  # type: ignore[arg-type]
            results = {
                "bare hello view": measure(client, "/bench/hello/", args.runs),
                "bare ORM list (50 rows, JSON)": measure(client, "/bench/list/", args.runs),
                "case list (gateway + audit + GOV.UK page)": measure(client, url, args.runs),
            }
        hello = statistics.median(results["bare hello view"])
        bare = statistics.median(results["bare ORM list (50 rows, JSON)"])
        print(
            f"database: {connection.vendor}; cases: {args.cases} (seeded in {seeded:.1f} s); "
            f"runs per view: {args.runs}"
        )
        print(f"{'view':45} {'median ms':>10} {'p95 ms':>8} {'x hello':>8} {'x list':>7}")
        for name, times in results.items():
            med = statistics.median(times)
            print(f"{name:45} {med:10.2f} {p95(times):8.2f} {med / hello:8.1f} {med / bare:7.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
