from django.urls import path

from lantern.facilitation import views

app_name = "facilitation"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<uuid:programme_id>/", views.programme, name="programme"),
    path(
        "programmes/<uuid:programme_id>/reach.csv", views.programme_export, name="programme_export"
    ),
    path(
        "programmes/<uuid:programme_id>/sab-report/",
        views.programme_sab_report,
        name="programme_sab_report",
    ),
    path(
        "programmes/<uuid:programme_id>/sab-report.pdf",
        views.programme_sab_report_pdf,
        name="programme_sab_report_pdf",
    ),
    path("programmes/<uuid:programme_id>/cohorts/new/", views.cohort_create, name="cohort_create"),
    path("programmes/<uuid:programme_id>/library/", views.library, name="library"),
    path("programmes/<uuid:programme_id>/support/", views.support, name="support"),
    path("cohorts/<uuid:cohort_id>/", views.cohort, name="cohort"),
    path("cohorts/join/<str:token>/", views.cohort_join, name="cohort_join"),
    path("cohorts/<uuid:cohort_id>/attendance/", views.cohort_attendance, name="cohort_attendance"),
    path(
        "facilitators/<uuid:facilitator_id>/accredit/",
        views.facilitator_accredit,
        name="facilitator_accredit",
    ),
    path("commitments/<uuid:commitment_id>/", views.commitment, name="commitment"),
    path("actions/<uuid:action_id>/", views.action, name="action"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<uuid:session_id>/", views.session, name="session"),
    path(
        "sessions/<uuid:session_id>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path("sessions/<uuid:session_id>/change/", views.session_change, name="session_change"),
    path("sessions/<uuid:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<uuid:session_id>/check-in/", views.session_checkin, name="session_checkin"),
    path("sessions/<uuid:session_id>/results/", views.session_results, name="session_results"),
    path("kit/", views.kit, name="kit"),
    path("kit/session-plan.pdf", views.kit_session_plan, name="kit_session_plan"),
    path("kit/handbook.pdf", views.kit_handbook, name="kit_handbook"),
    path("library/<uuid:version_id>/download/", views.resource_download, name="resource_download"),
    path("threads/<uuid:thread_id>/", views.thread, name="thread"),
    path("posts/<uuid:post_id>/moderate/", views.post_moderate, name="post_moderate"),
]
