"""The cmi5 protocol rules (lantern/learning/cmi5.py): pure, no database, no network."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from lantern.learning import cmi5

ACTOR = {"objectType": "Agent", "account": {"homePage": "https://lms.example.org", "name": "42"}}
REG = "760e3480-ba55-4991-94b0-01820dbd23a2"
QUERY = {
    "endpoint": "https://lms.example.org/xapi/",
    "fetch": "https://lms.example.org/fetch/abc",
    "actor": json.dumps(ACTOR),
    "registration": REG,
    "activityId": "https://lms.example.org/activities/1",
}
SESSION = "a-session"
TEMPLATE: dict[str, Any] = {
    "contextActivities": {"grouping": [{"id": "https://publisher.example/au"}]},
    "extensions": {cmi5.EXTENSION_SESSION: SESSION},
}


def test_a_launch_is_read_from_its_five_parameters() -> None:
    launch = cmi5.parse_launch(QUERY)
    assert launch.account == ("https://lms.example.org", "42")
    assert launch.registration == uuid.UUID(REG)
    assert launch.actor_name == ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fetch": ""}, "missing fetch"),
        ({"actor": "[]"}, "with an account"),
        ({"actor": json.dumps({"objectType": "Group", "account": ACTOR["account"]})}, "Agent"),
        ({"actor": json.dumps({"account": {"homePage": "lms", "name": "1"}})}, "account"),
        ({"actor": json.dumps({"account": {"homePage": "https://x", "name": " "}})}, "account"),
        ({"registration": "not-a-uuid"}, "UUID"),
        ({"activityId": "has space"}, "IRI"),
        ({"endpoint": "https://lms.example.org/xapi/" + "a" * 300}, "too long"),
    ],
)
def test_a_bad_launch_is_named(change: dict[str, str], message: str) -> None:
    with pytest.raises(cmi5.LaunchError, match=message):
        cmi5.parse_launch({**QUERY, **change})


@pytest.mark.parametrize(
    ("endpoint", "fetch", "registered", "message"),
    [
        ("https://evil.example/xapi/", None, None, "not registered"),
        ("https://lms.example.org/other/", None, None, "not registered"),
        (None, "https://evil.example/fetch/1", None, "token address"),
        ("http://lms.example.org/xapi/", None, "http://lms.example.org/xapi/", "may use"),
        ("https://user:pw@lms.example.org/xapi/", None, None, "may use"),
    ],
)
def test_a_launch_must_come_from_the_registered_lms(
    endpoint: str | None, fetch: str | None, registered: str | None, message: str
) -> None:
    query = dict(QUERY)
    query["endpoint"] = endpoint or query["endpoint"]
    query["fetch"] = fetch or query["fetch"]
    with pytest.raises(cmi5.LaunchError, match=message):
        cmi5.launch_check(
            cmi5.parse_launch(query),
            registered_endpoint=registered or "https://lms.example.org/xapi/",
            allow_local_http=False,
        )


def test_a_launch_under_the_registered_endpoint_passes() -> None:
    query = {**QUERY, "endpoint": "https://lms.example.org/xapi/tenant-7/"}
    cmi5.launch_check(
        cmi5.parse_launch(query),
        registered_endpoint="https://lms.example.org/xapi/",
        allow_local_http=False,
    )


def test_plain_http_is_allowed_only_to_this_machine_and_only_when_allowed() -> None:
    assert cmi5.address_allowed("http://127.0.0.1:8123/xapi/", allow_local_http=True)
    assert not cmi5.address_allowed("http://127.0.0.1:8123/xapi/", allow_local_http=False)
    assert not cmi5.address_allowed("http://10.0.0.5/xapi/", allow_local_http=True)
    assert not cmi5.address_allowed("ftp://lms.example.org/", allow_local_http=True)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"error-code": "1", "error-text": "used"}', "already given out"),
        (b'{"error-code": "2"}', "security"),
        (b'{"error-code": "9"}', "refused"),
        (b"<html>", "not JSON"),
        (b"{}", "no token"),
    ],
)
def test_a_fetch_answer_without_a_token_is_named(body: bytes, message: str) -> None:
    with pytest.raises(cmi5.LaunchError, match=message):
        cmi5.parse_fetch_response(body)


def test_a_fetch_answer_gives_its_token() -> None:
    assert cmi5.parse_fetch_response(b'{"auth-token": "QWxhZGRpbjpvcGVu"}') == "QWxhZGRpbjpvcGVu"


def _data(**change: object) -> bytes:
    data: dict[str, object] = {
        "contextTemplate": TEMPLATE,
        "launchMode": "Normal",
        "moveOn": "Completed",
        "returnURL": "https://lms.example.org/back",
    }
    data.update(change)
    return json.dumps({k: v for k, v in data.items() if v is not None}).encode()


def test_launch_data_is_read() -> None:
    data = cmi5.parse_launch_data(_data(masteryScore=0.8))
    assert data.context_template == TEMPLATE and data.launch_mode == "Normal"
    assert data.mastery_score == Decimal("0.8")
    assert data.return_url == "https://lms.example.org/back"
    assert cmi5.records_completion("Normal")
    assert not any(cmi5.records_completion(mode) for mode in ("Browse", "Review"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"contextTemplate": None}, "context template"),
        ({"contextTemplate": {"extensions": {}}}, "session id"),
        ({"launchMode": "Normalish"}, "launch mode"),
        ({"moveOn": "Finished"}, "moveOn"),
        ({"masteryScore": 2}, "between 0 and 1"),
        ({"returnURL": "javascript:alert(1)"}, "return address"),
        ({"returnURL": "https://lms.example.org/" + "a" * 1000}, "too long"),
    ],
)
def test_bad_launch_data_is_named(change: dict[str, object], message: str) -> None:
    with pytest.raises(cmi5.LaunchError, match=message):
        cmi5.parse_launch_data(_data(**change))


def _statement(
    verb: str, duration: float | None = None, judgement: cmi5.Judgement | None = None
) -> dict[str, Any]:
    return cmi5.statement(
        verb=verb,
        actor=ACTOR,
        activity_id=QUERY["activityId"],
        registration=uuid.UUID(REG),
        context_template=TEMPLATE,
        timestamp=datetime(2026, 12, 1, 15, 0, tzinfo=UTC),
        statement_id=uuid.UUID(int=1),
        duration_seconds=duration,
        judgement=judgement,
    )


def test_initialized_is_a_defined_statement_with_the_template_kept_whole() -> None:
    statement = _statement("initialized")
    context = statement["context"]
    assert isinstance(context, dict)
    assert statement["actor"] == ACTOR
    assert statement["object"] == {"objectType": "Activity", "id": QUERY["activityId"]}
    assert statement["verb"] == {
        "id": cmi5.VERBS["initialized"],
        "display": {"en-GB": "initialized"},
    }
    assert statement["timestamp"] == "2026-12-01T15:00:00Z"
    assert context["registration"] == REG
    assert context["extensions"] == {cmi5.EXTENSION_SESSION: SESSION}
    assert context["contextActivities"]["grouping"] == TEMPLATE["contextActivities"]["grouping"]
    assert context["contextActivities"]["category"] == [
        {"objectType": "Activity", "id": cmi5.CATEGORY_CMI5}
    ]
    assert "result" not in statement
    assert "category" not in TEMPLATE["contextActivities"]  # the template itself is not changed


def test_completed_carries_completion_duration_and_the_moveon_category() -> None:
    statement = _statement("completed", duration=3725.5)
    assert statement["result"] == {"completion": True, "duration": "PT3725.50S"}
    ids = [c["id"] for c in statement["context"]["contextActivities"]["category"]]
    assert ids == [cmi5.CATEGORY_CMI5, cmi5.CATEGORY_MOVEON]


def test_terminated_carries_a_duration_and_no_success_or_completion() -> None:
    statement = _statement("terminated", duration=60)
    assert statement["result"] == {"duration": "PT60.00S"}
    ids = [c["id"] for c in statement["context"]["contextActivities"]["category"]]
    assert ids == [cmi5.CATEGORY_CMI5]


@pytest.mark.parametrize(
    ("raw", "maximum", "mastery", "verb", "scaled"),
    [
        (4, 5, None, "passed", "0.8"),  # Lantern's own pass mark, reached exactly
        (3, 5, None, "failed", "0.6"),
        (4, 5, Decimal("0.85"), "failed", "0.8"),  # the LMS's mastery score rules
        (2, 3, Decimal("0.6667"), "failed", "0.6666"),  # cut, not rounded up to pass
        (2, 3, Decimal("0.6666"), "passed", "0.6666"),
    ],
)
def test_a_final_check_is_judged(
    raw: int, maximum: int, mastery: Decimal | None, verb: str, scaled: str
) -> None:
    judgement = cmi5.judge(raw=raw, maximum=maximum, mastery=mastery, default=Decimal("0.8"))
    assert (judgement.verb, judgement.scaled) == (verb, Decimal(scaled))


def test_passed_and_failed_carry_success_score_and_the_mastery_score() -> None:
    judgement = cmi5.judge(raw=2, maximum=3, mastery=Decimal("0.75"), default=Decimal("0.8"))
    statement = _statement("failed", duration=90, judgement=judgement)
    assert statement["result"] == {
        "success": False,
        "score": {"scaled": 0.6666, "raw": 2, "min": 0, "max": 3},
        "duration": "PT90.00S",
    }
    assert statement["context"]["extensions"][cmi5.EXTENSION_MASTERY] == 0.75
    ids = [c["id"] for c in statement["context"]["contextActivities"]["category"]]
    assert ids == [cmi5.CATEGORY_CMI5, cmi5.CATEGORY_MOVEON]
    no_mastery = cmi5.judge(raw=3, maximum=3, mastery=None, default=Decimal("0.8"))
    passed = _statement("passed", duration=90, judgement=no_mastery)
    assert cmi5.EXTENSION_MASTERY not in passed["context"]["extensions"]
    with pytest.raises(ValueError, match="judgement"):
        _statement("passed", duration=90, judgement=judgement)  # it failed


def test_the_course_structure_has_one_course_and_one_au_opening_in_its_own_window() -> None:
    xml = cmi5.course_structure(
        cmi5.StructureCourse(
            iri="https://lantern.example/xapi/activities/course/awareness",
            title="Modern slavery awareness",
            description="Spot the signs and know what to do.",
            au_iri="https://lantern.example/xapi/activities/course/awareness/au/health",
            au_title="Modern slavery awareness: Health",
            au_description="The health pathway.",
            url="https://lantern.example/lms/1/awareness/launch/?pathway=health",
            mastery_score=Decimal("0.8"),
        )
    )
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    ns = {"c": cmi5.COURSE_STRUCTURE_NS}
    root = ET.fromstring(xml)
    assert root.tag == f"{{{cmi5.COURSE_STRUCTURE_NS}}}courseStructure"
    (course,) = root.findall("c:course", ns)
    (au,) = root.findall("c:au", ns)
    assert course.get("id") != au.get("id")
    assert au.get("moveOn") == "Completed" and au.get("launchMethod") == "OwnWindow"
    assert au.get("masteryScore") == "0.8"
    assert au.findtext("c:url", namespaces=ns) == (
        "https://lantern.example/lms/1/awareness/launch/?pathway=health"
    )
    assert [child.tag.split("}")[1] for child in au] == ["title", "description", "url"]
    title = course.find("c:title/c:langstring", ns)
    assert title is not None and title.get("lang") == "en-GB"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("10.0.0.5", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("169.254.169.254", False),  # a cloud's instance metadata service
        ("100.64.0.1", False),  # carrier-grade shared space
        ("::1", False),
        ("fd00::1", False),
        ("fe80::1%eth0", False),
        ("224.0.0.1", False),
        ("not-an-address", False),
    ],
)
def test_lantern_calls_only_public_addresses(address: str, public: bool) -> None:
    assert cmi5.public_ip(address) is public


def test_a_private_address_written_into_the_url_is_refused_before_any_lookup() -> None:
    assert not cmi5.address_allowed("https://169.254.169.254/latest/", allow_local_http=False)
    assert not cmi5.address_allowed("https://[fd00::1]/xapi/", allow_local_http=False)
    assert not cmi5.address_allowed("https://localhost/xapi/", allow_local_http=False)
    assert cmi5.address_allowed("https://localhost/xapi/", allow_local_http=True)
    assert cmi5.address_allowed("https://lms.example.org/xapi/", allow_local_http=False)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/xapi/",
        "https://localhost/xapi/",
        "https://[::1]/xapi/",
        "https://lms.localhost/xapi/",  # RFC 6761: every *.localhost name is loopback
        "https://LMS.LOCALHOST./xapi/",
        "http://lms.localhost/xapi/",
    ],
)
def test_this_machine_is_refused_unless_local_http_is_allowed(url: str) -> None:
    assert not cmi5.address_allowed(url, allow_local_http=False)
    assert cmi5.address_allowed(url, allow_local_http=True)


def test_a_name_that_merely_contains_localhost_is_not_local() -> None:
    assert not cmi5.local_name("localhost.example.org")
    assert not cmi5.local_name("mylocalhost")
    assert cmi5.address_allowed("https://localhost.example.org/xapi/", allow_local_http=False)
