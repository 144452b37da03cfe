"""What each role's home page offers. Pure data over the user's roles and the URL map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from lantern.core.registry import home_next_steps
from lantern.core.roles import ROLE_PRECEDENCE, Role


@dataclass(frozen=True)
class HomeLink:
    label: str
    url_name: str
    kwargs: tuple[tuple[str, str], ...] = ()


# What each role comes to Lantern for (PRODUCT.md, "Who uses it"), and where to start.
ROLE_HOME: dict[str, dict[str, Any]] = {
    Role.LEARNER: {
        "summary": "Short, role-specific learning about modern slavery, your certificates, and "
        "help when you are worried about someone.",
        "links": [
            HomeLink("My learning", "learning:home"),
            HomeLink("I'm worried about someone", "respond:start"),
        ],
    },
    Role.FACILITATOR: {
        "summary": "Your session kit, scheduling and booking, attendance, evaluations, and your "
        "progress against your commitment.",
        "links": [HomeLink("Your sessions, reach and session kit", "facilitation:home")],
    },
    Role.PROGRAMME_LEAD: {
        "summary": "Cohorts of facilitators, reach across boroughs and agencies, evaluation "
        "results and reports for the Safeguarding Adults Board.",
        "links": [
            HomeLink("Your programmes, cohorts and reach", "facilitation:home"),
            HomeLink("E-learning completion, gain and retention", "learning:report"),
        ],
    },
    Role.CASEWORKER: {
        "summary": "Support-planning case records for potential victims, following NOS SFJBMS05.",
        "links": [
            HomeLink("Your cases", "support:case_list"),
            HomeLink("Open a case", "support:case_create"),
        ],
    },
    Role.SUPERVISOR: {
        "summary": "Review and approve support and safety plans and case closures for your team.",
        "links": [HomeLink("Your team's cases", "support:case_list")],
    },
    Role.ORG_ADMIN: {
        "summary": "People and roles in your organisation, staff import, your internal "
        "referral pathway, your services in the directory and the learning management systems "
        "that open Lantern's courses.",
        "links": [
            HomeLink("Manage your organisation", "accounts:organisations"),
            HomeLink("Your internal referral pathway", "respond:pathways"),
            HomeLink("Your services in the directory", "directory:manage"),
            HomeLink("Learning across your organisation", "learning:report"),
            HomeLink("Certificates", "learning:certificates"),
            HomeLink("Learning management systems (cmi5)", "lms:manage"),
        ],
    },
    Role.DPO: {
        "summary": "The tamper-evident audit trail, access logs, retention and subject access.",
        "links": [
            HomeLink("Audit log", "accounts:audit_log"),
            HomeLink("Case access and subject access", "support:dpo_cases"),
        ],
    },
    Role.STANDARDS_AUTHOR: {
        "summary": "Draft, consult on and approve versions of the National Occupational Standards.",
        "links": [
            HomeLink("Manage standards", "standards:manage"),
            HomeLink("The standards", "standards:index"),
        ],
    },
    Role.PLATFORM_ADMIN: {
        "summary": "Organisations on Lantern, their administrators and the learning management "
        "systems that open Lantern's courses.",
        "links": [
            HomeLink("Organisations", "accounts:organisations"),
            HomeLink("Add an organisation", "accounts:organisation_create"),
            HomeLink("Audit log", "accounts:audit_log"),
            HomeLink("Learning management systems (cmi5)", "lms:manage"),
        ],
    },
}


def home_sections(user: Any) -> list[dict[str, Any]]:
    held = user.roles()
    sections = []
    for role in ROLE_PRECEDENCE:
        if role not in held:
            continue
        links = []
        for link in ROLE_HOME[role]["links"]:
            try:
                links.append(
                    {"label": link.label, "href": reverse(link.url_name, kwargs=dict(link.kwargs))}
                )
            except NoReverseMatch:
                continue
        sections.append(
            {
                "role": role,
                "label": Role(role).label,
                "summary": ROLE_HOME[role]["summary"],
                "links": links,
                "next_steps": [],
            }
        )
    by_role = {section["role"]: section for section in sections}
    for role, step in home_next_steps(held):  # e.g. "Continue your course: …" (learning)
        by_role[role]["next_steps"].extend(step.run(user))
    return sections
