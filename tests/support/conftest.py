from __future__ import annotations

from dataclasses import dataclass

import pytest

from lantern.accounts.models import Organisation, Team, User
from lantern.support.models import Case
from tests.helpers import make_org
from tests.support import factories as f


@dataclass
class World:
    org: Organisation
    team: Team
    other_team: Team
    caseworker: User
    teammate: User
    supervisor: User
    dpo: User
    org_admin: User
    other_team_caseworker: User
    other_team_supervisor: User
    other_org: Organisation
    other_org_caseworker: User
    other_org_supervisor: User
    other_org_dpo: User
    case: Case


@pytest.fixture
def world(db: None) -> World:
    org = make_org("Safe Harbour Support (test)")
    team = f.team(org, "Casework")
    other_team = f.team(org, "Outreach")
    caseworker = f.person("caseworker", org, team)
    other_org = make_org("Elsewhere Support (test)")
    other_org_team = f.team(other_org, "Casework")
    return World(
        org=org,
        team=team,
        other_team=other_team,
        caseworker=caseworker,
        teammate=f.person("caseworker", org, team),
        supervisor=f.person("supervisor", org, team),
        dpo=f.person("dpo", org),
        org_admin=f.person("org_admin", org),
        other_team_caseworker=f.person("caseworker", org, other_team),
        other_team_supervisor=f.person("supervisor", org, other_team),
        other_org=other_org,
        other_org_caseworker=f.person("caseworker", other_org, other_org_team),
        other_org_supervisor=f.person("supervisor", other_org, other_org_team),
        other_org_dpo=f.person("dpo", other_org),
        case=f.case(caseworker, org, team),
    )
