"""Writes for the directory of services. Every change is audited with the names of the fields
that changed, not their values."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Organisation, User
from lantern.core.audit import audit_record
from lantern.core.phones import PHONE_MESSAGE, normalise_phone, phone_is_valid
from lantern.directory import hsds_import, rules
from lantern.directory.content import national_services
from lantern.directory.models import Service

SERVICE_FIELDS = (
    "name",
    "description",
    "categories",
    "areas",
    "languages",
    "access",
    "how_to_refer",
    "phone",
    "email",
    "website",
    "hours",
    "address",
    "status",
)
_LIST_FIELDS = ("categories", "languages")
# The longest each text may be, as the model and the form hold them.
_MAX_LENGTH = {
    "name": 120,
    "how_to_refer": 400,
    "phone": 30,
    "email": 254,
    "website": 200,
    "hours": 200,
    "address": 200,
}
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.org"
WEBSITE_MESSAGE = "Enter a web address, like https://www.example.org"
_WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def _text_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """The name, the lengths, the email address and the website: what the form checks, so an
    import or another caller is refused in words instead of failing on save."""
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = "Enter the name of the service"
    for name, limit in _MAX_LENGTH.items():
        if len(values[name]) > limit:
            errors[name] = (
                f"{name.replace('_', ' ').capitalize()} must be {limit} characters or fewer"
            )
    if values["email"] and "email" not in errors:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = EMAIL_MESSAGE
    if values["website"] and "website" not in errors:
        try:
            _WEB_ADDRESS(values["website"])
        except ValidationError:
            errors["website"] = WEBSITE_MESSAGE
    return errors


def _clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = [name for name in fields if name not in SERVICE_FIELDS]
    if unknown:
        raise ValidationError({unknown[0]: "A directory entry does not hold that field."})
    values: dict[str, Any] = {}
    for name in SERVICE_FIELDS:
        raw = fields.get(name)
        if name in _LIST_FIELDS:
            values[name] = sorted({str(v) for v in (raw or [])})
        else:
            values[name] = str(raw or "").strip()
    errors = _text_errors(values)
    if not values["description"]:
        errors["description"] = "Enter what the service does"
    elif len(values["description"]) > rules.MAX_DESCRIPTION:
        errors["description"] = (
            f"Describe the service in {rules.MAX_DESCRIPTION} characters or fewer"
        )
    if not values["categories"]:
        errors["categories"] = "Select what the service offers"
    elif unknown_category := set(values["categories"]) - set(rules.CATEGORIES):
        errors["categories"] = f"Unknown category: {sorted(unknown_category)[0]}"
    areas = rules.area_lines(values["areas"])
    if not areas:
        errors["areas"] = "Enter at least one area the service covers"
    elif len(areas) > rules.MAX_AREAS:
        errors["areas"] = f"Enter {rules.MAX_AREAS} areas or fewer"
    values["areas"] = "\n".join(areas)
    if len(values["languages"]) > rules.MAX_LANGUAGES:
        errors["languages"] = f"Select {rules.MAX_LANGUAGES} languages or fewer"
    values["phone"] = normalise_phone(values["phone"])
    if not phone_is_valid(values["phone"]):
        errors["phone"] = PHONE_MESSAGE
    if not rules.has_contact(values["phone"], values["email"], values["website"]):
        errors["phone"] = rules.CONTACT_MESSAGE
    if not rules.address_allowed(values["categories"], values["address"]):
        errors["address"] = rules.ADDRESS_MESSAGE
    for name in rules.addresses_in_free_text(values["categories"], values):
        errors[name] = rules.ADDRESS_MESSAGE
    if values["access"] not in rules.ACCESS:
        errors["access"] = "Select who can contact the service"
    values["status"] = values["status"] or "active"
    if values["status"] not in rules.STATUSES:
        errors["status"] = "Select whether the service is open"
    if errors:
        raise ValidationError(errors)
    return values


def service_save(
    *,
    actor: User,
    organisation: Organisation,
    fields: Mapping[str, Any],
    service: Service | None = None,
) -> Service:
    """Add an entry to ``organisation``'s part of the directory, or change ``service``.
    The caller has checked that ``actor`` may (``list_service`` or ``edit``)."""
    values = _clean(fields)
    now = timezone.now()
    with transaction.atomic():
        created = service is None
        if service is None:
            service = Service(organisation=organisation)
        else:
            service = Service.objects.select_for_update().get(pk=service.pk)
        changed = [name for name in SERVICE_FIELDS if getattr(service, name) != values[name]]
        if not created and not changed:
            return service
        for name, value in values.items():
            setattr(service, name, value)
        service.updated_at = service.checked_at = now
        service.updated_by = actor
        service.full_clean(exclude=["organisation", "updated_by"])
        service.save()
        audit_record(
            action="directory.service_created" if created else "directory.service_changed",
            actor=actor,
            obj=service,
            organisation_ref=str(service.organisation_id),
            detail={"fields": changed},
        )
    return service


def service_check(*, actor: User, service: Service) -> Service:
    """Record that someone checked the entry is still right (it is no longer flagged)."""
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        service.checked_at = timezone.now()
        service.updated_by = actor
        service.save(update_fields=["checked_at", "updated_by"])
        audit_record(
            action="directory.service_checked",
            actor=actor,
            obj=service,
            organisation_ref=str(service.organisation_id),
        )
    return service


def service_delete(*, actor: User, service: Service) -> None:
    with transaction.atomic():
        pk, org_id = service.pk, service.organisation_id
        Service.objects.filter(pk=pk).delete()
        audit_record(
            action="directory.service_deleted",
            actor=actor,
            object_type="directory.service",
            object_ref=str(pk),
            organisation_ref=str(org_id),
        )


@dataclass
class ImportReport:
    problems: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    # Entries left out because they are not the importing organisation's to keep: another
    # organisation's entries and the national lines, as Lantern's own download holds them.
    left_out: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())


def _rows_to_keep(
    rows: list[hsds_import.Row], organisation: Organisation, report: ImportReport
) -> list[hsds_import.Row]:
    """Leave out, and name, what the importing organisation does not keep: entries the file
    says belong to another organisation in Lantern (as in Lantern's own download) and the
    national lines, which every reader sees already and which no organisation keeps."""
    other_ids = {r.organisation_id for r in rows if r.organisation_id} - {str(organisation.pk)}
    others = {
        str(pk): name
        for pk, name in Organisation.objects.filter(
            pk__in=[i for i in other_ids if _is_uuid(i)]
        ).values_list("pk", "name")
    }
    national_names = {n.name.casefold() for n in national_services()}
    national_numbers = {_digits(n.phone) for n in national_services() if n.phone}
    kept = []
    for row in rows:
        if row.organisation_id in others:
            report.left_out.append(
                f"{row.where}: belongs to {others[row.organisation_id]}, who keep it"
            )
        elif not row.organisation_id and (
            row.fields["name"].casefold() in national_names
            or _digits(row.fields["phone"]) in national_numbers
        ):
            report.left_out.append(f"{row.where}: is a national line, listed for everyone already")
        else:
            kept.append(row)
    return kept


def services_import_hsds(
    *, actor: User, organisation: Organisation, raw: bytes, defaults: hsds_import.Defaults
) -> ImportReport:
    """Add or update ``organisation``'s entries from an Open Referral (HSDS 3.0) JSON file.
    Every service is checked first, as if typed into the form; all are saved in one
    transaction, or none. An entry imported before (same HSDS id), or one of the organisation's
    own entries in Lantern's download (its id), is updated. Entries of other organisations and
    the national lines are left out and named in ``report.left_out``."""
    report = ImportReport()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # a deeply nested file too
        report.problems.append("The file is not JSON saved as UTF-8 text")
        return report
    parsed = hsds_import.parse_services(data, defaults)
    report.problems.extend(parsed.problems)
    report.skipped = parsed.skipped
    rows = _rows_to_keep(parsed.rows, organisation, report)
    cleaned: list[tuple[hsds_import.Row, dict[str, Any]]] = []
    for row in rows:
        try:
            cleaned.append((row, _clean(row.fields)))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in row.reported:  # the parser has said it in the file's words
                    report.problems.extend(f"{row.where}: {m}" for m in messages)
    if not report.ok:
        return report
    if not cleaned:
        report.problems.append(
            "The file has no open services of " + organisation.name + " to import"
            if report.left_out
            else "The file has no open services to import"
        )
        return report
    with transaction.atomic():
        own = Service.objects.select_for_update().filter(organisation=organisation)
        by_external_id = {
            s.external_id: s for s in own.filter(external_id__in=[r.hsds_id for r, _ in cleaned])
        }
        by_pk = {
            str(s.pk): s
            for s in own.filter(pk__in=[r.hsds_id for r, _ in cleaned if _is_uuid(r.hsds_id)])
        }
        now = timezone.now()
        for row, values in cleaned:
            hsds_id = row.hsds_id
            # Lantern's download names an entry by its own id: it is updated, not copied.
            service = by_external_id.get(hsds_id) or (
                by_pk.get(hsds_id) if row.organisation_id == str(organisation.pk) else None
            )
            if service is not None and all(getattr(service, k) == v for k, v in values.items()):
                report.unchanged += 1
                continue
            if service is None:
                service = Service(organisation=organisation, external_id=hsds_id)
                report.created += 1
            else:
                report.updated += 1
            for name, value in values.items():
                setattr(service, name, value)
            service.updated_at = service.checked_at = now
            service.updated_by = actor
            service.full_clean(exclude=["organisation", "updated_by"], validate_constraints=False)
            service.save()
        audit_record(
            action="directory.services_imported",
            actor=actor,
            obj=organisation,
            organisation_ref=str(organisation.pk),
            detail={
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "skipped": report.skipped,
                "left_out": len(report.left_out),
            },
        )
    return report
