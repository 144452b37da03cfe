"""Sample URL arguments for every route that takes some.

The route-matrix test (tests/core/test_route_matrix.py) requests every URL pattern as an
anonymous visitor and as each role. A route with parameters needs a sample here, built from
real rows; a new parameterised route without one fails the test, so it cannot ship unguarded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lantern.accounts.models import Membership, Organisation

SampleFactory = Callable[[Organisation], dict[str, Any]]


def _membership(org: Organisation) -> dict[str, Any]:
    membership = Membership.objects.filter(organisation=org).first()
    assert membership is not None
    return {"org_id": org.pk, "membership_id": membership.pk}


def _member(org: Organisation) -> dict[str, Any]:
    from tests.helpers import make_user

    return {"org_id": org.pk, "user_id": make_user("learner", org=org).pk}


def _support_case(org: Organisation) -> dict[str, Any]:
    from tests.support.factories import sample_case

    return {"case_id": sample_case(org).pk}


def _support_entry(org: Organisation) -> dict[str, Any]:
    from tests.support.factories import sample_entry_kwargs

    return sample_entry_kwargs(org)


def _support_share(org: Organisation) -> dict[str, Any]:
    from tests.support.factories import sample_share_kwargs

    return sample_share_kwargs(org)


def _standards(name: str) -> SampleFactory:
    """A sample from tests/standards/samples.py (imported lazily, like the others)."""

    def factory(org: Organisation) -> dict[str, Any]:
        from tests.standards import samples

        result: dict[str, Any] = getattr(samples, name)(org)
        return result

    return factory


def _respond_draft(org: Organisation) -> dict[str, Any]:
    from tests.respond.factories import sample_draft

    return {"draft_id": sample_draft(org).pk}


def _learning(name: str) -> SampleFactory:
    """A sample from tests/learning/factories.py (imported lazily, like the others)."""

    def factory(org: Organisation) -> dict[str, Any]:
        from tests.learning import factories

        result: dict[str, Any] = getattr(factories, name)(org)
        return result

    return factory


def _directory_service(org: Organisation) -> dict[str, Any]:
    from tests.directory.factories import make_service

    return {"service_id": make_service(org).pk}


def _lms_connection(org: Organisation) -> dict[str, Any]:
    """The organisation's LMS connection (made once, through the service, by an admin)."""
    from lantern.accounts.models import User
    from lantern.learning.models import LmsConnection
    from lantern.learning.services import lms_connection_create
    from tests.helpers import make_user

    existing = LmsConnection.objects.filter(organisation=org).first()
    if existing is None:
        admin = User.objects.filter(
            memberships__organisation=org, memberships__role="org_admin"
        ).first()
        existing = lms_connection_create(
            actor=admin or make_user("org_admin", org=org),
            organisation=org,
            name="Sample LMS",
            endpoint="https://lms.example.org/xapi/",
        )
    return {"connection_id": existing.pk}


def _lms_launch(org: Organisation) -> dict[str, Any]:
    """The launch address without cmi5's parameters: public, and it answers 400."""
    from tests.learning.factories import course

    return {**_lms_connection(org), "course": course().slug}


def _badge_key() -> dict[str, Any]:
    from lantern.learning import badge_keys

    key = badge_keys.current_key()
    assert key is not None, "demo and test runs sign badges"
    return {"thumbprint": key.thumbprint}


