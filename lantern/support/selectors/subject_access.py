"""The subject access document a person can read: what we hold, where it came from, who it
was shared with and why, how long we keep it and who has looked at it, in plain English
(codes as words, staff by name and role). Each passage is an ``Item`` with a key the DPO may
withhold (``SubjectAccessWithholding``); ``released`` leaves those out and says, in general
terms, that some information was withheld and why. The JSON export stays the
machine-readable copy (``exports.subject_access_document``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone

from lantern.accounts.models import Membership, User
from lantern.core import codes
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.support.history_text import BASIS_WORDS
from lantern.support.models import (
    Case,
    ExploitationType,
    InformationShare,
    SubjectAccessWithholding,
    SupportPlan,
    WithholdReason,
)
from lantern.support.referral import Row, day
from lantern.support.sections import CASE_PAGE_ORDER, SECTIONS

EXPLOITATION = dict(ExploitationType.choices)
SHARED = {
    "identity": "who you are",
    "contact": "how to contact you",
    "account": "your account of what happened",
    "needs": "your needs",
    "risks": "risks to you",
    "plan": "your support plan",
}

# What the released document says for each reason a passage was withheld: general terms only.
WITHHELD_WORDS = {
    WithholdReason.THIRD_PARTY: "Some information is about other people. We have left it out "
    "to protect their privacy.",
    WithholdReason.OTHER: "Some other information has been left out for a reason our data "
    "protection officer has recorded.",
}


@dataclass(frozen=True)
class Item:
    key: str
    heading: str
    rows: list[Row]
    source: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    intro: str
    items: list[Item]
    empty: str = ""


@dataclass(frozen=True)
class SubjectAccess:
    reference: str
    organisation: str
    produced_on: str
    sections: list[Section]
    withheld: dict[str, SubjectAccessWithholding] = field(default_factory=dict)
    withheld_notes: list[str] = field(default_factory=list)  # in the released document only


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _shown(value: Any, form_field: forms.Field | None, name: str) -> str:
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, datetime | date):
        return day(value)
    if name in ("language", "languages"):
        values = value if isinstance(value, list) else [value]
        return ", ".join(codes.language_label(str(v)) for v in values)
    choices = dict(getattr(form_field, "choices", None) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if choices and not isinstance(value, str | int):
        return str(getattr(value, "name", value))
    return str(choices.get(value, getattr(value, "name", value)))


def _entry_rows(spec: Any, entry: Any) -> list[Row]:
    rows = []
    for name, form_field in spec.form.base_fields.items():
        if name == "version" or not hasattr(entry, name):
            continue
        shown = _shown(getattr(entry, name), form_field, name)
        if shown:
            rows.append(Row(str(form_field.label or name), shown))
    return rows


def _people(case: Case, user_ids: Iterable[Any]) -> dict[str, str]:
    """User id -> "Marc Powell (caseworker)": name and role in the case's organisation."""
    ids = {str(u) for u in user_ids if u}
    roles: dict[str, str] = {}
    for user_id, role in Membership.objects.filter(
        organisation_id=case.organisation_id, user_id__in=ids
    ).values_list("user_id", "role"):
        roles.setdefault(str(user_id), str(Role(role).label).lower())
    out: dict[str, str] = {}
    for user in User.objects.filter(pk__in=ids).only("id", "full_name"):
        role = roles.get(str(user.pk), "")
        out[str(user.pk)] = f"{user.full_name} ({role})" if role else user.full_name
    return out


