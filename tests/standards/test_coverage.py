"""The coverage API other apps call, the pure roll-up and the coverage page."""

from __future__ import annotations

import pytest
from django.test import Client

from lantern.core.models import AuditEvent
from lantern.standards.coverage import (
    UnknownStandardRef,
    register_coverage,
    unregister_coverage,
    validate_refs,
)
from lantern.standards.models import CoverageClaim, Standard
from lantern.standards.rules import Claim, coverage_rows, coverage_summary
from lantern.standards.snapshots import ItemSnap


def _item(code: str, parent: str = "") -> ItemSnap:
    kind = "pc" if code.startswith("PC") else "k"
    return ItemSnap(f"X01.{code}", code, kind, code.lstrip("PCK"), parent, code, 0)


def _claim(target: str, kind: str = "teaches", item: str = "learning:unit:a") -> Claim:
    return Claim(item, kind, f"X01.{target}", item, "")


@pytest.mark.parametrize(
    ("claims", "covered_codes"),
    [
        ([], set()),
        ([_claim("PC6")], {"PC6", "PC6.1", "PC6.2"}),  # a parent covers its sub-items
        ([_claim("PC6.1")], {"PC6.1"}),  # one sub-item does not cover the parent
        ([_claim("PC6.1"), _claim("PC6.2")], {"PC6", "PC6.1", "PC6.2"}),  # all of them do
        ([_claim("PC7", kind="assesses")], set()),  # another kind is not teaching
    ],
)
def test_coverage_roll_up(claims: list[Claim], covered_codes: set[str]) -> None:
    items = [_item("PC6"), _item("PC6.1", "PC6"), _item("PC6.2", "PC6"), _item("PC7")]
    rows = coverage_rows(items, claims)
    assert {r.item.code for r in rows if r.by_kind["teaches"]} == covered_codes
    summary = coverage_summary(rows)
    assert summary.total == 4 and summary.missing["teaches"] == 4 - len(covered_codes)


def test_validate_refs_is_pure_with_known_refs() -> None:
    known = {"SFJBMS05.PC14", "SFJBMS05.K16"}
    assert validate_refs(["SFJBMS05.PC14"], known=known) == []
    problems = validate_refs(["SFJBMS05.PC41", "PC14", "SFJBMS05.K16", "SFJBMS05.K16"], known=known)
    assert [str(p) for p in problems] == [
        "SFJBMS05.PC41 is not an item of any loaded standard (did you mean SFJBMS05.PC14?)",
        "'PC14' is not a standards reference: write it like SFJBMS05.PC14, SFJBMS05.PC6.1 or "
        "SFJBMS05.K16",
        "SFJBMS05.K16 is listed twice",
    ]


@pytest.mark.django_db
def test_validate_refs_falls_back_to_the_content_files_before_loading() -> None:
    assert validate_refs(["SFJBMS05.PC6.2", "SFJBMS05.K1.3"]) == []
    assert [p.ref for p in validate_refs(["SFJBMS05.PC21"])] == ["SFJBMS05.PC21"]


@pytest.mark.django_db
def test_register_is_idempotent_and_replaces(standard: Standard) -> None:
    count = register_coverage(
        item_ref="learning:unit:signs",
        kind="teaches",
        covers=["SFJBMS05.PC5", "SFJBMS05.K16"],
        label="Spotting the signs",
        url="/learning/unit/signs/",
    )
    assert count == 2
    events = AuditEvent.objects.count()
    register_coverage(
        item_ref="learning:unit:signs",
        kind="teaches",
        covers=["SFJBMS05.PC5", "SFJBMS05.K16"],
        label="Spotting the signs",
        url="/learning/unit/signs/",
    )
    assert AuditEvent.objects.count() == events  # nothing changed, nothing audited
    register_coverage(
        item_ref="learning:unit:signs", kind="teaches", covers=["SFJBMS05.K16"], label="Signs"
    )
    assert list(CoverageClaim.objects.values_list("target_ref", "label")) == [
        ("SFJBMS05.K16", "Signs")
    ]
    assert unregister_coverage(item_ref="learning:unit:signs") == 1
    assert not CoverageClaim.objects.exists()


@pytest.mark.django_db
def test_register_refuses_unknown_refs_and_writes_nothing(standard: Standard) -> None:
    with pytest.raises(UnknownStandardRef, match=r"SFJBMS05.PC99 is not an item"):
        register_coverage(
            item_ref="learning:unit:x",
            kind="teaches",
            covers=["SFJBMS05.PC5", "SFJBMS05.PC99"],
            label="X",
        )
    with pytest.raises(ValueError, match="kind must be one of teaches, assesses, records"):
        register_coverage(item_ref="learning:unit:x", kind="covers", covers=[], label="X")
    assert not CoverageClaim.objects.exists()


@pytest.mark.django_db
def test_coverage_page_lists_registrations_and_gaps(
    client: Client, standard: Standard, django_assert_max_num_queries: object
) -> None:
    page = client.get("/standards/SFJBMS05/coverage/").content.decode()
    assert page.count("Gap</strong>") == 49 * 3  # nothing registered yet: all gaps
    register_coverage(
        item_ref="learning:unit:plans",
        kind="teaches",
        covers=["SFJBMS05.PC14", "SFJBMS05.PC6"],
        label="Support and safety plans",
        url="/learning/plans/",
    )
    register_coverage(
        item_ref="learning:quiz:plans", kind="assesses", covers=["SFJBMS05.PC14"], label="Quiz"
    )
    register_coverage(
        item_ref="support:section:plan",
        kind="records",
        covers=["SFJBMS05.PC14"],
        label="Case record: support and safety plan",
    )
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        page = client.get("/standards/SFJBMS05/coverage/").content.decode()
    assert '<a class="govuk-link" href="/learning/plans/">Support and safety plans</a>' in page
    assert "(via PC6)" in page  # PC6.1 and PC6.2 are taught through PC6
    assert page.count("Gap</strong>") == 49 * 3 - 4 - 1 - 1
    assert '<dd class="govuk-summary-list__value" data-gap="teaches">45</dd>' in page
    assert '<dd class="govuk-summary-list__value" data-gap="records">48</dd>' in page
