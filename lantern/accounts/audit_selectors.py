"""Reads for the audit log: whose events a DPO may see, the filters, the events in words a
reader knows (names, case references, "Caseworker to Priya Shah"), and what the last check
of the chain found.

Who sees what (ADR 6, "Who reads the log"):
- A platform admin sees every event.
- A DPO sees the events about the organisations they are DPO for: the event's
  ``organisation_ref``, which is part of its seal. What a person does as themselves (signing
  in, the second factor, listing their cases, reading this log) is recorded once for each
  organisation they belong to at the time (``core.audit.audit_record_for``), so it stays with
  those organisations after the person leaves and never reaches another.
- An event with no organisation (older sign-ins, a change to one's own name) is shown to the
  DPO of an organisation its actor was a member of when it happened: a membership given
  today does not open anyone's past.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.apps import apps
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Replace
from django.utils import timezone

from lantern.accounts.models import Membership, Organisation, User
from lantern.core.audit import CHECK_OVERDUE_AFTER, action_label, latest_chain_check
from lantern.core.models import AuditChainCheck, AuditEvent
from lantern.core.registry import audit_record_type
from lantern.core.roles import Role

AUDIT_PAGE_SIZE = 50
# A name that matches more people than this is too vague to search by: the DPO is asked for
# more of it, or the email address.
PEOPLE_MATCHED_MAX = 200
EXPORT_BATCH = 500


# --- Whose events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditScope:
    """The events a reader may see: every one, or those of ``organisation_refs``."""

    everything: bool
    organisation_refs: frozenset[str] = frozenset()

    def condition(self) -> Q | None:
        """The filter on ``AuditEvent`` (None: no filter)."""
        if self.everything:
            return None
        if not self.organisation_refs:
            return Q(pk__in=[])
        refs = sorted(self.organisation_refs)
        org_less = Q(organisation_ref="") & ~Q(actor_ref="") & Q(Exists(_member_when(refs)))
        return Q(organisation_ref__in=refs) | org_less


def _dashless(expression: Any) -> Replace:
    return Replace(expression, Value("-"), Value(""))


def _member_when(organisation_refs: list[str]) -> QuerySet[Membership]:
    """A membership of one of these organisations held by the event's actor when it happened.

    Ids compare without dashes: ``actor_ref`` is a UUID written with them, while SQLite keeps
    a UUID column as 32 hex digits (PostgreSQL's uuid casts to text with dashes)."""
    return (
        Membership.objects.filter(
            organisation_id__in=organisation_refs, created_at__lte=OuterRef("occurred_at")
        )
        .annotate(user_hex=_dashless(Cast("user_id", output_field=CharField())))
        .filter(user_hex=_dashless(OuterRef("actor_ref")))
    )


def audit_scope_of(user: User) -> AuditScope:
    if Role.PLATFORM_ADMIN in user.roles():
        return AuditScope(everything=True)
    refs = Membership.objects.filter(user_id=user.pk, role=Role.DPO).values_list(
        "organisation_id", flat=True
    )
    return AuditScope(everything=False, organisation_refs=frozenset(str(r) for r in refs))


def organisation_refs_of(user: Any) -> list[str]:
    """The organisations a person belongs to now: what they do as themselves is recorded
    once for each (``core.audit.audit_record_for``)."""
    if user is None or getattr(user, "pk", None) is None:
        return []
    refs = Membership.objects.filter(user_id=user.pk).values_list("organisation_id", flat=True)
    return sorted({str(r) for r in refs})


def audit_reader_organisation_refs(user: User) -> list[str]:
    """The organisations whose log this reader reads (as their DPO, or as a platform admin):
    reading or downloading the log is recorded for each."""
    refs = Membership.objects.filter(
        user_id=user.pk, role__in=[Role.DPO, Role.PLATFORM_ADMIN]
    ).values_list("organisation_id", flat=True)
    return sorted({str(r) for r in refs})


# --- Filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    area: str = ""  # the part of the action before the dot: "case", "auth", ...
    person: str = ""  # a name or an email address
    case: str = ""  # a case reference
    since: date | None = None
    until: date | None = None


class TooManyPeople(Exception):
    """The name matches more than PEOPLE_MATCHED_MAX people."""


@dataclass
class AuditSearch:
    """The events a reader asked for, newest first, and what the filters were resolved to
    (ids only: what the audit event about this reading records)."""

    events: QuerySet[AuditEvent]
    scope: AuditScope
    filters: AuditFilters
    people: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    case_not_found: bool = False

    def detail(self) -> dict[str, Any]:
        """What was asked for, with no personal data: people and cases by id."""
        f = self.filters
        asked: dict[str, Any] = {}
        if f.area:
            asked["area"] = f.area
        if f.person:
            asked["people"] = self.people
        if f.case:
            asked["cases"] = self.cases
        if f.since:
            asked["since"] = f.since.isoformat()
        if f.until:
            asked["until"] = f.until.isoformat()
        return asked


def people_matching(text: str) -> list[str]:
    """The ids of the people a name or an email address means: the whole address (any letter
    case), or every word of the name. Raises TooManyPeople for a name too vague to use."""
    text = text.strip()
    if "@" in text:
        people = User.objects.filter(email__iexact=text)
    else:
        people = User.objects.all()
        for word in text.split():
            people = people.filter(full_name__icontains=word)
    ids = [
        str(pk)
        for pk in people.order_by("pk").values_list("pk", flat=True)[: PEOPLE_MATCHED_MAX + 1]
    ]
    if len(ids) > PEOPLE_MATCHED_MAX:
        raise TooManyPeople
    return ids


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def audit_search(user: User, filters: AuditFilters) -> AuditSearch:
    """The events ``user`` may see that match ``filters``, newest first (unevaluated: the
    caller takes a page, or streams them into a download). Raises TooManyPeople."""
    scope = audit_scope_of(user)
    events = AuditEvent.objects.order_by("-seq")
    condition = scope.condition()
    if condition is not None:
        events = events.filter(condition)
    search = AuditSearch(events=events, scope=scope, filters=filters)
    if filters.area:
        events = events.filter(action__startswith=filters.area + ".")
    if filters.person:
        search.people = people_matching(filters.person)
        events = events.filter(
            Q(actor_ref__in=search.people)
            | Q(object_type="accounts.user", object_ref__in=search.people)
            | Q(object_type="accounts.membership", detail__user__in=search.people)
        )
    if filters.case:
        kind = audit_record_type("support.case")
        within = None if scope.everything else scope.organisation_refs
        search.cases = kind.find(filters.case, within) if kind and kind.find else []
        search.case_not_found = not search.cases
        events = events.filter(object_type="support.case", object_ref__in=search.cases)
    if filters.since:
        events = events.filter(occurred_at__gte=_day_start(filters.since))
    if filters.until:
        events = events.filter(occurred_at__lt=_day_start(filters.until + timedelta(days=1)))
    search.events = events
    return search


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    older_than: int | None  # the ``before`` of the next page; None when there are no more


def audit_page(
    search: AuditSearch, *, before: int | None = None, size: int = AUDIT_PAGE_SIZE
) -> AuditPage:
    """One page of a search, newest first, before event #``before``. Reading one row past the
    page says whether an older page has anything on it, so "Older events" never leads to an
    empty page."""
    events = search.events
    if before is not None:
        events = events.filter(seq__lt=before)
    found = list(events[: size + 1])
    shown = found[:size]
    older = shown[-1].seq if len(found) > size else None
    return AuditPage(audit_rows(shown), older)


# --- Events in words -------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    seq: int
    occurred_at: datetime
    what: str  # "Case record: viewed"
    by: str  # the person's name; "" when nobody (the system, or a failed sign-in)
    record: str  # "Case SHS-2026-0003", "Caseworker to Priya Shah"; "" when about nobody else
    organisation: str


def _uuids(refs: Iterable[str]) -> list[UUID]:
    ids = []
    for ref in refs:
        try:
            ids.append(UUID(str(ref)))
        except ValueError:
            continue
    return ids


def _names(refs: set[str]) -> dict[str, str]:
    found = User.objects.filter(pk__in=_uuids(refs)).values_list("pk", "full_name")
    return {str(pk): name or "(no name)" for pk, name in found}


def _organisation_names(refs: set[str]) -> dict[str, str]:
    found = Organisation.objects.filter(pk__in=_uuids(refs)).values_list("pk", "name")
    return {str(pk): name for pk, name in found}


def _kind_name(object_type: str) -> str:
    """ "Session" for "facilitation.session": what the record is, when it has no registered
    name. Never its id: an id means nothing to a reader."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type.rpartition(".")[2].replace("_", " ").capitalize()
    return str(model._meta.verbose_name).capitalize()


def _role_words(event: AuditEvent, names: dict[str, str]) -> str:
    role = str(event.detail.get("role", ""))
    try:
        label = str(Role(role).label)
    except ValueError:
        label = role.replace("_", " ").capitalize()
    person = names.get(str(event.detail.get("user", "")), "someone whose account has gone")
    return f"{label} {'from' if event.action == 'role.revoked' else 'to'} {person}"


def audit_rows(events: list[AuditEvent]) -> list[AuditRow]:
    """The events in words: people by name, cases by reference, organisations by name, a
    role change as "Caseworker to Priya Shah". One query for people, one for organisations,
    one for each other kind of record shown."""
    people = {e.actor_ref for e in events if e.actor_ref}
    organisations = {e.organisation_ref for e in events if e.organisation_ref}
    others: dict[str, set[str]] = {}
    for e in events:
        if e.object_type == "accounts.user":
            people.add(e.object_ref)
        elif e.object_type == "accounts.membership":
            people.add(str(e.detail.get("user", "")))
        elif e.object_type == "accounts.organisation":
            organisations.add(e.object_ref)
        elif e.object_type and e.object_ref:
            others.setdefault(e.object_type, set()).add(e.object_ref)
    names = _names(people)
    org_names = _organisation_names(organisations)
    records: dict[tuple[str, str], str] = {}
    for object_type, refs in others.items():
        kind = audit_record_type(object_type)
        if kind is not None:
            records.update(((object_type, ref), name) for ref, name in kind.names(refs).items())

    def record(e: AuditEvent) -> str:
        if not e.object_type:
            return ""
        if e.object_type == "accounts.user":
            if e.object_ref == e.actor_ref:
                return ""  # their own account: the "By" column already says who
            return names.get(e.object_ref, "An account that has been removed")
        if e.object_type == "accounts.membership":
            return _role_words(e, names)
        if e.object_type == "accounts.organisation":
            return org_names.get(e.object_ref, "An organisation that has been removed")
        return records.get((e.object_type, e.object_ref), _kind_name(e.object_type))

    return [
        AuditRow(
            seq=e.seq,
            occurred_at=e.occurred_at,
            what=action_label(e.action),
            by=names.get(e.actor_ref, "An account that has been removed") if e.actor_ref else "",
            record=record(e),
            organisation=org_names.get(e.organisation_ref, ""),
        )
        for e in events
    ]


CSV_HEADER = ("Event number", "Date and time", "Event", "By", "Record", "Organisation")


def audit_csv_rows(search: AuditSearch) -> Iterator[tuple[object, ...]]:
    """Every event of a search, newest first, as rows for ``core.downloads.csv_download``
    (the header first), read and named a batch at a time."""
    yield CSV_HEADER
    batch: list[AuditEvent] = []

    def flush() -> Iterator[tuple[object, ...]]:
        for row in audit_rows(batch):
            when = timezone.localtime(row.occurred_at).strftime("%Y-%m-%d %H:%M:%S")
            yield (row.seq, when, row.what, row.by, row.record, row.organisation)

    for event in search.events.iterator(chunk_size=EXPORT_BATCH):
        batch.append(event)
        if len(batch) >= EXPORT_BATCH:
            yield from flush()
            batch = []
    yield from flush()


# --- The chain -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainStatus:
    """What the last check of the whole chain found, as this reader may be told it."""

    check: AuditChainCheck | None
    overdue: bool  # no check within CHECK_OVERDUE_AFTER: the daily job may have stopped
    # The newest event this reader can see that the check covered (a platform admin: the
    # end of the chain then). A DPO is never told the platform's own count.
    covered_up_to: int | None = None
    checkpoint: str = ""  # "SEQ:HASH", for a platform admin to keep elsewhere


def audit_chain_status(scope: AuditScope) -> ChainStatus:
    """From the stored result of the last check: two queries, however long the chain."""
    check = latest_chain_check()
    if check is None:
        return ChainStatus(None, overdue=True)
    overdue = timezone.now() - check.checked_at > CHECK_OVERDUE_AFTER
    if not check.ok:
        return ChainStatus(check, overdue)
    if scope.everything:
        checkpoint = f"{check.checked}:{check.checkpoint_hash}" if check.checked else ""
        return ChainStatus(check, overdue, check.checked or None, checkpoint)
    # Their organisations' newest event that the check covered (one index lookup: the
    # events with no organisation are left out, so this may be a little older than the
    # newest they can see, which the check covered too).
    newest = (
        AuditEvent.objects.filter(
            organisation_ref__in=sorted(scope.organisation_refs), seq__lte=check.checked
        )
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
    return ChainStatus(check, overdue, newest)
