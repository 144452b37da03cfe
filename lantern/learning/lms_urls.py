"""Launches from other learning management systems (cmi5), and the admin's pages for the LMSs
allowed to launch Lantern's courses, mounted at /lms/."""

from django.urls import path

from lantern.learning import lms_admin_views, lms_views

app_name = "lms"

urlpatterns = [
    path("manage/", lms_admin_views.lms_manage, name="manage"),
    path("manage/<uuid:org_id>/new/", lms_admin_views.lms_connection_add, name="connection_add"),
    path(
        "manage/connections/<uuid:connection_id>/",
        lms_admin_views.lms_connection,
        name="connection",
    ),
    path(
        "manage/connections/<uuid:connection_id>/active/",
        lms_admin_views.lms_connection_active,
        name="connection_active",
    ),
    path(
        "manage/connections/<uuid:connection_id>/name/",
        lms_admin_views.lms_connection_rename,
        name="connection_rename",
    ),
    path(
        "manage/connections/<uuid:connection_id>/remove/",
        lms_admin_views.lms_connection_remove,
        name="connection_remove",
    ),
    path(
        "manage/connections/<uuid:connection_id>/package.zip",
        lms_admin_views.lms_package,
        name="package",
    ),
    path("return/", lms_views.lms_return, name="return"),
    path("name/", lms_views.lms_name, name="name"),
    path("<uuid:connection_id>/<slug:course>/launch/", lms_views.lms_launch, name="launch"),
]
