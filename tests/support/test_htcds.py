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

from lantern.core import codes
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

# The v1.0 survey toolkit form ("HDCDS CORE 1.0 Survey", Toolkit/Survey/README.md @
# 714b409e8ccd0eff455873b2b1606675126fe06a), copied from
# Toolkit/Survey/htcds_xlsform.xml @ 260644828a9cd21e432091da8c87f792e51d92cf:
# every field of its <instance> (less the form's own start, end, __version__ and meta).
V1_FIELDS = {
    "con_Consent",
    "prs_Salutation",
    "prs_First_Name",
    "prs_Second_Name",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_Title",
    "prs_Email",
    "prs_HomePhone",
    "prs_MobilePhone",
    "prs_MailingCity",
    "prs_MailingCountry",
    "prs_MailingState",
    "prs_MailingStreet",
    "prs_MailingPostalCode",
    "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_Methods_of_Control",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
    "cas_Status",
    "cas_ReferringOrganisation",
    "cas_IncomingReferralDate",
    "cas_ReferringPrimaryCaseWorker",
    "cas_ReasonForIncomingReferral",
    "cas_IncomingReferralDetails",
}
# Same file and commit, the <value>s of each select: prs_Gender, cas_Status,
# vic_TypeOfExploitation and prs_Citizenship (ISO 3166-1 alpha-2, in the form's order).
PUBLISHED_GENDER = {
    "Feminine",
    "Masculine",
    "TransgenderFeminine",
    "TransgenderMasculine",
    "NonConforming",
    "NonSpecifiedUnknown",
}
PUBLISHED_STATUS = {"Active", "FollowUp", "Closed", "ClosedReferred"}
PUBLISHED_EXPLOITATION = {
    "ForcedLabour",
    "SexualExploitation",
    "ChildLabour",
    "ForcedMarriage",
    "Servitude",
    "ForcedMilitaryByNonStateActors",
    "OrganRemoval",
    "ForcedBegging",
    "ForcedAdoption",
    "Surrogacy",
    "Other",
}
_CITIZENSHIP_VALUES = (
    "AF AX AL DZ AS AD AO AI AQ AG AR AM AW AU AT AZ BS BH BD BB BY BE BZ BJ BM BT BO BQ BA BW "
    "BV BR IO BN BG BF BI CV KH CM CA KY CF TD CL CN CX CC CO KM CG CD CK CR CI HR CU CW CY CZ "
    "DK DJ DM DO EC EG SV GQ ER EE SZ ET FK FO FJ FI FR GF PF TF GA GM GE DE GH GI GR GL GD GP "
    "GU GT GG GN GW GY HT HM VA HN HK HU IS IN ID IR IQ IE IM IL IT JM JP JE JO KZ KE KI KP KR "
    "KW KG LA LV LB LS LR LY LI LT LU MO MG MW MY MV ML MT MH MQ MR MU YT MX FM MD MC MN ME MS "
    "MA MZ MM NA NR NP NL NC NZ NI NE NG NU NF MK MP NO OM PK PW PS PA PG PY PE PH PN PL PT PR "
    "QA RE RO RU RW BL SH KN LC MF PM VC WS SM ST SA SN RS SC SL SG SX SK SI SB SO ZA GS SS ES "
    "LK SD SR SJ SE CH SY TW TJ TZ TH TL TG TK TO TT TN TR TM TC TV UG UA AE GB UM US UY UZ VU "
    "VE VN VG VI WF EH YE ZM ZW"
)
PUBLISHED_CITIZENSHIP = set(_CITIZENSHIP_VALUES.split())

