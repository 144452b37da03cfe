"""Running the registered upkeep jobs (retention, reminders, refreshers, xAPI forwarding)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date

from django.db import close_old_connections
from django.utils import timezone

from lantern.core.registry import scheduled_jobs

logger = logging.getLogger("lantern.scheduler")


def run_round(every: str | None) -> list[str]:
    """Run every job of a cadence once. A failing job is logged and does not stop the others."""
    lines = []
    for step in scheduled_jobs(every):
        try:
            lines.append(f"{step.name}: {step.run()}")
        except Exception:  # one job's failure must not stop retention or reminders elsewhere
            logger.exception("scheduled job %s failed", step.name)
            lines.append(f"{step.name}: FAILED (see the log)")
    return lines


def run_forever(
    *, sleep: Callable[[float], None] = time.sleep, rounds: int | None = None, interval: int = 3600
) -> None:
    """Hourly jobs every ``interval`` seconds; daily jobs on the first round of each day."""
    last_daily: date | None = None
    done = 0
    while rounds is None or done < rounds:
        close_old_connections()
        today = timezone.localdate()
        for line in run_round("hourly"):
            logger.info(line)
        if last_daily != today:
            for line in run_round("daily"):
                logger.info(line)
            last_daily = today
        done += 1
        if rounds is None or done < rounds:
            sleep(interval)
