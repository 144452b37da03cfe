"""`bin/lantern decide` (the management command) and POST /api/v1/respond/decisions."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings

EHO = {
    "jurisdiction": "england",
    "age": "adult",
    "immediate_danger": False,
    "organisation": "local_authority",
    "adult_consents_to_nrm": None,
    "care_and_support_needs": False,
    "indicators": ["housing.beds_every_room", "general.id_held"],
    "setting": "housing_inspection",
}
CHILD = {**EHO, "age": "unknown", "immediate_danger": True, "indicators": []}


def _decide(payload: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(payload)))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("decide", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_cli_one_object(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _decide(EHO, monkeypatch)
    assert code == 0
    result = json.loads(out)
    assert [a["code"] for a in result["actions"]][:3] == [
        "follow_internal_pathway",
        "contact_helpline",
        "seek_informed_consent",
    ]
    assert result["concern"]["contributing"][0]["code"] == "general.id_held"


def test_cli_array_keeps_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _decide([EHO, CHILD, EHO], monkeypatch)
    assert code == 0
    results = json.loads(out)
    assert [r["treated_as"] for r in results] == ["adult", "child", "adult"]
    assert results[1]["actions"][0]["code"] == "call_999"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({**EHO, "age": "old"}, "age: got 'old'; allowed: adult, child, unknown"),
        (
            {**EHO, "organisation": "nhs"},
            "organisation: got 'nhs'; allowed: police, local_authority",
        ),
        ({**EHO, "immediate_danger": "no"}, "immediate_danger: got 'no'; allowed: true, false"),
        (
            {k: v for k, v in EHO.items() if k != "adult_consents_to_nrm"},
            "adult_consents_to_nrm: is required",
        ),
        ({**EHO, "name": "x"}, "name: unknown field; allowed: jurisdiction"),
        ([EHO, {**EHO, "jurisdiction": "france"}], "scenario 1: jurisdiction: got 'france'"),
        ("not an object", "(scenario): must be a JSON object"),
    ],
)
def test_cli_invalid_input_exits_2_naming_the_field(
    payload: Any, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _decide(payload, monkeypatch)
    assert code == 2
    assert out == ""
    assert message in err


def test_bin_lantern_decide_end_to_end() -> None:
    """The real entry point, as a user types it (no database needed). Exit status 2 on bad
    input is covered through call_command above, which raises the same SystemExit."""
    root = Path(settings.BASE_DIR)
    done = subprocess.run(
        [str(root / "bin" / "lantern"), "decide"],
        input=json.dumps(CHILD),
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["actions"][1]["code"] == "child_safeguarding_referral"


URL = "/api/v1/respond/decisions"


def _post(client: Client, payload: Any) -> Any:
    return client.post(URL, json.dumps(payload), content_type="application/json")


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    """Forget the test client's request counts: only its own keys, never the whole cache (with
    REDIS_URL set the cache may be a Redis server shared with other processes)."""
    import time

    from lantern.core.audit import ip_fingerprint
    from lantern.respond.throttle import WINDOW_SECONDS

    window = int(time.time() // WINDOW_SECONDS)
    fingerprint = ip_fingerprint("127.0.0.1")
    cache.delete_many([f"respond:api:{fingerprint}:{w}" for w in (window - 1, window, window + 1)])


def test_api_decides_without_sign_in(client: Client) -> None:
    response = _post(client, EHO)
    assert response.status_code == 200
    body = response.json()
    cli = subprocess_free_cli(EHO)
    assert body == cli


def test_api_and_cli_offer_the_helpline_as_the_fallback_of_an_organisation_s_pathway(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def helpline(body: dict[str, Any]) -> dict[str, Any]:
        return next(a for a in body["actions"] if a["code"] == "contact_helpline")

    assert helpline(_post(client, EHO).json())["fallback"] is False
    body = _post(client, {**EHO, "organisation_pathway": True}).json()
    assert body == subprocess_free_cli({**EHO, "organisation_pathway": True})
    assert helpline(body)["fallback"] is True
    assert "cannot reach your organisation's contact" in helpline(body)["reason"]
    code, _, err = _decide({**EHO, "organisation_pathway": "yes"}, monkeypatch)
    assert code == 2 and "organisation_pathway: got 'yes'; allowed: true, false" in err


@pytest.mark.parametrize(
    ("age", "applies"), [("child", False), ("unknown", False), ("adult", True)]
)
def test_api_never_says_the_duty_to_notify_applies_to_a_child(
    client: Client, age: str, applies: bool
) -> None:
    """FACTS.md: children are never notified this way; they are referred. Age unknown or
    disputed is treated as a child."""
    body = _post(client, {**EHO, "age": age, "organisation": "local_authority"}).json()
    assert body["duty_to_notify_applies"] is applies
    assert ("duty_to_notify" in [a["code"] for a in body["actions"]]) is applies


def subprocess_free_cli(payload: dict[str, Any]) -> Any:
    from lantern.respond.rules import decide, decision_as_dict, parse_scenario

    return decision_as_dict(decide(parse_scenario(payload)))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**EHO, "age": "old"}, "age"),
        ({**EHO, "immediate_danger": "false"}, "immediate_danger"),
        ({**EHO, "indicators": ["general.nope"]}, "indicators"),
        ({**EHO, "setting": "moon"}, "setting"),
        ({**EHO, "full_name": "A Person"}, "full_name"),
    ],
)
def test_api_rejects_invalid_input_naming_the_field(
    client: Client, payload: Any, field: str
) -> None:
    response = _post(client, payload)
    assert response.status_code == 422
    assert any(field in map(str, e["loc"]) for e in response.json()["detail"])


@override_settings(RESPOND_API_DECISIONS_PER_MINUTE=3)
def test_api_is_rate_limited(client: Client) -> None:
    statuses = [_post(client, EHO).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_openapi_schema_is_served_and_docs_page_is_not(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]
    assert "ScenarioIn" in json.dumps(schema["components"])
    assert client.get("/api/v1/docs").status_code == 404


def test_indicator_library_endpoint(client: Client) -> None:
    body = client.get("/api/v1/respond/indicators").json()
    assert any(s["code"] == "housing_inspection" for s in body["settings"])
    assert sum(len(g["indicators"]) for g in body["groups"]) >= 50
