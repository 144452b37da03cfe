"""Demo directory entries (LANTERN_ENV demo or test only). Synthetic services of the demo
organisations, with numbers from Ofcom's range for drama (020 7946 0xxx) and example.org
addresses, so nothing here reaches a real service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from lantern.accounts.models import Organisation
from lantern.directory.models import Service

DEMO_SERVICES: tuple[dict[str, Any], ...] = (
    {
        "org": "Safe Harbour Support (demo)",
        "name": "Safe Harbour casework and safe accommodation (demo)",
        "description": "Casework for adults who may be victims of modern slavery, before and "
        "after an NRM referral: safe accommodation, help to see a GP and a solicitor, and "
        "someone to go with them to appointments.",
        "categories": ["accommodation", "advocacy", "nrm_support"],
        "areas": "Hackney\nCamden\nIslington",
        "languages": ["amh", "ara", "tir"],
        "access": "professional",
        "how_to_refer": "Call first to check there is space, then email the referral form.",
        "phone": "020 7946 0311",
        "email": "referrals@safe-harbour.example.org",
        "hours": "Monday to Friday, 9am to 5pm",
    },
    {
        "org": "Islington Community Action (demo)",
        "name": "Community drop-in and English classes (demo)",
        "description": "A weekly drop-in with advice on benefits and money, and free English "
        "classes for beginners.",
        "categories": ["benefits", "esol"],
        "areas": "Islington",
        "languages": ["pol", "ron"],
        "access": "anyone",
        "phone": "020 7946 0522",
        "website": "https://community-action.example.org",
        "hours": "Wednesdays, 10am to 2pm",
        "address": "Community hall, 1 Example Street, London N1",
    },
    {
        "org": "Islington Community Action (demo)",
        "name": "Free legal advice surgery (demo)",
        "description": "Legal and immigration advice from volunteer solicitors, by appointment.",
        "categories": ["immigration", "legal"],
        "areas": "Islington\nCamden",
        "access": "anyone",
        "email": "legal@community-action.example.org",
        "checked_days_ago": 430,
    },
    {
        "org": "Camden Council (demo)",
        "name": "Camden adult safeguarding duty team (demo)",
        "description": "Takes adult safeguarding concerns about people in Camden, including "
        "concerns about modern slavery, and decides on the council's response.",
        "categories": ["safeguarding"],
        "areas": "Camden",
        "access": "anyone",
        "phone": "020 7946 0455",
        "email": "adult-safeguarding@camden.example.org",
        "hours": "Monday to Friday, 9am to 5pm; out of hours, the emergency duty team",
    },
    {
        "org": "North London Hospitals NHS Trust (demo)",
        "name": "Migrant health clinic (demo)",
        "description": "GP-led clinic for people who are not registered with a GP, with "
        "counselling on referral.",
        "categories": ["health", "mental_health"],
        "areas": "Islington\nCamden\nHackney",
        "languages": ["ara", "por"],
        "access": "anyone",
        "phone": "020 7946 0688",
        "hours": "Tuesdays and Thursdays, 1pm to 6pm",
    },
)


def seed_directory() -> list[str]:
    if settings.LANTERN_ENV not in {"demo", "test"}:
        raise RuntimeError("demo data only in LANTERN_ENV=demo or test")
    now = timezone.now()
    made = 0
    for spec in DEMO_SERVICES:
        organisation = Organisation.objects.filter(name=spec["org"]).first()
        if organisation is None:
            continue
        values = {k: v for k, v in spec.items() if k not in {"org", "name", "checked_days_ago"}}
        values["checked_at"] = now - timedelta(days=spec.get("checked_days_ago", 20))
        Service.objects.update_or_create(
            organisation=organisation, name=spec["name"], defaults=values
        )
        made += 1
    return [f"Directory: {made} synthetic local services"] if made else []
