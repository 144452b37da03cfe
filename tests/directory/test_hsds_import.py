"""Importing Open Referral (HSDS 3.0) services: a round trip through Lantern's own export, a
foreign directory's file with defaults, and files refused whole with every problem named."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.directory import hsds, selectors, services
from lantern.directory.hsds_import import Defaults
from lantern.directory.models import Service
from tests.directory.factories import make_service
from tests.helpers import make_org, make_user, signed_in

pytestmark = pytest.mark.django_db

FOREIGN: dict[str, Any] = {
    "contents": [
        {
            "id": "svc-101",
            "name": "Northside Food Bank",
            "description": "Food parcels on referral.",
            "status": "active",
            "phones": [{"id": "p1", "number": "020 7946 0999", "description": "Weekdays"}],
            "languages": [{"id": "l1", "name": "Polish", "code": "pol"}],
            "attributes": [
                {"id": "a1", "taxonomy_term": {"id": "t", "code": "food", "vocabulary": "esd"}}
            ],
        },
        {"id": "svc-102", "name": "Old project", "status": "defunct"},
    ]
}


def _import(org: Any, data: Any, **defaults: str) -> services.ImportReport:
    return services.services_import_hsds(
        actor=make_user(Role.ORG_ADMIN, org=org),
        organisation=org,
        raw=json.dumps(data).encode(),
        defaults=Defaults(**{"access": "professional", **defaults}),
    )


def test_lantern_s_own_export_imports_into_another_organisation_unchanged() -> None:
    source = make_org("Source Council")
    make_service(source)
    make_service(source, name="Closed for now", status="temporarily closed", phone="", languages=[])
    exported = hsds.services_page(
        selectors.directory_search(hsds.EVERYTHING, selectors.local_services()),
        base_url="http://x/",
    )
    exported["contents"] = [s for s in exported["contents"] if "organization" in s]  # local only
    # Another Lantern's download: its organisations are not this Lantern's.
    for entry in exported["contents"]:
        entry["organization_id"] = entry["organization"]["id"] = "elsewhere-source-council"

    target = make_org("Target Council")
    report = _import(target, exported)
    assert report.ok and (report.created, report.updated) == (2, 0)
    fields = ("name", "description", "categories", "areas", "languages", "access", "how_to_refer",
              "phone", "email", "website", "hours", "address", "status")  # fmt: skip
    for original in Service.objects.filter(organisation=source):
        copy = Service.objects.get(organisation=target, name=original.name)
        assert {f: getattr(copy, f) for f in fields} == {f: getattr(original, f) for f in fields}
        assert copy.external_id == str(original.pk)

    again = _import(target, exported)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    event = AuditEvent.objects.filter(action="directory.services_imported").last()
    assert event is not None and event.detail["unchanged"] == 2


def test_a_foreign_file_needs_the_admin_s_defaults_for_what_it_does_not_say() -> None:
    org = make_org("Northside Council")
    refused = _import(org, FOREIGN)
    assert not refused.ok and not Service.objects.exists()
    assert any(
        "Service 1 (Northside Food Bank): has no Lantern category" in p for p in refused.problems
    )
    assert any("says no area it covers" in p for p in refused.problems)

    report = _import(org, FOREIGN, category="benefits", area="Northside")
    assert report.ok and (report.created, report.skipped) == (1, 1)
    service = Service.objects.get()
    assert service.categories == ["benefits"] and service.area_list() == ["Northside"]
    assert service.access == "professional" and service.languages == ["pol"]
    assert (service.phone, service.hours) == ("020 7946 0999", "Weekdays")


def test_a_language_is_read_from_its_iso_639_1_or_639_3_code_or_its_name() -> None:
    """HSDS 3 gives "the ISO 639-1 or ISO 639-3 code", its example being "ur"."""
    org = make_org("Northside Council")
    data = {"contents": [dict(FOREIGN["contents"][0])]}
    data["contents"][0]["languages"] = [
        {"code": "ur"},
        {"code": "TI"},
        {"code": "ara"},
        {"name": "Romanian"},
    ]
    report = _import(org, data, category="benefits", area="Northside")
    assert report.ok, report.problems
    assert Service.objects.get().languages == ["ara", "ron", "tir", "urd"]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"\xff\xfe not json", "The file is not JSON"),
        (b"[" * 100_000, "The file is not JSON"),
        (json.dumps({"services": []}).encode(), "is not an HSDS service list"),
        (json.dumps([{"name": "No id"}]).encode(), "Service 1 (No id): needs an `id`"),
        (json.dumps([{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]).encode(), "in the file twice"),
        (json.dumps([{"id": "a", "name": "A", "description": "d", "phones": [{"number": "call us"}]}]).encode(),
         "Service 1 (A): Enter a phone number"),
        (json.dumps([{"id": "a", "name": "A", "description": "d", "phones": [{"number": "020 7946 0000"}],
                      "languages": [{"code": "cmn"}]}]).encode(), "the language cmn is not one Lantern knows"),
        (json.dumps([{"id": "a", "name": "Beds", "description": "d", "phones": [{"number": "020 7946 0000"}],
                      "alert": "Address to visit: 1 Safe St",
                      "attributes": [{"taxonomy_term": {"code": "accommodation"}}]}]).encode(),
         "Do not give the address of safe accommodation"),
        (json.dumps([{"id": "a", "name": "Beds", "description": "d", "phones": [{"number": "020 7946 0000"}],
                      "application_process": "Bring them to 12 Acacia Avenue, NW1 2DB",
                      "attributes": [{"taxonomy_term": {"code": "accommodation"}}]}]).encode(),
         "Service 1 (Beds): Do not give the address of safe accommodation"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_whole_with_each_problem_named(raw: bytes, problem: str) -> None:
    org = make_org()
    report = services.services_import_hsds(
        actor=make_user(Role.ORG_ADMIN, org=org),
        organisation=org,
        raw=raw,
        defaults=Defaults(category="legal", access="anyone", area="Camden"),
    )
    assert any(problem in p for p in report.problems), report.problems
    assert not Service.objects.exists()


def test_an_admin_imports_through_the_page() -> None:
    org = make_org("Upload Council")
    client = signed_in(make_user(Role.ORG_ADMIN, org=org))
    upload = SimpleUploadedFile("directory.json", json.dumps(FOREIGN).encode(), "application/json")
    bad = client.post(f"/services/manage/{org.pk}/import/", {"file": upload, "access": "anyone"})
    assert 'data-testid="import-problems"' in bad.content.decode() and not Service.objects.exists()
    upload = SimpleUploadedFile("directory.json", json.dumps(FOREIGN).encode(), "application/json")
    response = client.post(
        f"/services/manage/{org.pk}/import/",
        {"file": upload, "access": "anyone", "category": "benefits", "area": "Northside"},
    )
    assert response.status_code == 302 and Service.objects.get().name == "Northside Food Bank"
    other = signed_in(make_user(Role.ORG_ADMIN, org=make_org("Other Council")))
    assert other.get(f"/services/manage/{org.pk}/import/").status_code == 404


def _row(**changes: Any) -> dict[str, Any]:
    return {
        "id": "svc-1",
        "name": "Northside Advice",
        "description": "Advice.",
        "phones": [{"number": "020 7946 0999"}],
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"name": ""}, "Service 1: Enter the name of the service"),
        ({"email": "not-an-email"}, "Service 1 (Northside Advice): Enter an email address"),
        ({"url": "javascript:alert(1)"}, "Service 1 (Northside Advice): Enter a web address"),
        ({"url": "not a url"}, "Service 1 (Northside Advice): Enter a web address"),
        ({"status": "closed"}, "Service 1 (Northside Advice): its status is 'closed'"),
    ],
)
def test_a_service_the_form_would_refuse_is_named_not_a_server_error(
    changes: dict[str, Any], problem: str
) -> None:
    """These reached ``full_clean`` on save and raised out of the import (a 500)."""
    org = make_org()
    good = _row(id="svc-2", name="Good Service")
    report = _import(org, [_row(**changes), good], category="legal", area="Camden")
    assert any(p.startswith(problem) for p in report.problems), report.problems
    assert len(report.problems) == 1, report.problems  # each problem once, in words
    assert not Service.objects.exists()


def test_a_missing_area_or_category_is_named_once() -> None:
    report = _import(make_org(), [_row()])
    assert len(report.problems) == 2, report.problems
    assert any("has no Lantern category" in p for p in report.problems)
    assert any("says no area it covers" in p for p in report.problems)


def test_a_bad_row_uploaded_through_the_page_lists_its_problem() -> None:
    org = make_org("Upload Council")
    client = signed_in(make_user(Role.ORG_ADMIN, org=org))
    upload = SimpleUploadedFile(
        "d.json", json.dumps([_row(url="javascript:alert(1)")]).encode(), "application/json"
    )
    response = client.post(
        f"/services/manage/{org.pk}/import/",
        {"file": upload, "access": "anyone", "category": "legal", "area": "Camden"},
    )
    assert response.status_code == 200
    assert "Enter a web address" in response.content.decode()
    assert not Service.objects.exists()


def _download() -> dict[str, Any]:
    return hsds.services_page(
        selectors.directory_search(hsds.EVERYTHING, selectors.local_services()),
        base_url="http://x/",
    )


def test_reimporting_lantern_s_own_download_keeps_only_the_organisation_s_own_entries() -> None:
    """The whole directory's download imported into Camden added every other organisation's
    services and the national lines as Camden's ("8 new")."""
    camden, islington = make_org("Camden Council"), make_org("Islington Council")
    own = make_service(camden, name="Camden Advice")
    make_service(islington, name="Islington Advice")
    exported = _download()
    assert len(exported["contents"]) > 2  # the national lines are in it too
    for entry in exported["contents"]:
        if entry["id"] == str(own.pk):
            entry["description"] = "Changed in the file."

    report = _import(camden, exported, category="helpline", area="Camden")
    assert report.ok, report.problems
    assert (report.created, report.updated) == (0, 1)
    assert Service.objects.filter(organisation=camden).count() == 1
    own.refresh_from_db()
    assert own.description == "Changed in the file."
    assert Service.objects.filter(organisation=islington).count() == 1
    assert any("belongs to Islington Council" in n for n in report.left_out), report.left_out
    national = [n for n in report.left_out if "is a national line" in n]
    assert len(national) == len(exported["contents"]) - 2, report.left_out
    assert "Modern Slavery" in " ".join(national)


def test_a_file_of_only_other_organisations_entries_imports_nothing_and_says_why() -> None:
    camden, islington = make_org("Camden Council"), make_org("Islington Council")
    make_service(islington, name="Islington Advice")
    report = _import(camden, _download(), category="helpline", area="Camden")
    assert not report.ok and not Service.objects.filter(organisation=camden).exists()
    assert "The file has no open services of Camden Council to import" in report.problems
