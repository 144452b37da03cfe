"""Synthetic demo cases for the demo caseworker at Safe Harbour Support (demo).

Synthetic only: given names from Faker with a fixed seed, the family name "Example", no dates
of birth, no addresses that exist. Nothing here can be a real person.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from faker import Faker

from lantern.accounts.demo import DEMO_DOMAIN
from lantern.accounts.models import Membership, User
from lantern.core.roles import Role
from lantern.support import services
from lantern.support.models import Case
from lantern.support.models.sections import (
    NeedStatus,
    NeedType,
    RiskCategory,
)

DEMO_CASES: tuple[dict[str, Any], ...] = (
    {
        "age_band": "25-34",
        "gender": "female",
        "nationality": "ER",
        "languages": ["tir"],
        "exploitation_types": ["domestic_servitude"],
        "interpreter_needed": True,
    },
    {
        "age_band": "18-24",
        "gender": "male",
        "nationality": "AL",
        "languages": ["sqi"],
        "exploitation_types": ["criminal"],
        "interpreter_needed": True,
    },
    {
        "age_band": "35-44",
        "gender": "male",
        "nationality": "GB",
        "languages": ["eng"],
        "exploitation_types": ["labour"],
        "interpreter_needed": False,
    },
)


def seed_cases(*, password: str) -> list[str]:
    caseworker = User.objects.filter(email=f"caseworker@{DEMO_DOMAIN}").first()
    if caseworker is None:
        return ["Support: no demo caseworker (run the accounts seeder first)"]
    membership = (
        Membership.objects.filter(user=caseworker, role=Role.CASEWORKER)
        .select_related("organisation", "team")
        .first()
    )
    if membership is None:
        return ["Support: the demo caseworker has no caseworker role"]
    if Case.objects.filter(organisation=membership.organisation).exists():
        return ["Support: demo cases already exist"]
    fake = Faker("en_GB")
    fake.seed_instance(7007)
    today = timezone.localdate()
    lines = ["Support: demo cases for " + caseworker.email]
    with transaction.atomic():
        for spec in DEMO_CASES:
            case = services.case_create(
                actor=caseworker,
                organisation=membership.organisation,
                team=membership.team,
                given_name=fake.first_name(),
                family_name="Example",
                notes="Synthetic demo case.",
                **spec,
            )
            services.section_entry_create(
                actor=caseworker,
                case=case,
                model=services.section_model("needs"),
                section="needs",
                data={
                    "need_type": NeedType.SHELTER,
                    "description": "Needs somewhere safe to stay tonight.",
                    "status": NeedStatus.MET,
                    "how_met": "Emergency bed arranged through the victim care contract.",
                    "met_on": today - timedelta(days=2),
                },
            )
            services.section_entry_create(
                actor=caseworker,
                case=case,
                model=services.section_model("risks"),
                section="risks",
                data={
                    "category": RiskCategory.CONTACT,
                    "description": "The people who controlled them know their phone number.",
                    "likelihood": "medium",
                    "mitigation": "New phone and number provided.",
                    "person_understands": True,
                },
            )
            lines.append(f"  {case.reference}")
    return lines
