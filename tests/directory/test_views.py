"""The directory in the browser's place: search it as a member, keep it as an admin."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantern.accounts.models import OrganisationType
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.directory.models import Service
from tests.directory.factories import FORM, make_service
from tests.helpers import make_org, make_user, signed_in

pytestmark = pytest.mark.django_db


def test_a_member_finds_national_lines_and_local_services() -> None:
    org = make_org("Riverside Council", borough="Camden")
    make_service(org)
    make_service(org, name="Hackney Safe Beds", categories=["accommodation"], areas="Hackney",
                 address="", languages=[])  # fmt: skip
    client = signed_in(make_user(Role.LEARNER, org=org))

    page = client.get("/services/").content.decode()
    assert page.count('data-testid="national-service"') == 3
    assert "08000 121 700" in page and 'href="tel:08000121700"' in page
    assert "To be confirmed" in page  # what FACTS.md does not say is not guessed
    assert page.count('data-testid="local-service"') == 2
    assert 'data-testid="suggested-area"' in page and "?area=Camden" in page

    found = client.get("/services/?area=camden&language=tir").content.decode()
    assert found.count('data-testid="local-service"') == 1 and "Riverside Advice Project" in found
    assert "Polish, Tigrinya" in found and 'href="tel:02079460123"' in found
    assert "1 of 2 services match" in found
    # National lines serve every area, but none says which languages it speaks.
    assert "No national line matches this search" in found
    by_area = client.get("/services/?area=Hackney").content.decode()
    assert by_area.count('data-testid="national-service"') == 3
    assert by_area.count('data-testid="local-service"') == 1 and "Hackney Safe Beds" in by_area

    none = client.get("/services/?q=solicitor").content.decode()
    assert "No local service matches this search" in none


def test_the_directory_reads_in_a_fixed_number_of_queries() -> None:
    org = make_org()
    client = signed_in(make_user(Role.LEARNER, org=org))
    make_service(org)
    client.get("/services/")
    with CaptureQueriesContext(connection) as one:
        client.get("/services/")
    for i in range(5):
        make_service(org, name=f"Service {i}")
    with CaptureQueriesContext(connection) as six:
        assert client.get("/services/").content.decode().count('data-testid="local-service"') == 6
    assert len(six) == len(one)


def test_an_admin_adds_changes_checks_and_removes_their_entries() -> None:
    org = make_org("Riverside Council")
    admin = make_user(Role.ORG_ADMIN, org=org)
    client = signed_in(admin)
    assert "Your services in the directory" in client.get("/home/").content.decode()

    bad = client.post(f"/services/manage/{org.pk}/new/", {**FORM, "categories": ["accommodation"],
                                                         "languages": "Polglish"})  # fmt: skip
    body = bad.content.decode()
    assert bad.status_code == 200 and "There is a problem" in body
    assert "We do not know the language" in body and "Do not give the address" in body
    assert not Service.objects.exists()

    response = client.post(f"/services/manage/{org.pk}/new/", FORM)
    assert response.status_code == 302 and response["Location"] == "/services/manage/"
    service = Service.objects.get()
    assert service.languages == ["pol", "tir"] and service.updated_by == admin
    manage = client.get("/services/manage/").content.decode()
    assert 'data-testid="managed-service"' in manage and "Riverside Advice Project" in manage

    edit = client.get(f"/services/manage/services/{service.pk}/").content.decode()
    assert 'value="Polish, Tigrinya"' in edit
    client.post(
        f"/services/manage/services/{service.pk}/", {**FORM, "status": "temporarily closed"}
    )
    service.refresh_from_db()
    assert service.status == "temporarily closed"
    assert "Temporarily closed" in client.get("/services/").content.decode()

    assert client.post(f"/services/manage/services/{service.pk}/check/").status_code == 302
    assert AuditEvent.objects.filter(action="directory.service_checked").exists()
    assert (
        "Remove Riverside"
        in client.get(f"/services/manage/services/{service.pk}/remove/").content.decode()
    )
    client.post(f"/services/manage/services/{service.pk}/remove/")
    assert not Service.objects.exists()


def test_nobody_else_changes_an_entry() -> None:
    org = make_org("Own Council")
    service = make_service(org)
    other_admin = make_user(Role.ORG_ADMIN, org=make_org("Other Council"))
    client = signed_in(other_admin)
    for url in (
        f"/services/manage/services/{service.pk}/",
        f"/services/manage/services/{service.pk}/remove/",
        f"/services/manage/{org.pk}/new/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/services/manage/services/{service.pk}/check/").status_code == 404
    assert client.post(f"/services/manage/services/{service.pk}/remove/").status_code == 404
    assert Service.objects.filter(pk=service.pk).exists()
    learner = signed_in(make_user(Role.LEARNER, org=org))
    assert learner.get(f"/services/manage/services/{service.pk}/").status_code == 403
    assert Client().get("/services/")["Location"].startswith("/sign-in/")


def test_the_worried_result_points_signed_in_members_to_the_directory() -> None:
    from lantern.respond import flow
    from tests.respond.factories import EHO_ANSWERS

    org = make_org("Result Council", org_type=OrganisationType.LOCAL_AUTHORITY, borough="Camden")
    client = signed_in(make_user(Role.LEARNER, org=org))
    page = client.get(f"/worried/result/?a={flow.dumps(EHO_ANSWERS)}").content.decode()
    assert 'data-testid="directory-link"' in page
    visitor = Client().get(f"/worried/result/?a={flow.dumps(EHO_ANSWERS)}").content.decode()
    assert 'data-testid="directory-link"' not in visitor


def test_a_caseworker_records_a_service_from_the_directory_in_their_case() -> None:
    from lantern.support.models import ServiceReferral
    from tests.support import factories

    org = make_org("Haven Support", org_type=OrganisationType.NGO_FIRST_RESPONDER)
    make_service(org, name="Migrant health clinic", categories=["legal", "health"])
    caseworker = factories.person(Role.CASEWORKER, org, factories.team(org))
    case = factories.case(caseworker, org, factories.team(org))
    client = signed_in(caseworker)

    section = client.get(f"/cases/{case.pk}/services/").content.decode()
    assert f"/services/?for_case={case.pk}" in section
    page = client.get(f"/services/?for_case={case.pk}").content.decode()
    assert 'data-testid="for-case"' in page and "Amanuel" not in page  # nothing of the case
    assert page.count('data-testid="record-in-case"') == 1
    # A search keeps the case to return to.
    searched = client.get(f"/services/?for_case={case.pk}&q=clinic").content.decode()
    assert f'name="for_case" value="{case.pk}"' in searched and "record-in-case" in searched

    link = (
        f"/cases/{case.pk}/services/?provider=Migrant%20health%20clinic&categories=health%2Clegal"
    )
    assert link.split("?")[1] in page.replace("&amp;", "&")
    form = client.get(link).content.decode()
    assert 'value="Migrant health clinic"' in form and '<option value="gp" selected>' in form
    assert not ServiceReferral.objects.exists()  # nothing is saved until the worker saves
    # Only the services section takes a prefill; another section ignores the same query.
    partners = client.get(f"/cases/{case.pk}/partners/?provider=Migrant%20health%20clinic")
    assert "Migrant health clinic" not in partners.content.decode()

    # Someone who cannot see the case gets nothing from the link.
    outsider = signed_in(make_user(Role.LEARNER, org=make_org("Elsewhere")))
    assert outsider.get(link).status_code in (403, 404)
    assert "record-in-case" not in outsider.get("/services/?for_case=not-a-uuid").content.decode()


def test_a_safe_house_address_in_how_to_refer_is_refused_by_the_form() -> None:
    org = make_org("Riverside Council")
    client = signed_in(make_user(Role.ORG_ADMIN, org=org))
    response = client.post(
        f"/services/manage/{org.pk}/new/",
        {
            **FORM,
            "categories": ["accommodation"],
            "address": "",
            "how_to_refer": "Bring them to 12 Acacia Avenue, NW1 2DB",
        },
    )
    assert response.status_code == 200
    assert "Do not give the address of safe accommodation" in response.content.decode()
    assert not Service.objects.exists()


def test_one_invalid_search_value_keeps_the_other_filters_and_says_what_is_wrong() -> None:
    org = make_org("Riverside Council")
    make_service(org)  # Camden and Islington, benefits and housing
    make_service(org, name="Hackney Legal", areas="Hackney", categories=["legal"])
    client = signed_in(make_user(Role.LEARNER, org=org))
    page = client.get("/services/", {"area": "Hackney", "category": "yoga"}).content.decode()
    assert "Hackney Legal" in page and "Riverside Advice Project" not in page
    assert "Select what they offer from the list" in page
    assert "is not one of the available choices" not in page
    long = client.get("/services/", {"area": "Hackney", "q": "x" * 101}).content.decode()
    assert "Hackney Legal" in long and "Riverside Advice Project" not in long
    assert "Search with 100 characters or fewer" in long
