"""The database task queue end to end: enqueue in a request, run by the real db_worker."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import task_backends
from django.test import Client, override_settings

from lantern.core.roles import Role
from tests.helpers import make_user

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_password_reset_email_waits_in_the_queue_until_the_worker_runs(client: Client) -> None:
    make_user(Role.LEARNER, email="queued@example.test")
    # Django's tasks framework resets its backends when TASKS changes (django.tasks.signals).
    with override_settings(TASKS=DB_TASKS):
        from django_tasks_db.models import DBTaskResult

        assert type(task_backends["default"]).__name__ == "DatabaseBackend"
        client.post("/account/password-reset/", {"email": "queued@example.test"})
        assert mail.outbox == []
        assert DBTaskResult.objects.ready().count() == 1
        # The queued task holds the user's id, never a reset link or token.
        stored = str(DBTaskResult.objects.get().args_kwargs)
        assert "token" not in stored and "password-reset" not in stored
        call_command("db_worker", "--batch", "--no-startup-delay")
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["queued@example.test"]
        assert DBTaskResult.objects.successful().count() == 1
