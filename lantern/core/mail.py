"""Emails sent by background tasks are tried again when the mail server refuses them.

A task that sends one email calls ``send_or_retry``. If sending fails, the same task is queued
again, later each time (1 minute, then 5, 30, 2 hours and 6 hours), and the failure is raised
so that the task backend records it. After the last attempt it is logged, with the task's name
and no address, and given up. Backends that cannot run a task later (the immediate backend of
the tests and the demo's console mail) get no retry."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.tasks import Task
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger("lantern.mail")

RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


def send_or_retry(
    send: Callable[[], object], *, task: Task[Any, Any], attempt: int, **kwargs: Any
) -> None:
    """Run ``send``; on failure queue ``task`` again with ``kwargs`` and ``attempt + 1``."""
    try:
        send()
    except Exception:
        if attempt < len(RETRY_DELAYS) and task.get_backend().supports_defer:
            task.using(run_after=timezone.now() + RETRY_DELAYS[attempt]).enqueue(
                attempt=attempt + 1, **kwargs
            )
            logger.warning("%s: sending failed, try %d queued", task.name, attempt + 2)
        else:
            logger.error("%s: sending failed after %d tries, given up", task.name, attempt + 1)
        raise


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """A plain-text email (body or subject) from its template, with nothing HTML-escaped: a
    name like O'Brien stays O'Brien. The "text" template engine is set up in settings."""
    return render_to_string(template_name, context, using="text")
