"""The sections of a case record: model, form and SFJBMS05 criteria for each URL slug."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from lantern.support import forms as f
from lantern.support import models as m
from lantern.support.standard import SECTION_PCS, SECTION_TITLES


@dataclass(frozen=True)
class SectionSpec:
    key: str
    model: type[models.Model]
    form: type[f.SectionForm]
    hint: str
    columns: tuple[str, ...]
    editable: bool = True

    @property
    def title(self) -> str:
        return SECTION_TITLES[self.key]

    @property
    def pcs(self) -> tuple[str, ...]:
        return SECTION_PCS[self.key]


_SPECS = [
    SectionSpec(
        "actions",
        m.ActionToDate,
        f.ActionForm,
        "What has been done so far, by you and by other organisations.",
        ("action_date", "source_organisation", "summary"),
    ),
    SectionSpec(
        "assessments",
        m.AssessmentReview,
        f.AssessmentForm,
        "Reports and assessments of the person's needs that you have read.",
        ("reviewed_on", "assessment_type", "findings"),
    ),
    SectionSpec(
        "needs",
        m.ImmediateNeed,
        f.NeedForm,
        "Check every immediate need is met before planning longer-term support.",
        ("need_type", "status", "how_met"),
    ),
    SectionSpec(
        "rights",
        m.RightsInformation,
        f.RightsForm,
        "Rights information in a language and format the person accepts.",
        ("given_on", "language", "format", "person_accepted_format"),
    ),
    SectionSpec(
        "explanations",
        m.Explanation,
        f.ExplanationForm,
        "What you explained about modern slavery and control, in words they understood.",
        ("explained_on", "topics", "plain_language", "without_leading"),
    ),
    SectionSpec(
        "account",
        m.PersonAccount,
        f.AccountForm,
        "The person's account in their own words. Your observations are kept separately.",
        ("recorded_on", "language", "account"),
    ),
    SectionSpec(
        "observations",
        m.WorkerObservation,
        f.ObservationForm,
        "What you saw and noticed, kept apart from the person's own account.",
        ("observed_on", "observation"),
    ),
    SectionSpec(
        "risks",
        m.Risk,
        f.RiskForm,
        "Risks that could expose the person to harm, and whether they understand each one.",
        ("category", "likelihood", "person_understands", "status"),
    ),
    SectionSpec(
        "places",
        m.PlaceOfSafety,
        f.PlaceForm,
        "Places of safety found through local connections or national mechanisms.",
        ("kind", "sourced_via", "status", "from_date"),
    ),
    SectionSpec(
        "services",
        m.ServiceReferral,
        f.ServiceForm,
        "Services that will support the plan, and whether the person can use them.",
        ("service_type", "provider", "status"),
    ),
    SectionSpec(
        "culture",
        m.CulturalNeed,
        f.CultureForm,
        "Cultural needs and how you are responding to them.",
        ("need_type", "description", "response"),
    ),
    SectionSpec(
        "goals",
        m.PlanGoal,
        f.GoalForm,
        "The person's goals, in their words. Changing a goal sends the plan back for approval.",
        ("goal", "target_date", "status"),
    ),
    SectionSpec(
        "consent",
        m.ConsentRecord,
        f.ConsentForm,
        "Each decision the person makes about consent. A change of mind is a new entry.",
        ("recorded_on", "scope", "partner", "decision"),
        editable=False,
    ),
    SectionSpec(
        "partners",
        m.Partner,
        f.PartnerForm,
        "Organisations you work with on this case.",
        ("name", "partner_type", "role_in_plan"),
    ),
    SectionSpec(
        "reviews",
        m.Review,
        f.ReviewForm,
        "Reviews of the support plan, with the date the next one is due.",
        ("due_on", "completed_on", "outcome"),
    ),
]

SECTIONS: dict[str, SectionSpec] = {spec.key: spec for spec in _SPECS}

# The order sections appear on the case page (plan and sharing have their own pages).
CASE_PAGE_ORDER = (
    "actions",
    "assessments",
    "needs",
    "rights",
    "explanations",
    "account",
    "observations",
    "risks",
    "places",
    "services",
    "culture",
    "plan",
    "goals",
    "consent",
    "partners",
    "sharing",
    "reviews",
)