# "HTCDS Field Reference.md" @ af4f8478d0c451c7a9c363fde761a4677694ebb5 (predates v1.0): every
# Field Name, with its Field Name Prefix, in the sections Organisation, Person, Person Victim
# Context, Person Perpetrator Context, Historic Trafficking Events and Case.
PRE_1_0_FIELDS = {
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
# The only fields still taken from it: the v1.0 form has no organisation, closure or outgoing
# referral fields.
PRE_1_0_ONLY = {
    "org_Name",
    "cas_ReasonForCaseClosure",
    "cas_ReferredOrganisation",
    "cas_OutgoingReferralDate",
}
PUBLISHED_FIELDS = V1_FIELDS | PRE_1_0_ONLY

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
        Gender.FEMALE: "Feminine",
        Gender.MALE: "Masculine",
        # Not split into TransgenderFeminine/TransgenderMasculine: Lantern does not know which.
        Gender.TRANSGENDER: "NonSpecifiedUnknown",
        Gender.OTHER: "NonConforming",
        Gender.NOT_KNOWN: "NonSpecifiedUnknown",
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
        ExploitationType.DOMESTIC_SERVITUDE: "Servitude",
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
    # Every country a case can record is a published prs_Citizenship value.
    assert set(codes.countries()) == PUBLISHED_CITIZENSHIP


def test_the_pre_1_0_reference_is_used_only_where_the_v1_0_form_has_no_field() -> None:
    assert PRE_1_0_ONLY <= PRE_1_0_FIELDS
    assert PRE_1_0_ONLY.isdisjoint(V1_FIELDS)
    assert exports.HTCDS_FORM.endswith("@260644828a9cd21e432091da8c87f792e51d92cf")
    assert exports.HTCDS_VERSION.startswith(f"1.0 ({exports.HTCDS_FORM};")
    assert exports.HTCDS_PRE_1_0_REFERENCE in exports.HTCDS_VERSION
    assert all(name in exports.HTCDS_VERSION for name in PRE_1_0_ONLY)


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
        exploitation_types=["sexual", "domestic_servitude", "criminal"],
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
    assert "260644828a9cd21e432091da8c87f792e51d92cf" in exports.HTCDS_VERSION
    htcds_keys = set(doc) - ENVELOPE
    assert htcds_keys == {
        "org_Name",
        "prs_First_Name",
        "prs_Second_Name",
        "prs_Birthdate",
        "prs_Gender",
        "prs_Citizenship",
        "vic_TypeOfExploitation",
        "cas_Status",
        "cas_ReasonForCaseClosure",
    }
    assert htcds_keys <= PUBLISHED_FIELDS
    # v1.0 names wherever the v1.0 form has the field; the pre-1.0 reference only elsewhere.
    assert htcds_keys - PRE_1_0_ONLY <= V1_FIELDS
    assert set(ENVELOPE) <= set(doc)
    assert {k: doc[k] for k in sorted(htcds_keys - {"vic_TypeOfExploitation"})} == {
        "cas_ReasonForCaseClosure": "Referred to another service",
        "cas_Status": "ClosedReferred",
        "org_Name": "Safe Harbour Support (test)",
        "prs_Birthdate": "1990-03-14",
        "prs_Citizenship": "AL",
        "prs_First_Name": "Elira",
        "prs_Gender": "Feminine",
        "prs_Second_Name": "Example",
    }
    # Domestic servitude is Servitude, criminal exploitation is Other; "not known yet" is left
    # out.
    assert doc["vic_TypeOfExploitation"] == ["SexualExploitation", "Servitude", "Other"]
    assert doc["prs_Gender"] in PUBLISHED_GENDER and doc["cas_Status"] in PUBLISHED_STATUS
    assert doc["prs_Citizenship"] in PUBLISHED_CITIZENSHIP
    assert set(doc["vic_TypeOfExploitation"]) <= PUBLISHED_EXPLOITATION

    # One entry per referral (not per information share), in published field names.
    assert doc["outgoingReferrals"] == [
        {
            "cas_ReferredOrganisation": "Haven Legal (test)",
            "cas_OutgoingReferralDate": today,
        }
    ]
    assert all(set(r) <= PRE_1_0_ONLY for r in doc["outgoingReferrals"])

    ext = doc["lanternExtensions"]
    assert set(ext) == EXTENSION_KEYS - {"dateOfBirthAsGiven"}
    assert not any(k[:4] in {"org_", "prs_", "vic_", "per_", "hte_", "cas_"} for k in ext)
    assert ext["caseReference"] == case.reference
    assert ext["aliases"] == ["Ela", "Lira"]
    assert ext["ageBand"] == "35-44" and ext["languages"] == ["sqi", "eng"]
    assert ext["interpreterNeeded"] is True
    assert ext["exploitationTypes"] == ["sexual", "domestic_servitude", "criminal"]
    assert ext["closedAt"] is not None and ext["openedAt"] is not None
    assert [(s["kind"], s["to"], s["lawfulBasis"]) for s in ext["informationSharing"]] == [
        ("referral", "Haven Legal (test)", "consent"),
        ("share", "Riverside Surgery (test)", "immediate_danger"),
    ]
    assert ext["supportPlan"]["objectives"] == ["Find a safe place to live"]
    assert ext["supportPlan"]["actionPlan"][0]["plannedEnd"] == "2027-01-31"
    # Consent stays an extension, not con_Consent (one Yes/No question in the v1.0 form).
    assert "con_Consent" not in doc
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
    assert doc["prs_Gender"] == "NonConforming" and doc["cas_Status"] == "Active"
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
