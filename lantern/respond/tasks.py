"""Background tasks for respond."""

from __future__ import annotations

from django.tasks import task

from lantern.respond.services import referral_drafts_purge_expired


@task()
def purge_expired_referral_drafts() -> int:
    return referral_drafts_purge_expired()
