"""Pages: query counts (no N+1), sections, conflicts, outputs, and the support route matrix."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantern.core.models import AuditEvent
from lantern.core.permissions import policy_of
from lantern.core.roles import Role
from lantern.support import exports, services
from lantern.support.models import Case, PlanGoal, RightsInformation, Risk
from tests.core.test_route_matrix import ROUTES
from tests.helpers import make_org, make_user, sign_in
from tests.route_samples import SAMPLES
from tests.support import factories as f
from tests.support.conftest import World


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_case_list_query_count_does_not_grow_with_cases(world: World) -> None:
    client = _client(world.caseworker)
    url = reverse("support:case_list")
    client.get(url)  # warm up the session
    few = _count(client, url)
    for _ in range(25):
        f.case(world.teammate, world.org, world.team)
    many = _count(client, url)
    assert many == few, (few, many)
    assert many <= 16
    assert "SHS-" in client.get(url).content.decode()


def test_case_page_query_count_does_not_grow_with_entries(world: World) -> None:
    client = _client(world.caseworker)
    url = reverse("support:case_detail", kwargs={"case_id": world.case.pk})
    client.get(url)
    few = _count(client, url)
    for i in range(10):
        services.section_entry_create(
            actor=world.caseworker,
            case=world.case,
            model=Risk,
            section="risks",
            data={"category": "debt", "description": f"Risk {i}", "likelihood": "low"},
        )
        services.section_entry_create(
            actor=world.caseworker,
            case=world.case,
            model=PlanGoal,
            section="goals",
            data={"goal": f"Goal {i}"},
        )
    many = _count(client, url)
    assert many == few, (few, many)
    assert many <= 18
    section_url = reverse(
        "support:case_section", kwargs={"case_id": world.case.pk, "section": "risks"}
    )
    assert _count(client, section_url) <= 18


def test_coverage_panel_reflects_the_record(world: World) -> None:
    client = _client(world.caseworker)
    url = reverse("support:case_detail", kwargs={"case_id": world.case.pk})
    page = client.get(url).content.decode()
    assert "0 of 20" in page and 'data-pc="PC5" data-done="false"' in page
    response = client.post(
        reverse("support:case_section", kwargs={"case_id": world.case.pk, "section": "rights"}),
        {
            "version": "1",
            "language": "tir",
            "format": "audio",
            "interpreter": "none",
            "topics": ["nrm", "support"],
            "given_on": "2026-11-02",
            "person_accepted_format": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "1 of 20" in page and 'data-pc="PC5" data-done="true"' in page
    event = AuditEvent.objects.filter(action="case.section_added").latest("seq")
    assert event.detail["section"] == "rights" and "tir" not in json.dumps(event.detail)


def test_section_form_errors_are_shown_not_saved(world: World) -> None:
    client = _client(world.caseworker)
    url = reverse("support:case_section", kwargs={"case_id": world.case.pk, "section": "needs"})
    response = client.post(url, {"version": "1", "need_type": "food", "status": "met"})
    assert response.status_code == 200
    assert "Enter the date the need was met" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize(
    ("route", "kwargs", "data"),
    [
        ("support:case_section", {"section": "needs"}, {"version": "1", "need_type": "food"}),
        ("support:case_plan", {}, {"version": "0"}),
        ("support:case_share", {}, {"kind": "referral"}),
    ],
)
def test_a_page_shown_again_with_errors_is_a_recorded_view(
    world: World, route: str, kwargs: dict[str, Any], data: dict[str, str]
) -> None:
    """The re-shown form displays the case, so it is audited like any other look at it."""
    f.partner(world.case, world.caseworker)  # the share form is shown once there is a partner
    client = _client(world.caseworker)
    url = reverse(route, kwargs={"case_id": world.case.pk, **kwargs})
    before = AuditEvent.objects.filter(action="case.viewed").count()
    response = client.post(url, data)
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert AuditEvent.objects.filter(action="case.viewed").count() == before + 1


def test_a_stale_edit_in_the_browser_is_shown_as_a_conflict(world: World) -> None:
    risk = services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=Risk,
        section="risks",
        data={"category": "debt", "description": "Owes money", "likelihood": "low"},
    )
    url = reverse(
        "support:case_section_entry",
        kwargs={"case_id": world.case.pk, "section": "risks", "entry_id": risk.pk},
    )
    services.section_entry_update(
        actor=world.teammate,
        entry=risk,
        section="risks",
        data={"likelihood": "high"},
        expected_version=1,
    )
    client = _client(world.caseworker)
    mine = {
        "version": "1",
        "category": "debt",
        "description": "Owes money to the boss",
        "likelihood": "medium",
        "status": "open",
    }
    response = client.post(url, mine)
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="conflict"' in page
    assert "Owes money to the boss" in page  # the person's own input is kept
    assert 'name="version" value="2"' in page
    assert Risk.objects.get(pk=risk.pk).likelihood == "high"
    # Saving again, having seen the conflict, keeps their version.
    response = client.post(url, {**mine, "version": "2"})
    assert response.status_code == 302
    assert Risk.objects.get(pk=risk.pk).likelihood == "medium"


def test_case_details_edit_and_create(world: World) -> None:
    client = _client(world.caseworker)
    response = client.post(
        reverse("support:case_create"),
        {
            "version": "1",
            "given_name": "Selam",
            "age_band": "18-24",
            "gender": "female",
            "nationality": "ER",
            "languages": "tir, eng",
            "exploitation_types": ["sexual"],
        },
    )
    assert response.status_code == 302
    case = Case.objects.exclude(pk=world.case.pk).get()
    assert case.languages == ["tir", "eng"] and case.team == world.team
    response = client.post(
        reverse("support:case_create"),
        {"version": "1", "age_band": "18-24", "gender": "female", "languages": "elvish"},
    )
    assert response.status_code == 200 and "Not recognised: elvish" in response.content.decode()


def test_plan_pdf_htcds_and_subject_access_exports_are_audited(world: World) -> None:
    services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=PlanGoal,
        section="goals",
        data={"goal": "Feel safe where I live", "target_date": date(2027, 1, 31)},
    )
    services.plan_save(
        actor=world.caseworker,
        case=world.case,
        expected_version=0,
        in_their_words="I want to be safe and to work",
        safety_plan="Call 999",
        agreed_with_person=True,
        agreed_on=date(2026, 11, 3),
    )
    client = _client(world.caseworker)
    pdf = client.get(reverse("support:case_plan_pdf", kwargs={"case_id": world.case.pk}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]
    partner = f.partner(world.case, world.caseworker)
    f.consent(world.case, world.caseworker, partner)
    htcds = client.post(
        reverse("support:case_export_htcds", kwargs={"case_id": world.case.pk}),
        {
            "partner": str(partner.pk),
            "purpose": "Continuing support",
            "basis": "consent",
            "confirm": "on",
        },
    )
    doc = json.loads(htcds.content)
    assert doc["htcdsVersion"] == exports.HTCDS_VERSION
    assert doc["prs_Citizenship"] == "ER" and doc["lanternExtensions"]["languages"] == ["tir"]
    assert doc["cas_Status"] == "Active"
    assert doc["lanternExtensions"]["caseReference"] == world.case.reference
    assert doc["lanternExtensions"]["supportPlan"]["objectives"] == ["Feel safe where I live"]
    dpo = _client(world.dpo)
    sar = dpo.get(reverse("support:case_subject_access", kwargs={"case_id": world.case.pk}))
    bundle = json.loads(sar.content)
    assert bundle["case"]["given_name"] == "Amanuel"
    assert bundle["sections"]["goals"][0]["goal"] == "Feel safe where I live"
    assert any(e["action"] == "case.exported" for e in bundle["accessHistory"])
    exported = AuditEvent.objects.filter(action="case.exported", object_ref=str(world.case.pk))
    assert sorted(e.detail["what"] for e in exported) == [
        "export:htcds",
        "export:plan_pdf",
        "export:subject_access",
    ]


SUPPORT_ROUTES = [r for r in ROUTES if r.name.startswith("support:")]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_support_routes_follow_their_policy_for_each_role(role: Role) -> None:
    """The core route matrix, for support routes only (runs even while other apps' samples
    are missing from tests/route_samples.py)."""
    org = make_org()
    user = make_user(role, org=org, email=f"{role}@example.test")
    client = Client()
    sign_in(client, user)
    for route in SUPPORT_ROUTES:
        policy = policy_of(route.callback)
        assert policy is not None, route.name
        kwargs = SAMPLES[route.name](org) if route.has_params else {}
        response = client.get(reverse(route.name, kwargs=kwargs))
        if policy.allows(user):
            assert response.status_code != 403, (role, route.name)
        else:
            assert response.status_code == 403, (role, route.name)


@pytest.mark.django_db
def test_support_routes_send_anonymous_visitors_to_sign_in(client: Client) -> None:
    org = make_org()
    for route in SUPPORT_ROUTES:
        kwargs = SAMPLES[route.name](org) if route.has_params else {}
        response = client.get(reverse(route.name, kwargs=kwargs))
        assert response.status_code == 302 and "/sign-in/" in response["Location"], route.name


@pytest.mark.django_db
def test_demo_seeder_creates_synthetic_cases_for_the_demo_caseworker() -> None:
    from lantern.accounts.demo import seed_accounts
    from lantern.support.demo import seed_cases

    seed_accounts(password="demo-password-for-tests")
    lines = seed_cases(password="demo-password-for-tests")
    cases = list(Case.objects.all())
    assert len(cases) == 3 and len(lines) == 4
    assert all(c.family_name == "Example" and c.date_of_birth == "" for c in cases)
    assert seed_cases(password="x") == ["Support: demo cases already exist"]


def test_case_pages_are_never_cached(world: World) -> None:
    client = _client(world.caseworker)
    response = client.get(reverse("support:case_detail", kwargs={"case_id": world.case.pk}))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_sections_register_their_criteria_with_the_standards_app() -> None:
    from lantern.support.standard import register_standard_coverage

    summary = register_standard_coverage()
    assert summary == "support: 21 SFJBMS05 criteria recorded by case-record sections", summary


def test_change_links_name_the_entry_they_change(world: World) -> None:
    for day in (2, 3):
        services.section_entry_create(
            actor=world.caseworker,
            case=world.case,
            model=RightsInformation,
            section="rights",
            data={
                "language": "tir",
                "format": "written",
                "topics": ["nrm"],
                "given_on": date(2026, 11, day),
            },
        )
    url = reverse("support:case_section", kwargs={"case_id": world.case.pk, "section": "rights"})
    html = _client(world.caseworker).get(url).content.decode()
    for day in (2, 3):
        assert (
            'Change<span class="govuk-visually-hidden"> rights information given '
            f"{day} Nov 2026</span>"
        ) in html
    assert "entry 1" not in html


def test_send_for_approval_is_offered_only_when_the_plan_can_go(world: World) -> None:
    services.plan_save(
        actor=world.caseworker,
        case=world.case,
        expected_version=0,
        in_their_words="I want to be safe",
        safety_plan="",
        agreed_with_person=True,
        agreed_on=date(2026, 11, 3),
    )
    client = _client(world.caseworker)
    url = reverse("support:case_plan", kwargs={"case_id": world.case.pk})
    html = client.get(url).content.decode()
    assert "Send for approval" not in html
    assert "Add at least one goal, in the person&#x27;s words" in html
    services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=PlanGoal,
        section="goals",
        data={"goal": "See a doctor"},
    )
    html = client.get(url).content.decode()
    assert "Send for approval" in html and 'data-testid="submit-problems"' not in html


def test_the_case_list_shows_a_plan_or_closure_waiting_for_approval(world: World) -> None:
    services.plan_save(
        actor=world.caseworker,
        case=world.case,
        expected_version=0,
        in_their_words="I want to be safe",
        safety_plan="",
        agreed_with_person=True,
        agreed_on=date(2026, 11, 3),
    )
    services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=PlanGoal,
        section="goals",
        data={"goal": "See a doctor"},
    )
    client = _client(world.supervisor)
    url = reverse("support:case_list")
    assert "Plan waiting for approval" not in client.get(url).content.decode()
    services.plan_submit(actor=world.caseworker, case=world.case)
    assert "Plan waiting for approval" in client.get(url).content.decode()
    services.closure_request(actor=world.caseworker, case=world.case, reason="moved_away")
    assert "Closure waiting for approval" in client.get(url).content.decode()
