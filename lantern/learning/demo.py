"""Synthetic progress for the demo learners (LANTERN_ENV=demo or test only).

Besides the three demo learners who can sign in, a synthetic cohort in Camden Council (demo)
gives the programme lead's report something to show: completion, knowledge and confidence gain,
and retention at 1, 3 and 6 months, by team and pathway. Names come from Faker with a fixed
seed, addresses are on the reserved ``.test`` domain, and the cohort cannot sign in."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from faker import Faker

from lantern.accounts import services as accounts
from lantern.accounts.demo import DEMO_DOMAIN
from lantern.accounts.models import Organisation, User
from lantern.core.roles import Role
from lantern.learning import rules, services
from lantern.learning.models import (
    Attempt,
    AttemptKind,
    Certificate,
    Course,
    Enrolment,
    LearnerPseudonym,
    Refresher,
    Statement,
    UnitProgress,
)
from lantern.learning.spec import CourseSpec, Question

COHORT_ORG = "Camden Council (demo)"
# (team, job title) -> the pathway follows from the job title, as for a real learner
COHORT_TEAMS = (
    ("Environmental health", "Environmental health officer"),
    ("Housing", "Private sector housing officer"),
    ("Licensing", "Licensing officer"),
    ("Adult social care", "Social worker"),
)
COHORT_SIZE = 24
FINISHED_MONTHS_AGO = (7, 4, 7, 2, 1, 7, 0, 4, 7)
OFFICER_FINISHED_DAYS_AGO = 42


def _answer_all_right(questions: list) -> dict[str, list[str]]:  # type: ignore[type-arg]
    return {q.id: list(q.correct_ids) for q in questions}


def seed_learning() -> list[str]:
    if settings.LANTERN_ENV not in {"demo", "test"}:
        raise RuntimeError("demo data only in LANTERN_ENV=demo or test")
    course = Course.objects.filter(slug="awareness").first()
    if course is None:
        return ["Learning: no course loaded (run load_content)"]
    spec = services.course_spec(course)
    lines = ["Learning demo progress"]
    # The police officer has finished, so there is a certificate and refreshers to show.
    officer = User.objects.filter(email=f"officer@{DEMO_DOMAIN}").first()
    if officer is not None:
        enrolment = services.enrolment_start(user=officer, course=course)
        if enrolment.completed_at is None:
            attempt = services.check_start(enrolment=enrolment, kind=AttemptKind.PRE)
            services.check_submit(
                enrolment=enrolment,
                kind=AttemptKind.PRE,
                answers=_answer_all_right([spec.bank[i] for i in attempt.items][:2])
                | {i: [spec.bank[i].options[0].id] for i in attempt.items[2:]},
                identify=2,
                respond=2,
                refer=1,
            )
            for unit in spec.required_units(enrolment.pathway):
                services.demo_unit_complete(enrolment=enrolment, unit=unit)
            post = services.check_start(enrolment=enrolment, kind=AttemptKind.POST)
            services.check_submit(
                enrolment=enrolment,
                kind=AttemptKind.POST,
                answers=_answer_all_right([spec.bank[i] for i in post.items]),
                identify=4,
                respond=4,
                refer=4,
            )
            # Finished six weeks ago: the 1-month refresher is due now, the 3-month one later.
            _backdate(enrolment, timezone.localdate() - timedelta(days=OFFICER_FINISHED_DAYS_AGO))
        finished = Enrolment.objects.get(pk=enrolment.pk).completed_at
        lines.append(
            f"  {officer.email}: finished the {enrolment.pathway} pathway on"
            f" {finished:%-d %B %Y}, certificate issued; the 1-month refresher is due"
            if finished is not None
            else f"  {officer.email}: enrolled on the {enrolment.pathway} pathway"
        )
    # The EH officer is part-way through (resume where they left off).
    eho = User.objects.filter(email=f"ehofficer@{DEMO_DOMAIN}").first()
    if eho is not None:
        enrolment = services.enrolment_start(
            user=eho, course=course, job_title="Environmental health officer"
        )
        lines.append(f"  {eho.email}: enrolled on the {enrolment.pathway} pathway")
    lines.append(f"  learner@{DEMO_DOMAIN}: not started (try the health pathway)")
    lines.extend(seed_cohort(course=course, spec=spec))
    lines.extend(_seed_lms())
    return lines


def _seed_lms() -> list[str]:
    """Camden's own learning system, registered for cmi5 launches, so its admin has a package
    to download. Its address is on the reserved .test domain: nothing answers there."""
    org = Organisation.objects.filter(name=COHORT_ORG).first()
    admin = User.objects.filter(email=f"orgadmin@{DEMO_DOMAIN}").first()
    if org is None or admin is None:
        return []
    if not org.lms_connections.exists():
        services.lms_connection_create(
            actor=admin,
            organisation=org,
            name="Camden Learning Hub (demo)",
            endpoint="https://learning-hub.example.test/xapi/",
        )
    return [
        f"  Camden Learning Hub (demo): an LMS that may launch the course (cmi5), for {admin.email}"
    ]


def _answers(
    questions: list[Question], p_right: float, rng: random.Random, unsure: bool = False
) -> dict[str, Any]:
    """Each question right with probability p_right, otherwise its first wrong option; with
    ``unsure`` (before the course), every other miss is "I do not know yet" instead (a score
    of 0 either way, and the same random draws)."""
    out = {}
    for n, q in enumerate(questions):
        wrong = [o.id for o in q.options if not o.correct]
        right = rng.random() < p_right or not wrong
        missed = [rules.DONT_KNOW] if unsure and n % 2 == 0 else wrong[:1]
        out[q.id] = list(q.correct_ids) if right else missed
    return out


def seed_cohort(*, course: Course, spec: CourseSpec) -> list[str]:
    """A synthetic cohort: some not started, some part-way, most finished between now and seven
    months ago, with refreshers taken as they fell due (scores fall off with time)."""
    org = Organisation.objects.filter(name=COHORT_ORG).first()
    if org is None:
        return []
    fake = Faker("en_GB")
    rng = random.Random(2026)  # noqa: S311 (synthetic demo data, not security)
    today = timezone.localdate()
    made = 0
    for n in range(COHORT_SIZE):
        fake.seed_instance(5000 + n)
        name = fake.name()
        email = f"cohort{n:02d}@{DEMO_DOMAIN}"
        team_name, job = COHORT_TEAMS[n % len(COHORT_TEAMS)]
        # 3 not started, 3 part-way, 18 finished: 8 of them seven months ago, so that every
        # refresher has enough people behind its average to show in the report
        stage = {0: "none", 3: "started"}.get(n % 8, "finished")
        months_ago = FINISHED_MONTHS_AGO[n % len(FINISHED_MONTHS_AGO)]
        if User.objects.filter(email=email).exists():
            continue
        with transaction.atomic():
            user = accounts.user_create(actor=None, email=email, full_name=name)  # no password
            team = accounts.team_get_or_create(organisation=org, name=team_name)
            accounts.membership_grant(
                actor=None, user=user, organisation=org, role=Role.LEARNER, team=team
            )
            made += 1
            if stage == "none":
                continue
            enrolment = services.enrolment_start(user=user, course=course, job_title=job)
            pre = services.check_start(enrolment=enrolment, kind=AttemptKind.PRE)
            low = rng.randint(1, 3)
            services.check_submit(
                enrolment=enrolment,
                kind=AttemptKind.PRE,
                answers=_answers([spec.bank[i] for i in pre.items], 0.45, rng, unsure=True),
                identify=low,
                respond=rng.randint(1, 3),
                refer=max(1, low - 1),
            )
            units = spec.required_units(enrolment.pathway)
            done = units if stage == "finished" else units[: rng.randint(1, len(units) - 1)]
            for unit in done:
                services.demo_unit_complete(enrolment=enrolment, unit=unit)
            if stage != "finished":
                continue
            post = services.check_start(enrolment=enrolment, kind=AttemptKind.POST)
            services.check_submit(
                enrolment=enrolment,
                kind=AttemptKind.POST,
                answers=_answers([spec.bank[i] for i in post.items], 0.85, rng),
                identify=rng.randint(3, 5),
                respond=rng.randint(3, 5),
                refer=rng.randint(3, 5),
            )
            _backdate(enrolment, today - timedelta(days=30 * months_ago + rng.randint(0, 9)))
            _refreshers_taken(enrolment, spec, rng, today)
    return [f"  {COHORT_ORG}: a synthetic cohort of {COHORT_SIZE} learners ({made} new)"]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _restamp(statements: list[Statement], end: datetime) -> None:
    """Demo only: give statements times that end at ``end``, a minute apart, in their order, in
    the row and in the statement itself (what an LRS would receive)."""
    for i, statement in enumerate(statements):
        when = end - timedelta(minutes=len(statements) - 1 - i)
        statement.stored_at = when
        statement.payload = {**statement.payload, "timestamp": when.astimezone(UTC).isoformat()}
    Statement.objects.bulk_update(statements, ["stored_at", "payload"])


def _statements_since(user: User, since: datetime) -> list[Statement]:
    key = LearnerPseudonym.objects.filter(user=user).values_list("key", flat=True).first()
    if key is None:
        return []
    return list(Statement.objects.filter(actor_key=key, stored_at__gte=since).order_by("stored_at"))


def _backdate(enrolment: Enrolment, finished_on: date) -> None:
    """Demo only: move a finished enrolment back in time, whole: when it started, its checks,
    its units, its certificate (issued on the day it finished, its PDF drawn again with that
    day), its refreshers and its xAPI statements."""
    when = _at(finished_on, 11)
    current = Enrolment.objects.values_list("completed_at", flat=True).get(pk=enrolment.pk)
    shift = (current or timezone.now()) - when
    _restamp(_statements_since(enrolment.user, enrolment.started_at), when)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        started_at=F("started_at") - shift, completed_at=when, last_active_at=when
    )
    Attempt.objects.filter(enrolment=enrolment, submitted_at__isnull=False).update(
        started_at=F("started_at") - shift, submitted_at=F("submitted_at") - shift
    )
    UnitProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False).update(
        started_at=F("started_at") - shift, completed_at=F("completed_at") - shift
    )
    Certificate.objects.filter(enrolment=enrolment).update(
        issued_on=finished_on, pdf=None, pdf_rendered_at=None
    )
    for refresher in Refresher.objects.filter(enrolment=enrolment):
        refresher.due_on = rules.add_months(finished_on, refresher.months)
        refresher.save(update_fields=["due_on"])


def _refreshers_taken(
    enrolment: Enrolment, spec: CourseSpec, rng: random.Random, today: date
) -> None:
    """Most people take a refresher when it falls due; what they keep falls off with time."""
    keep = {1: 0.8, 3: 0.7, 6: 0.6}
    for refresher in Refresher.objects.filter(enrolment=enrolment, due_on__lte=today):
        if rng.random() > 0.85:
            continue  # not taken yet
        started = timezone.now()
        attempt = services.refresher_start(refresher=refresher)
        services.refresher_submit(
            refresher=refresher,
            answers=_answers(
                [spec.bank[i] for i in attempt.items], keep.get(refresher.months, 0.6), rng
            ),
        )
        taken = _at(refresher.due_on + timedelta(days=rng.randint(0, 6)), 9)
        Refresher.objects.filter(pk=refresher.pk).update(completed_at=taken, notified_at=taken)
        _restamp(_statements_since(enrolment.user, started), taken)
