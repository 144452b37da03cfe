"""Rows for facilitation tests (and the route-matrix samples). Synthetic data only."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from lantern.accounts.models import Organisation, OrganisationType, User
from lantern.core.roles import Role
from lantern.facilitation import services
from lantern.facilitation.models import (
    AwarenessSession,
    Booking,
    Cohort,
    Facilitator,
    Post,
    Programme,
    ResourceDocument,
    ResourceVersion,
)
from tests.helpers import make_user


def _tag() -> str:
    return uuid.uuid4().hex[:8]


def make_programme(lead: User | None = None, org: Organisation | None = None) -> Programme:
    lead = lead or make_user(Role.PROGRAMME_LEAD, org=org, email=f"lead-{_tag()}@example.test")
    return services.programme_create(actor=lead, name=f"Programme {_tag()}", region="London")


def make_cohort(programme: Programme) -> Cohort:
    lead = programme.leads.first()
    assert lead is not None
    return services.cohort_create(
        actor=lead, programme=programme, name=f"Cohort {_tag()}", starts_on=timezone.localdate()
    )


def make_facilitator(
    programme: Programme | None = None,
    *,
    user: User | None = None,
    org: Organisation | None = None,
    accredited: bool = True,
) -> Facilitator:
    programme = programme or make_programme(org=org)
    cohort = programme.cohorts.first() or make_cohort(programme)
    user = user or make_user(Role.FACILITATOR, org=org, email=f"fac-{_tag()}@example.test")
    lead = programme.leads.first()
    assert lead is not None
    facilitator = services.trainee_add(actor=lead, cohort=cohort, user=user)
    if accredited:
        facilitator = services.facilitator_accredit(actor=lead, facilitator=facilitator)
    return facilitator


def make_session(
    facilitator: Facilitator | None = None,
    *,
    starts_at: datetime | None = None,
    capacity: int = 10,
    waitlist_limit: int = 5,
    **kw: Any,
) -> AwarenessSession:
    facilitator = facilitator or make_facilitator()
    return services.session_create(
        actor=facilitator.user,
        facilitator=facilitator,
        title=kw.pop("title", "Awareness session"),
        scope=kw.pop("scope", "in_borough"),
        borough=kw.pop("borough", ""),
        mode=kw.pop("mode", "venue"),
        venue=kw.pop("venue", "Town Hall, Room 1"),
        online_url=kw.pop("online_url", ""),
        starts_at=starts_at or timezone.now() + timedelta(days=3),
        capacity=capacity,
        waitlist_limit=waitlist_limit,
    )


def make_booking(session: AwarenessSession, **kw: Any) -> Booking:
    return services.booking_create(
        session=session,
        full_name=kw.pop("full_name", "Alex Example"),
        email=kw.pop("email", f"person-{_tag()}@example.test"),
        organisation_name=kw.pop("organisation_name", "Example Trust"),
        org_type=kw.pop("org_type", OrganisationType.HEALTH),
        job_role=kw.pop("job_role", "health"),
    )


def start_now(session: AwarenessSession, minutes_ago: int = 10) -> AwarenessSession:
    """Move a session so that it started ``minutes_ago`` (bookings are made before)."""
    start = timezone.now() - timedelta(minutes=minutes_ago)
    AwarenessSession.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + timedelta(minutes=150)
    )
    session.refresh_from_db()
    return session


def end_now(session: AwarenessSession, minutes_ago: int = 5) -> AwarenessSession:
    """Move a session so that it ended ``minutes_ago`` (a 2.5 hour session, delivered)."""
    return start_now(session, minutes_ago=150 + minutes_ago)


# --- Route-matrix samples ----------------------------------------------------------------------


def sample_programme(org: Organisation) -> dict[str, Any]:
    return {"programme_id": make_programme(org=org).pk}


def sample_cohort(org: Organisation) -> dict[str, Any]:
    return {"cohort_id": make_cohort(make_programme(org=org)).pk}


def sample_facilitator(org: Organisation) -> dict[str, Any]:
    return {"facilitator_id": make_facilitator(org=org, accredited=False).pk}


def sample_commitment(org: Organisation) -> dict[str, Any]:
    return {"commitment_id": make_facilitator(org=org).commitments.get().pk}


def sample_action(org: Organisation) -> dict[str, Any]:
    return {"action_id": make_facilitator(org=org).commitments.get().actions.first().pk}  # type: ignore[union-attr]


def sample_session(org: Organisation) -> dict[str, Any]:
    return {"session_id": make_session(make_facilitator(org=org)).pk}


def sample_version(org: Organisation) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    programme = make_programme(org=org)
    document = ResourceDocument.objects.create(programme=programme, title="Deck", kind="slide_deck")
    version = ResourceVersion(document=document, number=1, original_name="deck.pdf", size_bytes=4)
    version.file.save("deck.pdf", ContentFile(b"%PDF"), save=False)
    version.save()
    return {"version_id": version.pk}


def sample_thread(org: Organisation) -> dict[str, Any]:
    programme = make_programme(org=org)
    lead = programme.leads.get()
    return {
        "thread_id": services.thread_create(actor=lead, programme=programme, title="Q", body="B").pk
    }


def sample_post(org: Organisation) -> dict[str, Any]:
    thread_id = sample_thread(org)["thread_id"]
    post = Post.objects.filter(thread_id=thread_id).first()
    assert post is not None
    return {"post_id": post.pk}


def sample_booking_page(org: Organisation) -> dict[str, Any]:
    return {"token": make_session(make_facilitator(org=org)).booking_token}


def sample_checkin(org: Organisation) -> dict[str, Any]:
    return {"token": make_session(make_facilitator(org=org)).checkin_token}


def sample_booking(org: Organisation) -> dict[str, Any]:
    return {"token": make_booking(make_session(make_facilitator(org=org))).token}


def sample_evaluate(org: Organisation) -> dict[str, Any]:
    return {"token": make_booking(make_session(make_facilitator(org=org))).token, "phase": "pre"}


SAMPLES: dict[str, Any] = {
    "facilitation:programme": sample_programme,
    "facilitation:programme_export": sample_programme,
    "facilitation:programme_sab_report": sample_programme,
    "facilitation:programme_sab_report_pdf": sample_programme,
    "facilitation:cohort_create": sample_programme,
    "facilitation:library": sample_programme,
    "facilitation:support": sample_programme,
    "facilitation:cohort": sample_cohort,
    "facilitation:cohort_join": lambda org: {"token": "not-an-invitation"},
    "facilitation:cohort_attendance": sample_cohort,
    "facilitation:facilitator_accredit": sample_facilitator,
    "facilitation:commitment": sample_commitment,
    "facilitation:action": sample_action,
    "facilitation:session": sample_session,
    "facilitation:session_attendance": sample_session,
    "facilitation:session_change": sample_session,
    "facilitation:session_cancel": sample_session,
    "facilitation:session_checkin": sample_session,
    "facilitation:session_results": sample_session,
    "facilitation:resource_download": sample_version,
    "facilitation:thread": sample_thread,
    "facilitation:post_moderate": sample_post,
    "facilitation_public:book": sample_booking_page,
    "facilitation_public:checkin": sample_checkin,
    "facilitation_public:booking": sample_booking,
    "facilitation_public:booking_cancel": sample_booking,
    "facilitation_public:certificate_pdf": sample_booking,
    "facilitation_public:certificate_badge": sample_booking,
    "facilitation_public:evaluate": sample_evaluate,
}
