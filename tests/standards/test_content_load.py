"""Loading content/standards into the database: faithful, idempotent, audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from lantern.core.models import AuditEvent
from lantern.core.registry import content_loaders
from lantern.standards import services
from lantern.standards.importing import ContentError
from lantern.standards.models import Standard, StandardItem, StandardVersion, Suite

CONTENT = Path(__file__).resolve().parents[2] / "content" / "standards"

pytestmark = pytest.mark.django_db


def test_the_loader_is_registered_before_other_apps_loaders() -> None:
    steps = {s.name: s for s in content_loaders()}
    assert "standards" in steps
    assert all(steps["standards"].order <= s.order for s in steps.values())


def test_loading_creates_the_current_version_with_every_item() -> None:
    summary = services.standards_content_load()
    assert summary == (
        "1 suite(s); SFJBMS05 version 1: 20 performance criteria (+2 sub-items), "
        "24 knowledge items (+3 sub-items), 1 glossary term, created"
    )
    standard = Standard.objects.get(urn="SFJBMS05")
    assert standard.suite == Suite.objects.get(slug="addressing-modern-slavery")
    version = standard.versions.get()
    assert version.is_current and version.status == "approved" and version.origin == "content"
    assert version.items.filter(kind="pc").count() == 22
    assert version.items.filter(kind="k").count() == 27
    pc61 = version.items.get(kind="pc", number="6.1")
    assert pc61.parent is not None and pc61.parent.number == "6"
    assert pc61.ref == "SFJBMS05.PC6.1"
    assert version.items.get(kind="k", number="16").ref == "SFJBMS05.K16"
    assert version.review_overdue()


def test_loading_twice_changes_nothing_and_writes_no_audit() -> None:
    services.standards_content_load()
    events = AuditEvent.objects.count()
    ids = list(StandardItem.objects.order_by("pk").values_list("pk", flat=True))
    assert services.standards_content_load().endswith(", unchanged")
    assert AuditEvent.objects.count() == events
    assert list(StandardItem.objects.order_by("pk").values_list("pk", flat=True)) == ids


def test_a_corrected_content_file_updates_the_version(tmp_path: Path) -> None:
    services.standards_content_load()
    (tmp_path / "suite.yaml").write_text((CONTENT / "suite.yaml").read_text())
    text = (
        (CONTENT / "sfjbms05.yaml")
        .read_text()
        .replace(
            "recording requirements of your organisation", "recording requirements of your agency"
        )
    )
    (tmp_path / "sfjbms05.yaml").write_text(text)
    assert services.standards_content_load(tmp_path).endswith(", updated")
    item = StandardItem.objects.get(kind="k", number="23")
    assert item.text == "recording requirements of your agency"
    assert AuditEvent.objects.filter(action="standards.version_updated_from_content").exists()


def test_a_bad_file_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "suite.yaml").write_text((CONTENT / "suite.yaml").read_text())
    text = (CONTENT / "sfjbms05.yaml").read_text().replace("- number: 12\n", "- number: 13\n")
    (tmp_path / "sfjbms05.yaml").write_text(text)
    with pytest.raises(ContentError, match=r"sfjbms05.yaml, line \d+: performance criterion 13"):
        services.standards_content_load(tmp_path)
    assert not Standard.objects.exists() and not Suite.objects.exists()


def test_content_cannot_overwrite_a_version_drafted_in_lantern(tmp_path: Path) -> None:
    standard = Standard.objects.get(urn="SFJBMS05") if Standard.objects.exists() else None
    assert standard is None
    services.standards_content_load()
    standard = Standard.objects.get(urn="SFJBMS05")
    services.version_draft_create(actor=None, standard=standard)
    (tmp_path / "suite.yaml").write_text((CONTENT / "suite.yaml").read_text())
    text = (CONTENT / "sfjbms05.yaml").read_text().replace("version: 1\n", "version: 2\n", 1)
    (tmp_path / "sfjbms05.yaml").write_text(text)
    with pytest.raises(ContentError, match="was drafted in Lantern"):
        services.standards_content_load(tmp_path)
    assert StandardVersion.objects.get(number=2).origin == "lantern"
