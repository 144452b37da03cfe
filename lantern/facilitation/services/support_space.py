"""The support space: announcements, threads, posts and their moderation."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.facilitation.models import Announcement, Post, Programme, Thread
from lantern.facilitation.services.errors import FacilitationError


@transaction.atomic
def announcement_create(
    *, actor: User, programme: Programme, title: str, body: str
) -> Announcement:
    announcement = Announcement.objects.create(
        programme=programme, author=actor, title=title.strip(), body=body.strip()
    )
    audit_record(action="facilitation.announcement_posted", actor=actor, obj=announcement)
    return announcement


@transaction.atomic
def thread_create(*, actor: User, programme: Programme, title: str, body: str) -> Thread:
    thread = Thread.objects.create(programme=programme, title=title.strip(), author=actor)
    Post.objects.create(thread=thread, author=actor, body=body.strip())
    return thread


@transaction.atomic
def post_create(*, actor: User, thread: Thread, body: str) -> Post:
    post = Post.objects.create(thread=thread, author=actor, body=body.strip())
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    return post


@transaction.atomic
def post_hide(*, actor: User, post: Post, reason: str) -> Post:
    if not reason.strip():
        raise FacilitationError("Enter why you are hiding this post", field="reason")
    post.hidden_at, post.hidden_reason = timezone.now(), reason.strip()[:200]
    post.save(update_fields=["hidden_at", "hidden_reason"])
    audit_record(
        action="facilitation.post_hidden",
        actor=actor,
        obj=post,
        detail={"thread": str(post.thread_id)},
    )
    return post


@transaction.atomic
def post_restore(*, actor: User, post: Post) -> Post:
    post.hidden_at, post.hidden_reason = None, ""
    post.save(update_fields=["hidden_at", "hidden_reason"])
    audit_record(
        action="facilitation.post_restored",
        actor=actor,
        obj=post,
        detail={"thread": str(post.thread_id)},
    )
    return post
