"""Encryption at rest, database constraints, stale edits, plan approval, closure, retention."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lantern.core.audit import audit_verify
from lantern.core.models import AuditEvent
from lantern.support import services
from lantern.support.models import (
    Case,
    ConsentRecord,
    ImmediateNeed,
    PersonAccount,
    PlanGoal,
    RetentionRun,
    RightsInformation,
    Risk,
    SupportPlan,
)
from tests.support import factories as f
from tests.support.conftest import World


def _raw(table: str, column: str, pk: Any) -> str:
    with connection.cursor() as cursor:
        pk_value = pk.hex if connection.vendor == "sqlite" else pk
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk_value])
        return str(cursor.fetchone()[0])


def test_personal_fields_are_not_plaintext_in_the_database(world: World) -> None:
    case = world.case
    services.case_update(
        actor=world.caseworker,
        case=case,
        expected_version=1,
        date_of_birth="14/03/1990",
        age_band="unknown",  # a date of birth must agree with a known age band
        contact_details="07700 900123",
        place_of_safety_address="1 Example Road",
        aliases="Amani",
    )
    account = services.section_entry_create(
        actor=world.caseworker,
        case=case,
        model=PersonAccount,
        section="account",
        data={"recorded_on": date(2026, 11, 2), "account": "I was told I owed a debt"},
    )
    table = Case._meta.db_table
    for column, plain in [
        ("given_name", "Amanuel"),
        ("family_name", "Example"),
        ("date_of_birth", "14/03/1990"),
        ("contact_details", "07700 900123"),
        ("place_of_safety_address", "1 Example Road"),
        ("aliases", "Amani"),
        ("notes", "drop-in"),
    ]:
        raw = _raw(table, column, case.pk)
        assert raw.startswith("fernet:") and plain not in raw, column
    raw_account = _raw(PersonAccount._meta.db_table, "account", account.pk)
    assert raw_account.startswith("fernet:") and "debt" not in raw_account
    # ...and the application reads them back.
    assert Case.objects.get(pk=case.pk).contact_details == "07700 900123"
    assert PersonAccount.objects.get(pk=account.pk).account == "I was told I owed a debt"


def test_key_rotation_re_encrypts_case_fields(world: World, settings: Any) -> None:
    from cryptography.fernet import Fernet

    before = _raw(Case._meta.db_table, "given_name", world.case.pk)
    settings.FIELD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        *settings.FIELD_ENCRYPTION_KEYS,
    ]  # type: ignore[attr-defined]
    call_command("rotate_keys")
    after = _raw(Case._meta.db_table, "given_name", world.case.pk)
    assert after != before
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    assert Case.objects.get(pk=world.case.pk).given_name == "Amanuel"


def test_references_are_pseudonymous_and_sequential(world: World) -> None:
    second = f.case(world.caseworker, world.org, world.team)
    year = timezone.localdate().year
    assert world.case.reference == f"SHS-{year}-0001"
    assert second.reference == f"SHS-{year}-0002"
    assert "Amanuel" not in second.reference


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Case, {"nationality": "er"}),  # not ISO 3166-1 alpha-2
        (Case, {"status": "lost"}),
        (Case, {"status": "closed"}),  # closed without a closure date or retention date
    ],
)
def test_database_constraints_on_cases(world: World, model: Any, values: dict[str, str]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=world.case.pk).update(**values)


def test_database_constraints_on_sections(world: World) -> None:
    base = {"case": world.case, "created_by": world.caseworker}
    with pytest.raises(IntegrityError), transaction.atomic():
        ImmediateNeed.objects.create(**base, need_type="food", status="met")  # met: no date
    with pytest.raises(IntegrityError), transaction.atomic():
        RightsInformation.objects.create(
            **base, language="tir", format="interpreter", interpreter="none", given_on=date.today()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(
            **base,
            scope="share",
            decision="given",
            explained_limits=False,
            recorded_on=date.today(),
        )


def test_a_stale_edit_of_the_case_is_refused(world: World) -> None:
    case = world.case
    services.case_update(actor=world.caseworker, case=case, expected_version=1, notes="first")
    with pytest.raises(services.EditConflict) as conflict:
        services.case_update(actor=world.teammate, case=case, expected_version=1, notes="second")
    assert conflict.value.current.version == 2
    assert Case.objects.get(pk=case.pk).notes == "first"
    assert AuditEvent.objects.filter(action="case.updated").count() == 1


def test_a_stale_edit_of_a_section_entry_is_refused(world: World) -> None:
    risk = services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=Risk,
        section="risks",
        data={"category": "contact", "description": "Phone known", "likelihood": "high"},
    )
    services.section_entry_update(
        actor=world.caseworker,
        entry=risk,
        section="risks",
        data={"likelihood": "medium"},
        expected_version=1,
    )
    with pytest.raises(services.EditConflict):
        services.section_entry_update(
            actor=world.teammate,
            entry=risk,
            section="risks",
            data={"person_understands": True},
            expected_version=1,
        )
    saved = Risk.objects.get(pk=risk.pk)
    assert (saved.likelihood, saved.person_understands, saved.version) == ("medium", False, 2)


def test_consent_and_sharing_records_are_append_only(world: World) -> None:
    record = f.consent(world.case, world.caseworker)
    with pytest.raises(ValueError, match="append-only"):
        services.section_entry_update(
            actor=world.caseworker, entry=record, section="consent", data={}, expected_version=1
        )


def _agreed_plan(world: World) -> SupportPlan:
    services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=PlanGoal,
        section="goals",
        data={"goal": "Find work I choose"},
    )
    return services.plan_save(
        actor=world.caseworker,
        case=world.case,
        expected_version=0,
        in_their_words="I want to feel safe",
        safety_plan="",
        agreed_with_person=True,
        agreed_on=date(2026, 11, 3),
    )


def test_plan_approval_needs_a_second_person_and_a_change_reopens_it(world: World) -> None:
    plan = _agreed_plan(world)
    services.plan_submit(actor=world.caseworker, case=world.case)
    with pytest.raises(services.EditConflict):
        services.plan_approve(actor=world.supervisor, case=world.case, expected_version=0)
    plan = services.plan_approve(actor=world.supervisor, case=world.case, expected_version=1)
    assert plan.status == "approved" and plan.approved_by == world.supervisor
    # A new goal sends the plan back to draft: the approval covered the plan as it was.
    services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=PlanGoal,
        section="goals",
        data={"goal": "Learn English"},
    )
    assert SupportPlan.objects.get(pk=plan.pk).status == "draft"
    # Nobody approves their own draft, at the service and in the database.
    services.plan_submit(actor=world.caseworker, case=world.case)
    with pytest.raises(ValidationError):
        services.plan_approve(actor=world.caseworker, case=world.case, expected_version=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportPlan.objects.filter(pk=plan.pk).update(
            status="approved", approved_by=world.caseworker, approved_at=timezone.now()
        )


def test_closure_sets_retention_and_the_job_anonymises_and_records_it(
    world: World, settings: Any
) -> None:
    settings.SUPPORT_RETENTION_DAYS = 30
    case = world.case
    f.consent(case, world.caseworker, f.partner(case, world.caseworker))
    services.closure_request(actor=world.caseworker, case=case, reason="support_complete")
    with pytest.raises(ValidationError):
        services.closure_approve(actor=world.caseworker, case=case)
    closed = services.closure_approve(actor=world.supervisor, case=case)
    assert closed.status == "closed"
    assert closed.retention_until == timezone.localdate() + timedelta(days=30)
    run = services.anonymise_expired_cases(today=timezone.localdate() + timedelta(days=31))
    assert run.cases_anonymised == 1 and RetentionRun.objects.count() == 1
    gone = Case.objects.get(pk=case.pk)
    assert gone.anonymised_at is not None and gone.given_name == "" and gone.notes == ""
    assert gone.nationality == "ER"  # non-identifying facts stay for statistics
    assert not ConsentRecord.objects.filter(case=case).exists()
    assert AuditEvent.objects.filter(action="case.anonymised", object_ref=str(case.pk)).exists()
    assert AuditEvent.objects.filter(action="support.retention_run").exists()
    # Running again finds nothing more and says so.
    assert (
        services.anonymise_expired_cases(
            today=timezone.localdate() + timedelta(days=31)
        ).cases_anonymised
        == 0
    )
    call_command("support_anonymise")
    assert audit_verify().ok


def test_editing_or_deleting_a_case_audit_row_is_detected(world: World) -> None:
    from tests.core.test_audit import _tamper

    services.case_access_record(actor=world.caseworker, case=world.case, what="case")
    event = AuditEvent.objects.filter(object_ref=str(world.case.pk)).order_by("-seq").first()
    assert event is not None and audit_verify().ok
    _tamper(
        f"UPDATE {AuditEvent._meta.db_table} SET actor_ref = %s WHERE seq = %s", ["", event.seq]
    )
    report = audit_verify()
    assert not report.ok and report.broken_seq == event.seq
    with pytest.raises(Exception, match="BROKEN"):
        call_command("audit_verify")


def test_deleting_a_case_audit_row_is_detected(world: World) -> None:
    from tests.core.test_audit import _tamper

    first = AuditEvent.objects.filter(action="case.created", object_ref=str(world.case.pk)).get()
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = %s", [first.seq])
    assert not audit_verify().ok
