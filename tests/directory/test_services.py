"""Keeping a directory entry: validated, atomic and audited by field name only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.directory import services
from lantern.directory.models import Service
from tests.directory.factories import FIELDS, make_service
from tests.helpers import make_org, make_user

pytestmark = pytest.mark.django_db


def test_an_entry_is_saved_clean_and_audited_without_its_values() -> None:
    org = make_org("Riverside Council")
    service = make_service(org)
    assert service.phone == "020 7946 0123"
    assert service.area_list() == ["Camden", "Islington"]
    assert service.languages == ["pol", "tir"] and service.language_labels() == [
        "Polish",
        "Tigrinya",
    ]
    event = AuditEvent.objects.get(action="directory.service_created")
    assert event.organisation_ref == str(org.pk) and "phone" in event.detail["fields"]
    assert "7946" not in str(event.detail) and "riverside.example.org" not in str(event.detail)


def test_saving_the_same_again_records_nothing_and_a_change_records_its_fields() -> None:
    org = make_org()
    service = make_service(org)
    admin = make_user(Role.ORG_ADMIN, org=org)
    services.service_save(actor=admin, organisation=org, fields=FIELDS, service=service)
    assert not AuditEvent.objects.filter(action="directory.service_changed").exists()
    services.service_save(
        actor=admin, organisation=org, fields={**FIELDS, "hours": "Weekends"}, service=service
    )
    assert AuditEvent.objects.get(action="directory.service_changed").detail == {
        "fields": ["hours"]
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"categories": ["accommodation"]}, "address", "Do not give the address of safe"),
        ({"phone": "", "email": "", "website": ""}, "phone", "at least one way to reach"),
        ({"phone": "call us"}, "phone", "Enter a phone number"),
        ({"phone": "----------"}, "phone", "Enter a phone number"),
        ({"phone": "0000000000"}, "phone", "Enter a phone number"),
        ({"categories": []}, "categories", "Select what the service offers"),
        ({"categories": ["yoga"]}, "categories", "Unknown category"),
        ({"areas": " \n "}, "areas", "at least one area"),
        ({"access": "friends"}, "access", "Select who can contact"),
        ({"colour": "blue"}, "colour", "does not hold that field"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_written(
    changes: dict[str, object], field: str, message: str
) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.service_save(actor=admin, organisation=org, fields={**FIELDS, **changes})
    assert message in " ".join(caught.value.message_dict[field])
    assert not Service.objects.exists() and AuditEvent.objects.count() == events


def test_checking_clears_the_flag_and_removing_is_audited() -> None:
    org = make_org()
    service = make_service(org)
    Service.objects.filter(pk=service.pk).update(checked_at=timezone.now() - timedelta(days=400))
    service.refresh_from_db()
    assert service.needs_review
    admin = make_user(Role.ORG_ADMIN, org=org)
    assert not services.service_check(actor=admin, service=service).needs_review
    services.service_delete(actor=admin, service=service)
    assert not Service.objects.exists()
    assert AuditEvent.objects.filter(
        action="directory.service_deleted", object_ref=str(service.pk)
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"website": "javascript:alert(1)"}, "website"),
        ({"email": "not an address"}, "email"),
        ({"description": "x" * 601}, "description"),
        ({"name": "x" * 121}, "name"),
    ],
)
def test_the_service_refuses_what_the_form_would_not_let_through(
    changes: dict[str, object], field: str
) -> None:
    """A link or address shown to every reader is checked by the service itself, not only the
    form: nothing reaches a page as a ``javascript:`` link or an unbounded text."""
    org = make_org()
    with pytest.raises(ValidationError) as caught:
        services.service_save(
            actor=make_user(Role.ORG_ADMIN, org=org), organisation=org, fields={**FIELDS, **changes}
        )
    assert field in caught.value.message_dict
    assert not Service.objects.exists()


def test_a_number_written_any_way_is_one_a_phone_can_dial() -> None:
    from lantern.core.phones import tel_href

    assert tel_href("(020) 7946-0123") == "tel:02079460123"
    assert tel_href("+44 20 7946 0123") == "tel:+442079460123"


@pytest.mark.parametrize(
    "changes",
    [
        {"how_to_refer": "Bring them to 12 Acacia Avenue"},
        {"description": "Beds for women, near NW1 2DB."},
        {"hours": "Ring the bell at 3a Mill Lane any time"},
    ],
)
def test_a_safe_house_address_in_any_free_text_is_refused(changes: dict[str, str]) -> None:
    org = make_org()
    with pytest.raises(ValidationError) as caught:
        services.service_save(
            actor=make_user(Role.ORG_ADMIN, org=org),
            organisation=org,
            fields={**FIELDS, "categories": ["accommodation"], "address": "", **changes},
        )
    (field,) = changes
    assert "Do not give the address" in " ".join(caught.value.message_dict[field])
    assert not Service.objects.exists()
