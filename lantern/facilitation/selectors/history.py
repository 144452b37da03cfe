"""Who changed or cancelled a session, and what, read back from the audit log (the services
record the person, the capacity they acted in and the names of the fields, never values)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lantern.accounts.models import User
from lantern.core.models import AuditEvent
from lantern.facilitation import rules
from lantern.facilitation.models import AwarenessSession

ACTIONS = ("facilitation.session_changed", "facilitation.session_cancelled")


@dataclass(frozen=True)
class SessionHistoryLine:
    when: datetime
    who: str
    what: str
    cancelled: bool


def session_history(session: AwarenessSession) -> list[SessionHistoryLine]:
    """Each change and the cancellation of one session, newest first (two queries)."""
    events = list(
        AuditEvent.objects.filter(
            object_type=AwarenessSession._meta.label_lower,
            object_ref=str(session.pk),
            action__in=ACTIONS,
        ).order_by("-seq")
    )
    refs = {e.actor_ref for e in events if e.actor_ref}
    names: dict[str, str] = {
        str(pk): name
        for pk, name in User.objects.filter(pk__in=refs).values_list("pk", "full_name")
    }
    lines = []
    for event in events:
        name = names.get(event.actor_ref, "Someone")
        capacity = rules.ACTING_AS.get(str(event.detail.get("as", "")))
        cancelled = event.action == "facilitation.session_cancelled"
        lines.append(
            SessionHistoryLine(
                when=event.occurred_at,
                who=f"{name} ({capacity})" if capacity else name,
                what="cancelled the session"
                if cancelled
                else rules.changed_fields_words(event.detail.get("fields") or []),
                cancelled=cancelled,
            )
        )
    return lines
