"""An admin's own row in a staff file is a problem reported like any other, not a server error:
nobody gives themselves a role."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lantern.accounts.models import Membership
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_the_admins_own_row_giving_them_a_new_role_is_a_row_problem(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    sign_in(client, admin)
    raw = b"email,full_name,roles\nadmin@example.test,Admin,dpo\nnew@example.test,New,learner\n"
    upload = SimpleUploadedFile("staff.csv", raw, content_type="text/csv")
    response = client.post(f"/organisations/{org.pk}/members/import/", {"file": upload})
    assert response.status_code == 200
    assert "You cannot give yourself a role" in response.content.decode()
    assert not Membership.objects.filter(user=admin, role=Role.DPO).exists()
    assert not Membership.objects.filter(user__email="new@example.test").exists()  # all or none
