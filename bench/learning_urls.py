"""The real URL map plus one bare Django template view, for the learning benchmark only."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from lantern.config.urls import urlpatterns as real_patterns

_TEMPLATE = engines["django"].from_string(
    "{% extends 'base.html' %}{% block page_title %}Bare{% endblock %}"
    "{% block content %}<h1 class='govuk-heading-l'>A bare template view</h1>"
    "<p class='govuk-body'>Same layout, no database.</p>{% endblock %}"
)


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_TEMPLATE.render({}, request))


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), path("", include(real_patterns))]
