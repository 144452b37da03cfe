"""Reads for an organisation's members page: everyone with a role there, a page at a time,
sorted by name without the title, with a search by name or email address."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Prefetch, Q, QuerySet, When
from django.db.models.functions import Lower, Substr

from lantern.accounts.models import HONORIFICS, Membership, Organisation, User

MEMBERS_PER_PAGE = 50


def name_without_title() -> Case:
    """A person's name in lower case without the title before it ("Dr Billy Lewis" sorts as
    "billy lewis"), worked out in the database so that a page of people can be read in order."""
    name = Lower("full_name")
    whens = [
        When(full_name__istartswith=prefix, then=Lower(Substr("full_name", len(prefix) + 1)))
        for title in sorted(HONORIFICS, key=len, reverse=True)
        for prefix in (f"{title} ", f"{title}. ")
    ]
    return Case(*whens, default=name, output_field=CharField())


def people_in(organisation: Organisation, *, search: str = "") -> QuerySet[User]:
    """Everyone with a role in ``organisation``, each once, sorted by name without the title,
    with their roles there (and teams) as ``roles_here``. ``search`` keeps the people whose
    name or email address holds every word of it."""
    people = User.objects.filter(
        pk__in=Membership.objects.filter(organisation=organisation).values("user_id")
    )
    for word in search.split():
        people = people.filter(Q(full_name__icontains=word) | Q(email__icontains=word))
    roles_here = Membership.objects.filter(organisation=organisation).select_related("team")
    return (
        people.annotate(sort_name=name_without_title())
        .order_by("sort_name", "email")
        .prefetch_related(
            Prefetch("memberships", queryset=roles_here.order_by("role"), to_attr="roles_here")
        )
    )


def people_page(organisation: Organisation, *, search: str = "", page: Any = 1) -> Page[User]:
    """One page of ``people_in``: three queries whatever the size of the organisation."""
    paginator = Paginator(people_in(organisation, search=search), MEMBERS_PER_PAGE)
    return paginator.get_page(page)
