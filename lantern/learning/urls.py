from django.urls import path

from lantern.learning import report_views, views

app_name = "learning"

urlpatterns = [
    path("", views.learning_home, name="home"),
    path("report/", report_views.report, name="report"),
    path("report.csv", report_views.report_csv, name="report_csv"),
    path("certificates/", views.certificates_admin, name="certificates"),
    path("certificates/<uuid:certificate_id>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<uuid:certificate_id>/badge/",
        views.certificate_badge,
        name="certificate_badge",
    ),
    path(
        "certificates/<uuid:certificate_id>/badge.svg",
        views.certificate_badge_svg,
        name="certificate_badge_svg",
    ),
    path(
        "certificates/<uuid:certificate_id>/revoke/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("refreshers/<uuid:refresher_id>/", views.refresher_view, name="refresher"),
    path("<slug:course>/", views.course_view, name="course"),
    path("<slug:course>/pathway/", views.pathway_change, name="pathway"),
    path("<slug:course>/check/<slug:kind>/", views.check_view, name="check"),
    path("<slug:course>/unit/<str:unit_id>/", views.unit_view, name="unit"),
    path(
        "<slug:course>/unit/<str:unit_id>/restart/",
        views.scenario_restart,
        name="scenario_restart",
    ),
]
