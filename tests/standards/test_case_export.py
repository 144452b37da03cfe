"""CASE 1.0 export: valid against the schema, complete, faithful and stable."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import jsonschema
import pytest
from django.core.management import call_command
from django.test import Client

from lantern.standards import selectors, services
from lantern.standards.case import case_package
from lantern.standards.models import Standard
from tests.standards.case_schema import CF_PACKAGE

pytestmark = pytest.mark.django_db


def _export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_case", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_a_valid_case_package_with_every_item(standard: Standard) -> None:
    package = json.loads(_export("SFJBMS05"))
    jsonschema.Draft202012Validator(CF_PACKAGE).validate(package)
    types = Counter(item["CFItemType"] for item in package["CFItems"])
    assert types == {"Section": 2, "Performance criterion": 22, "Knowledge and understanding": 27}
    by_code = {item["humanCodingScheme"]: item for item in package["CFItems"]}
    assert by_code["SFJBMS05.PC14"]["fullStatement"] == (
        "prepare and agree victim-centred support and safety plans in line with potential "
        "victims' needs"
    )
    assert by_code["SFJBMS05.PC6.2"]["fullStatement"] == (
        "whilst being mindful not to 'lead' any potential witnesses"
    )
    assert by_code["SFJBMS05.K1.3"]["fullStatement"] == "health and safety"
    assert by_code["SFJBMS05.K24"]["listEnumeration"] == "24"
    document = package["CFDocument"]
    assert document["title"] == "Plan support for potential victims of modern slavery"
    assert document["creator"] == "Skills for Justice"
    assert document["version"] == "1"
    assert document["adoptionStatus"] == "Adopted"
    assert document["statusStartDate"] == "2014-11-01"
    assert "Indicative review date: November 2019" in document["notes"]


def test_every_item_hangs_from_the_tree_in_published_order(standard: Standard) -> None:
    package = json.loads(_export("SFJBMS05"))
    ids = {item["identifier"]: item for item in package["CFItems"]}
    ids[package["CFDocument"]["identifier"]] = {"humanCodingScheme": "document"}
    parent_of = {}
    for assoc in package["CFAssociations"]:
        assert assoc["associationType"] == "isChildOf"
        origin = ids[assoc["originNodeURI"]["identifier"]]["humanCodingScheme"]
        parent_of[origin] = (
            ids[assoc["destinationNodeURI"]["identifier"]]["humanCodingScheme"],
            assoc["sequenceNumber"],
        )
    assert len(parent_of) == len(package["CFItems"])
    assert parent_of["SFJBMS05.PC"] == ("document", 1)
    assert parent_of["SFJBMS05.K"] == ("document", 2)
    assert parent_of["SFJBMS05.PC14"] == ("SFJBMS05.PC", 14)
    assert parent_of["SFJBMS05.PC6.2"] == ("SFJBMS05.PC6", 2)
    assert parent_of["SFJBMS05.K1.1"] == ("SFJBMS05.K1", 1)


def test_identifiers_are_stable_across_reimports(standard: Standard) -> None:
    first = _export("SFJBMS05")
    Standard.objects.all().delete()
    services.standards_content_load()
    assert _export("SFJBMS05") == first


def test_identifiers_differ_between_versions(standard: Standard) -> None:
    draft = services.version_draft_create(actor=None, standard=standard)
    v1 = case_package(selectors.version_snapshot(standard.versions.get(number=1)))
    v2 = case_package(selectors.version_snapshot(draft))
    jsonschema.Draft202012Validator(CF_PACKAGE).validate(v2)
    assert v2["CFDocument"]["adoptionStatus"] == "Private Draft"
    assert not {i["identifier"] for i in v1["CFItems"]} & {i["identifier"] for i in v2["CFItems"]}
    assert {i["humanCodingScheme"] for i in v1["CFItems"]} == {
        i["humanCodingScheme"] for i in v2["CFItems"]
    }


def test_the_web_export_points_at_lantern_pages(client: Client, standard: Standard) -> None:
    response = client.get("/standards/SFJBMS05/case.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    package = response.json()
    jsonschema.Draft202012Validator(CF_PACKAGE).validate(package)
    assert package["CFDocument"]["uri"] == "http://testserver/standards/SFJBMS05/v1/"
    pc14 = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "SFJBMS05.PC14")
    assert pc14["uri"] == "http://testserver/standards/SFJBMS05/v1/#PC14"


def test_unknown_standard_is_a_clear_error(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="There is no standard SFJBMS99"):
        _export("SFJBMS99")


def test_csv_export(client: Client, standard: Standard) -> None:
    response = client.get("/standards/SFJBMS05/export.csv")
    assert response.status_code == 200
    assert 'filename="SFJBMS05-v1.csv"' in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert raw.startswith("\ufeff".encode())  # so that Excel reads it as UTF-8
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 49
    pc62 = next(r for r in rows if r["ref"] == "SFJBMS05.PC6.2")
    assert pc62["parent_ref"] == "SFJBMS05.PC6" and pc62["type"] == "performance criterion"
    assert _export("SFJBMS05", "--csv") == text.replace("\r\n", "\n")


def _approve_next_version(standard: Standard) -> None:
    from datetime import timedelta

    from django.utils import timezone

    draft = services.version_draft_create(actor=None, standard=standard)
    services.item_add(actor=None, version=draft, kind="pc", text="record the plan and share it")
    today = timezone.localdate()
    consultation = services.consultation_open(
        actor=None, version=draft, opens_on=today, closes_on=today + timedelta(days=7)
    )
    services.consultation_close(actor=None, consultation=consultation)
    services.version_approve(
        actor=None, version=draft, indicative_review_on=today + timedelta(days=365)
    )


def test_a_superseded_version_changes_when_it_is_deprecated(standard: Standard) -> None:
    before = json.loads(_export("SFJBMS05", "--standard-version", "1"))
    _approve_next_version(standard)
    after = json.loads(_export("SFJBMS05", "--standard-version", "1"))
    jsonschema.Draft202012Validator(CF_PACKAGE).validate(after)
    document = after["CFDocument"]
    assert document["adoptionStatus"] == "Deprecated"
    superseded = standard.versions.get(number=1).superseded_at
    assert superseded is not None
    stamp = superseded.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert document["statusEndDate"] == superseded.date().isoformat()
    assert document["lastChangeDateTime"] == stamp
    assert document["lastChangeDateTime"] > before["CFDocument"]["lastChangeDateTime"]
    assert {i["lastChangeDateTime"] for i in after["CFItems"]} == {stamp}


def test_each_object_has_one_uri_wherever_it_is_linked(client: Client, standard: Standard) -> None:
    package = client.get("/standards/SFJBMS05/v1/case.json").json()
    document = package["CFDocument"]
    page = "http://testserver/standards/SFJBMS05/v1/"
    assert document["uri"] == document["CFPackageURI"]["uri"] == page
    links = [i["CFDocumentURI"] for i in package["CFItems"]]
    links += [a["CFDocumentURI"] for a in package["CFAssociations"]]
    assert {link["uri"] for link in links} == {page}
    item_uris = {i["identifier"]: i["uri"] for i in package["CFItems"]}
    item_uris[document["identifier"]] = page
    for assoc in package["CFAssociations"]:
        for end in ("originNodeURI", "destinationNodeURI"):
            assert assoc[end]["uri"] == item_uris[assoc[end]["identifier"]]


def test_a_new_versions_items_replace_their_predecessors(
    client: Client, standard: Standard
) -> None:
    _approve_next_version(standard)
    v1 = client.get("/standards/SFJBMS05/v1/case.json").json()
    v2 = client.get("/standards/SFJBMS05/v2/case.json").json()
    jsonschema.Draft202012Validator(CF_PACKAGE).validate(v2)
    v1_items = {i["humanCodingScheme"]: i for i in v1["CFItems"]}
    v2_items = {i["identifier"]: i for i in v2["CFItems"]}
    replaced = [a for a in v2["CFAssociations"] if a["associationType"] == "replacedBy"]
    pairs = {
        a["originNodeURI"]["identifier"]: v2_items[a["destinationNodeURI"]["identifier"]]
        for a in replaced
    }
    # Every item of version 1 (not the sections) is replaced by the same reference in v2.
    old_items = {ref: i for ref, i in v1_items.items() if i["CFItemType"] != "Section"}
    assert len(replaced) == len(old_items) == 49
    for ref, old in old_items.items():
        assert pairs[old["identifier"]]["humanCodingScheme"] == ref
    pc14 = next(a for a in replaced if a["originNodeURI"]["title"].startswith("SFJBMS05.PC14 "))
    assert pc14["originNodeURI"]["uri"] == "http://testserver/standards/SFJBMS05/v1/#PC14"
    # The criterion added in version 2 replaces nothing.
    added = next(i for i in v2["CFItems"] if i["humanCodingScheme"] not in v1_items)
    assert added["fullStatement"] == "record the plan and share it"
    assert added["identifier"] not in {a["destinationNodeURI"]["identifier"] for a in replaced}


def test_the_command_and_the_web_export_use_the_same_uris(
    client: Client, standard: Standard, settings: object
) -> None:
    settings.LANTERN_BASE_URL = "http://testserver"  # type: ignore[attr-defined]
    web = client.get("/standards/SFJBMS05/v1/case.json").json()
    assert json.loads(_export("SFJBMS05")) == web


def test_a_superseded_version_points_forward_to_what_replaced_it(
    client: Client, standard: Standard
) -> None:
    v1_before = client.get("/standards/SFJBMS05/v1/case.json").json()
    assert not [a for a in v1_before["CFAssociations"] if a["associationType"] == "replacedBy"]
    draft = services.version_draft_create(actor=None, standard=standard)
    v1_with_draft = client.get("/standards/SFJBMS05/v1/case.json").json()
    assert (
        v1_with_draft["CFAssociations"] == v1_before["CFAssociations"]
    )  # a draft replaces nothing
    draft.delete()
    _approve_next_version(standard)
    v1 = client.get("/standards/SFJBMS05/v1/case.json").json()
    v2 = client.get("/standards/SFJBMS05/v2/case.json").json()
    jsonschema.Draft202012Validator(CF_PACKAGE).validate(v1)
    forward = {
        a["identifier"]: a for a in v1["CFAssociations"] if a["associationType"] == "replacedBy"
    }
    backward = {
        a["identifier"]: a for a in v2["CFAssociations"] if a["associationType"] == "replacedBy"
    }
    assert len(forward) == 49 and forward.keys() == backward.keys()
    for identifier, there in backward.items():
        here = forward[identifier]
        for field in ("uri", "originNodeURI", "destinationNodeURI", "CFDocumentURI"):
            assert here[field] == there[field], field
    v1_ids = {i["identifier"] for i in v1["CFItems"]}
    assert {a["originNodeURI"]["identifier"] for a in forward.values()} <= v1_ids
    pc14 = next(a for a in forward.values() if a["destinationNodeURI"]["title"] == "SFJBMS05.PC14")
    assert pc14["destinationNodeURI"]["uri"] == "http://testserver/standards/SFJBMS05/v2/#PC14"
    assert pc14["CFDocumentURI"]["uri"] == "http://testserver/standards/SFJBMS05/v2/"