SAMPLES: dict[str, SampleFactory] = {
    "respond:draft_detail": _respond_draft,
    "respond:draft_edit": _respond_draft,
    "respond:draft_pdf": _respond_draft,
    "respond:draft_delete": _respond_draft,
    "respond:pathway_edit": lambda org: {"org_id": org.pk},
    "standards:suite_detail": _standards("suite_kwargs"),
    "standards:consult_link": _standards("link_kwargs"),
    "standards:standard_detail": _standards("standard_kwargs"),
    "standards:case_json": _standards("standard_kwargs"),
    "standards:csv_export": _standards("standard_kwargs"),
    "standards:coverage": _standards("standard_kwargs"),
    "standards:compare": _standards("standard_kwargs"),
    "standards:version_new": _standards("standard_kwargs"),
    "standards:version_detail": _standards("version_kwargs"),
    "standards:case_json_version": _standards("version_kwargs"),
    "standards:csv_export_version": _standards("version_kwargs"),
    "standards:version_edit": _standards("draft_kwargs"),
    "standards:item_add": _standards("draft_kwargs"),
    "standards:item_edit": _standards("draft_item_kwargs"),
    "standards:item_remove": _standards("draft_item_kwargs"),
    "standards:consultation_open": _standards("draft_kwargs"),
    "standards:consultation_take_part": _standards("consultation_kwargs"),
    "standards:consultation_manage": _standards("consultation_kwargs"),
    "standards:consultation_close": _standards("consultation_kwargs"),
    "standards:comment_respond": _standards("comment_kwargs"),
    "standards:version_approve": _standards("consultation_kwargs"),
    # support: every case route (the sample case is created once per organisation)
    "support:case_detail": lambda org: _support_case(org),
    "support:case_edit": lambda org: _support_case(org),
    "support:case_plan": lambda org: _support_case(org),
    "support:case_plan_submit": lambda org: _support_case(org),
    "support:case_plan_approve": lambda org: _support_case(org),
    "support:case_plan_pdf": lambda org: _support_case(org),
    "support:case_share": lambda org: _support_case(org),
    "support:case_share_referral": _support_share,
    "support:case_share_referral_pdf": _support_share,
    "support:case_access": lambda org: _support_case(org),
    "support:case_close": lambda org: _support_case(org),
    "support:case_close_approve": lambda org: _support_case(org),
    "support:case_close_decline": lambda org: _support_case(org),
    "support:case_export_htcds": lambda org: _support_case(org),
    "support:case_access_history": lambda org: _support_case(org),
    "support:case_subject_access": lambda org: _support_case(org),
    "support:case_subject_access_review": lambda org: _support_case(org),
    "support:case_subject_access_withhold": lambda org: _support_case(org),
    "support:case_subject_access_include": lambda org: _support_case(org),
    "support:case_subject_access_document": lambda org: _support_case(org),
    "support:case_subject_access_pdf": lambda org: _support_case(org),
    "support:case_retention_hold": lambda org: _support_case(org),
    "support:case_retention_lift": lambda org: _support_case(org),
    "support:case_section": lambda org: {**_support_case(org), "section": "risks"},
    "support:case_section_entry": lambda org: _support_entry(org),
    "accounts:password_reset_confirm": lambda org: {"uidb64": "MQ", "token": "set-password"},
    "accounts:welcome_confirm": lambda org: {"uidb64": "MQ", "token": "set-password"},
    "accounts:email_change_confirm": lambda org: {"token": "no-such-token"},
    "accounts:members": lambda org: {"org_id": org.pk},
    "accounts:staff_import": lambda org: {"org_id": org.pk},
    "accounts:membership_remove": _membership,
    "accounts:member_email_change": _member,
    "learning:course": _learning("course_kwargs"),
    "learning:pathway": _learning("course_kwargs"),
    "learning:check": _learning("check_kwargs"),
    "learning:unit": _learning("unit_kwargs"),
    "learning:scenario_restart": _learning("unit_kwargs"),
    "learning:refresher": _learning("refresher_kwargs"),
    "learning:certificate_pdf": _learning("certificate_kwargs"),
    "learning:certificate_revoke": _learning("certificate_kwargs"),
    "learning:certificate_badge": _learning("certificate_kwargs"),
    "learning:certificate_badge_svg": _learning("certificate_kwargs"),
    "verify:code": _learning("verify_kwargs"),
    "badges:key": lambda org: _badge_key(),
    "badges:status_list": lambda org: {"number": 0},
    "directory:service_add": lambda org: {"org_id": org.pk},
    "directory:services_import": lambda org: {"org_id": org.pk},
    "directory:service_edit": _directory_service,
    "directory:service_check": _directory_service,
    "directory:service_delete": _directory_service,
    "lms:connection_add": lambda org: {"org_id": org.pk},
    "lms:connection": _lms_connection,
    "lms:connection_active": _lms_connection,
    "lms:connection_rename": _lms_connection,
    "lms:connection_remove": _lms_connection,
    "lms:package": _lms_connection,
    "lms:launch": _lms_launch,
}

# Facilitation's routes (rows built by its factories).
from tests.facilitation.factories import SAMPLES as _FACILITATION  # noqa: E402

SAMPLES.update(_FACILITATION)
