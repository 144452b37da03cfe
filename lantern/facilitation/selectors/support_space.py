"""The support space: announcements, threads and posts."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from lantern.facilitation.models import Announcement, Post, Programme, Thread


def announcements(programme: Programme) -> QuerySet[Announcement]:
    return programme.announcements.select_related("author")[:10]


def threads(programme: Programme) -> QuerySet[Thread]:
    return programme.threads.select_related("author").annotate(
        post_count=Count("posts", filter=Q(posts__hidden_at__isnull=True))
    )


def thread_posts(thread: Thread) -> QuerySet[Post]:
    return thread.posts.select_related("author")
