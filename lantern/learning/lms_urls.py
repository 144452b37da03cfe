"""Launches from other learning management systems (cmi5), mounted at /lms/."""

from django.urls import path

from lantern.learning import lms_views

app_name = "lms"

urlpatterns = [
    path("return/", lms_views.lms_return, name="return"),
    path("<uuid:connection_id>/<slug:course>/launch/", lms_views.lms_launch, name="launch"),
]
