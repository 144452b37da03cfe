"""Decisions per second: the pure function, the ninja API and a bare Django JSON view.

Run from the repository root (no server, no database; requests go through Django's full
middleware stack in-process with the test client, so the API and the bare view pay the same
middleware cost and their ratio measures what ninja adds):

    LANTERN_ENV=test .venv/bin/python -m bench.respond_decisions [--seconds 2] [--rounds 3]

Prints decisions per second for each path and the ratio API / bare view (goal >= 0.5).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("LANTERN_ENV", "test")
os.environ.setdefault("STATIC_NO_MANIFEST", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

from lantern.core.permissions import PUBLIC, route  # noqa: E402
from lantern.respond.content import content  # noqa: E402
from lantern.respond.rules import (  # noqa: E402
    InvalidScenario,
    decide,
    decision_as_dict,
    parse_scenario,
)

SCENARIO: dict[str, Any] = {
    "jurisdiction": "england",
    "age": "adult",
    "immediate_danger": False,
    "organisation": "local_authority",
    "adult_consents_to_nrm": None,
    "care_and_support_needs": True,
    "indicators": ["housing.beds_every_room", "general.id_held", "labour.deductions"],
    "setting": "housing_inspection",
}


@route(PUBLIC)
@csrf_exempt
@require_POST
def bare_decide(request: HttpRequest) -> JsonResponse:
    """The same work as the API (parse, validate, decide, serialise) with plain Django."""
    try:
        scenario = parse_scenario(json.loads(request.body))
    except (InvalidScenario, ValueError) as exc:
        return JsonResponse({"detail": str(exc)}, status=422)
    return JsonResponse(decision_as_dict(decide(scenario)))


urlpatterns = [path("bench/bare-decide", bare_decide), path("", include(settings.ROOT_URLCONF))]


def per_second(run_once: Callable[[], None], seconds: float) -> float:
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        run_once()
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="per path per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    body = json.dumps(SCENARIO)
    client = Client(HTTP_HOST="localhost")
    loaded = content()

    def pure() -> None:
        decision_as_dict(decide(parse_scenario(SCENARIO, loaded.indicators), loaded), loaded)

    def post(url: str) -> Callable[[], None]:
        def once() -> None:
            response = client.post(url, body, content_type="application/json")
            assert response.status_code == 200, response.content[:200]

        return once

    api, bare = post("/api/v1/respond/decisions"), post("/bench/bare-decide")

    results: dict[str, list[float]] = {"pure": [], "api": [], "bare": []}
    # The rate limit is switched off for the run (0 = no limit); rounds interleave the paths.
    with override_settings(ROOT_URLCONF=__name__, RESPOND_API_DECISIONS_PER_MINUTE=0):
        same = [
            client.post(url, body, content_type="application/json").json()
            for url in ("/api/v1/respond/decisions", "/bench/bare-decide")
        ]
        assert same[0] == same[1], "the two views must return the same decision"
        for fn in (api, bare):
            per_second(fn, 0.3)  # warm up
        for _ in range(args.rounds):
            results["pure"].append(per_second(pure, args.seconds))
            results["api"].append(per_second(api, args.seconds))
            results["bare"].append(per_second(bare, args.seconds))

    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"respond decisions per second (median of {args.rounds} x {args.seconds:g} s)")
    print(f"  pure function (parse + decide + to JSON dict): {med['pure']:10.0f}")
    print(f"  bare Django JSON view (POST, full middleware): {med['bare']:10.0f}")
    print(f"  ninja API POST /api/v1/respond/decisions:      {med['api']:10.0f}")
    print(f"  ratio API / bare view: {med['api'] / med['bare']:.2f}x (goal >= 0.5x)")
    print(f"  ratio bare view / pure function: {med['bare'] / med['pure']:.3f}x")


if __name__ == "__main__":
    main()
