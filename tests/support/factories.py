"""Building blocks for support tests: organisations with teams, people in roles, cases."""

from __future__ import annotations

from datetime import date
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services as accounts
from lantern.accounts.models import Organisation, Team, User
from lantern.core.roles import needs_two_factor
from lantern.support import services
from lantern.support.models import Case, InformationShare, Partner
from tests.helpers import PASSWORD

_counter = {"n": 0}


def person(role: str, org: Organisation, team: Team | None = None, email: str = "") -> User:
    _counter["n"] += 1
    user = accounts.user_create(
        actor=None,
        email=email or f"{role}-{_counter['n']}-{org.pk.hex[:6]}@example.test",
        full_name=f"Test {role.title()} {_counter['n']}",
        password=PASSWORD,
    )
    accounts.membership_grant(actor=None, user=user, organisation=org, role=role, team=team)
    if needs_two_factor({role}):
        TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return user


def team(org: Organisation, name: str = "Casework") -> Team:
    return accounts.team_get_or_create(organisation=org, name=name)


def case(owner: User, org: Organisation, team_: Team | None, **fields: Any) -> Case:
    defaults: dict[str, Any] = {
        "given_name": "Amanuel",
        "family_name": "Example",
        "age_band": "25-34",
        "gender": "male",
        "nationality": "ER",
        "languages": ["tir"],
        "exploitation_types": ["labour"],
        "notes": "Met at the drop-in centre",
    }
    defaults.update(fields)
    return services.case_create(actor=owner, organisation=org, team=team_, **defaults)


def partner(case_: Case, actor: User, name: str = "Haven Legal (test)") -> Partner:
    return services.section_entry_create(
        actor=actor,
        case=case_,
        model=Partner,
        section="partners",
        data={"name": name, "partner_type": "legal", "role_in_plan": "Immigration advice"},
    )


def consent(
    case_: Case, actor: User, partner_: Partner | None = None, decision: str = "given"
) -> Any:
    from lantern.support.models import ConsentRecord

    return services.section_entry_create(
        actor=actor,
        case=case_,
        model=ConsentRecord,
        section="consent",
        data={
            "scope": "share",
            "partner": partner_,
            "decision": decision,
            "explained_limits": True,
            "recorded_on": date(2026, 11, 1),
        },
    )


def share(
    case_: Case,
    actor: User,
    partner_: Partner | None = None,
    what: tuple[str, ...] = ("identity",),
    kind: str = "referral",
) -> InformationShare:
    """A share logged with the person's consent (recorded here for that partner)."""
    partner_ = partner_ or partner(case_, actor)
    consent(case_, actor, partner_)
    return services.information_share_create(
        actor=actor,
        case=case_,
        partner=partner_,
        kind=kind,
        what_shared=list(what),
        purpose="Advice about their immigration status",
        basis="consent",
        actor_may_override=False,
    )


def sample_case(org: Organisation) -> Case:
    """One case per organisation for the route matrix (created once)."""
    existing = Case.objects.filter(organisation=org).first()
    if existing is not None:
        return existing
    t = team(org, "Route matrix team")
    owner = person("caseworker", org, t)
    c = case(owner, org, t)
    partner(c, owner)
    return c


def sample_entry_kwargs(org: Organisation) -> dict[str, Any]:
    c = sample_case(org)
    p = Partner.objects.filter(case=c).first()
    assert p is not None
    return {"case_id": c.pk, "section": "partners", "entry_id": p.pk}


def sample_share_kwargs(org: Organisation) -> dict[str, Any]:
    """A logged share on the route matrix's case (created once)."""
    c = sample_case(org)
    existing = InformationShare.objects.filter(case=c).first()
    if existing is None:
        assert c.owner is not None
        p = Partner.objects.filter(case=c).first()
        existing = share(c, c.owner, p)
    return {"case_id": c.pk, "share_id": existing.pk}
