"""Conventions that keep the codebase shaped the way ARCHITECTURE.md says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANTERN = ROOT / "lantern"
APPS = sorted(p.parent for p in LANTERN.glob("*/apps.py") if p.parent.name not in {"config"})


def test_migrations_are_named_not_auto_named() -> None:
    auto = [str(p.relative_to(ROOT)) for p in LANTERN.glob("*/migrations/*_auto_*.py")]
    assert not auto, f"name these migrations (makemigrations --name): {auto}"


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_every_app_with_urls_names_its_namespace(app: Path) -> None:
    urls = app / "urls.py"
    if urls.exists():
        assert re.search(r"^app_name = ", urls.read_text(), re.M), f"{urls} needs app_name"


def _python_files(name: str) -> list[Path]:
    return [p for p in LANTERN.rglob(name) if "migrations" not in p.parts]


ROLE_CHECK = re.compile(r"\bin\s+[\w.]+\.roles\(\)|\.roles\(\)\s*&|is_superuser|is_staff")


def test_views_do_not_check_roles_themselves() -> None:
    """Access is decided by the gateway (route policies, object rules, gateway selectors)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files("views.py") + list(LANTERN.rglob("views/*.py"))
        if ROLE_CHECK.search(path.read_text())
    ]
    assert not offenders, f"role checks belong in lantern.core.permissions: {offenders}"


def test_templates_do_not_check_roles() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in LANTERN.rglob("*.html")
        if re.search(r"user\.roles|is_superuser|is_staff", p.read_text())
    ]
    assert not offenders, f"pass a policy decision from the view instead: {offenders}"


def test_no_leftover_copies() -> None:
    leftovers = [
        str(p.relative_to(ROOT))
        for p in LANTERN.rglob("*")
        if re.search(r"( copy|\.orig|\.bak|~)$|copy\.\w+$", p.name)
    ]
    assert not leftovers, leftovers


SENSITIVE_APPS = ("support", "respond")


@pytest.mark.parametrize("app", SENSITIVE_APPS)
def test_sensitive_models_are_read_only_inside_their_app(app: str) -> None:
    """Case records and referral drafts are reached only through their app's gateway selectors:
    no other app imports their models, and the app's own views query nothing directly."""
    importer = re.compile(rf"lantern\.{app}\.models|from lantern\.{app} import models")
    outside = [
        str(p.relative_to(ROOT))
        for p in LANTERN.rglob("*.py")
        if "migrations" not in p.parts
        and p.relative_to(LANTERN).parts[0] != app
        and importer.search(p.read_text())
    ]
    assert not outside, f"read {app} records through lantern.{app}.selectors: {outside}"


@pytest.mark.parametrize("app", (*SENSITIVE_APPS, "learning", "facilitation"))
def test_views_read_through_selectors(app: str) -> None:
    """Case records, referral drafts, learners' answers and certificates, facilitators' records:
    the app's views query nothing directly; they call its selectors (which check object rules
    where they fetch one record by id)."""
    views = [LANTERN / app / "views.py", *sorted((LANTERN / app / "views").glob("*.py"))]
    querying = [
        str(p.relative_to(ROOT))
        for p in views
        if p.exists() and re.search(r"\.objects\b|get_object_or_404\(", p.read_text())
    ]
    assert not querying, f"views query through the app's selectors: {querying}"


def test_modules_stay_small() -> None:
    """A module past ~500 lines becomes a package (CONVENTIONS.md)."""
    large = {
        str(p.relative_to(ROOT)): n
        for p in _python_files("*.py")
        if (n := len(p.read_text().splitlines())) > 550
    }
    assert not large, f"split these into packages: {large}"


def test_plain_text_emails_are_rendered_as_text() -> None:
    """A .txt template through the HTML engine escapes O'Brien to O&#x27;Brien."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in LANTERN.rglob("*.py")
        if re.search(r"render_to_string\(\s*f?[\"'][^\"']+\.txt", p.read_text())
    ]
    assert not offenders, f"render plain-text templates with core.mail.render_text: {offenders}"


def _tables_outside_a_scroll_region(text: str) -> list[int]:
    """Lines of each <table> not inside a ``lantern-table-scroll`` region opened before it."""
    lines = []
    for match in re.finditer(r"<table\b", text):
        before = text[: match.start()]
        region = before.rfind("lantern-table-scroll")
        if region == -1 or "</table>" in before[region:]:
            lines.append(before.count("\n") + 1)
    return lines


def test_every_table_scrolls_in_its_own_region() -> None:
    """WCAG 2.2 1.4.10 (reflow): on a 375 px phone a wide table must scroll inside a labelled
    region (``lantern-table-scroll``), never the page. The browser tests catch a wide table only
    where their data makes it wide; this catches every table."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted(LANTERN.rglob("templates/**/*.html"))
        for line in _tables_outside_a_scroll_region(path.read_text())
    ]
    assert not offenders, f"wrap these tables in a lantern-table-scroll region: {offenders}"
