"""Read-only queries of core state."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone


def health_report() -> dict[str, Any]:
    """Database, cache and task-queue state. Counts only: nothing personal."""
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # a health check reports, it does not raise
        checks["database"] = {"status": "error", "error": exc.__class__.__name__}
    try:
        key = f"healthz:{uuid.uuid4().hex}"
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
        checks["cache"] = {
            "status": "ok" if ok else "error",
            "backend": str(settings.CACHES["default"]["BACKEND"]).rsplit(".", 1)[-1],
        }
    except Exception as exc:
        checks["cache"] = {"status": "error", "error": exc.__class__.__name__}
    checks["tasks"] = task_queue_state()
    states = {c["status"] for c in checks.values()}
    status = "error" if "error" in states else ("degraded" if "degraded" in states else "ok")
    return {"status": status, "checks": checks}


def task_queue_state() -> dict[str, Any]:

    backend = str(settings.TASKS["default"]["BACKEND"])
    if not backend.startswith("django_tasks_db"):
        return {"status": "ok", "backend": backend.rsplit(".", 1)[-1]}
    try:
        from django_tasks_db.models import DBTaskResult

        stale = timezone.now() - timedelta(minutes=5)
        ready = DBTaskResult.objects.ready()
        result: dict[str, Any] = {
            "backend": "DatabaseBackend",
            "ready": ready.count(),
            "ready_over_5_minutes": ready.filter(enqueued_at__lt=stale).count(),
            "running": DBTaskResult.objects.running().count(),
            "failed": DBTaskResult.objects.failed().count(),
        }
        # A queue whose oldest task has waited five minutes has no working worker.
        result["status"] = "ok" if result["ready_over_5_minutes"] == 0 else "degraded"
        return result
    except Exception as exc:
        return {"status": "error", "error": exc.__class__.__name__}
