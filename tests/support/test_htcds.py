"""The HTCDS export against the published standard (docs/support.md, "HTCDS mapping").

The published names below are copied from the UNMigration/HTCDS repository, not from our code,
so a mapping that drifts from the standard fails here.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from lantern.support import exports, services
from lantern.support.models import (
    Case,
    CaseStatus,
    ClosureReason,
    ConsentRecord,
    ExploitationType,
    Gender,
    Partner,
    PlanGoal,
    Review,
    Risk,
)
from lantern.support.models.plan import (
    ConsentDecision,
    ConsentScope,
    GoalStatus,
    ShareBasis,
    ShareCategory,
    ShareKind,
)
from tests.support import factories as f
from tests.support.conftest import World

# "HTCDS Field Reference.md" @ af4f8478d0c451c7a9c363fde761a4677694ebb5: every Field Name,
# with its Field Name Prefix, in the sections Organisation, Person, Person Victim Context,
# Person Perpetrator Context, Historic Trafficking Events and Case.
PUBLISHED_FIELDS = {
    *(
        f"org_{n}"
        for n in [
            "Name",
            "ShippingCity",
            "ShippingCountry",
            "ShippingState",
            "ShippingStreet",
            "ShippingPostalCode",
            "ShippingLongitude",
            "ShippingLatitude",
            "Phone",
            "Type",
        ]
    ),
    *(
        f"prs_{n}"
        for n in [
            "Salutation",
            "FirstName",
            "MiddleName",
            "SecondName",
            "Birthdate",
            "Gender",
            "Deceased",
            "Nationality",
            "Title",
            "Email",
            "HomePhone",
            "MobilePhone",
            "MailingCity",
            "MailingCountry",
            "MailingState",
            "MailingStreet",
            "MailingPostalCode",
            "MailingLongitude",
            "MailingLatitude",
        ]
    ),
    *(
        f"vic_{n}"
        for n in [
            "AgreementToManagePersonalData",
            "RecruitmentWebsitesAndApps",
            "MethodOfRecruitment",
            "LocationOfRecruitment",
            "MethodsOfControl",
            "TypeOfExploitation",
            "Labour Industry",
            "TypeOfSexExploitation",
            "LocationOfExploitation",
            "ExploitationWebsitesAndApps",
            "Vulnerabilities",
            "DetailsOfVulnerabilities",
        ]
    ),
    *(f"per_{n}" for n in ["RoleInProcess", "RoleDetails", "Organisation"]),
    *(
        f"hte_{n}"
        for n in [
            "Longitude",
            "Latitude",
            "City",
            "Country",
            "State",
            "Street",
            "PostalCode",
            "Date",
            "Type",
            "Description",
        ]
    ),
    *(
        f"cas_{n}"
        for n in [
            "Status",
            "ReferringOrganisation",
            "IncomingReferralDate",
            "ReferringPrimaryCaseWorker",
            "ReasonForIncomingReferral",
            "IncomingReferralDetails",
            "ReferredOrganisation",
            "ReferredPrimaryCaseWorker",
            "ReasonForOutgoingReferral",
            "OutgoingReferralDate",
            "OutgoingReferralDetails",
            "ReasonForCaseClosure",
        ]
    ),
}
# Value Names, same file: prs_Gender and cas_Status.
PUBLISHED_GENDER = {"Male", "Female", "Transgender/NonConforming", "Unknown"}
PUBLISHED_STATUS = {"Active", "FollowUp", "Closed", "ClosedReferred"}
# vic_TypeOfExploitation as stored by the survey toolkit of the same release
# (Toolkit/Survey/htcds_xform.xml @ f4937f26bf0854409c2fabf929c4b61cdf851951, <value>s).
PUBLISHED_EXPLOITATION = {
    "ForcedLabour",
    "SexualExploitation",
    "ForcedMarriage",
    "ForcedMilitaryService",
    "OrganRemoval",
    "ForcedBegging",
    "IllicitActivities",
    "IllegalAdoption",
    "Surrogacy",
    "Other",
}

# Our keys that are not HTCDS fields: the envelope, the list that holds one outgoing referral
# per entry, and the documented extension object.
ENVELOPE = {"htcdsVersion", "exportedAt", "outgoingReferrals", "lanternExtensions"}
EXTENSION_KEYS = {
    "caseReference",
    "aliases",
    "dateOfBirthAsGiven",
    "ageBand",
    "languages",
    "interpreterNeeded",
    "exploitationTypes",
    "openedAt",
    "closedAt",
    "informationSharing",
    "supportPlan",
    "consent",
}

# Free text nobody may add to the transfer: each is put somewhere in the case below.
NEVER_EXPORTED = {
    "notes": "MARKER-notes-drop-in",
    "contact_details": "MARKER-contact-07700",
    "place_of_safety_address": "MARKER-address-safe-house",
    "safety_plan": "MARKER-safety-plan",
    "purpose": "MARKER-share-purpose",
    "override_reason": "MARKER-override-reason",
    "consent_note": "MARKER-consent-note",
    "partner_contact": "MARKER-partner-contact",
    "role_in_plan": "MARKER-role-in-plan",
    "risk": "MARKER-risk-description",
    "mitigation": "MARKER-risk-mitigation",
    "review": "MARKER-review-outcome",
}


def test_the_mapping_tables_name_only_published_values() -> None:
    assert exports.HTCDS_GENDER == {
        Gender.FEMALE: "Female",
        Gender.MALE: "Male",
        Gender.TRANSGENDER: "Transgender/NonConforming",
        Gender.OTHER: "Transgender/NonConforming",
        Gender.NOT_KNOWN: "Unknown",
    }
    assert exports.HTCDS_STATUS == {
        CaseStatus.ACTIVE: "Active",
        CaseStatus.FOLLOW_UP: "FollowUp",
        CaseStatus.CLOSURE_REQUESTED: "Active",
        CaseStatus.CLOSED: "Closed",
        CaseStatus.CLOSED_REFERRED: "ClosedReferred",
    }
    assert exports.HTCDS_EXPLOITATION == {
        ExploitationType.LABOUR: "ForcedLabour",
        ExploitationType.SEXUAL: "SexualExploitation",
        ExploitationType.DOMESTIC_SERVITUDE: "Other",
        ExploitationType.CRIMINAL: "Other",
        ExploitationType.ORGAN_REMOVAL: "OrganRemoval",
        ExploitationType.OTHER: "Other",
    }
    # Every Lantern value is mapped, and only to a published value name ...
    assert set(exports.HTCDS_GENDER) == set(Gender)
    assert set(exports.HTCDS_GENDER.values()) <= PUBLISHED_GENDER
    assert set(exports.HTCDS_STATUS) == set(CaseStatus)
    assert set(exports.HTCDS_STATUS.values()) <= PUBLISHED_STATUS
    assert set(exports.HTCDS_EXPLOITATION.values()) <= PUBLISHED_EXPLOITATION
    # ... except "not known yet": the field has no published "unknown", so it is left out.
    assert set(ExploitationType) - set(exports.HTCDS_EXPLOITATION) == {ExploitationType.NOT_KNOWN}


def _realistic_case(world: World) -> Case:
    """A case with something in every field and section the export reads, and more."""
    case = f.case(
        world.caseworker,
        world.org,
        world.team,
        given_name="Elira",
        family_name="Example",
        aliases="Ela\n\n  Lira  \n",
        date_of_birth="14/03/1990",
        age_band="35-44",
        gender="female",
        nationality="AL",
        languages=["sqi", "eng"],
        interpreter_needed=True,
        exploitation_types=["sexual", "domestic_servitude", "criminal", "unknown"],
        notes=NEVER_EXPORTED["notes"],
        contact_details=NEVER_EXPORTED["contact_details"],
        place_of_safety_address=NEVER_EXPORTED["place_of_safety_address"],
    )
    legal = services.section_entry_create(
        actor=world.caseworker,
        case=case,
        model=Partner,
        section="partners",
        data={
            "name": "Haven Legal (test)",
            "partner_type": "legal",
            "role_in_plan": NEVER_EXPORTED["role_in_plan"],
            "contact": NEVER_EXPORTED["partner_contact"],
        },
    )
    gp = f.partner(case, world.caseworker, name="Riverside Surgery (test)")
    services.section_entry_create(
        actor=world.caseworker,
        case=case,
        model=ConsentRecord,
        section="consent",
        data={
            "scope": ConsentScope.SHARE,
            "partner": None,
            "decision": ConsentDecision.GIVEN,
            "explained_limits": True,
            "recorded_on": date(2026, 11, 1),
            "note": NEVER_EXPORTED["consent_note"],
        },
    )
    services.information_share_create(
        actor=world.caseworker,
        case=case,
        partner=legal,
        kind=ShareKind.REFERRAL,
        what_shared=[ShareCategory.IDENTITY, ShareCategory.NEEDS],
        purpose=NEVER_EXPORTED["purpose"],
        basis=ShareBasis.CONSENT,
        actor_may_override=False,
    )
    services.information_share_create(
        actor=world.supervisor,
        case=case,
        partner=gp,
        kind=ShareKind.SHARE,
        what_shared=[ShareCategory.RISKS],
        purpose=NEVER_EXPORTED["purpose"],
        basis=ShareBasis.IMMEDIATE_DANGER,
        override_reason=NEVER_EXPORTED["override_reason"],
        actor_may_override=True,
    )
    services.section_entry_create(
        actor=world.caseworker,
        case=case,
        model=PlanGoal,
        section="goals",
        data={
            "goal": "Find a safe place to live",
            "steps": "Housing officer to call on Monday",
            "target_date": date(2027, 1, 31),
            "status": GoalStatus.IN_PROGRESS,
        },
    )
    services.plan_save(
        actor=world.caseworker,
        case=case,
        expected_version=0,
        in_their_words="I want to be safe and to work",
        safety_plan=NEVER_EXPORTED["safety_plan"],
        agreed_with_person=True,
        agreed_on=date(2026, 11, 3),
    )
    services.section_entry_create(
        actor=world.caseworker,
        case=case,
        model=Risk,
        section="risks",
        data={
            "category": "contact",
            "description": NEVER_EXPORTED["risk"],
            "likelihood": "high",
            "mitigation": NEVER_EXPORTED["mitigation"],
        },
    )
    services.section_entry_create(
        actor=world.caseworker,
        case=case,
        model=Review,
        section="reviews",
        data={
            "due_on": date(2026, 12, 1),
            "completed_on": date(2026, 12, 1),
            "outcome": NEVER_EXPORTED["review"],
        },
    )
    services.closure_request(actor=world.caseworker, case=case, reason=ClosureReason.REFERRED_ON)
    services.closure_approve(actor=world.supervisor, case=case)
    case.refresh_from_db()
    return case


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_a_realistic_case_uses_published_field_and_value_names(world: World) -> None:
    case = _realistic_case(world)
    doc = exports.htcds_document(case)
    today = timezone.localdate().isoformat()

    assert doc["htcdsVersion"] == exports.HTCDS_VERSION
    assert "af4f8478d0c451c7a9c363fde761a4677694ebb5" in exports.HTCDS_VERSION
    htcds_keys = set(doc) - ENVELOPE
    assert htcds_keys == {
        "org_Name",
        "prs_FirstName",
        "prs_SecondName",
        "prs_Birthdate",
        "prs_Gender",
        "prs_Nationality",
        "vic_TypeOfExploitation",
        "cas_Status",
        "cas_ReasonForCaseClosure",
    }
    assert htcds_keys <= PUBLISHED_FIELDS
    assert set(ENVELOPE) <= set(doc)
    assert {k: doc[k] for k in sorted(htcds_keys - {"vic_TypeOfExploitation"})} == {
        "cas_ReasonForCaseClosure": "Referred to another service",
        "cas_Status": "ClosedReferred",
        "org_Name": "Safe Harbour Support (test)",
        "prs_Birthdate": "1990-03-14",
        "prs_FirstName": "Elira",
        "prs_Gender": "Female",
        "prs_Nationality": "AL",
        "prs_SecondName": "Example",
    }
    # Domestic servitude and criminal exploitation are both Other (once); "not known yet" is
    # left out.
    assert doc["vic_TypeOfExploitation"] == ["SexualExploitation", "Other"]
    assert doc["prs_Gender"] in PUBLISHED_GENDER and doc["cas_Status"] in PUBLISHED_STATUS
    assert set(doc["vic_TypeOfExploitation"]) <= PUBLISHED_EXPLOITATION

    # One entry per referral (not per information share), in published field names.
    assert doc["outgoingReferrals"] == [
        {
            "cas_ReferredOrganisation": "Haven Legal (test)",
            "cas_OutgoingReferralDate": today,
        }
    ]
    assert all(set(r) <= PUBLISHED_FIELDS for r in doc["outgoingReferrals"])

    ext = doc["lanternExtensions"]
    assert set(ext) == EXTENSION_KEYS - {"dateOfBirthAsGiven"}
    assert not any(k[:4] in {"org_", "prs_", "vic_", "per_", "hte_", "cas_"} for k in ext)
    assert ext["caseReference"] == case.reference
    assert ext["aliases"] == ["Ela", "Lira"]
    assert ext["ageBand"] == "35-44" and ext["languages"] == ["sqi", "eng"]
    assert ext["interpreterNeeded"] is True
    assert ext["exploitationTypes"] == ["sexual", "domestic_servitude", "criminal", "unknown"]
    assert ext["closedAt"] is not None and ext["openedAt"] is not None
    assert [(s["kind"], s["to"], s["lawfulBasis"]) for s in ext["informationSharing"]] == [
        ("referral", "Haven Legal (test)", "consent"),
        ("share", "Riverside Surgery (test)", "immediate_danger"),
    ]
    assert ext["supportPlan"]["objectives"] == ["Find a safe place to live"]
    assert ext["supportPlan"]["actionPlan"][0]["plannedEnd"] == "2027-01-31"
    assert ext["consent"] == [
        {"scope": "share", "partner": None, "decision": "given", "date": "2026-11-01"}
    ]


def test_no_free_text_beyond_what_the_export_carried_before(world: World) -> None:
    case = _realistic_case(world)
    doc = exports.htcds_document(case)
    body = json.dumps(doc, default=str)
    for marker in NEVER_EXPORTED.values():
        assert marker not in body

    # The only free text: names, aliases, the organisation's and partners' names, and the
    # plan in the person's words (all exported before). Everything else is a code, a
    # published value name, a date or our own label for the closure reason.
    free_text = {
        "Elira",
        "Example",
        "Ela",
        "Lira",
        "Safe Harbour Support (test)",
        "Haven Legal (test)",
        "Riverside Surgery (test)",
        "Find a safe place to live",
        "Housing officer to call on Monday",
        "I want to be safe and to work",
    }
    structured = {
        exports.HTCDS_VERSION,
        case.reference,
        "Referred to another service",
        *PUBLISHED_GENDER,
        *PUBLISHED_STATUS,
        *PUBLISHED_EXPLOITATION,
        *ExploitationType.values,
        *ShareKind.values,
        *ShareBasis.values,
        *ShareCategory.values,
        *ConsentScope.values,
        *ConsentDecision.values,
        *GoalStatus.values,
        "AL",
        "sqi",
        "eng",
        "35-44",
    }
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+([+-]\d{2}:\d{2}|Z)?)?$")
    leftover = {s for s in _strings(doc) if s not in structured and not iso.match(s)}
    assert leftover == free_text


def test_what_lantern_does_not_hold_is_left_out(world: World) -> None:
    case = f.case(
        world.caseworker,
        world.org,
        world.team,
        given_name="",
        family_name="",
        date_of_birth="about 1990",
        gender="other",
        nationality="",
        exploitation_types=["unknown"],
    )
    doc = exports.htcds_document(case)
    assert set(doc) - ENVELOPE == {"org_Name", "prs_Gender", "cas_Status"}
    assert doc["prs_Gender"] == "Transgender/NonConforming" and doc["cas_Status"] == "Active"
    assert doc["outgoingReferrals"] == []
    ext = doc["lanternExtensions"]
    assert ext["dateOfBirthAsGiven"] == "about 1990"
    assert "aliases" not in ext and ext["supportPlan"] is None
    assert ext["exploitationTypes"] == ["unknown"]


@pytest.mark.parametrize(
    ("as_given", "iso"),
    [
        ("14/03/1990", "1990-03-14"),
        ("4/3/1990", "1990-03-04"),
        (" 1990-03-14 ", "1990-03-14"),
        ("31/02/1990", None),
        ("03/14/1990", None),
        ("about 1990", None),
        ("1990", None),
        ("", None),
    ],
)
def test_a_birthdate_goes_in_the_date_field_only_when_it_is_a_date(
    as_given: str, iso: str | None
) -> None:
    assert exports._birthdate(as_given) == iso