def build(case: Case) -> SubjectAccess:
    """Every passage of the document, nothing withheld yet."""
    entries = [
        (spec, entry)
        for key in [*CASE_PAGE_ORDER, *(k for k in SECTIONS if k not in CASE_PAGE_ORDER)]
        if key in SECTIONS
        for spec in [SECTIONS[key]]
        for entry in spec.model._default_manager.filter(case=case).order_by("created_at")
    ]
    shares = list(
        InformationShare.objects.filter(case=case)
        .select_related("partner")
        .order_by("created_at", "pk")
    )
    plan = SupportPlan.objects.filter(case=case).first()
    views = list(
        AuditEvent.objects.filter(object_type="support.case", object_ref=str(case.pk))
        .exclude(actor_ref="")
        .values_list("actor_ref", "occurred_at")
    )
    people = _people(
        case,
        [case.owner_id, *(getattr(e, "created_by_id", None) for _, e in entries)]
        + [s.created_by_id for s in shares]
        + [a for a, _ in views],
    )

    def by(user_id: Any, when: Any) -> str:
        who = people.get(str(user_id), "a member of staff no longer with us")
        return f"Recorded by {who} on {day(when)}"

    details = [
        Row("Name", " ".join(p for p in (case.given_name, case.family_name) if p)),
        Row("Other names", ", ".join(a.strip() for a in case.aliases.splitlines() if a.strip())),
        Row("Date of birth, as you gave it", case.date_of_birth),
        Row("Age group", case.get_age_band_display()),
        Row("Gender", case.get_gender_display()),
        Row("Nationality", codes.country_name(case.nationality) if case.nationality else ""),
        Row("Languages you speak", ", ".join(codes.language_label(c) for c in case.languages)),
        Row("You need an interpreter", _yes_no(case.interpreter_needed)),
        Row(
            "The kind of exploitation",
            ", ".join(
                str(EXPLOITATION.get(t, t)).lower().capitalize() for t in case.exploitation_types
            ),
        ),
        Row("Your case", case.get_status_display()),
    ]
    held: list[Item] = [
        Item("case:details", "About you", [r for r in details if r.value]),
    ]
    if case.notes:
        held.append(Item("case:notes", "Notes our staff wrote", [Row("Notes", case.notes)]))
    if plan is not None:
        plan_rows = [
            Row("What you want from support, in your words", plan.in_their_words),
            Row("Your safety plan", plan.safety_plan),
            Row("Date you agreed it", day(plan.agreed_on) if plan.agreed_on else ""),
        ]
        held.append(Item("plan", "Your support and safety plan", [r for r in plan_rows if r.value]))
    numbers: dict[str, int] = {}
    for spec, entry in entries:
        numbers[spec.key] = numbers.get(spec.key, 0) + 1
        held.append(
            Item(
                f"entry:{entry.pk}",
                f"{spec.title}: {numbers[spec.key]}",
                _entry_rows(spec, entry),
                by(getattr(entry, "created_by_id", None), getattr(entry, "created_at", None)),
            )
        )

    shared = [
        Item(
            f"share:{s.pk}",
            f"Shared with {s.partner.name} on {day(s.created_at)}",
            [
                Row(
                    "What we shared",
                    ", ".join(SHARED.get(c, c) for c in s.what_shared).capitalize(),
                ),
                Row("Why", s.purpose),
                Row(
                    "On what basis",
                    BASIS_WORDS.get(s.basis, s.basis).replace("the person's", "your").capitalize(),
                ),
            ],
            by(s.created_by_id, s.created_at).replace("Recorded", "Shared"),
        )
        for s in shares
    ]

    if case.anonymised_at:
        keep = "Your record has been anonymised."
    elif case.retention_until:
        keep = (
            f"Your case is closed. We keep your record until {day(case.retention_until)}. "
            "After that we remove everything that could identify you."
        )
    else:
        keep = (
            "Your case is open. When it closes, we keep your record for the period our "
            "retention policy sets. After that we remove everything that could identify you."
        )
    keep_rows = [Row("How long", keep)]
    if case.retention_held_at:
        keep_rows.append(
            Row(
                "For now",
                "We are keeping your record longer than usual, for a reason our "
                "data protection officer has recorded.",
            )
        )

    seen: dict[str, list[datetime]] = {}
    for actor, when in views:
        seen.setdefault(actor, []).append(when)
    looked = [
        Item(
            f"access:{actor}",
            people.get(actor, "A member of staff no longer with us"),
            [
                Row(
                    "When",
                    f"{len(times)} time{'s' if len(times) != 1 else ''}, from "
                    f"{day(min(times))} to {day(max(times))}",
                )
            ],
        )
        for actor, times in sorted(seen.items(), key=lambda kv: min(kv[1]))
    ]

    sections = [
        Section(
            "What we hold about you",
            "This is the information in your support record.",
            held,
        ),
        Section(
            "Where it came from",
            "Our staff wrote this information down while supporting you, mostly from what you "
            "told us. Each entry says who recorded it and when. "
            f"Your record was opened on {day(case.created_at)}."
            + (
                f" The member of staff responsible for it is {people[str(case.owner_id)]}."
                if str(case.owner_id) in people
                else ""
            ),
            [],
        ),
        Section(
            "Who we shared it with and why",
            "Each time we shared information about you with another organisation.",
            shared,
            empty="We have not shared your information with another organisation.",
        ),
        Section("How long we keep it", "", [Item("retention", "Keeping your record", keep_rows)]),
        Section(
            "Who has looked at your record",
            "Every time someone opens, changes or shares your record, it is recorded.",
            looked,
            empty="Nobody has looked at your record yet.",
        ),
    ]
    return SubjectAccess(
        reference=case.reference,
        organisation=case.organisation.name,
        produced_on=day(timezone.localdate()),
        sections=sections,
    )


def subject_access_review(case: Case) -> SubjectAccess:
    """The whole document, with what the DPO has marked to withhold (for the review page)."""
    marks = {
        w.item: w
        for w in SubjectAccessWithholding.objects.filter(case=case).select_related("withheld_by")
    }
    return replace(build(case), withheld=marks)


def released(document: SubjectAccess) -> SubjectAccess:
    """The document as the person receives it: withheld passages left out, and a note in
    general terms for each reason used."""
    sections = [
        replace(s, items=[i for i in s.items if i.key not in document.withheld])
        for s in document.sections
    ]
    reasons = {w.reason for w in document.withheld.values()}
    notes = [WITHHELD_WORDS[WithholdReason(r)] for r in WithholdReason.values if r in reasons]
    return replace(document, sections=sections, withheld_notes=notes)


def item_keys(document: SubjectAccess) -> Sequence[str]:
    return [i.key for s in document.sections for i in s.items]
