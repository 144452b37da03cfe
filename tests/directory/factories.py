"""Directory entries for tests, written through the service as an admin would."""

from __future__ import annotations

from typing import Any

from lantern.accounts.models import Organisation
from lantern.core.roles import Role
from lantern.directory import services
from lantern.directory.models import Service
from tests.helpers import make_user

FORM: dict[str, Any] = {
    "name": "Riverside Advice Project",
    "description": "Free advice on benefits, debt and housing for anyone in the borough.",
    "categories": ["benefits", "housing"],
    "areas": "Camden\n  Islington \n\ncamden",
    "languages": "Polish, Tigrinya",
    "access": "anyone",
    "how_to_refer": "Call, or drop in.",
    "phone": "020  7946 0123",
    "email": "advice@riverside.example.org",
    "website": "https://riverside.example.org",
    "hours": "Monday to Friday, 9am to 5pm",
    "address": "1 Example Street, London",
    "status": "active",
}

FIELDS: dict[str, Any] = {**FORM, "languages": ["pol", "tir"]}


def make_service(org: Organisation, **changes: Any) -> Service:
    admin = make_user(Role.ORG_ADMIN, org=org)
    return services.service_save(actor=admin, organisation=org, fields={**FIELDS, **changes})
