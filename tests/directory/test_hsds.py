"""The directory as Open Referral HSDS 3.0 JSON: the shape another directory can read.

The checks follow the HSDS 3.0 schema (openreferral/specification, schema/*.json): a service
needs id, name and status (one of four); a phone needs id and number; identifiers are UUIDs.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from lantern.core.roles import Role
from tests.directory.factories import make_service
from tests.helpers import make_org, make_user, signed_in

pytestmark = pytest.mark.django_db

STATUSES = {"active", "inactive", "defunct", "temporarily closed"}


def _is_uuid(value: Any) -> bool:
    return isinstance(value, str) and str(uuid.UUID(value)) == value


def _export() -> dict[str, Any]:
    org = make_org("Riverside Council")
    make_service(org)
    make_service(org, name="Closed for now", status="temporarily closed", phone="", languages=[])
    response = signed_in(make_user(Role.LEARNER, org=org)).get("/services/hsds/services.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_export_is_an_hsds_service_list() -> None:
    page = _export()
    assert page["total_items"] == len(page["contents"]) == 5  # three national lines, two local
    assert page["page_number"] == 1 and page["first_page"] and page["last_page"]
    ids = set()
    for service in page["contents"]:
        assert {"id", "name", "status"} <= set(service)
        assert _is_uuid(service["id"]) and service["status"] in STATUSES
        ids.add(service["id"])
        for phone in service.get("phones", []):
            assert _is_uuid(phone["id"]) and phone["number"]
        for area in service.get("service_areas", []):
            assert _is_uuid(area["id"]) and area["name"]
        for attribute in service.get("attributes", []):
            term = attribute["taxonomy_term"]
            assert _is_uuid(attribute["id"]) and attribute["taxonomy_term_id"] == term["id"]
            assert term["vocabulary"] == "lantern-directory" and term["name"]
    assert len(ids) == 5


def test_a_local_service_carries_its_organisation_languages_and_assured_date() -> None:
    page = _export()
    local = next(s for s in page["contents"] if s["name"] == "Riverside Advice Project")
    assert local["organization"]["name"] == "Riverside Council"
    assert local["organization_id"] == local["organization"]["id"]
    assert [(lang["name"], lang["code"]) for lang in local["languages"]] == [
        ("Polish", "pol"),
        ("Tigrinya", "tir"),
    ]
    assert local["phones"][0]["number"] == "020 7946 0123"
    assert local["url"] == "https://riverside.example.org" and local["assured_date"]
    closed = next(s for s in page["contents"] if s["name"] == "Closed for now")
    assert closed["status"] == "temporarily closed" and "phones" in closed


def test_identifiers_are_the_same_on_every_export() -> None:
    first = _export()
    from lantern.directory import hsds, selectors

    again = hsds.services_page(
        selectors.directory_search(hsds.EVERYTHING, selectors.local_services()),
        base_url="http://testserver/",
    )
    assert [s["id"] for s in again["contents"]] == [s["id"] for s in first["contents"]]
    assert again["contents"][0]["phones"][0]["id"] == first["contents"][0]["phones"][0]["id"]
