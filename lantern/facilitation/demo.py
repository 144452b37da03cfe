"""Synthetic demo data: a programme, a cohort, the accredited demo facilitator, one delivered
session (register filled in, evaluation answered before and after, so its results show) and one
upcoming session with bookings. Faker and random with a fixed seed; .test addresses only."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from lantern.accounts.models import OrganisationType, User
from lantern.facilitation import services
from lantern.facilitation.kit import instrument
from lantern.facilitation.models import (
    AwarenessSession,
    Booking,
    BookingStatus,
    CohortAttendance,
    Facilitator,
    JobRole,
    Programme,
)

PROGRAMME_NAME = "London modern slavery awareness (demo)"
ORG_TYPES = [
    OrganisationType.LOCAL_AUTHORITY,
    OrganisationType.POLICE,
    OrganisationType.HEALTH,
    OrganisationType.NGO,
    OrganisationType.HEALTH,
    OrganisationType.LOCAL_AUTHORITY,
]
ROLES = [
    JobRole.SOCIAL_WORKER,
    JobRole.POLICE,
    JobRole.NURSE_DOCTOR,
    JobRole.VOLUNTEER,
    JobRole.HOUSING,
]


def _bookings(session: AwarenessSession, fake: Faker, count: int) -> list[Booking]:
    bookings = []
    for index in range(count):
        name = fake.name()
        bookings.append(
            Booking.objects.create(
                session=session,
                full_name=name,
                email=f"attendee{index}-{session.pk.hex[:6]}@demo.lantern.test",
                organisation_name=f"{fake.city()} {ORG_TYPES[index % len(ORG_TYPES)].label} (demo)",
                org_type=ORG_TYPES[index % len(ORG_TYPES)],
                job_role=ROLES[index % len(ROLES)],
                status=BookingStatus.CONFIRMED,
            )
        )
    return bookings


def _answer(booking: Booking, phase: str, chance: random.Random, *, right: float) -> None:
    """One synthetic answer sheet through the service (anonymous, with its receipt)."""
    inst = instrument()
    answers = {
        q.id: q.correct if chance.random() < right else chance.choice(q.options).id
        for q in inst.knowledge
    }
    low, high = (1, 3) if phase == "pre" else (3, 5)
    services.evaluation_submit(
        booking=booking,
        phase=phase,
        answers=answers,
        confidence={cid: chance.randint(low, high) for cid, _text in inst.confidence},
        reaction={rid: chance.randint(4, 5) for rid, _text in inst.reaction},
    )


def seed_facilitation(*, password: str) -> list[str]:
    lead = User.objects.filter(email="lead@demo.lantern.test").first()
    person = User.objects.filter(email="facilitator@demo.lantern.test").first()
    if lead is None or person is None:
        return ["Facilitation: demo accounts missing, nothing seeded"]
    if Programme.objects.filter(name=PROGRAMME_NAME).exists():
        return [f"Facilitation: {PROGRAMME_NAME} already seeded"]
    fake = Faker("en_GB")
    fake.seed_instance(6006)
    now = timezone.now()
    with transaction.atomic():
        programme = services.programme_create(actor=lead, name=PROGRAMME_NAME, region="London")
        cohort = services.cohort_create(
            actor=lead,
            programme=programme,
            name="Summer cohort (demo)",
            starts_on=(now - timedelta(days=90)).date(),
        )
        trainee = services.trainee_add(actor=lead, cohort=cohort, user=person)
        CohortAttendance.objects.bulk_create(
            [CohortAttendance(facilitator=trainee, session_number=n) for n in range(1, 7)]
        )
        facilitator = services.facilitator_accredit(actor=lead, facilitator=trainee)
        commitment = facilitator.commitments.get()
        commitment.starts_on = (now - timedelta(days=60)).date()
        commitment.save(update_fields=["starts_on"])
        # Booked and answered before the session (while it was still to come), then held.
        delivered = AwarenessSession.objects.create(
            programme=programme,
            facilitator=facilitator,
            title="Modern slavery awareness: Hackney partners (demo)",
            scope="in_borough",
            borough="Hackney",
            mode="venue",
            venue="Hackney Town Hall, Committee Room 1 (demo)",
            starts_at=now + timedelta(days=1),
            ends_at=now + timedelta(days=1, minutes=150),
            capacity=30,
        )
        chance = fake.random  # seeded above: the same answers every time
        attendees = _bookings(delivered, fake, 12)
        for booking in attendees[:9]:
            _answer(booking, "pre", chance, right=0.5)
        held = now - timedelta(days=14)
        AwarenessSession.objects.filter(pk=delivered.pk).update(
            starts_at=held, ends_at=held + timedelta(minutes=150)
        )
        delivered.refresh_from_db()
        # The facilitator fills in the register after the end, as a real one would: the
        # service records the completions and issues the certificates at once.
        services.attendance_mark(
            actor=person, session=delivered, present_ids=[str(b.pk) for b in attendees]
        )
        for booking in Booking.objects.filter(session=delivered).order_by("created_at")[:8]:
            _answer(booking, "post", chance, right=0.85)
        services.session_create(
            actor=person,
            facilitator=Facilitator.objects.get(pk=facilitator.pk),
            title="Modern slavery awareness: cross-borough (demo)",
            scope="cross_borough",
            borough="Hackney",
            mode="online",
            venue="",
            online_url="https://meet.example.test/lantern-demo",
            starts_at=now + timedelta(days=10),
            capacity=25,
        )
        upcoming = AwarenessSession.objects.filter(programme=programme, starts_at__gt=now).get()
        _bookings(upcoming, fake, 6)
    return [
        f"Facilitation: {PROGRAMME_NAME} with lead {lead.email} and accredited facilitator "
        f"{person.email}; one delivered session (12 attended, 9 answered before and 8 after), "
        "one upcoming (6 booked)"
    ]
