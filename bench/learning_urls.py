"""The real URL map plus bare views, for the learning benchmark only."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantern.config.urls import urlpatterns as real_patterns
from lantern.learning.models import Enrolment

_TEMPLATE = engines["django"].from_string(
    "{% extends 'base.html' %}{% block page_title %}Bare{% endblock %}"
    "{% block content %}<h1 class='govuk-heading-l'>A bare template view</h1>"
    "<p class='govuk-body'>Same layout, no database.</p>{% endblock %}"
)


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_TEMPLATE.render({}, request))


@require_POST
def bare_write(request: HttpRequest) -> HttpResponse:
    """The least a signed-in form submission can do: one UPDATE committed, then a redirect."""
    user_id = request.user.pk
    if user_id is None:
        return HttpResponse("Sign in first", status=403)
    with transaction.atomic():
        Enrolment.objects.filter(user_id=user_id).update(last_active_at=timezone.now())
    return redirect("/bench/bare/")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/write/", bare_write, name="bench_write"),
    path("", include(real_patterns)),
]
