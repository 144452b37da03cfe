"""Synthetic demo organisations and people, one account per role. Never used in production.

Every name comes from Faker with a fixed seed; every email address is on the reserved
``.test`` domain, so nothing here can be a real person or mailbox.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from lantern.accounts import services
from lantern.accounts.models import Nation, Organisation, OrganisationType, User
from lantern.core.roles import Role, needs_two_factor

DEMO_DOMAIN = "demo.lantern.test"


@dataclass(frozen=True)
class DemoOrg:
    key: str
    name: str
    org_type: str
    borough: str
    region: str = "London"


@dataclass(frozen=True)
class DemoAccount:
    local_part: str
    org_key: str
    roles: tuple[str, ...]
    job: str
    team: str = ""

    @property
    def email(self) -> str:
        return f"{self.local_part}@{DEMO_DOMAIN}"


DEMO_ORGS = (
    DemoOrg("camden", "Camden Council (demo)", OrganisationType.LOCAL_AUTHORITY, "Camden"),
    DemoOrg("hackney", "Hackney Council (demo)", OrganisationType.LOCAL_AUTHORITY, "Hackney"),
    DemoOrg("police", "North London Police (demo)", OrganisationType.POLICE, "Islington"),
    DemoOrg("nhs", "North London Hospitals NHS Trust (demo)", OrganisationType.HEALTH, "Islington"),
    DemoOrg(
        "haven", "Safe Harbour Support (demo)", OrganisationType.NGO_FIRST_RESPONDER, "Hackney"
    ),
    DemoOrg("action", "Islington Community Action (demo)", OrganisationType.NGO, "Islington"),
    DemoOrg("platform", services.PLATFORM_ORGANISATION_NAME, OrganisationType.OTHER, "", ""),
)

DEMO_ACCOUNTS = (
    DemoAccount("learner", "nhs", (Role.LEARNER,), "Nurse, emergency department"),
    DemoAccount("ehofficer", "camden", (Role.LEARNER,), "Environmental health officer"),
    DemoAccount("officer", "police", (Role.LEARNER,), "Police constable"),
    DemoAccount("facilitator", "hackney", (Role.FACILITATOR,), "Safeguarding adults lead"),
    DemoAccount("lead", "camden", (Role.PROGRAMME_LEAD,), "Modern slavery programme lead"),
    DemoAccount("caseworker", "haven", (Role.CASEWORKER,), "Support worker", "Casework"),
    DemoAccount("supervisor", "haven", (Role.SUPERVISOR,), "Casework supervisor", "Casework"),
    DemoAccount("orgadmin", "camden", (Role.ORG_ADMIN,), "Service administrator"),
    DemoAccount("dpo", "haven", (Role.DPO,), "Data protection officer"),
    DemoAccount("author", "platform", (Role.STANDARDS_AUTHOR,), "Standards author"),
    DemoAccount("admin", "platform", (Role.PLATFORM_ADMIN,), "Platform administrator"),
)


def _organisations() -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for spec in DEMO_ORGS:
        org = Organisation.objects.filter(name=spec.name).first()
        if org is None:
            org = services.organisation_create(
                actor=None,
                name=spec.name,
                org_type=spec.org_type,
                nation=Nation.ENGLAND,
                region=spec.region,
                borough=spec.borough,
            )
        orgs[spec.key] = org
    return orgs


def demo_totp_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True, name="Demo authenticator").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
    return device


def seed_accounts(*, password: str) -> list[str]:
    """Create (or refresh) one demo account per role. Returns the lines to print."""
    fake = Faker("en_GB")
    lines = ["Demo accounts (password for all: " + password + ")"]
    with transaction.atomic():
        orgs = _organisations()
        for index, spec in enumerate(DEMO_ACCOUNTS):
            fake.seed_instance(1000 + index)
            user = User.objects.filter(email=spec.email).first()
            if user is None:
                user = services.user_create(
                    actor=None, email=spec.email, full_name=fake.name(), password=password
                )
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            org = orgs[spec.org_key]
            team = (
                services.team_get_or_create(organisation=org, name=spec.team) if spec.team else None
            )
            for role in spec.roles:
                services.membership_grant(
                    actor=None, user=user, organisation=org, role=role, team=team
                )
            extra = ""
            if needs_two_factor(set(spec.roles)):
                demo_totp_device(user)
                extra = f"  [two-factor: bin/lantern totp_code {spec.email}]"
            lines.append(
                f"  {', '.join(str(Role(r).label) for r in spec.roles):<26} {spec.email:<36} "
                f"{spec.job}, {org.name}{extra}"
            )
    return lines
